package vn.ketnoi.core;

import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * On whose behalf and why a call is made: the purpose ({@code Ketnoi-Purpose}), the operator
 * ({@code X-Road-UserId}) and, optionally, the case or dossier number ({@code X-Road-Issue}) of
 * {@code docs/protocol.md} section 3, which the provider records with whose data was read.
 *
 * <p>Every client takes one as its default ({@code XxxClient.builder(config).context(ctx)}) and
 * every request may carry its own, which then replaces the default as a whole: the purpose,
 * operator and case number of one call always come from one context, never field by field from
 * two. A call with neither is refused before anything is sent.
 *
 * <pre>{@code
 * RequestContext officer = RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678").withCaseNumber("HS-2026/0042");
 * }</pre>
 *
 * <p>{@link #of} and {@link #withCaseNumber} are the SDK's one rule for these values, the rule the
 * provider (and the sandbox) applies: an operator id is {@code VN} followed by the operator's
 * identifier, printable ASCII without spaces, 3 to 128 characters; a case number is printable
 * ASCII, 1 to 128 characters. Immutable and thread-safe.
 */
public final class RequestContext {
    private static final int MAX = 128;

    private final Purpose purpose;
    private final String operatorId;
    private final @Nullable String caseNumber;

    private RequestContext(Purpose purpose, String operatorId, @Nullable String caseNumber) {
        this.purpose = purpose;
        this.operatorId = operatorId;
        this.caseNumber = caseNumber;
    }

    /**
     * A context without a case number.
     *
     * @param purpose the legal basis of the calls made in it
     * @param operatorId who in the agency acts: {@code VN} followed by their identifier, or a
     *                   system account such as {@code VN:system.sync}
     * @return the context
     * @throws InvalidInputException naming {@code purpose} or {@code operatorId} when missing or
     *         not following the rule (the message never quotes the value)
     */
    public static RequestContext of(Purpose purpose, String operatorId) {
        if (purpose == null) {
            throw new InvalidInputException("purpose", "is required: the legal basis of the call");
        }
        if (operatorId == null || operatorId.isBlank()) {
            throw new InvalidInputException("operatorId", "is required: VN followed by the operator's identifier");
        }
        if (!operatorId.startsWith("VN") || operatorId.length() < 3 || operatorId.length() > MAX
                || !printable(operatorId, 0x21)) {
            throw new InvalidInputException("operatorId", "must be VN followed by the operator's identifier,"
                    + " printable ASCII without spaces, at most " + MAX + " characters");
        }
        return new RequestContext(purpose, operatorId, null);
    }

    /**
     * This context with a case number, or without one.
     *
     * @param caseNumber the case or dossier number the calls are made for; null for none
     * @return a new context; this one is unchanged
     * @throws InvalidInputException naming {@code caseNumber} when it is blank, longer than 128
     *         characters or not printable ASCII (a line break could forge a header)
     */
    public RequestContext withCaseNumber(@Nullable String caseNumber) {
        if (caseNumber != null && (caseNumber.isBlank() || caseNumber.length() > MAX || !printable(caseNumber, 0x20))) {
            throw new InvalidInputException("caseNumber", "must be printable ASCII, 1 to " + MAX + " characters");
        }
        return new RequestContext(purpose, operatorId, caseNumber);
    }

    private static boolean printable(String s, int lowest) {
        return s.chars().allMatch(c -> c >= lowest && c <= 0x7e);
    }

    /** {@return the legal basis of the calls made in this context} */
    public Purpose purpose() {
        return purpose;
    }

    /** {@return who in the agency acts: {@code VN} followed by their identifier} */
    public String operatorId() {
        return operatorId;
    }

    /** {@return the case or dossier number, when there is one} */
    public Optional<String> caseNumber() {
        return Optional.ofNullable(caseNumber);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestContext c && purpose.equals(c.purpose) && operatorId.equals(c.operatorId)
                && Objects.equals(caseNumber, c.caseNumber);
    }

    @Override
    public int hashCode() {
        return Objects.hash(purpose, operatorId, caseNumber);
    }

    /** The purpose only: an operator id names a person and a case number may point to one. */
    @Override
    public String toString() {
        return "RequestContext[purpose=" + purpose + (caseNumber == null ? "" : ", with a case number") + "]";
    }
}
