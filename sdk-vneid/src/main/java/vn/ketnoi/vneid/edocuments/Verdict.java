package vn.ketnoi.vneid.edocuments;

/**
 * What {@link DocumentVerifier} concluded about a presented document. Only {@link #VALID} means
 * "accept it"; every other verdict comes with a reason in {@link VerificationResult#reason()}.
 */
public enum Verdict {
    /** Authentic, issued by a trusted agency, within its dates, and neither suspended, revoked nor superseded. */
    VALID,
    /** Authentic, but its {@code validUntil} date has passed. */
    EXPIRED,
    /** Authentic, but its {@code validFrom} date has not come yet. */
    NOT_YET_VALID,
    /** Authentic, but the issuer revoked it. */
    REVOKED,
    /** Authentic, but the issuer suspended it (it may be reinstated). */
    SUSPENDED,
    /** Authentic, but the issuer has issued a newer version; the citizen should present that one. */
    SUPERSEDED,
    /**
     * Authentic and within its dates, but its status could not be learnt: the issuer's status list
     * could not be fetched and no cached list is recent enough, the newest list predates the
     * document (it was signed moments ago), or the list gives a status this SDK does not know;
     * or the revocation status of the signing certificate could not be learnt (its OCSP responder
     * and CRL unreachable, slow, or answering what cannot be trusted): signers are always hard-fail.
     */
    STATUS_UNAVAILABLE,
    /**
     * The signature verifies with the certificate it carries, but that certificate does not lead to
     * a configured trust anchor, was not valid when the document was signed, cannot sign documents
     * (a CA certificate, one without the document-signing key usages, or an RSA key under 2048
     * bits), or does not name exactly the agency given as issuer.
     */
    UNTRUSTED_ISSUER,
    /** The signature does not verify: the document was altered after it was signed. */
    TAMPERED,
    /** Not a document at all: not a compact JWS of the right type, or missing what the protocol requires. */
    MALFORMED,
    // Added last so that the earlier verdicts keep their ordinals.
    /**
     * Signed with a trusted agency's document-signing key, but not a document the provider holds:
     * a fresh status list of the issuer does not list this {@code documentId} at this version, or
     * lists another document under it. A document signed with a retired, expired or stolen key and
     * dated into the past gets this verdict; its content is not handed out.
     */
    NOT_ISSUED,
    /**
     * Signed under a certificate that its certification authority has revoked (OCSP or CRL):
     * whatever the document's date, nothing signed under it is accepted, as the key may have been
     * compromised before anyone knew. (A signer the provider merely stopped accepting is told by the
     * status list, {@link #NOT_ISSUED}.)
     */
    SIGNER_REVOKED
}
