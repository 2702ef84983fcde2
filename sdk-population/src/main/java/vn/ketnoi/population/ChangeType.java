package vn.ketnoi.population;

/** The kinds of change the feed reports ({@code docs/protocol.md} section 8.9). */
public enum ChangeType {
    /** A death (or a declaration of missing) was recorded; see {@link ChangeEvent#deathDate()}. */
    DEATH,
    /** The full name changed; see {@link ChangeEvent#fullName()}. */
    NAME_CHANGE,
    /** A new ID card was issued; see {@link ChangeEvent#idCard()}. */
    NEW_ID_CARD,
    /** The permanent residence changed; see {@link ChangeEvent#permanentResidence()}. */
    RESIDENCE_CHANGE,
    /** A type this SDK version does not know: skip it, but commit past it. */
    UNKNOWN;

    static ChangeType fromWire(String s) {
        for (ChangeType t : values()) {
            if (t.name().equals(s)) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
