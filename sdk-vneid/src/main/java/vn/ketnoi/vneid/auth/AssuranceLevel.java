package vn.ketnoi.vneid.auth;

import java.util.Optional;

/**
 * A VNeID account's assurance level (Decree 69/2024), as asked for with {@code acr_values} and
 * reported in the ID token's {@code acr} claim.
 */
public enum AssuranceLevel {
    /** Level 1: self-registered in the app with a face photo. */
    LEVEL_1(1, "urn:vn:vneid:loa:1", "LoA1"),
    /** Level 2: verified in person at the police, face and fingerprints. */
    LEVEL_2(2, "urn:vn:vneid:loa:2", "LoA2");

    private final int number;
    private final String acr;
    private final String alias;

    AssuranceLevel(int number, String acr, String alias) {
        this.number = number;
        this.acr = acr;
        this.alias = alias;
    }

    /** {@return 1 or 2} */
    public int number() {
        return number;
    }

    /** {@return the {@code acr} value, such as {@code urn:vn:vneid:loa:2}} */
    public String acr() {
        return acr;
    }

    /**
     * {@return whether this level is at least {@code other}}
     *
     * @param other the level compared with
     */
    public boolean isAtLeast(AssuranceLevel other) {
        return number >= other.number;
    }

    /**
     * The level an {@code acr} value names: the URN, its alias ({@code LoA1}, {@code LoA2}) or the
     * bare digit; empty for anything else.
     *
     * @param acr the value from an ID token or a provider's metadata; may be null
     * @return the level, or empty
     */
    public static Optional<AssuranceLevel> fromAcr(String acr) {
        if (acr == null) {
            return Optional.empty();
        }
        for (AssuranceLevel l : values()) {
            if (l.acr.equals(acr) || l.alias.equalsIgnoreCase(acr) || String.valueOf(l.number).equals(acr)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
