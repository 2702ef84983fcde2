package vn.ketnoi.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Real PKCS#11 tokens for tests: SoftHSM2 (Debian's {@code softhsm2}), driven through its
 * {@code softhsm2-util} and the JDK's SunPKCS11 provider, so the SDK signs with keys that are
 * generated inside a token and never leave it.
 *
 * <p>SoftHSM2 reads its configuration ({@code SOFTHSM2_CONF}) once, when a process first loads
 * the library, and does not see tokens made after that. So the tokens of a test JVM are made
 * together, once, by {@link #shared()}: {@link #TOKEN} for keys that stay, and
 * {@link #REMOVABLE_TOKEN} for a test that deletes its token mid-run. The token directory is a
 * fresh temporary directory each run. The build sets {@code SOFTHSM2_CONF} for every test JVM.
 */
public final class SoftHsm {
    /** The token whose keys stay for the whole run. */
    public static final String TOKEN = "ketnoi-test";
    /** A token a test may delete ({@link #deleteToken}) to see the SDK lose its device. */
    public static final String REMOVABLE_TOKEN = "ketnoi-removable";
    /**
     * A token this JVM never logs in to, for wrong-PIN tests: PKCS#11 keeps one login per token
     * per process, so once any code has logged in to a token, a later login with another PIN is
     * not checked. Use it with wrong PINs only.
     */
    public static final String NEVER_LOGGED_IN_TOKEN = "ketnoi-pin-check";

    private static final List<String> LIBRARIES = List.of("/usr/lib/softhsm/libsofthsm2.so",
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/local/lib/softhsm/libsofthsm2.so", "/opt/homebrew/lib/softhsm/libsofthsm2.so");
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");
    // A throwaway PIN for throwaway tokens, different per run; not a secret worth more than the test.
    private static final String PIN = "t" + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36);

    private static SoftHsm shared;

    private final Path library;
    private final Path tokenDirectory;
    private final Map<String, Long> slots = new LinkedHashMap<>();
    private final Map<String, KeyStore> stores = new LinkedHashMap<>();

    private SoftHsm(Path library, Path tokenDirectory) {
        this.library = library;
        this.tokenDirectory = tokenDirectory;
    }

    /** {@return the SoftHSM2 PKCS#11 library, when installed} */
    public static Optional<Path> installedLibrary() {
        for (String l : LIBRARIES) {
            Path p = Path.of(l);
            if (Files.isReadable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@return whether both the library and {@code softhsm2-util} are there} */
    public static boolean installed() {
        if (installedLibrary().isEmpty()) {
            return false;
        }
        for (String dir : String.valueOf(System.getenv("PATH")).split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "softhsm2-util"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a test should say when SoftHSM2 is missing: where it is absent, not an error; in CI
     * (the {@code CI} variable set) the caller should fail instead, since the test command installs it.
     *
     * @return the message
     */
    public static String notInstalledMessage() {
        return "SoftHSM2 is not installed (Debian: apt-get install softhsm2 opensc, or run ./scripts/test.sh"
                + " which installs it): the PKCS#11 token tests are skipped";
    }

    /**
     * The tokens of this JVM, made on the first call: {@link #TOKEN}, {@link #REMOVABLE_TOKEN} and
     * {@link #NEVER_LOGGED_IN_TOKEN}, initialised with a fresh PIN in a fresh token directory.
     *
     * @return the tokens
     * @throws IllegalStateException when SoftHSM2 is missing or {@code SOFTHSM2_CONF} is not set
     */
    public static synchronized SoftHsm shared() {
        if (shared == null) {
            Path lib = installedLibrary().orElseThrow(() -> new IllegalStateException(notInstalledMessage()));
            String conf = System.getenv("SOFTHSM2_CONF");
            if (conf == null || conf.isBlank()) {
                throw new IllegalStateException("SOFTHSM2_CONF is not set: the build sets it for each test JVM"
                        + " (surefire's environmentVariables); set it to a writable path when running elsewhere");
            }
            try {
                Path confFile = Path.of(conf).toAbsolutePath();
                Files.createDirectories(confFile.getParent());
                Path tokens = Files.createTempDirectory(confFile.getParent(), "tokens-");
                Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                        + "log.level = ERROR\nslots.removable = false\n", StandardCharsets.UTF_8);
                SoftHsm hsm = new SoftHsm(lib, tokens);
                hsm.initToken(TOKEN);
                hsm.initToken(REMOVABLE_TOKEN);
                hsm.initToken(NEVER_LOGGED_IN_TOKEN);
                shared = hsm;
            } catch (IOException e) {
                throw new IllegalStateException("cannot set up the SoftHSM2 token directory", e);
            }
        }
        return shared;
    }

    private void initToken(String label) {
        String out = run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", PIN + "-so");
        Matcher m = SLOT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("softhsm2-util did not say which slot it gave token " + label);
        }
        slots.put(label, Long.parseLong(m.group(1)));
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish within 60 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                // softhsm2-util's output names labels and paths, never the PIN given on its command line.
                throw new IllegalStateException(command[0] + " " + command[1] + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }

    /** {@return the PKCS#11 library to configure the SDK with} */
    public Path library() {
        return library;
    }

    /** {@return the token directory of this run (a temporary directory)} */
    public Path tokenDirectory() {
        return tokenDirectory;
    }

    /**
     * The slot id the token was given.
     *
     * @param label {@link #TOKEN} or {@link #REMOVABLE_TOKEN}
     * @return the slot id, as {@code pkcs11-tool --list-slots} shows it
     */
    public long slot(String label) {
        Long s = slots.get(label);
        if (s == null) {
            throw new IllegalArgumentException("no token labelled " + label);
        }
        return s;
    }

    /** {@return the user PIN of this run's tokens (a copy)} */
    public char[] userPin() {
        return PIN.toCharArray();
    }

    /**
     * Writes the user PIN to a file readable by its owner only, as a deployment would keep it.
     *
     * @param file the file to write
     * @return the file
     * @throws IOException when the file cannot be written
     */
    public Path writePinFile(Path file) throws IOException {
        Files.writeString(file, PIN + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the temporary directory is the test's own anyway.
        }
        return file;
    }

    /**
     * Generates a key pair inside a token (the private key is sensitive and not extractable) and
     * stores a certificate for it beside it under the same label, as the JDK's key store needs.
     *
     * @param label     the token
     * @param alias     the key's label
     * @param algorithm {@code EC} (P-256) or {@code RSA}
     * @param bits      256 for EC; 2048 or 3072 for RSA
     * @param certify   makes the chain, leaf first, for the public key; {@code null} for a
     *                  certificate {@code CN=<alias>} self-signed by the token's key
     * @return the public key
     */
    public synchronized PublicKey generateKey(String label, String alias, String algorithm, int bits,
                                              Function<PublicKey, List<X509Certificate>> certify) {
        try {
            KeyStore store = store(label);
            Provider p = store.getProvider();
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, p);
            boolean ec = algorithm.toUpperCase(Locale.ROOT).equals("EC");
            if (ec) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
            }
            KeyPair pair = g.generateKeyPair();
            List<X509Certificate> chain = certify != null ? certify.apply(pair.getPublic())
                    : List.of(selfSigned(alias, pair, ec, p));
            store.setKeyEntry(alias, pair.getPrivate(), null, chain.toArray(new Certificate[0]));
            return pair.getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key in token " + label, e);
        }
    }

    /**
     * Deletes a token, as if it were pulled out: a process that has it open loses it.
     *
     * @param label the token
     */
    public synchronized void deleteToken(String label) {
        run("softhsm2-util", "--delete-token", "--token", label);
        stores.remove(label);
    }

    private KeyStore store(String label) throws GeneralSecurityException {
        KeyStore ks = stores.get(label);
        if (label.equals(NEVER_LOGGED_IN_TOKEN)) {
            throw new IllegalArgumentException(label + " is for wrong-PIN tests: nothing logs in to it");
        }
        if (ks == null) {
            Provider p = Security.getProvider("SunPKCS11").configure("--name=SoftHsmTest-" + label
                    + "\nlibrary=\"" + library + "\"\nslot=" + slot(label) + "\n");
            ks = KeyStore.getInstance("PKCS11", p);
            try {
                ks.load(null, PIN.toCharArray());
            } catch (IOException e) {
                throw new GeneralSecurityException("cannot log in to token " + label, e);
            }
            stores.put(label, ks);
        }
        return ks;
    }

    private static X509Certificate selfSigned(String cn, KeyPair pair, boolean ec, Provider p)
            throws GeneralSecurityException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X500Name name = new X500Name("CN=" + cn);
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new java.security.SecureRandom()).setBit(63), Date.from(now.minus(1, ChronoUnit.DAYS)),
                    Date.from(now.plus(365, ChronoUnit.DAYS)), name, pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            // Signed inside the token: the certificate is itself a first proof that the key works there.
            return new JcaX509CertificateConverter().getCertificate(b.build(
                    new JcaContentSignerBuilder(ec ? "SHA256withECDSA" : "SHA256withRSA").setProvider(p).build(pair.getPrivate())));
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make a self-signed certificate", e);
        }
    }

    /** Names the library and the tokens; never the PIN. */
    @Override
    public String toString() {
        return "SoftHsm[" + library + ", tokens=" + new ArrayList<>(slots.keySet()) + "]";
    }
}
