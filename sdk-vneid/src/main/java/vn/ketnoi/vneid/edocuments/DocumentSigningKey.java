package vn.ketnoi.vneid.edocuments;

import java.security.cert.X509Certificate;
import java.util.List;

import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.SigningAlgorithm;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * The key an agency signs its documents with, and its certificate chain (leaf first; the chain
 * must lead to a trust anchor the provider and verifiers accept). Either a key the SDK holds
 * ({@link #of(AgencyCredentials)}, loaded from PKCS#12 or PEM) or one it does not
 * ({@link #external(SigningAlgorithm, List, ExternalSigner)}, for HSMs and PKCS#11 tokens).
 * Immutable and thread-safe; never shows key material.
 */
public final class DocumentSigningKey {
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
     */
    public static DocumentSigningKey of(AgencyCredentials credentials) {
        if (credentials == null) {
            throw new InvalidInputException("signingKey", "credentials must not be null");
        }
        if (credentials.certificateChain().isEmpty()) {
            throw new InvalidInputException("signingKey.certificateChain",
                    "documents are signed with x5c: the credentials must carry the certificate chain");
        }
        return new DocumentSigningKey(credentials.algorithm(), credentials.certificateChain(), credentials, null);
    }

    /**
     * A key held elsewhere, used through a callback.
     *
     * @param algorithm ES256 (P-256 key) or PS256 (RSA key)
     * @param chain the certificate chain, leaf first; the leaf holds the key's public half
     * @param signer the callback
     * @return the signing key
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
        return new DocumentSigningKey(algorithm, List.copyOf(chain), null, signer);
    }

    /** ES256 or PS256. */
    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** The certificate chain, leaf first. */
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
