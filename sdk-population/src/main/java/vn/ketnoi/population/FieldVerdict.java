package vn.ketnoi.population;

/** The register's verdict on one field an agency asked it to verify ({@code docs/protocol.md} section 8.5). */
public enum FieldVerdict {
    /** The value held agrees with the record (names compared case- and accent-insensitively). */
    MATCH,
    /** The value held differs from the record. */
    NO_MATCH,
    /** The register holds no value for this field. */
    NOT_ON_RECORD,
    /** A verdict this SDK version does not know; treat as not verified. */
    UNKNOWN;

    static FieldVerdict fromWire(String s) {
        for (FieldVerdict v : values()) {
            if (v.name().equals(s)) {
                return v;
            }
        }
        return UNKNOWN;
    }
}
