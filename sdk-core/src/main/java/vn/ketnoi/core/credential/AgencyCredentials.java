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
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.crypto.KeyAccess;
import vn.ketnoi.core.spi.PemKeys;

/**
 * The agency's signing key, the id under which the provider registered it, and its certificate
 * chain (which may be empty where the provider registered a bare public key).
 *
 * <p>Used for the client assertion at the token endpoint, for every request signature, for
 * documents and, given to {@link vn.ketnoi.core.TlsOptions.Builder#clientCertificate}, as the TLS
 * client certificate. The key can come from a PKCS#12 file, a PEM file (PKCS#8, encrypted PKCS#8,
 * SEC1), any loaded {@link KeyStore}, a PKCS#11 token ({@link #fromPkcs11(Pkcs11Settings)}), or stay in a
 * device behind an {@link ExternalSigner} ({@link #external}).
 *
 * <p>The key never leaves this object: there is no accessor for it, {@link #toString()} shows the
 * key id and algorithm only, and the SDK signs through it internally.
 */
public final class AgencyCredentials {
    static {
        KeyAccess.install(new KeyAccess.Accessor() {
            @Override
            public PrivateKey privateKey(AgencyCredentials c) {
                return c.privateKey;
            }

            @Override
            public Provider provider(AgencyCredentials c) {
                return c.provider;
            }

            @Override
            public ExternalSigner external(AgencyCredentials c) {
                return c.external;
            }
        });
    }

    private final String keyId;
    private final PrivateKey privateKey;
    private final Provider provider;
    private final ExternalSigner external;
    private final SigningAlgorithm algorithm;
    private final List<X509Certificate> certificateChain;

    private AgencyCredentials(String keyId, PrivateKey privateKey, Provider provider, ExternalSigner external,
                              SigningAlgorithm algorithm, List<X509Certificate> chain) {
        this.keyId = keyId;
        this.privateKey = privateKey;
        this.provider = provider;
        this.external = external;
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
     * @return the credentials
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
        return new AgencyCredentials(keyId, key, null, null, algorithmFor(key), List.copyOf(chain));
    }

    /**
     * Credentials whose key stays in a device and signs through a callback (an HSM's own API, a
     * remote signing service). Such a key signs requests, assertions and documents, but cannot be
     * a TLS client key.
     *
     * @param keyId     the id the provider registered the key under; not blank
     * @param algorithm ES256 (P-256 key) or PS256 (RSA key); must match the leaf certificate's key if a chain is given
     * @param chain     the certificate chain, leaf first; may be empty, not null
     * @param signer    the callback; must be thread-safe
     * @return the credentials
     */
    public static AgencyCredentials external(String keyId, SigningAlgorithm algorithm, List<X509Certificate> chain,
                                             ExternalSigner signer) {
        if (keyId == null || keyId.isBlank()) {
            throw new InvalidInputException("credentials.keyId", "must not be blank");
        }
        if (algorithm == null) {
            throw new InvalidInputException("credentials.algorithm", "must not be null");
        }
        if (chain == null || chain.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("credentials.certificateChain", "must not be null (use an empty list)");
        }
        if (signer == null) {
            throw new InvalidInputException("credentials.signer", "must not be null");
        }
        if (!chain.isEmpty() && algorithmFor(chain.get(0).getPublicKey()) != algorithm) {
            throw new InvalidInputException("credentials.algorithm", "does not match the leaf certificate's key");
        }
        return new AgencyCredentials(keyId, null, null, signer, algorithm, List.copyOf(chain));
    }

    /**
     * Credentials from an entry of a loaded key store: a PKCS#11 token's store (see
     * {@link #fromPkcs11}), a JKS or PKCS#12 store, or any provider's. Signing uses the store's
     * provider, so a token's key is used where it lives and never copied out.
     *
     * @param store    the loaded store
     * @param alias    the entry; {@code null} for the only key entry
     * @param password the entry's password or PIN; {@code null} where the store needs none
     * @param keyId    the id the provider registered the key under; {@code null} to use the alias
     * @return the credentials
     */
    public static AgencyCredentials fromKeyStore(KeyStore store, String alias, char[] password, String keyId) {
        if (store == null) {
            throw new InvalidInputException("credentials.keyStore", "must not be null");
        }
        try {
            String entry = alias;
            if (entry == null) {
                for (String a : Collections.list(store.aliases())) {
                    if (store.isKeyEntry(a)) {
                        if (entry != null) {
                            throw new InvalidInputException("credentials.alias",
                                    "the key store holds several keys: name the alias");
                        }
                        entry = a;
                    }
                }
            }
            if (entry == null || !store.isKeyEntry(entry)) {
                throw new InvalidInputException("credentials.alias", "no private key entry "
                        + (alias == null ? "in the key store" : "named " + alias));
            }
            Key key = store.getKey(entry, password);
            if (!(key instanceof PrivateKey pk)) {
                throw new InvalidInputException("credentials.alias", "entry " + entry + " is not a private key");
            }
            List<X509Certificate> chain = new ArrayList<>();
            Certificate[] certs = store.getCertificateChain(entry);
            if (certs != null) {
                for (Certificate c : certs) {
                    chain.add((X509Certificate) c);
                }
            }
            String id = keyId == null ? entry : keyId;
            if (id.isBlank()) {
                throw new InvalidInputException("credentials.keyId", "must not be blank");
            }
            // A token's key object is a handle: its algorithm comes from the certificate, not the object.
            SigningAlgorithm alg = chain.isEmpty() ? algorithmFor(pk) : algorithmFor(chain.get(0).getPublicKey());
            // The JDK's own software stores leave the choice of signature provider to the JVM; any
            // other provider (SunPKCS11-*, a vendor's HSM provider) must do the signing itself.
            Provider p = store.getProvider();
            if (p == null || java.util.Set.of("SUN", "SunJSSE", "SunJCE", "SunRsaSign", "SunEC").contains(p.getName())) {
                p = null;
            }
            return new AgencyCredentials(id, pk, p, null, alg, List.copyOf(chain));
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("credentials.keyStore", "cannot read the key entry (wrong PIN or password?): "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Credentials from a PKCS#11 token through a configured JCA provider (on the JDK:
     * {@code Security.getProvider("SunPKCS11").configure(configFile)}), without registering it
     * JVM-wide. The private key never leaves the token.
     *
     * @param provider a configured PKCS#11 provider
     * @param pin      the token's user PIN
     * @param alias    the key's label; {@code null} for the only key
     * @param keyId    the id the provider registered the key under; {@code null} to use the alias
     * @return the credentials
     */
    public static AgencyCredentials fromPkcs11(Provider provider, char[] pin, String alias, String keyId) {
        if (provider == null) {
            throw new InvalidInputException("credentials.pkcs11", "provider must not be null");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, pin);
            return fromKeyStore(ks, alias, null, keyId);
        } catch (IOException e) {
            throw new InvalidInputException("credentials.pin", "cannot log in to the PKCS#11 token: wrong PIN?", e);
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("credentials.pkcs11", "the provider has no PKCS#11 key store: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Credentials from a PKCS#11 token named by a SunPKCS11 configuration file ({@code name},
     * {@code library}, {@code slot} or {@code slotListIndex}); the provider is configured for this
     * use only, not added to the JVM's list.
     *
     * @param configFile the SunPKCS11 configuration file
     * @param pin        the token's user PIN
     * @param alias      the key's label; {@code null} for the only key
     * @param keyId      the id the provider registered the key under; {@code null} to use the alias
     * @return the credentials
     */
    public static AgencyCredentials fromPkcs11Config(Path configFile, char[] pin, String alias, String keyId) {
        if (configFile == null || !Files.isReadable(configFile)) {
            throw new InvalidInputException("credentials.pkcs11", "configuration file " + configFile
                    + " does not exist or cannot be read");
        }
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new InvalidInputException("credentials.pkcs11", "this JVM has no SunPKCS11 provider");
        }
        Provider configured;
        try {
            configured = base.configure(configFile.toString());
        } catch (RuntimeException e) {
            throw new InvalidInputException("credentials.pkcs11", "the PKCS#11 library cannot be loaded with "
                    + configFile.getFileName() + ": " + e.getClass().getSimpleName(), e);
        }
        return fromPkcs11(configured, pin, alias, keyId);
    }

    /**
     * Credentials from a key in a PKCS#11 device (a USB token, a smart card, an HSM), located by
     * settings: the vendor's library, the slot, where the PIN comes from, the key's label. The
     * JDK's SunPKCS11 provider is configured for this use only (not added to the JVM's list),
     * logs in with the PIN, and does every signature inside the device.
     *
     * <p>Signing needs no pool or lock of the SDK's: each signature takes a session from the
     * provider's session pool, and the device serialises what it cannot do in parallel.
     *
     * @param settings where the key is
     * @return the credentials; the leaf certificate stored with the key gives the algorithm
     * @throws InvalidInputException naming the setting at fault: {@code credentials.pkcs11.library}
     *         (not a PKCS#11 library), {@code credentials.pkcs11.slot} or {@code .slotIndex} (no such
     *         slot), {@code credentials.pkcs11.pin} (the device refused the PIN; its value is never
     *         shown), {@code credentials.pkcs11.keyAlias} (no key with a certificate under that label)
     */
    public static AgencyCredentials fromPkcs11(Pkcs11Settings settings) {
        if (settings == null) {
            throw new InvalidInputException("credentials.pkcs11", "settings must not be null");
        }
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new InvalidInputException("credentials.pkcs11", "this JVM has no SunPKCS11 provider");
        }
        Provider provider;
        try {
            provider = base.configure(settings.sunPkcs11Configuration());
        } catch (RuntimeException e) {
            throw configurationProblem(settings, e);
        }
        KeyStore store;
        char[] pin = settings.readPin();
        try {
            store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
        } catch (IOException e) {
            // SunPKCS11 reports CKR_PIN_INCORRECT and CKR_PIN_LOCKED as a failed load.
            throw new InvalidInputException("credentials.pkcs11.pin", "the token refused the PIN (wrong PIN, or"
                    + " locked after too many wrong ones)", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidInputException("credentials.pkcs11", "cannot open the token's key store: "
                    + e.getClass().getSimpleName(), e);
        } finally {
            java.util.Arrays.fill(pin, '\0');
        }
        try {
            return fromKeyStore(store, settings.keyAlias().orElse(null), null, settings.keyId().orElse(null));
        } catch (InvalidInputException e) {
            String field = switch (e.field()) {
                case "credentials.alias" -> "credentials.pkcs11.keyAlias";
                case "credentials.keyId" -> "credentials.pkcs11.keyId";
                default -> e.field();
            };
            String problem = e.problem(); // never getMessage(): its [code=...] suffix would come twice
            if (field.equals("credentials.pkcs11.keyAlias")) {
                // The JDK lists a token's key only when a certificate with the same CKA_ID is stored beside it.
                problem += " (a key is listed only with its certificate, stored under the same id)";
            }
            throw new InvalidInputException(field, problem, e.getCause() != null ? e.getCause() : e);
        }
    }

    /** Which setting a failed SunPKCS11 configuration points at, from the JDK's own exceptions. */
    private static InvalidInputException configurationProblem(Pkcs11Settings settings, RuntimeException e) {
        String code = null;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IOException || c instanceof LinkageError) {
                // The JDK could not load the file or find C_GetFunctionList in it.
                return new InvalidInputException("credentials.pkcs11.library", "the file " + settings.library()
                        + " cannot be used as a PKCS#11 library: " + c.getClass().getSimpleName(), e);
            }
            String m = String.valueOf(c.getMessage());
            if (m.contains("slotListIndex")) {
                return new InvalidInputException("credentials.pkcs11.slotIndex", "the library has no token at slot index "
                        + settings.slotIndex().orElse(-1), e);
            }
            java.util.regex.Matcher ckr = java.util.regex.Pattern.compile("CKR_[A-Z_]+").matcher(m);
            if (code == null && ckr.find()) {
                code = ckr.group();
            }
        }
        // The library loaded but the slot's token cannot be used: absent, removed, or failing.
        String where = settings.slot().isPresent() ? "slot " + settings.slot().getAsLong()
                : "slot index " + settings.slotIndex().orElse(0);
        return new InvalidInputException(settings.slot().isPresent() ? "credentials.pkcs11.slot"
                : "credentials.pkcs11.slotIndex", "the library has no usable token in " + where
                + (code == null ? "" : " (" + code + ")") + ": is the token plugged in and initialised?", e);
    }

    /**
     * Loads the key and chain stored under {@code alias} in a PKCS#12 file.
     *
     * <p>Without a key id, the key id is the RFC 7638 thumbprint of the leaf certificate's public
     * key (see {@link #thumbprint(X509Certificate)}), not the alias: Java lower-cases PKCS#12
     * aliases, so an alias cannot carry a registered key id reliably, while the thumbprint is the
     * same wherever the key's public half is registered. The sandbox registers its agencies under it.
     *
     * @param keyId the id the provider registered the key under; {@code null} for the thumbprint
     *              of the leaf certificate's public key
     * @param alias the entry to load; {@code null} for the only key entry of the file
     * @param file the PKCS#12 file
     * @param password the file's password
     * @return the credentials
     */
    public static AgencyCredentials fromPkcs12(Path file, char[] password, @Nullable String alias,
                                               @Nullable String keyId) {
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
            if (keyId == null && chain.isEmpty()) {
                throw new InvalidInputException("credentials.keyId", "entry " + entry
                        + " has no certificate to derive a key id from: pass the registered key id");
            }
            return of(keyId == null ? thumbprint(chain.get(0)) : keyId, (PrivateKey) key, chain);
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
     * @param keyId the id the provider registered the key under
     * @return the credentials
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

    /**
     * The RFC 7638 thumbprint (SHA-256, base64url) of a certificate's public key: the key id
     * {@link #fromPkcs12} uses when given none, and the one to register a key under when the
     * provider leaves the choice to the agency.
     *
     * @param certificate a certificate of an EC P-256 or RSA key
     * @return the thumbprint, 43 characters of base64url
     */
    public static String thumbprint(X509Certificate certificate) {
        if (certificate == null) {
            throw new InvalidInputException("credentials.certificateChain", "must not be null");
        }
        try {
            return JWK.parse(certificate).computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new InvalidInputException("credentials.certificateChain",
                    "the leaf certificate's key must be EC P-256 or RSA", e);
        }
    }

    private static SigningAlgorithm algorithmFor(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new InvalidInputException("credentials.certificateChain", "EC keys must be on the P-256 curve");
            }
            return SigningAlgorithm.ES256;
        }
        if (key instanceof RSAKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new InvalidInputException("credentials.certificateChain", "RSA keys must have at least 2048 bits");
            }
            return SigningAlgorithm.PS256;
        }
        throw new InvalidInputException("credentials.certificateChain", "the leaf certificate's key must be EC P-256 or RSA");
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

    /** {@return the id the provider registered the key under} */
    public String keyId() {
        return keyId;
    }

    /** {@return the algorithm requests are signed with} */
    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** {@return the certificate chain, leaf first; empty when none was given} */
    public List<X509Certificate> certificateChain() {
        return certificateChain;
    }

    /** {@return true when the key is used through an {@link ExternalSigner} rather than held as a key object} */
    public boolean isExternal() {
        return external != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgencyCredentials c && keyId.equals(c.keyId) && Objects.equals(privateKey, c.privateKey)
                && Objects.equals(external, c.external);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, algorithm);
    }

    @Override
    public String toString() {
        return "AgencyCredentials[keyId=" + keyId + ", algorithm=" + algorithm + ", privateKey=*** ("
                + (external != null ? "external" : provider != null ? provider.getName() : "in memory") + "), chain="
                + certificateChain.size() + " certificate(s)]";
    }
}
