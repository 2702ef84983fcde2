package vn.ketnoi.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a test checks requirements of {@code docs/protocol.md}, named by their ids
 * ({@code } in the text is {@code @Requirement(value = "R-5.3", side = Side.SDK)}).
 *
 * <p>The docs module's {@code RequirementCoverageTest} reads these from the test sources, as text:
 * keep the annotation on one line with literal ids, so that {@code grep -rn 'R-5.3'} finds every
 * test of a requirement. Tag a test only when it fails if the requirement is broken.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(Requirement.List.class)
public @interface Requirement {

    /** The ids, e.g. {@code "R-5.3"}. */
    String[] value();

    /** Which party's behaviour the test proves. */
    Side side();

    /** Which side of the protocol a test exercises. */
    enum Side {
        /** The SDK's behaviour against a provider: it sends what the text says, and checks what it must. */
        SDK,
        /**
         * The sandbox as the provider, driven without the SDK (raw HTTP, or its own signed output
         * checked by hand): it refuses what the text says it refuses, and produces what it must.
         */
        PROVIDER
    }

    /** The container of repeated {@link Requirement}s. */
    @Documented
    @Retention(RetentionPolicy.SOURCE)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface List {
        Requirement[] value();
    }
}
