package vn.ketnoi.testkit;

import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.testkit.internal.Keys;
import vn.ketnoi.testkit.internal.wallet.DocumentCa;
import vn.ketnoi.testkit.internal.wallet.WalletService;

/**
 * The sandbox's VNeID wallet, seen from a test: its trust anchors and document-signing
 * certificates, the documents it holds, the citizen's side of delivery, and faults to inject.
 * Thread-safe.
 */
public final class SandboxWallet {
    private final WalletService service;
    private final java.time.Clock clock;

    SandboxWallet(WalletService service, java.time.Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /** {@return the trust anchors the wallet accepts document-signing chains to: the sandbox document CA first} */
    public List<X509Certificate> trustAnchors() {
        return service.trustAnchors();
    }

    /**
     * Document-signing credentials for an agency: a fresh P-256 key and a one-year certificate
     * {@code CN=<agency id>} issued by the sandbox document CA.
     *
     * @param agency the agency
     * @return credentials whose chain holds the leaf certificate
     */
    public AgencyCredentials documentSigningCredentials(SandboxAgency agency) {
        Instant now = clock.instant();
        return documentSigningCredentials(agency, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    /**
     * Document-signing credentials with a chosen validity, for example an expired certificate.
     *
     * @param agency the agency
     * @param notBefore start of validity
     * @param notAfter end of validity
     * @return credentials whose chain holds the leaf certificate
     */
    public AgencyCredentials documentSigningCredentials(SandboxAgency agency, Instant notBefore, Instant notAfter) {
        KeyPair pair = Keys.newEcP256();
        X509Certificate cert = certify(agency.id(), pair, notBefore, notAfter);
        return AgencyCredentials.of(Keys.thumbprint(pair.getPublic()), pair.getPrivate(), List.of(cert));
    }

    /**
     * Certifies a public key held elsewhere (such as in an HSM) for an agency.
     *
     * @param agencyId the agency id, the certificate's common name
     * @param key the key pair whose public half is certified (the private half is not used)
     * @param notBefore start of validity
     * @param notAfter end of validity
     * @return the certificate, issued by the sandbox document CA
     */
    public X509Certificate certify(String agencyId, KeyPair key, Instant notBefore, Instant notAfter) {
        return service.ca().issue(agencyId, key.getPublic(), notBefore, notAfter);
    }

    /**
     * How {@link #certifyWithDefect} breaks the document-signing profile of protocol section 10.1,
     * to test that the wallet and verifiers refuse documents such a certificate signs.
     */
    public enum CertificateDefect {
        /** Without the extended key usage id-kp-documentSigning (1.3.6.1.5.5.7.3.36): as a TLS client certificate. */
        NO_DOCUMENT_SIGNING_EKU,
        /** {@code basicConstraints cA=true}: a CA certificate used as a signer. */
        CA_CERTIFICATE,
        /** Key usage {@code keyEncipherment} only: an encryption key. */
        KEY_ENCIPHERMENT_ONLY,
        /** Two common names: {@code CN=<agency id>} first, then {@code CN=<agency id>-OTHER}. */
        TWO_COMMON_NAMES
    }

    /**
     * Certifies a key with a certificate from the sandbox document CA that breaks the
     * document-signing profile in one way, valid from a day ago for a year.
     *
     * @param agencyId the agency id, the certificate's (first) common name
     * @param key the key pair whose public half is certified
     * @param defect what the certificate gets wrong
     * @return the certificate
     */
    public X509Certificate certifyWithDefect(String agencyId, KeyPair key, CertificateDefect defect) {
        Instant now = clock.instant();
        return service.ca().issue(Objects.requireNonNull(agencyId, "agencyId"), key.getPublic(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)),
                DocumentCa.Defect.valueOf(Objects.requireNonNull(defect, "defect").name()));
    }

    /**
     * Revokes a document-signing certificate: from now on the wallet refuses documents signed
     * under it ({@code edocuments.untrusted-issuer}). Documents it accepted before stay as they are.
     *
     * @param certificate the leaf certificate, as in the credentials' chain
     */
    public void revokeSigningCertificate(X509Certificate certificate) {
        service.revokeSigner(Objects.requireNonNull(certificate, "certificate"));
    }

    /**
     * Registers an extension document type ({@code x-<agency>-<name>}) so that the wallet accepts it.
     *
     * @param type the wire name
     */
    public void registerExtensionType(String type) {
        service.registerExtensionType(Objects.requireNonNull(type, "type"));
    }

    /**
     * Where the wallet sends the agency's signed status callbacks.
     *
     * @param agencyId the agency
     * @param url the agency's callback URL
     */
    public void registerCallback(String agencyId, URI url) {
        service.registerCallback(agencyId, Objects.requireNonNull(url, "url"));
    }

    /**
     * While true, issued and updated documents stay {@code PENDING} until {@link #deliver} is called.
     *
     * @param hold whether to hold deliveries
     */
    public void holdDeliveries(boolean hold) {
        service.holdDeliveries(hold);
    }

    /**
     * Delivers a pending document to the citizen's wallet.
     *
     * @param agencyId the issuer
     * @param documentId the document
     */
    public void deliver(String agencyId, String documentId) {
        service.citizenAction(agencyId, documentId, "DELIVERED", null);
    }

    /**
     * The citizen accepts a delivered document.
     *
     * @param agencyId the issuer
     * @param documentId the document
     */
    public void citizenAccepts(String agencyId, String documentId) {
        service.citizenAction(agencyId, documentId, "ACCEPTED", null);
    }

    /**
     * The citizen rejects a delivered document.
     *
     * @param agencyId the issuer
     * @param documentId the document
     * @param reason why
     */
    public void citizenRejects(String agencyId, String documentId, String reason) {
        service.citizenAction(agencyId, documentId, "REJECTED", reason);
    }

    /**
     * The compact signed document the citizen's wallet presents (as a QR code) for the current version.
     *
     * @param agencyId the issuer
     * @param documentId the document
     * @return the compact JWS
     */
    public String presentation(String agencyId, String documentId) {
        return service.presentation(agencyId, documentId);
    }

    /**
     * The stored status, read directly.
     *
     * @param agencyId the issuer
     * @param documentId the document
     * @return the status name
     */
    public String status(String agencyId, String documentId) {
        return service.status(agencyId, documentId);
    }

    /**
     * How many documents the wallet holds for this citizen, from every agency.
     *
     * @param subjectIdNumber the citizen's ID number
     * @return the count
     */
    public int countDocuments(String subjectIdNumber) {
        return service.countDocuments(subjectIdNumber);
    }

    /** {@return how many documents the wallet holds in all} */
    public int countDocuments() {
        return service.countDocuments();
    }

    /**
     * For the next {@code count} issuances (single or batch): store the document, then close the
     * connection without answering.
     *
     * @param count how many issuances
     */
    public void dropConnectionAfterStoring(int count) {
        service.injectFault(WalletService.Fault.DROP_CONNECTION, count, null);
    }

    /**
     * For the next {@code count} issuances: store the document, then answer 503 {@code server.unavailable}.
     *
     * @param count how many issuances
     */
    public void failWith503AfterStoring(int count) {
        service.injectFault(WalletService.Fault.UNAVAILABLE, count, null);
    }

    /**
     * For the next {@code count} issuances: store the document, then wait before answering.
     *
     * @param count how many issuances
     * @param delay how long to wait
     */
    public void delayAnswerAfterStoring(int count, Duration delay) {
        service.injectFault(WalletService.Fault.DELAY, count, Objects.requireNonNull(delay, "delay"));
    }

    /**
     * The public URL of the agency's status list.
     *
     * @param agencyId the issuer
     * @return the URL
     */
    public URI statusListUri(String agencyId) {
        return service.statusListUri(agencyId);
    }
}
