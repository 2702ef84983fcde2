package vn.ketnoi.vneid.edocuments;

/** Where a document stands in the citizen's wallet (protocol section 10.1). */
public enum DocumentStatus {
    /** Accepted by the provider, not yet in the citizen's wallet. */
    PENDING,
    /** In the citizen's wallet. */
    DELIVERED,
    /** The citizen accepted it. */
    ACCEPTED,
    /** The citizen refused it (for example: not mine, wrong data). */
    REJECTED,
    /** Temporarily not valid; can be reinstated. */
    SUSPENDED,
    /** Permanently withdrawn. */
    REVOKED,
    /** A status this version of the SDK does not know (the protocol may add some). */
    UNKNOWN;

    /** The status with this wire name, or {@link #UNKNOWN}. */
    static DocumentStatus fromWire(String s) {
        for (DocumentStatus v : values()) {
            if (v.name().equals(s) && v != UNKNOWN) {
                return v;
            }
        }
        return UNKNOWN;
    }
}
