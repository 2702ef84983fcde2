package vn.ketnoi.core;

import java.util.Objects;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * The purpose and legal basis of a call, sent as {@code Ketnoi-Purpose} and recorded by the
 * provider with who accessed whose data (Decree 13/2023, Law on Personal Data Protection 2025).
 * The constants are the codes {@code docs/protocol.md} section 8.1 lists; {@link #of(String)}
 * accepts codes a provider adds later.
 */
public final class Purpose {
    /** Handling a public-service dossier. */
    public static final Purpose PUBLIC_SERVICE = new Purpose("PUBLIC_SERVICE");
    /** Checking a person's identity: eKYC, counter checks. */
    public static final Purpose IDENTITY_VERIFICATION = new Purpose("IDENTITY_VERIFICATION");
    /** Keeping the agency's own register correct, complete, clean and live. */
    public static final Purpose REGISTER_MAINTENANCE = new Purpose("REGISTER_MAINTENANCE");
    /** Investigation, prosecution and the enforcement of judgments. */
    public static final Purpose LAW_ENFORCEMENT = new Purpose("LAW_ENFORCEMENT");
    /** Health insurance enrolment and claims. */
    public static final Purpose HEALTH_INSURANCE = new Purpose("HEALTH_INSURANCE");
    /** Social insurance contributions and benefits. */
    public static final Purpose SOCIAL_INSURANCE = new Purpose("SOCIAL_INSURANCE");
    /** Official statistics. */
    public static final Purpose STATISTICS = new Purpose("STATISTICS");

    private final String code;

    private Purpose(String code) {
        this.code = code;
    }

    /**
     * {@return a purpose code: upper-case letters, digits and underscores, 2 to 64 characters}
     *
     * @param code an upper-case code, such as {@code PUBLIC_SERVICE}
     */
    public static Purpose of(String code) {
        if (code == null || !code.matches("[A-Z][A-Z0-9_]{1,63}")) {
            throw new InvalidInputException("purpose", "must be an upper-case code such as PUBLIC_SERVICE");
        }
        return new Purpose(code);
    }

    /** {@return the code sent on the wire} */
    public String code() {
        return code;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Purpose p && code.equals(p.code);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code);
    }

    @Override
    public String toString() {
        return code;
    }
}
