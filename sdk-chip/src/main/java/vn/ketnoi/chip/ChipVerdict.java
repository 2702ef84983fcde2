package vn.ketnoi.chip;

/**
 * The outcome of verifying a chip dump: {@link #GENUINE}, or the first check that failed. The
 * checks run in the order listed; anything but {@code GENUINE} means the data must not be trusted.
 */
public enum ChipVerdict {
    /** Every check asked for passed. */
    GENUINE,
    /** The SOD, or a data group the checks need, could not be read. */
    MALFORMED,
    /** The SOD's signature does not verify with the document signer's key it carries. */
    SIGNATURE_INVALID,
    /** The document signer was not issued by any configured country signing CA (CSCA). */
    UNTRUSTED_CSCA,
    /** The document signer (or its CSCA) was not valid at the time the SOD was signed. */
    SIGNER_EXPIRED,
    /** A configured CRL (or the signer's issuer, when revocation checks are on) lists the document signer. */
    SIGNER_REVOKED,
    /** A CRL for the signer's CSCA is configured but stale or not signed by the CSCA, or the status could not be learnt. */
    REVOCATION_UNKNOWN,
    /** A data group's hash differs from the SOD's, or a data group is not in the SOD at all. */
    DATA_GROUP_ALTERED,
    /** Active authentication was asked for but the dump has no DG15 key. */
    ACTIVE_AUTHENTICATION_UNAVAILABLE,
    /** The challenge was not issued here, was already used, or has expired. */
    CHALLENGE_REFUSED,
    /** The chip's answer to the challenge does not verify with the DG15 key: a copy of the data, not the chip. */
    CLONE_SUSPECTED
}
