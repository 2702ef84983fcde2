package vn.ketnoi.vneid.edocuments;

import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of verifying a presented document: a {@link Verdict}, a reason meant for logs and
 * operators (never holding personal data), and the document when its issuer was authenticated.
 * Immutable.
 */
public final class VerificationResult {
    private final Verdict verdict;
    private final String reason;
    private final PresentedDocument document;
    private final Instant statusAsOf;

    VerificationResult(Verdict verdict, String reason, PresentedDocument document, Instant statusAsOf) {
        this.verdict = verdict;
        this.reason = reason;
        this.document = document;
        this.statusAsOf = statusAsOf;
    }

    /** {@return the verdict} */
    public Verdict verdict() {
        return verdict;
    }

    /** {@return whether the verdict is {@link Verdict#VALID}} */
    public boolean isValid() {
        return verdict == Verdict.VALID;
    }

    /** {@return why, in a sentence; for {@code VALID}, what was checked. Holds no personal data} */
    public String reason() {
        return reason;
    }

    /**
     * The document, present only when its signature verified and its issuer is trusted, that is
     * for every verdict except {@code MALFORMED}, {@code TAMPERED}, {@code UNTRUSTED_ISSUER} and
     * {@code NOT_ISSUED}: content that cannot be attributed to a trusted issuer, or that the
     * provider never accepted, is never handed out. Only {@code VALID} establishes that the
     * provider accepted exactly this document; with another verdict the content is signed under
     * the issuer's certificate but its issuance may not have been confirmed (for example an
     * expired one, whose status is not looked up).
     *
     * @return the document, or empty
     */
    public Optional<PresentedDocument> document() {
        return Optional.ofNullable(document);
    }

    /**
     * When the status list that decided revocation was signed by the provider; empty when no list
     * was consulted. An offline verifier may use a list older than its expiry (see
     * {@link DocumentVerifier.Builder#statusListGrace}); this tells how old.
     *
     * @return when the deciding status list was signed, or empty
     */
    public Optional<Instant> statusAsOf() {
        return Optional.ofNullable(statusAsOf);
    }

    @Override
    public String toString() {
        return "VerificationResult[" + verdict + ": " + reason + (document == null ? "" : ", " + document) + "]";
    }
}
