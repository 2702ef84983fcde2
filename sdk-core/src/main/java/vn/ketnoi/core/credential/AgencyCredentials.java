package vn.ketnoi.core.credential;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.crypto.PemKeys;

/**
 * The agency's signing key, the id under which the provider registered it, and its certificate
 * chain (which may be empty where the provider registered a bare public key).
 *
 * <p>Used for the client assertion at the token endpoint and for every request signature. The
 * private key is never exposed by this class and never printed: {@link #toString()} shows the key
 * id and algorithm only.
 */
public final class AgencyCredentials {
    private final String keyId;
    private final PrivateKey privateKey;
    private final SigningAlgorithm algorithm;
    private final List<X509Certificate> certificateChain;

    private AgencyCredentials(String keyId, PrivateKey privateKey, SigningAlgorithm algorithm,
                              List<X509Certificate> chain) {
        this.keyId = keyId;
        this.privateKey = privateKey;
        this.algorithm = algorithm;
        this.certificateChain = chain;
    }

    /**
     * Credentials from a key already in memory. The algorithm follows the key: ES256 for a P-256
     * EC key, PS256 for an RSA key.
     *
     * @param keyId  the id the provider registered the key under; not blank
     * @param key    an EC P-256 or RSA (2048 bits or more) private key
     * @param chain  the certificate chain, leaf first; may be empty, not null
     */
    public static AgencyCredentials of(String keyId, PrivateKey key, List<X509Certificate> chain) {
        if (keyId == null || keyId.isBlank()) {
            throw new InvalidInputException("credentials.keyId", "must not be blank");
        }
        if (key == null) {
            throw new InvalidInputException("credentials.privateKey", "must not be null");
        }
        if (chain == null) {
            throw new InvalidInputException("credentials.certificateChain", "must not be null (use an empty list)");
        }
        return new AgencyCredentials(keyId, key, algorithmFor(key), List.copyOf(chain));
    }

    /**
     * Loads the key and chain stored under {@code alias} in a PKCS#12 file.
     *
     * @param keyId the id the provider registered the key under; {@code null} to use the alias
     * @param alias the entry to load; {@code null} for the only key entry of the file
     */
    public static AgencyCredentials fromPkcs12(Path file, char[] password, String alias, String keyId) {
        if (file == null) {
            throw new InvalidInputException("credentials.pkcs12", "file must not be null");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidInputException("credentials.pkcs12", "file " + file + " does not exist or cannot be read");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            String entry = alias;
            if (entry == null) {
                for (String a : Collections.list(ks.aliases())) {
                    if (ks.isKeyEntry(a)) {
                        if (entry != null) {
                            throw new InvalidInputException("credentials.alias",
                                    "the PKCS#12 file holds several keys: name the alias");
                        }
                        entry = a;
                    }
                }
            }
            if (entry == null || !ks.isKeyEntry(entry)) {
                throw new InvalidInputException("credentials.alias", "no private key entry "
                        + (alias == null ? "in the PKCS#12 file" : "named " + alias));
            }
            Key key = ks.getKey(entry, password);
            if (!(key instanceof PrivateKey)) {
                throw new InvalidInputException("credentials.alias", "entry " + entry + " is not a private key");
            }
            List<X509Certificate> chain = new ArrayList<>();
            Certificate[] certs = ks.getCertificateChain(entry);
            if (certs != null) {
                for (Certificate c : certs) {
                    chain.add((X509Certificate) c);
                }
            }
            return of(keyId == null ? entry : keyId, (PrivateKey) key, chain);
        } catch (IOException e) {
            // PKCS12 reports a wrong password as an IOException caused by UnrecoverableKeyException.
            throw new InvalidInputException("credentials.password",
                    "cannot open the PKCS#12 file: wrong password or damaged file", e);
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("credentials.pkcs12", "cannot read the PKCS#12 file: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Loads a PEM private key (PKCS#8, encrypted PKCS#8, or SEC1 {@code EC PRIVATE KEY}) and an
     * optional PEM certificate chain.
     *
     * @param keyPem   the key file
     * @param password the password of an encrypted key; {@code null} for a plain one
     * @param chainPem the certificate chain, leaf first; {@code null} for none
     */
    public static AgencyCredentials fromPem(String keyId, Path keyPem, char[] password, Path chainPem) {
        if (keyPem == null || !Files.isReadable(keyPem)) {
            throw new InvalidInputException("credentials.keyFile", "file " + keyPem + " does not exist or cannot be read");
        }
        PrivateKey key;
        try (Reader r = Files.newBufferedReader(keyPem, StandardCharsets.US_ASCII)) {
            key = PemKeys.readPrivateKey(r, password);
        } catch (IOException e) {
            throw new InvalidInputException("credentials.keyFile", "cannot read the key file", e);
        }
        List<X509Certificate> chain = new ArrayList<>();
        if (chainPem != null) {
            if (!Files.isReadable(chainPem)) {
                throw new InvalidInputException("credentials.certificateFile", "file " + chainPem + " does not exist or cannot be read");
            }
            try (InputStream in = Files.newInputStream(chainPem)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    chain.add((X509Certificate) c);
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new InvalidInputException("credentials.certificateFile", "cannot read the certificate chain", e);
            }
        }
        return of(keyId, key, chain);
    }

    private static SigningAlgorithm algorithmFor(PrivateKey key) {
        if (key instanceof ECKey ec) {
            if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new InvalidInputException("credentials.privateKey", "EC keys must be on the P-256 curve");
            }
            return SigningAlgorithm.ES256;
        }
        if (key instanceof RSAKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new InvalidInputException("credentials.privateKey", "RSA keys must have at least 2048 bits");
            }
            return SigningAlgorithm.PS256;
        }
        throw new InvalidInputException("credentials.privateKey", "must be an EC P-256 or RSA key, not " + key.getAlgorithm());
    }

    public String keyId() {
        return keyId;
    }

    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** The certificate chain, leaf first; empty when none was given. */
    public List<X509Certificate> certificateChain() {
        return certificateChain;
    }

    /**
     * The private key, for the SDK's signers only. Not part of the supported API: applications
     * should never need it.
     */
    public PrivateKey privateKeyForSigning() {
        return privateKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgencyCredentials c && keyId.equals(c.keyId) && privateKey.equals(c.privateKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, algorithm);
    }

    @Override
    public String toString() {
        return "AgencyCredentials[keyId=" + keyId + ", algorithm=" + algorithm + ", privateKey=***, chain="
                + certificateChain.size() + " certificate(s)]";
    }
}
