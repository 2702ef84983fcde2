package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The boundary between sdk-core and the modules built on it (issue 14): their main code uses
 * sdk-core's public API and its documented service-provider tier {@code vn.ketnoi.core.spi}, and
 * nothing under {@code vn.ketnoi.core.internal} beyond the allow-list below. Each entry says why it
 * is still there; the list only shrinks: an entry no module needs any more fails the build too.
 *
 * <p>The sandbox (sdk-testkit) is outside the rule: it is a server that re-implements the
 * protocol's provider side and uses core's canonical-URL, key and JSON code as its own
 * implementation. Whether it becomes an independent oracle is the sandbox-independence part of
 * issue 14, decided separately.
 */
class CoreBoundaryTest {
    private static final String[] MODULES = {
        "vn.ketnoi.population..", "vn.ketnoi.vneid..", "vn.ketnoi.spring..", "vn.ketnoi.micrometer..",
        "vn.ketnoi.opentelemetry..", "vn.ketnoi.chip..", "vn.ketnoi.exchange..", "vn.ketnoi.civilstatus..",
        "vn.ketnoi.redis..", "vn.ketnoi.kafka.."};

    /** Internal classes service modules still use, and why each has not moved to the spi tier yet. */
    static final Map<String, String> ALLOWED = Map.of(
            "vn.ketnoi.core.internal.Untrusted",
            "escapes untrusted text in messages (issue 13); core's own internals use it everywhere: moves with the"
                    + " nullness/doc pass",
            "vn.ketnoi.core.internal.json.Json",
            "the one Jackson mapper with the protocol's settings; goes when wire mapping moves behind typed operations",
            "vn.ketnoi.core.internal.crypto.Jose",
            "JOSE helpers for e-document signing and VNeID's JWTs; next: a spi signer for documents",
            "vn.ketnoi.core.internal.crypto.JwksCache",
            "the VNeID identity provider's key set (an issuer other than the provider's); next: per-issuer key sets"
                    + " in the runtime",
            "vn.ketnoi.core.internal.audit.Auditor",
            "VNeID sign-in audit records; next: the plain profile audits, as the signed one does",
            "vn.ketnoi.core.internal.crypto.CredentialCheck",
            "VneidAuthClient checks its own credentials at start-up; goes when a VneidAuthConfig is built on a runtime",
            "vn.ketnoi.core.internal.http.SecureUrls",
            "the https-or-loopback rule on configured and discovered VNeID URLs (issue 13); next: a spi URL policy");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("vn.ketnoi");
    }

    private static final DescribedPredicate<JavaClass> FORBIDDEN_INTERNAL =
            new DescribedPredicate<>("in vn.ketnoi.core.internal.. and not on the allow-list") {
                @Override
                public boolean test(JavaClass c) {
                    String name = c.getName();
                    int nested = name.indexOf('$');
                    String top = nested < 0 ? name : name.substring(0, nested);
                    return c.getPackageName().startsWith("vn.ketnoi.core.internal") && !ALLOWED.containsKey(top);
                }
            };

    @Test
    void serviceModulesUseCoreOnlyThroughItsPublicApiAndTheSpiTier() {
        ArchRule rule = noClasses().that().resideInAnyPackage(MODULES)
                .should().dependOnClassesThat(FORBIDDEN_INTERNAL)
                .because("vn.ketnoi.core.internal is sdk-core's own; service modules use vn.ketnoi.core.spi");
        rule.check(classes);
    }

    @Test
    void theRuleSeesTheModulesItGuards() {
        // A rule over no classes would pass whatever they import: the modules must be on the class path.
        for (String module : MODULES) {
            String pkg = module.substring(0, module.length() - 2);
            assertTrue(classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)), "no class of " + pkg);
        }
        assertTrue(classes.contain("vn.ketnoi.core.spi.ApiClient"));
    }

    @Test
    void theAllowListOnlyShrinks() {
        Map<String, Set<String>> users = new TreeMap<>();
        for (JavaClass c : classes) {
            if (!inModules(c)) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getName();
                int nested = target.indexOf('$');
                String top = nested < 0 ? target : target.substring(0, nested);
                if (ALLOWED.containsKey(top)) {
                    users.computeIfAbsent(top, k -> new TreeSet<>()).add(c.getName());
                }
            }
        }
        Set<String> unused = new TreeSet<>(ALLOWED.keySet());
        unused.removeAll(users.keySet());
        assertEquals(Set.of(), unused, "no module uses these any more: remove them from the allow-list");
        ALLOWED.values().forEach(why -> assertFalse(why.isBlank()));
    }

    private static boolean inModules(JavaClass c) {
        for (String module : MODULES) {
            if (c.getPackageName().startsWith(module.substring(0, module.length() - 2))) {
                return true;
            }
        }
        return false;
    }
}
