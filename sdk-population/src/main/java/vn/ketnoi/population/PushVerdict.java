package vn.ketnoi.population;

/** What the provider did with one pushed record ({@code docs/protocol.md} section 8.11). */
public enum PushVerdict {
    /** The value was written: none was held, or the one held is older and different. */
    APPLIED,
    /** The register already holds this value: nothing changed (a repeated push ends here). */
    UNCHANGED,
    /** Refused: see {@link PushItemResult#reason()}; nothing changed. */
    REJECTED,
    /**
     * A different value with an as-of no older than this one's is held and stays:
     * {@link PushItemResult#heldAsOf()} says since when.
     */
    CONFLICT,
    /** A verdict this SDK version does not know (protocol section 7). */
    UNKNOWN;

    static PushVerdict fromWire(String s) {
        for (PushVerdict v : values()) {
            if (v != UNKNOWN && v.name().equals(s)) {
                return v;
            }
        }
        return UNKNOWN;
    }
}
