package vn.ketnoi.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import vn.ketnoi.testkit.internal.SelfSignedCertificates;
import org.jspecify.annotations.Nullable;

/**
 * An agency registered with the sandbox: its id, one signing key (generated when the sandbox
 * is built, never stored anywhere), its scopes and the citizen fields it is granted.
 * Immutable; the self-signed certificate is made on first use so that start-up stays fast.
 */
public final class SandboxAgency {

    /** ES256: ECDSA with P-256 and SHA-256, the protocol's default. */
    public static final String ES256 = "ES256";
    /** PS256: RSASSA-PSS with SHA-256, RSA 2048. */
    public static final String PS256 = "PS256";

    /** The wire names of the citizen fields of protocol section 8.2, in the order of that table. */
    public static final Set<String> ALL_FIELDS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "fullName", "otherNames", "birthDate", "sex", "placeOfBirth", "birthRegistrationPlace",
            "placeOfOrigin", "ethnicity", "religion", "nationality", "bloodGroup", "oldIdNumber", "idCard",
            "father", "mother", "spouse", "legalRepresentative", "permanentResidence", "temporaryResidence",
            "currentResidence", "household", "deathDate", "phone", "email",
            // Fields other agencies are the source of, pushed into the register (section 8.11).
            "healthInsuranceNumber", "socialInsuranceNumber", "drivingLicence", "educationLevel")));

    /** The scopes of the protocol. */
    public static final Set<String> ALL_SCOPES =
            Collections.unmodifiableSet(new LinkedHashSet<>(List.of("population", "vneid", "edocuments", "civil-status", "catalogue",
                    "chip-verification")));

    private final String id;
    private final String algorithm;
    private final KeyPair keyPair;
    private final String keyId;
    private final Set<String> scopes;
    private final Set<String> grantedFields;
    private final Clock clock;
    private volatile List<X509Certificate> chain;

    SandboxAgency(String id, String algorithm, KeyPair keyPair, String keyId, Set<String> scopes,
            Set<String> grantedFields, Clock clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        this.grantedFields = Collections.unmodifiableSet(new LinkedHashSet<>(grantedFields));
        this.clock = clock;
    }

    /** {@return the agency id, for example {@code VN:GOV:000.00.15.H29}} */
    public String id() {
        return id;
    }

    /** {@return the id under which the agency's key is registered (its RFC 7638 thumbprint)} */
    public String keyId() {
        return keyId;
    }

    /** {@return {@code ES256} or {@code PS256}} */
    public String algorithm() {
        return algorithm;
    }

    /** {@return the agency's private signing key; {@code null} for an agency whose key is held elsewhere (a token)} */
    public @Nullable PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /** {@return the agency's public key, as registered with the provider} */
    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** {@return the scopes the agency may ask for} */
    public Set<String> scopes() {
        return scopes;
    }

    /** {@return the wire names of the citizen fields (protocol section 8.2) the agency is granted} */
    public Set<String> grantedFields() {
        return grantedFields;
    }

    /**
     * A one-element chain holding a self-signed certificate of the agency key, made on the
     * first call with Bouncy Castle and cached.
     *
     * @return the chain, leaf first
     */
    public List<X509Certificate> certificateChain() {
        List<X509Certificate> c = chain;
        if (c == null) {
            synchronized (this) {
                c = chain;
                if (c == null) {
                    c = List.of(selfSigned());
                    chain = c;
                }
            }
        }
        return c;
    }

    /**
     * Writes the private key and certificate chain to a PKCS#12 file, under the alias
     * {@link #keyId()}, for a client that loads its credentials from a key store.
     *
     * @param file the file to write (replaced when it exists)
     * @param password the store and key password
     * @throws IOException when the file cannot be written
     */
    public void writePkcs12(Path file, char[] password) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(keyId, privateKey(), password, certificateChain().toArray(new Certificate[0]));
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the PKCS#12 file", e);
        }
    }

    private X509Certificate selfSigned() {
        // In its own class: Bouncy Castle's jars are signed, and verifying them costs
        // hundreds of milliseconds, which start-up must not pay.
        return SelfSignedCertificates.create(id, keyPair, ES256.equals(algorithm), clock);
    }

    /** Shows the id, key id and algorithm; never key material. */
    @Override
    public String toString() {
        return "SandboxAgency[" + id + ", kid=" + keyId + ", " + algorithm + "]";
    }
}
