package vn.ketnoi.vneid.edocuments;

import java.security.cert.X509Certificate;
import java.util.List;

import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.ExternalSigner;
import vn.ketnoi.core.credential.SigningAlgorithm;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.vneid.edocuments.internal.SignerCertificate;

/**
 * The key an agency signs its documents with, and its certificate chain (leaf first; the chain
 * must lead to a trust anchor the provider and verifiers accept). Either a key the SDK holds
 * ({@link #of(AgencyCredentials)}, loaded from PKCS#12 or PEM) or one it does not
 * ({@link #external(SigningAlgorithm, List, ExternalSigner)}, for HSMs and PKCS#11 tokens).
 * The leaf certificate must be fit to sign documents (protocol section 10.1): not a CA, key usage
 * {@code digitalSignature} or {@code nonRepudiation}, the document-signing extended key usage
 * ({@value #DOCUMENT_SIGNING_EKU}, RFC 9336) and exactly one common name; the agency's TLS or
 * request-signing certificate is refused here, before anything is signed.
 * Immutable and thread-safe; never shows key material.
 */
public final class DocumentSigningKey {
    /** id-kp-documentSigning (RFC 9336): the extended key usage a document-signing certificate carries. */
    public static final String DOCUMENT_SIGNING_EKU = SignerCertificate.DOCUMENT_SIGNING;
    private final SigningAlgorithm algorithm;
    private final List<X509Certificate> chain;
    private final AgencyCredentials credentials;
    private final ExternalSigner external;

    private DocumentSigningKey(SigningAlgorithm algorithm, List<X509Certificate> chain,
                               AgencyCredentials credentials, ExternalSigner external) {
        this.algorithm = algorithm;
        this.chain = chain;
        this.credentials = credentials;
        this.external = external;
    }

    /**
     * A key the SDK holds: ES256 for a P-256 key, PS256 for an RSA key.
     *
     * @param credentials from {@link AgencyCredentials#fromPkcs12}, {@link AgencyCredentials#fromPem} or, for a
     *                    key that stays in a token, {@link AgencyCredentials#fromPkcs11(vn.ketnoi.core.credential.Pkcs11Settings)};
     *                    they must carry the certificate chain
     * @return the signing key
     * @throws InvalidInputException on {@code signingKey.certificate} when the leaf certificate cannot
     *         sign documents, naming why
     */
    public static DocumentSigningKey of(AgencyCredentials credentials) {
        if (credentials == null) {
            throw new InvalidInputException("signingKey", "credentials must not be null");
        }
        if (credentials.certificateChain().isEmpty()) {
            throw new InvalidInputException("signingKey.certificateChain",
                    "documents are signed with x5c: the credentials must carry the certificate chain");
        }
        fit(credentials.certificateChain().get(0));
        return new DocumentSigningKey(credentials.algorithm(), credentials.certificateChain(), credentials, null);
    }

    /**
     * A key held elsewhere, used through a callback.
     *
     * @param algorithm ES256 (P-256 key) or PS256 (RSA key)
     * @param chain the certificate chain, leaf first; the leaf holds the key's public half
     * @param signer the callback
     * @return the signing key
     * @throws InvalidInputException on {@code signingKey.certificate} when the leaf certificate cannot
     *         sign documents, naming why
     */
    public static DocumentSigningKey external(SigningAlgorithm algorithm, List<X509Certificate> chain,
                                              ExternalSigner signer) {
        if (algorithm == null) {
            throw new InvalidInputException("signingKey.algorithm", "must not be null");
        }
        if (chain == null || chain.isEmpty() || chain.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidInputException("signingKey.certificateChain", "must hold at least the leaf certificate");
        }
        if (signer == null) {
            throw new InvalidInputException("signingKey.signer", "must not be null");
        }
        fit(chain.get(0));
        return new DocumentSigningKey(algorithm, List.copyOf(chain), null, signer);
    }

    /** Every verifier and the provider would refuse documents this certificate signs: refuse it now. */
    private static void fit(X509Certificate leaf) {
        String unfit = SignerCertificate.unfit(leaf);
        if (unfit != null) {
            throw new InvalidInputException("signingKey.certificate", unfit);
        }
    }

    /** {@return ES256 or PS256} */
    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** {@return the certificate chain, leaf first} */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    AgencyCredentials credentials() {
        return credentials;
    }

    ExternalSigner external() {
        return external;
    }

    @Override
    public String toString() {
        return "DocumentSigningKey[" + algorithm + ", " + (external != null ? "external" : "in memory")
                + ", subject=" + chain.get(0).getSubjectX500Principal().getName() + "]";
    }
}
