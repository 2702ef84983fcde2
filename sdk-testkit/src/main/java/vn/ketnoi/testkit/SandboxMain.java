package vn.ketnoi.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import vn.ketnoi.testkit.internal.Keys;

/**
 * Runs a sandbox as a standalone process, for trying a client by hand:
 *
 * <pre>
 * java -jar sdk-testkit-VERSION-standalone.jar [--port 8787] [--https] [--write-credentials DIR]
 *     [--fault-seed N] [--fault PREFIX=KIND[:N][@RATE]]...
 *     [--topology direct|gateway|gateway-chain] [--lgsp-port 8788] [--ndxp-port 8789]
 * </pre>
 *
 * <p>{@code --topology gateway} also starts a {@link SandboxGateway} named {@code lgsp} in front of
 * the sandbox, and {@code --topology gateway-chain} an {@code lgsp} in front of an {@code ndxp} in
 * front of the sandbox, as an agency meets the exchange layer: it prints their URLs, the service
 * URLs to route to, and the default agency's application key and secret at the {@code lgsp}
 * (throw-away values, valid while the process runs), and {@code --write-credentials} writes the
 * routes and the gateway into the configuration files.
 *
 * <p>The standalone jar is built by the normal build ({@code mvn package}), and
 * {@code ./scripts/sandbox.sh} builds it when needed and runs it. {@code --fault} injects a fault
 * into the paths starting with {@code PREFIX}, for example {@code --fault /population/=status:503@0.3}
 * (see {@link SandboxFault#parse(String)}); faults can also be changed while it runs, from
 * loopback, at {@code /_sandbox/faults} (see {@link SandboxFaults}).
 *
 * <p>It prints the base URL, the default agency's id and key id, and its personas: synthetic
 * citizens, printed in full because no real person has their data, each with what it is for.
 * With {@code --write-credentials DIR} it writes everything a client needs (see
 * {@link #writeCredentials}). The keys live only as long as the process: restart it, and the
 * files must be written again. It runs until killed.
 */
public final class SandboxMain {

    /**
     * The password of the PKCS#12 files {@code --write-credentials} writes. Fixed and published
     * so that a configuration can name it: the keys it protects are throw-away keys of a
     * synthetic sandbox that lives only as long as its process.
     */
    public static final String CREDENTIALS_PASSWORD = "sandbox";

    private SandboxMain() {
    }

    /**
     * Entry point.
     *
     * @param args {@code --port N}, {@code --https}, {@code --write-credentials DIR},
     *             {@code --fault-seed N}, {@code --fault PREFIX=SPEC},
     *             {@code --population-size N}
     *             {@code --vneid-mode national|third-party} (see
     *             {@link SandboxIdentityProvider#setThirdPartyMode(boolean)})
     * @throws Exception when the sandbox cannot start or the credentials cannot be written
     */
    public static void main(String[] args) throws Exception {
        int port = KetnoiSandbox.DEFAULT_MAIN_PORT;
        boolean https = false;
        Path credentials = null;
        Long faultSeed = null;
        List<String[]> faults = new ArrayList<>();
        SandboxTopology topology = SandboxTopology.DIRECT;
        int lgspPort = KetnoiSandbox.DEFAULT_MAIN_PORT + 1;
        int ndxpPort = KetnoiSandbox.DEFAULT_MAIN_PORT + 2;
        int populationSize = 0;
        boolean vneidThirdParty = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--topology":
                    String t = value(args, ++i, "--topology");
                    topology = null;
                    for (SandboxTopology candidate : SandboxTopology.values()) {
                        if (candidate.wireName().equals(t)) {
                            topology = candidate;
                        }
                    }
                    if (topology == null) {
                        System.err.println("--topology takes direct, gateway or gateway-chain");
                        System.exit(2);
                        return;
                    }
                    break;
                case "--lgsp-port":
                    lgspPort = Integer.parseInt(value(args, ++i, "--lgsp-port"));
                    break;
                case "--ndxp-port":
                    ndxpPort = Integer.parseInt(value(args, ++i, "--ndxp-port"));
                    break;
                case "--population-size":
                    // A large register for scale runs (about 1.3 GB of heap per million citizens).
                    populationSize = Integer.parseInt(value(args, ++i, "--population-size"));
                    break;
                case "--port":
                    port = Integer.parseInt(value(args, ++i, "--port"));
                    break;
                case "--https":
                    https = true;
                    break;
                case "--write-credentials":
                    credentials = Path.of(value(args, ++i, "--write-credentials"));
                    break;
                case "--vneid-mode":
                    String mode = value(args, ++i, "--vneid-mode");
                    if (!mode.equals("national") && !mode.equals("third-party")) {
                        System.err.println("--vneid-mode takes national or third-party");
                        System.exit(2);
                    }
                    vneidThirdParty = mode.equals("third-party");
                    break;
                case "--fault-seed":
                    faultSeed = Long.parseLong(value(args, ++i, "--fault-seed"));
                    break;
                case "--fault":
                    String spec = value(args, ++i, "--fault");
                    int eq = spec.indexOf('=');
                    if (eq <= 0) {
                        System.err.println("--fault takes PREFIX=KIND[:N][@RATE]");
                        System.exit(2);
                    }
                    faults.add(new String[] {spec.substring(0, eq), spec.substring(eq + 1)});
                    break;
                default:
                    System.err.println("usage: SandboxMain [--port N] [--https] [--write-credentials DIR]"
                            + " [--fault-seed N] [--fault PREFIX=KIND[:N][@RATE]]..."
                            + " [--topology direct|gateway|gateway-chain] [--lgsp-port N] [--ndxp-port N]"
                            + " [--population-size N]"
                            + " [--vneid-mode national|third-party]");
                    System.exit(2);
                    return;
            }
        }
        KetnoiSandbox.Builder builder = KetnoiSandbox.builder().port(port);
        if (populationSize > 0) {
            builder.populationSize(populationSize);
        }
        if (https) {
            if (topology != SandboxTopology.DIRECT) {
                System.err.println("the sandbox gateways forward plain HTTP only: --topology needs no --https");
                System.exit(2);
            }
            builder.https();
        }
        KetnoiSandbox sandbox = builder.build().start();
        if (topology != SandboxTopology.DIRECT) {
            sandbox.startGateways(topology, lgspPort, ndxpPort);
        }
        if (faultSeed != null) {
            sandbox.faults().seed(faultSeed);
        }
        for (String[] f : faults) {
            sandbox.faults().add(f[0], SandboxFault.parse(f[1]));
        }
        sandbox.vneid().setThirdPartyMode(vneidThirdParty);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "ketnoi-sandbox-shutdown"));
        SandboxAgency agency = sandbox.defaultAgency();
        System.out.println("Ketnoi sandbox listening on " + sandbox.baseUri());
        System.out.println("  token endpoint : " + sandbox.tokenEndpoint());
        System.out.println("  JWKS           : " + sandbox.jwksUri());
        System.out.println("  agency id      : " + agency.id());
        System.out.println("  VNeID provider : " + sandbox.vneid().issuer() + (vneidThirdParty
                ? " (third-party mode: claims from userinfo by scope, LoA1/LoA2)" : ""));
        if (!faults.isEmpty()) {
            System.out.println("  faults         : " + sandbox.faults().active());
        }
        printGateways(sandbox, topology);
        System.out.println("  key id         : " + agency.keyId() + " (" + agency.algorithm()
                + ", the RFC 7638 thumbprint of the agency key)");
        if (credentials != null) {
            Path written = writeCredentials(sandbox, credentials);
            System.out.println("  credentials    : " + written + " (password \"" + CREDENTIALS_PASSWORD + "\")");
            System.out.println("    agency.p12                 the agency key, alias = key id " + agency.keyId());
            System.out.println("    document-signing.p12       a document-signing key, certified by the sandbox document CA");
            System.out.println("    document-trust-anchors.pem the document CA, for DocumentVerifier");
            if (sandbox.isHttps()) {
                System.out.println("    tls-ca.pem                 the CA of the sandbox's TLS certificate");
            }
            System.out.println("    ketnoi.properties          for ConfigLoader.fromProperties(...)");
            System.out.println("    application.yml            for the Spring Boot starter");
        }
        printPersonas(sandbox);
        System.out.println("Ready.");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /**
     * Writes, into {@code dir}, everything a client of this sandbox needs, with the password
     * {@link #CREDENTIALS_PASSWORD}:
     * <ul>
     * <li>{@code agency.p12}: the default agency's key and self-signed certificate, alias = key id
     *     (the key's thumbprint, which {@code AgencyCredentials.fromPkcs12(file, password, null, null)}
     *     takes by default);</li>
     * <li>{@code document-signing.p12}: a document-signing key and its certificate from the
     *     sandbox document CA, for {@code DocumentSigningKey.of(...)};</li>
     * <li>{@code document-trust-anchors.pem}: the document CA, for {@code DocumentVerifier};</li>
     * <li>{@code tls-ca.pem} with {@code --https}: the CA of the server certificate;</li>
     * <li>{@code ketnoi.properties} (for {@code ConfigLoader.fromProperties}) and {@code application.yml} (for the
     *     Spring Boot starter), pointing at the files above with absolute paths.</li>
     * </ul>
     * Also usable for an in-process sandbox, to test a configuration read from files.
     *
     * @param sandbox a started sandbox
     * @param dir the folder, made when missing; files in it are replaced
     * @return the folder, absolute
     * @throws IOException when a file cannot be written
     */
    public static Path writeCredentials(KetnoiSandbox sandbox, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path base = dir.toAbsolutePath().normalize();
        SandboxAgency agency = sandbox.defaultAgency();
        char[] password = CREDENTIALS_PASSWORD.toCharArray();

        Path agencyP12 = base.resolve("agency.p12");
        agency.writePkcs12(agencyP12, password);

        KeyPair documentKey = Keys.newEcP256();
        Instant now = Instant.now();
        X509Certificate documentCert = sandbox.wallet().certify(agency.id(), documentKey,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        Path documentP12 = base.resolve("document-signing.p12");
        writePkcs12(documentP12, Keys.thumbprint(documentKey.getPublic()), documentKey, documentCert, password);

        Path anchors = base.resolve("document-trust-anchors.pem");
        writePem(anchors, sandbox.wallet().trustAnchors());
        Path tlsCa = null;
        if (sandbox.isHttps()) {
            tlsCa = base.resolve("tls-ca.pem");
            writePem(tlsCa, List.of(sandbox.tlsCertificateAuthority()));
        }

        String operator = "VN:canbo.sandbox";
        String properties = "# Written by the Ketnoi sandbox for its default agency; valid while that process runs.\n"
                + "ketnoi.endpoint=" + sandbox.baseUri() + "\n"
                + "ketnoi.provider-issuer=" + sandbox.issuer() + "\n"
                + "ketnoi.agency-id=" + agency.id() + "\n"
                + "ketnoi.credentials.pkcs12.path=" + escaped(agencyP12) + "\n"
                + "ketnoi.credentials.pkcs12.password=" + CREDENTIALS_PASSWORD + "\n"
                + "ketnoi.proxy.enabled=false\n"
                + "ketnoi.edocuments.operator-id=" + operator + "\n"
                + "ketnoi.edocuments.signing-key.pkcs12.path=" + escaped(documentP12) + "\n"
                + "ketnoi.edocuments.signing-key.pkcs12.password=" + CREDENTIALS_PASSWORD + "\n"
                + "ketnoi.edocuments.trust-anchors=" + escaped(anchors) + "\n"
                + (tlsCa == null ? "" : "# TLS trust anchor: " + tlsCa + "\n")
                + gatewaySettings(sandbox)[0];
        Files.writeString(base.resolve("ketnoi.properties"), properties, StandardCharsets.ISO_8859_1);
        String yaml = "# Written by the Ketnoi sandbox for its default agency; valid while that process runs.\n"
                + "ketnoi:\n"
                + "  endpoint: \"" + sandbox.baseUri() + "\"\n"
                + "  provider-issuer: \"" + sandbox.issuer() + "\"\n"
                + "  agency-id: \"" + agency.id() + "\"\n"
                + "  credentials:\n"
                + "    pkcs12:\n"
                + "      path: \"" + escaped(agencyP12) + "\"\n"
                + "      password: \"" + CREDENTIALS_PASSWORD + "\"\n"
                + "  proxy:\n"
                + "    enabled: false\n"
                + "  edocuments:\n"
                + "    operator-id: \"" + operator + "\"\n"
                + "    signing-key:\n"
                + "      pkcs12:\n"
                + "        path: \"" + escaped(documentP12) + "\"\n"
                + "        password: \"" + CREDENTIALS_PASSWORD + "\"\n"
                + "    trust-anchors: \"" + escaped(anchors) + "\"\n"
                + gatewaySettings(sandbox)[1];
        Files.writeString(base.resolve("application.yml"), yaml, StandardCharsets.UTF_8);
        return base;
    }

    private static void printGateways(KetnoiSandbox sandbox, SandboxTopology topology) {
        List<SandboxGateway> chain = sandbox.gateways(topology);
        if (chain.isEmpty()) {
            return;
        }
        SandboxGateway lgsp = chain.get(0);
        for (int i = chain.size() - 1; i >= 0; i--) {
            SandboxGateway g = chain.get(i);
            System.out.println("  gateway " + g.name() + "   : " + g.url() + g.pathPrefix() + " (token: " + g.tokenUrl() + ")");
        }
        for (vn.ketnoi.core.exchange.ServiceId s : lgsp.services()) {
            System.out.println("    route " + s + " -> " + lgsp.serviceUrl(s));
        }
        System.out.println("    provider token endpoint -> " + lgsp.passThroughUrl(SandboxGateway.PROVIDER_TOKEN_PATH));
        System.out.println("    provider key set        -> " + lgsp.passThroughUrl(SandboxGateway.PROVIDER_JWKS_PATH));
        vn.ketnoi.core.exchange.GatewayCredentials c =
                lgsp.credentialsFor(SandboxTopology.Gateways.applicationKey(sandbox.defaultAgency()));
        // A throw-away secret of a sandbox process, printed so that a client can be tried by hand.
        System.out.println("    application key " + c.key() + ", secret " + secretOf(sandbox, topology)
                + " (each agency has one: app-<agency id>)");
    }

    private static String secretOf(KetnoiSandbox sandbox, SandboxTopology topology) {
        return sandbox.topologyGateways(topology).orElseThrow().secret;
    }

    /** The routes and gateway lines of the configuration files, empty for a direct sandbox. */
    private static String[] gatewaySettings(KetnoiSandbox sandbox) {
        for (SandboxTopology t : new SandboxTopology[] {SandboxTopology.GATEWAY, SandboxTopology.GATEWAY_CHAIN}) {
            java.util.Optional<SandboxTopology.Gateways> g = sandbox.startedGateways(t);
            if (g.isEmpty()) {
                continue;
            }
            SandboxGateway lgsp = g.get().first();
            String key = SandboxTopology.Gateways.applicationKey(sandbox.defaultAgency());
            StringBuilder props = new StringBuilder("# Through the exchange layer (" + t.wireName() + "):\n");
            StringBuilder yaml = new StringBuilder("  routes:\n");
            for (vn.ketnoi.core.exchange.ServiceId s : lgsp.services()) {
                // A setting name is letters and digits only: civil-status becomes civilstatus.
                String name = s.service().replaceAll("[^A-Za-z0-9]", "").toLowerCase(java.util.Locale.ROOT);
                props.append("ketnoi.routes.").append(name).append(".service=").append(s).append('\n')
                        .append("ketnoi.routes.").append(name).append(".url=").append(lgsp.serviceUrl(s)).append('\n');
                yaml.append("    ").append(name).append(":\n      service: \"").append(s).append("\"\n      url: \"")
                        .append(lgsp.serviceUrl(s)).append("\"\n");
            }
            String token = lgsp.passThroughUrl(SandboxGateway.PROVIDER_TOKEN_PATH).toString();
            String jwks = lgsp.passThroughUrl(SandboxGateway.PROVIDER_JWKS_PATH).toString();
            props.append("ketnoi.token-endpoint=").append(token).append('\n')
                    .append("ketnoi.jwks-uri=").append(jwks).append('\n')
                    .append("ketnoi.gateways.lgsp.url=").append(lgsp.url()).append('\n')
                    .append("ketnoi.gateways.lgsp.token-url=").append(lgsp.tokenUrl()).append('\n')
                    .append("ketnoi.gateways.lgsp.key=").append(key).append('\n')
                    .append("ketnoi.gateways.lgsp.secret=").append(g.get().secret).append('\n');
            yaml.append("  token-endpoint: \"").append(token).append("\"\n")
                    .append("  jwks-uri: \"").append(jwks).append("\"\n")
                    .append("  gateways:\n    lgsp:\n      url: \"").append(lgsp.url()).append("\"\n")
                    .append("      token-url: \"").append(lgsp.tokenUrl()).append("\"\n")
                    .append("      key: \"").append(key).append("\"\n")
                    .append("      secret: \"").append(g.get().secret).append("\"\n");
            return new String[] {props.toString(), yaml.toString()};
        }
        return new String[] {"", ""};
    }

    /** A path for a .properties value or a double-quoted YAML string: a Windows path's backslashes doubled. */
    private static String escaped(Path path) {
        return path.toString().replace("\\", "\\\\");
    }

    /** The personas, in full: they are synthetic, generated from the seed, and nobody's real data. */
    private static void printPersonas(KetnoiSandbox sandbox) {
        SandboxPopulation p = sandbox.population();
        System.out.println("  personas (synthetic: generated, nobody's real data, so shown in full):");
        persona("the demo citizen, used by the docs; VNeID level 2", p.demoCitizen(), p);
        persona("another level-2 VNeID account: e-documents can be issued to them", p.find(c -> !c.isDeceased()
                && p.vneidLevel(c) == 2 && !c.idNumber().equals(p.demoCitizen().idNumber())).orElseThrow(), p);
        persona("a level-1 VNeID account: refused where level 2 is required", p.withVneidLevel(1), p);
        persona("deceased: carries deathDate; e-documents are refused", p.deceased(), p);
        persona("a year-only birth date: look up with \"" + p.withYearOnlyBirthDate().birthDate() + "\"",
                p.withYearOnlyBirthDate(), p);
        persona("fields that need consent recorded (religion, bloodGroup, phone, email)", p.needingConsent(), p);
        SyntheticHousehold h = p.largeHousehold();
        System.out.println("    household " + h.householdId() + " of " + h.memberIdNumbers().size()
                + " members (the household field; head first):");
        for (String id : h.memberIdNumbers()) {
            SyntheticCitizen c = p.byIdNumber(id).orElseThrow();
            System.out.println("      " + line(c, p) + (c.relationshipToHead() == null ? "" : ", " + c.relationshipToHead()));
        }
    }

    private static void persona(String purpose, SyntheticCitizen c, SandboxPopulation p) {
        System.out.println("    " + line(c, p) + "  <- " + purpose);
    }

    private static String line(SyntheticCitizen c, SandboxPopulation p) {
        return c.idNumber() + "  " + c.fullName() + "  born " + c.birthDate()
                + (c.isDeceased() ? ", died " + c.deathDate() : "") + ", VNeID level " + p.vneidLevel(c);
    }

    private static void writePkcs12(Path file, String alias, KeyPair key, X509Certificate cert, char[] password)
            throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(alias, key.getPrivate(), password, new Certificate[] {cert});
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write " + file.getFileName(), e);
        }
    }

    private static void writePem(Path file, List<X509Certificate> certificates) throws IOException {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder b64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        try {
            for (X509Certificate c : certificates) {
                pem.append("-----BEGIN CERTIFICATE-----\n").append(b64.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode a certificate", e);
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
