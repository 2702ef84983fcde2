package vn.ketnoi.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.spi.ConfigKeys;

class ConfigLoaderTest {
    private static final char[] PASSWORD = "s3cret-p12".toCharArray();

    @TempDir
    static Path dir;
    static Path p12;
    static Path pemKey;
    static Path pemChain;
    static X509Certificate certificate;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=Test agency");
        certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.ONE, Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(90))), name,
                pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("agency-2025", pair.getPrivate(), PASSWORD, new java.security.cert.Certificate[] {certificate});
        p12 = dir.resolve("agency.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, PASSWORD);
        }
        pemKey = dir.resolve("agency-key.pem");
        Files.writeString(pemKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        pemChain = dir.resolve("agency-chain.pem");
        Files.writeString(pemChain, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void thePopulationWireProfileIsReadAndAnUnknownOneRefused() {
        KetnoiSettings plain = ConfigLoader.fromMap(minimal());
        assertTrue(plain.populationWire().isEmpty());
        assertFalse(plain.populationAcceptTransportOnlyIntegrity());

        Map<String, String> m = minimal();
        m.put("ketnoi.population.wire", "gateway-json");
        m.put("ketnoi.population.accept-transport-only-integrity", "true");
        KetnoiSettings s = ConfigLoader.fromMap(m);
        assertEquals("gateway-json", s.populationWire().orElseThrow());
        assertTrue(s.populationAcceptTransportOnlyIntegrity());

        m.put("ketnoi.population.wire", "soap");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigLoader.fromMap(m));
        assertTrue(e.getMessage().contains("ketnoi.population.wire"), e.getMessage());
    }

    @Test
    void anOperatorIdIsHeldToTheOneRuleTheClientsApply() {
        // RequestContext.of: what it refuses of an operator id, the configuration refuses at start-up, naming the key.
        for (String bad : new String[] {"VN", "canbo.01", "VN canbo", "VN" + "x".repeat(127)}) {
            Map<String, String> m = minimal();
            m.put("ketnoi.edocuments.operator-id", bad);
            names("ketnoi.edocuments.operator-id", refused(m));
        }
        Map<String, String> m = minimal();
        m.put("ketnoi.edocuments.operator-id", "VN" + "x".repeat(126));
        assertEquals(128, ConfigLoader.fromMap(m).edocumentsOperatorId().orElseThrow().length());
    }

    @Test
    void theCivilStatusClientsOperatorAndPurposeAreReadAndHeldToTheSameRules() {
        assertTrue(ConfigLoader.fromMap(minimal()).civilStatusOperatorId().isEmpty());
        Map<String, String> m = minimal();
        m.put("ketnoi.civil-status.operator-id", "VN:canbo.hotich.01");
        m.put("ketnoi.civil-status.purpose", "CIVIL_STATUS");
        KetnoiSettings s = ConfigLoader.fromMap(m);
        assertEquals("VN:canbo.hotich.01", s.civilStatusOperatorId().orElseThrow());
        assertEquals("CIVIL_STATUS", s.civilStatusPurpose().orElseThrow().code());
        assertTrue(s.edocumentsOperatorId().isEmpty(), "one client's operator is not another's");

        m.put("ketnoi.civil-status.operator-id", "canbo.01");
        names("ketnoi.civil-status.operator-id", refused(m));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("Issue 18: the document-signing key and the trust anchors are settings, named when refused")
    void theDocumentSigningKeyAndTrustAnchorsAreRead() throws IOException {
        KetnoiSettings none = ConfigLoader.fromMap(minimal());
        assertTrue(none.edocumentsSigningKey().isEmpty());
        assertTrue(none.edocumentsTrustAnchors().isEmpty());
        assertTrue(none.edocumentsStatusListMaxAge().isEmpty());

        Map<String, String> m = minimal();
        m.put("ketnoi.edocuments.signing-key.pem.key", pemKey.toString());
        m.put("ketnoi.edocuments.signing-key.pem.chain", pemChain.toString());
        m.put("ketnoi.edocuments.signing-key.key-id", "doc-2026");
        m.put("ketnoi.edocuments.trust-anchors", pemChain + "," + pemChain);
        m.put("ketnoi.edocuments.status-list-max-age", "0s");
        KetnoiSettings s = ConfigLoader.fromMap(m);
        assertEquals("doc-2026", s.edocumentsSigningKey().orElseThrow().keyId());
        assertEquals(2, s.edocumentsTrustAnchors().size());
        assertEquals(certificate, s.edocumentsTrustAnchors().get(0));
        assertEquals(Duration.ZERO, s.edocumentsStatusListMaxAge().orElseThrow());
        assertTrue(s.toString().contains("edocumentsSigningKey=doc-2026"), s.toString());

        Map<String, String> p12Key = minimal();
        p12Key.put("ketnoi.edocuments.signing-key.pkcs12.path", p12.toString());
        p12Key.put("ketnoi.edocuments.signing-key.pkcs12.password", "wrong-password");
        ConfigurationException wrong = refused(p12Key);
        names("ketnoi.edocuments.signing-key.pkcs12.password", wrong);
        assertFalse(wrong.getMessage().contains("wrong-password"), wrong.getMessage());

        Map<String, String> noPassword = minimal();
        noPassword.put("ketnoi.edocuments.signing-key.pkcs12.path", p12.toString());
        names("ketnoi.edocuments.signing-key.pkcs12.password", refused(noPassword));

        Path notPem = dir.resolve("not-a-certificate.pem");
        Files.writeString(notPem, "hello", StandardCharsets.US_ASCII);
        Map<String, String> anchors = minimal();
        anchors.put("ketnoi.edocuments.trust-anchors", notPem.toString());
        names("ketnoi.edocuments.trust-anchors", refused(anchors));
        anchors.put("ketnoi.edocuments.trust-anchors", dir.resolve("missing.pem").toString());
        names("ketnoi.edocuments.trust-anchors", refused(anchors));
    }

    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("ketnoi.endpoint", "https://dancu.example.gov.vn");
        m.put("ketnoi.agency-id", "VN:GOV:000.00.15.H29");
        m.put("ketnoi.credentials.pkcs12.path", p12.toString());
        m.put("ketnoi.credentials.pkcs12.password", new String(PASSWORD));
        return m;
    }

    private static ConfigurationException refused(Map<String, String> props, Map<String, String> env) {
        return assertThrows(ConfigurationException.class, () -> ConfigLoader.load(props, env));
    }

    private static ConfigurationException refused(Map<String, String> props) {
        return refused(props, Map.of());
    }

    private static void names(String property, ConfigurationException e) {
        assertEquals(property, e.property());
        assertTrue(e.getMessage().startsWith(property + ": "), e.getMessage());
        // Issue 18: a refusal re-raised under the property's name carried the suffix twice.
        assertEquals(1, e.getMessage().split("\\[code=", -1).length - 1, e.getMessage());
        assertFalse(e.problem().contains("[code="), e.problem());
    }

    @Test
    void everyKindOfValueIsReadIntoTheConfiguration() {
        Map<String, String> m = minimal();
        m.put("ketnoi.credentials.key-id", "agency-key-1");
        m.put("ketnoi.provider-issuer", "https://dancu.example.gov.vn/issuer");
        m.put("ketnoi.clock-skew", "30s");
        m.put("ketnoi.http.connect-timeout", "2s");
        m.put("ketnoi.http.response-timeout", "PT7S");
        m.put("ketnoi.http.call-timeout", "1m");
        m.put("ketnoi.http.connection-request-timeout", "1500ms");
        m.put("ketnoi.http.max-connections", "16");
        m.put("ketnoi.proxy.host", "proxy.tinh.gov.vn");
        m.put("ketnoi.proxy.port", "3128");
        m.put("ketnoi.proxy.non-proxy-hosts", "*.noibo.gov.vn, .local");
        m.put("ketnoi.resilience.max-attempts", "4");
        m.put("ketnoi.resilience.population.max-attempts", "1");
        m.put("ketnoi.resilience.population.circuit-breaker.open-duration", "30s");
        m.put("ketnoi.resilience.edocuments.rate-limit.permits", "10");
        m.put("ketnoi.resilience.edocuments.rate-limit.period", "1s");
        m.put("ketnoi.vneid.redirect-uri", "https://dichvucong.example.gov.vn/login/vneid/callback");
        m.put("ketnoi.vneid.minimum-level", "2");
        m.put("ketnoi.edocuments.operator-id", "VN:canbo.tran.thi.binh");
        m.put("ketnoi.edocuments.purpose", "CIVIL_STATUS");
        m.put("spring.application.name", "ignored: not a ketnoi key");

        KetnoiSettings s = ConfigLoader.fromMap(m);
        ClientConfig c = s.clientConfig();
        assertEquals(URI.create("https://dancu.example.gov.vn"), c.endpoint());
        assertEquals("VN:GOV:000.00.15.H29", c.agencyId());
        assertEquals("agency-key-1", c.credentials().keyId());
        assertEquals(List.of(certificate), c.credentials().certificateChain());
        assertEquals("https://dancu.example.gov.vn/issuer", c.providerIssuer());
        assertEquals(Duration.ofSeconds(30), c.clockSkew());
        assertEquals(Duration.ofSeconds(2), c.httpOptions().connectTimeout());
        assertEquals(Duration.ofSeconds(7), c.httpOptions().responseTimeout());
        assertEquals(Duration.ofMinutes(1), c.httpOptions().callTimeout());
        assertEquals(Duration.ofMillis(1500), c.httpOptions().connectionRequestTimeout());
        assertEquals(16, c.httpOptions().maxConnections());
        assertEquals("proxy.tinh.gov.vn", c.proxy().host().orElseThrow());
        assertEquals(3128, c.proxy().port());
        assertFalse(c.proxy().appliesTo("api.noibo.gov.vn"));
        assertTrue(c.proxy().appliesTo("dancu.example.gov.vn"));
        assertEquals(1, c.resilience("population").maxAttempts());
        assertEquals(Duration.ofSeconds(30), c.resilience("population").openDuration());
        assertEquals(4, c.resilience("vneid").maxAttempts(), "a service without keys of its own takes the shared ones");
        assertEquals(4, c.resilience("edocuments").maxAttempts(), "per-service keys start from the shared ones");
        assertEquals(10, c.resilience("edocuments").rateLimitPermits());
        assertEquals(URI.create("https://dichvucong.example.gov.vn/login/vneid/callback"), s.vneidRedirectUri().orElseThrow());
        assertEquals(2, s.vneidMinimumLevel().orElseThrow());
        assertEquals("VN:canbo.tran.thi.binh", s.edocumentsOperatorId().orElseThrow());
        assertEquals(Purpose.of("CIVIL_STATUS"), s.edocumentsPurpose().orElseThrow());
    }

    @Test
    void secretsComeFromFilesWithoutTheirFinalLineBreak() throws IOException {
        Path secret = dir.resolve("p12-password");
        Files.writeString(secret, new String(PASSWORD) + "\n");
        Map<String, String> m = minimal();
        m.remove("ketnoi.credentials.pkcs12.password");
        m.put("ketnoi.credentials.pkcs12.password-file", secret.toString());
        AgencyCredentials loaded = ConfigLoader.fromMap(m).clientConfig().credentials();
        // Without ketnoi.credentials.key-id, the key id is the key's thumbprint, not the alias.
        assertEquals(AgencyCredentials.thumbprint(loaded.certificateChain().get(0)), loaded.keyId());

        m.put("ketnoi.credentials.pkcs12.password", new String(PASSWORD));
        names("ketnoi.credentials.pkcs12.password-file", refused(m));
    }

    @Test
    void environmentVariablesFollowTheNamingRuleAndOverrideProperties() {
        assertEquals("KETNOI_HTTP_CONNECT_TIMEOUT", ConfigLoader.environmentVariable("ketnoi.http.connect-timeout"));
        assertEquals("KETNOI_RESILIENCE_POPULATION_MAX_ATTEMPTS",
                ConfigLoader.environmentVariable("ketnoi.resilience.population.max-attempts"));
        Map<String, String> env = new HashMap<>();
        for (Map.Entry<String, String> e : minimal().entrySet()) {
            env.put(ConfigLoader.environmentVariable(e.getKey()), e.getValue());
        }
        env.put("KETNOI_HTTP_CONNECT_TIMEOUT", "3s");
        env.put("PATH", "/usr/bin");
        ClientConfig fromEnv = ConfigLoader.load(Map.of(), env).clientConfig();
        assertEquals(Duration.ofSeconds(3), fromEnv.httpOptions().connectTimeout());
        assertEquals("VN:GOV:000.00.15.H29", fromEnv.agencyId());

        Map<String, String> props = minimal();
        props.put("ketnoi.http.connect-timeout", "9s");
        assertEquals(Duration.ofSeconds(4), ConfigLoader.load(props, Map.of("KETNOI_HTTP_CONNECT_TIMEOUT", "4s"))
                .clientConfig().httpOptions().connectTimeout());

        // A bad value in a variable is reported under the variable's name.
        names("KETNOI_HTTP_CONNECT_TIMEOUT", refused(props, Map.of("KETNOI_HTTP_CONNECT_TIMEOUT", "soon")));
    }

    @Test
    void propertiesFilesAreRead() {
        Properties p = new Properties();
        p.putAll(minimal());
        assertEquals("VN:GOV:000.00.15.H29", ConfigLoader.fromProperties(p).clientConfig().agencyId());
    }

    @Test
    void anUnknownPropertyIsNamedWithTheNearestKnownOne() {
        Map<String, String> m = minimal();
        m.put("ketnoi.http.conect-timeout", "5s");
        ConfigurationException e = refused(m);
        names("ketnoi.http.conect-timeout", e);
        assertTrue(e.getMessage().contains("unknown property"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean ketnoi.http.connect-timeout?"), e.getMessage());

        ConfigurationException v = refused(minimal(), Map.of("KETNOI_ENDPIONT", "https://x.example.vn"));
        names("KETNOI_ENDPIONT", v);
        assertTrue(v.getMessage().contains("did you mean KETNOI_ENDPOINT?"), v.getMessage());

        Map<String, String> service = minimal();
        service.put("ketnoi.resilience.census.max-attempts", "2");
        names("ketnoi.resilience.census.max-attempts", refused(service));
    }

    @Test
    void aMissingKeyFileIsNamed() {
        Map<String, String> m = minimal();
        m.put("ketnoi.credentials.pkcs12.path", dir.resolve("nowhere.p12").toString());
        ConfigurationException e = refused(m);
        names("ketnoi.credentials.pkcs12.path", e);
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());

        Map<String, String> pem = minimal();
        pem.remove("ketnoi.credentials.pkcs12.path");
        pem.remove("ketnoi.credentials.pkcs12.password");
        pem.put("ketnoi.credentials.pem.key", dir.resolve("missing.pem").toString());
        pem.put("ketnoi.credentials.key-id", "k1");
        names("ketnoi.credentials.pem.key", refused(pem));

        Map<String, String> secretFile = minimal();
        secretFile.remove("ketnoi.credentials.pkcs12.password");
        secretFile.put("ketnoi.credentials.pkcs12.password-file", dir.resolve("no-secret").toString());
        names("ketnoi.credentials.pkcs12.password-file", refused(secretFile));
    }

    @Test
    void aWrongPasswordIsNamedAndNotRepeated() throws IOException {
        Map<String, String> m = minimal();
        m.put("ketnoi.credentials.pkcs12.password", "not-the-password");
        ConfigurationException e = refused(m);
        names("ketnoi.credentials.pkcs12.password", e);
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"));

        Path secret = dir.resolve("wrong-password");
        Files.writeString(secret, "also-wrong\n");
        m.remove("ketnoi.credentials.pkcs12.password");
        m.put("ketnoi.credentials.pkcs12.password-file", secret.toString());
        names("ketnoi.credentials.pkcs12.password-file", refused(m));

        Map<String, String> env = new HashMap<>();
        env.put("KETNOI_CREDENTIALS_PKCS12_PASSWORD", "wrong-again");
        Map<String, String> props = minimal();
        props.remove("ketnoi.credentials.pkcs12.password");
        names("KETNOI_CREDENTIALS_PKCS12_PASSWORD", refused(props, env));
    }

    @Test
    void badUrlsAreNamed() {
        Map<String, String> m = minimal();
        m.put("ketnoi.endpoint", "dancu.example.gov.vn");
        names("ketnoi.endpoint", refused(m));
        m.put("ketnoi.endpoint", "https://bad host/");
        names("ketnoi.endpoint", refused(m));
        m.put("ketnoi.endpoint", "http://dancu.example.gov.vn");
        ConfigurationException clear = refused(m);
        names("ketnoi.endpoint", clear);
        assertTrue(clear.getMessage().contains("https"), clear.getMessage());
        Map<String, String> jwks = minimal();
        jwks.put("ketnoi.jwks-uri", "ftp://keys.example.vn/jwks");
        names("ketnoi.jwks-uri", refused(jwks));
    }

    @Test
    void badDurationsAndNumbersAreNamed() {
        Map<String, String> m = minimal();
        m.put("ketnoi.http.connect-timeout", "five seconds");
        ConfigurationException e = refused(m);
        names("ketnoi.http.connect-timeout", e);
        assertTrue(e.getMessage().contains("not a duration"), e.getMessage());

        m.put("ketnoi.http.connect-timeout", "0s");
        names("ketnoi.http.connect-timeout", refused(m));

        Map<String, String> attempts = minimal();
        attempts.put("ketnoi.resilience.population.max-attempts", "11");
        names("ketnoi.resilience.population.max-attempts", refused(attempts));
        attempts.put("ketnoi.resilience.population.max-attempts", "three");
        names("ketnoi.resilience.population.max-attempts", refused(attempts));

        Map<String, String> rate = minimal();
        rate.put("ketnoi.resilience.rate-limit.permits", "5");
        names("ketnoi.resilience.rate-limit.period", refused(rate));

        Map<String, String> flag = minimal();
        flag.put("ketnoi.proxy.enabled", "yes");
        names("ketnoi.proxy.enabled", refused(flag));

        Map<String, String> level = minimal();
        level.put("ketnoi.vneid.minimum-level", "3");
        names("ketnoi.vneid.minimum-level", refused(level));

        Map<String, String> purpose = minimal();
        purpose.put("ketnoi.edocuments.purpose", "public service");
        names("ketnoi.edocuments.purpose", refused(purpose));
    }

    @Test
    void missingRequiredKeysAreNamed() {
        Map<String, String> m = minimal();
        m.remove("ketnoi.endpoint");
        names("ketnoi.endpoint", refused(m));
        Map<String, String> agency = minimal();
        agency.remove("ketnoi.agency-id");
        names("ketnoi.agency-id", refused(agency));
        Map<String, String> creds = minimal();
        creds.remove("ketnoi.credentials.pkcs12.path");
        creds.remove("ketnoi.credentials.pkcs12.password");
        names("ketnoi.credentials", refused(creds));
        Map<String, String> password = minimal();
        password.remove("ketnoi.credentials.pkcs12.password");
        names("ketnoi.credentials.pkcs12.password", refused(password));
        Map<String, String> proxy = minimal();
        proxy.put("ketnoi.proxy.port", "8080");
        names("ketnoi.proxy.port", refused(proxy));
        Map<String, String> empty = minimal();
        empty.put("ketnoi.agency-id", "  ");
        names("ketnoi.agency-id", refused(empty));
    }

    @Test
    void pemKeysNeedAKeyIdAndLoadWithTheirChain() {
        Map<String, String> m = minimal();
        m.remove("ketnoi.credentials.pkcs12.path");
        m.remove("ketnoi.credentials.pkcs12.password");
        m.put("ketnoi.credentials.pem.key", pemKey.toString());
        m.put("ketnoi.credentials.pem.chain", pemChain.toString());
        names("ketnoi.credentials.key-id", refused(m));
        m.put("ketnoi.credentials.key-id", "pem-key-1");
        ClientConfig c = ConfigLoader.fromMap(m).clientConfig();
        assertEquals("pem-key-1", c.credentials().keyId());
        assertEquals(List.of(certificate), c.credentials().certificateChain());

        m.put("ketnoi.credentials.pkcs12.path", p12.toString());
        names("ketnoi.credentials.pem.key", refused(m));
    }

    @Test
    void directConnectionsCanBeForced() {
        Map<String, String> m = minimal();
        m.put("ketnoi.proxy.enabled", "false");
        assertTrue(ConfigLoader.fromMap(m).clientConfig().proxy().host().isEmpty());
        m.put("ketnoi.proxy.host", "proxy.example.vn");
        names("ketnoi.proxy.host", refused(m));
    }

    @Test
    void everyKeyHasItsOwnVariable() {
        List<String> vars = new ArrayList<>();
        for (String k : ConfigLoader.keys()) {
            vars.add(ConfigLoader.environmentVariable(k));
        }
        assertEquals(vars.size(), new java.util.HashSet<>(vars).size(), "two keys share a variable");
    }

    @Test
    void revocationSettingsReachTheConfigurationAndABadPolicyIsNamed() {
        Map<String, String> m = minimal();
        assertEquals(vn.ketnoi.core.RevocationOptions.Policy.SOFT_FAIL,
                ConfigLoader.fromMap(m).clientConfig().revocation().whenUnreachable(), "soft-fail by default");
        m.put("ketnoi.revocation.when-unreachable", "hard-fail");
        m.put("ketnoi.revocation.timeout", "2s");
        m.put("ketnoi.revocation.prefer-crls", "true");
        m.put("ketnoi.revocation.cache-size", "10");
        m.put("ketnoi.revocation.max-cache-age", "10m");
        vn.ketnoi.core.RevocationOptions r = ConfigLoader.fromMap(m).clientConfig().revocation();
        assertEquals(vn.ketnoi.core.RevocationOptions.Policy.HARD_FAIL, r.whenUnreachable());
        assertEquals(Duration.ofSeconds(2), r.timeout());
        assertTrue(r.preferCrls());
        assertEquals(10, r.cacheSize());
        assertEquals(Duration.ofMinutes(10), r.maxCacheAge());
        m.put("ketnoi.revocation.when-unreachable", "sometimes");
        names("ketnoi.revocation.when-unreachable", refused(m));
        Map<String, String> slow = minimal();
        slow.put("ketnoi.revocation.timeout", "2h");
        names("ketnoi.revocation.timeout", refused(slow));
    }

    @Test
    void theReferencePageListsExactlyTheKeysTheLoaderAccepts() throws IOException {
        Path page = Path.of("..", "docs", "configuration-reference.md");
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.startsWith("| `ketnoi.")) {
                String[] cells = line.split("\\|");
                String key = cells[1].trim().replace("`", "");
                String variable = cells[2].trim().replace("`", "");
                assertEquals(ConfigLoader.environmentVariable(key), variable, "variable of " + key);
                var def = ConfigLoader.keyTable().get(key);
                if (def != null) {
                    assertEquals(def.type().text(), cells[3].trim(), "type of " + key);
                    assertEquals(def.defaultValue() == null ? "" : def.defaultValue(),
                            cells[4].trim().replace("`", ""), "default of " + key);
                }
                rows.add(key);
            }
        }
        assertEquals(ConfigLoader.keys(), rows, "docs/configuration-reference.md and ConfigLoader disagree");
    }

    @Test
    @org.junit.jupiter.api.DisplayName("Finding 11: the VNeID login-state key and maximum age are settings; the key is never shown")
    void vneidLoginStateSettings() {
        Map<String, String> m = minimal();
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 7);
        String encoded = Base64.getEncoder().encodeToString(key);
        m.put("ketnoi.vneid.login-state-key", encoded);
        m.put("ketnoi.vneid.login-state-max-age", "5m");
        KetnoiSettings s = ConfigLoader.load(m, Map.of());
        assertArrayEquals(key, s.vneidLoginStateKey().orElseThrow());
        assertEquals(Duration.ofMinutes(5), s.vneidLoginStateMaxAge().orElseThrow());
        assertFalse(s.toString().contains(encoded));

        Map<String, String> shortKey = minimal();
        shortKey.put("ketnoi.vneid.login-state-key", Base64.getEncoder().encodeToString(new byte[16]));
        ConfigurationException e = refused(shortKey);
        names("ketnoi.vneid.login-state-key", e);
        Map<String, String> notBase64 = minimal();
        notBase64.put("ketnoi.vneid.login-state-key", "not base64 at all!");
        ConfigurationException e2 = refused(notBase64);
        names("ketnoi.vneid.login-state-key", e2);
        assertFalse(e2.getMessage().contains("not base64 at all"), "a secret is never echoed");
        Map<String, String> tooLong = minimal();
        tooLong.put("ketnoi.vneid.login-state-max-age", "2h");
        names("ketnoi.vneid.login-state-max-age", refused(tooLong));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("Routes and gateways: ketnoi.routes.<name>.* and ketnoi.gateways.<name>.*, from properties, variables and a secret file")
    void routesAndGateways() throws IOException {
        Map<String, String> m = minimal();
        m.put("ketnoi.routes.pop.service", "VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1");
        m.put("ketnoi.routes.pop.url", "https://lgsp.example.gov.vn/r1/VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1");
        m.put("ketnoi.gateways.lgsp.url", "https://lgsp.example.gov.vn/r1");
        m.put("ketnoi.gateways.lgsp.token-url", "https://lgsp.example.gov.vn/token");
        m.put("ketnoi.gateways.lgsp.key", "app-key");
        Path secret = dir.resolve("lgsp-secret");
        Files.writeString(secret, "gateway-secret-1\n");
        Map<String, String> env = Map.of("KETNOI_GATEWAYS_LGSP_SECRET_FILE", secret.toString(),
                "KETNOI_GATEWAYS_LGSP_HEADER", "X-Gateway-Token");

        ClientConfig c = ConfigLoader.load(m, env).clientConfig();

        vn.ketnoi.core.exchange.ServiceId id = vn.ketnoi.core.exchange.ServiceId.parse(
                "VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1");
        assertEquals(URI.create("https://lgsp.example.gov.vn/r1/VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1"),
                c.serviceUrl(id, "/population/v1"));
        assertEquals(1, c.gateways().size());
        vn.ketnoi.core.exchange.Gateway g = c.gateways().get(0);
        assertEquals("lgsp", g.name());
        assertEquals("X-Gateway-Token", g.credentials().header());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("app-key:gateway-secret-1".getBytes(StandardCharsets.UTF_8)),
                g.credentials().basicAuthorization(), "the file's final line break is not part of the secret");
        assertFalse(c.toString().contains("gateway-secret-1"));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("An incomplete route or gateway is refused naming the missing key; a bad secret is never echoed")
    void incompleteRoutesAndGateways() {
        Map<String, String> m = minimal();
        m.put("ketnoi.routes.pop.url", "https://lgsp.example.gov.vn/r1/x");
        names("ketnoi.routes.pop.service", refused(m));

        m = minimal();
        m.put("ketnoi.routes.pop.service", "VN/GOV/only-three");
        m.put("ketnoi.routes.pop.url", "https://lgsp.example.gov.vn/r1/x");
        names("ketnoi.routes.pop.service", refused(m));

        m = minimal();
        m.put("ketnoi.gateways.lgsp.url", "https://lgsp.example.gov.vn/r1");
        m.put("ketnoi.gateways.lgsp.token-url", "https://lgsp.example.gov.vn/token");
        m.put("ketnoi.gateways.lgsp.key", "app-key");
        names("ketnoi.gateways.lgsp.secret", refused(m));

        m.put("ketnoi.gateways.lgsp.secret", "bad\u0001secret-value");
        ConfigurationException e = refused(m);
        names("ketnoi.gateways.lgsp.secret", e);
        assertFalse(e.getMessage().contains("secret-value"), e.getMessage());

        m = minimal();
        m.put("ketnoi.gateways.lgsp.url", "http://lgsp.example.gov.vn/r1");
        m.put("ketnoi.gateways.lgsp.token-url", "https://lgsp.example.gov.vn/token");
        m.put("ketnoi.gateways.lgsp.key", "app-key");
        m.put("ketnoi.gateways.lgsp.secret", "gateway-secret-1");
        names("ketnoi.gateways.lgsp.url", refused(m));

        m = minimal();
        m.put("ketnoi.gateways.lgsp.tokenurl", "https://lgsp.example.gov.vn/token");
        names("ketnoi.gateways.lgsp.tokenurl", refused(m));
    }

    // ---- keys a module contributes (vn.ketnoi.core.spi.ConfigKeys) ----

    private static ConfigKeys provider(ConfigKeys.Key... keys) {
        return () -> List.of(keys);
    }

    @Test
    @org.junit.jupiter.api.DisplayName("A module's keys are refused without its provider, and accepted, typed and read back with it")
    void aModuleContributesItsOwnKeys() throws IOException {
        Map<String, String> m = minimal();
        m.put("ketnoi.example.timeout", "2m");
        names("ketnoi.example.timeout", refused(m));
        ConfigurationException unknownVariable = refused(minimal(), Map.of("KETNOI_EXAMPLE_TIMEOUT", "2m"));
        names("KETNOI_EXAMPLE_TIMEOUT", unknownVariable);

        List<ConfigKeys> providers = List.of(new ExampleConfigKeys());
        Path tokenFile = dir.resolve("example-token");
        Files.writeString(tokenFile, "example-token-value\n", StandardCharsets.UTF_8);
        m.put("ketnoi.example.url", "https://example.gov.vn/x");
        m.put("ketnoi.example.token-file", tokenFile.toString());
        KetnoiSettings s = ConfigLoader.load(m, Map.of("KETNOI_EXAMPLE_HOSTS", "a.example.vn, ,b.example.vn",
                "KETNOI_EXAMPLE_TIMEOUT", "30s"), providers);
        assertEquals(Duration.ofSeconds(30), s.value("ketnoi.example.timeout", Duration.class).orElseThrow(),
                "the variable overrides the property, as for sdk-core's keys");
        assertEquals(URI.create("https://example.gov.vn/x"), s.value("ketnoi.example.url", URI.class).orElseThrow());
        assertEquals(List.of("a.example.vn", "b.example.vn"), s.value("ketnoi.example.hosts", List.class).orElseThrow());
        char[] token = s.value("ketnoi.example.token", char[].class).orElseThrow();
        assertEquals("example-token-value", new String(token), "from the file, without its line break");
        token[0] = 'X';
        assertEquals('e', s.value("ketnoi.example.token", char[].class).orElseThrow()[0], "each read is a copy");
        assertFalse(s.toString().contains("example-token-value"), s.toString());
        assertTrue(ConfigLoader.load(minimal(), Map.of(), providers).value("ketnoi.example.url", URI.class).isEmpty(),
                "unset: the module applies its default");

        assertEquals("key", assertThrows(vn.ketnoi.core.exception.InvalidInputException.class,
                () -> s.value("ketnoi.example.other", String.class)).field());
        assertEquals("type", assertThrows(vn.ketnoi.core.exception.InvalidInputException.class,
                () -> s.value("ketnoi.example.timeout", String.class)).field());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("A module's malformed value is refused at load, naming the property or variable")
    void aContributedValueIsCheckedLikeCoresOwn() {
        List<ConfigKeys> providers = List.of(new ExampleConfigKeys());
        Map<String, String> m = minimal();
        m.put("ketnoi.example.timeout", "soon");
        names("ketnoi.example.timeout", assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(m, Map.of(), providers)));
        names("KETNOI_EXAMPLE_URL", assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(minimal(), Map.of("KETNOI_EXAMPLE_URL", "ftp://example.gov.vn"), providers)));
        Map<String, String> typo = minimal();
        typo.put("ketnoi.example.timeuot", "5s");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(typo, Map.of(), providers));
        assertTrue(e.getMessage().contains("did you mean ketnoi.example.timeout?"), e.getMessage());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("A module cannot declare sdk-core's keys, another module's, or a malformed one")
    void aModuleKeepsToKeysOfItsOwn() {
        ConfigKeys.Type d = ConfigKeys.Type.DURATION;
        for (String taken : List.of("ketnoi.http.connect-timeout", "ketnoi.resilience.population.max-attempts",
                "ketnoi.proxy.password-file", "ketnoi.routes.pop.url", "ketnoi.gateways.lgsp.header")) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigLoader.load(minimal(),
                    Map.of(), List.of(provider(new ConfigKeys.Key(taken, d, null, "Taken.")))), taken);
            assertEquals(taken, e.property());
        }
        for (String malformed : List.of("ketnoi.Example.timeout", "ketnoi.example", "example.timeout",
                "ketnoi.example.token-file", "ketnoi.example..timeout")) {
            assertEquals(malformed, assertThrows(ConfigurationException.class, () -> ConfigLoader.load(minimal(),
                    Map.of(), List.of(provider(new ConfigKeys.Key(malformed, d, null, "Malformed."))))).property());
        }
        ConfigurationException twice = assertThrows(ConfigurationException.class, () -> ConfigLoader.load(minimal(),
                Map.of(), List.of(new ExampleConfigKeys(), provider(ExampleConfigKeys.KEYS.get(0)))));
        assertTrue(twice.getMessage().contains("declared twice, by " + ExampleConfigKeys.class.getName()),
                twice.getMessage());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("Providers are found with the ServiceLoader of the context class loader")
    void providersAreFoundOnTheClassPath() throws IOException {
        Path services = dir.resolve("providers/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(ConfigKeys.class.getName()), ExampleConfigKeys.class.getName() + "\n",
                StandardCharsets.UTF_8);
        Map<String, String> m = minimal();
        m.put("ketnoi.example.timeout", "2m");
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(
                new java.net.URL[] {dir.resolve("providers").toUri().toURL()}, before)) {
            t.setContextClassLoader(loader);
            assertEquals(Duration.ofMinutes(2),
                    ConfigLoader.fromMap(m).value("ketnoi.example.timeout", Duration.class).orElseThrow());
            assertTrue(ConfigLoader.keys().contains("ketnoi.example.timeout"), "listed after sdk-core's keys");
        } finally {
            t.setContextClassLoader(before);
        }
        names("ketnoi.example.timeout", refused(m));
        assertFalse(ConfigLoader.keys().contains("ketnoi.example.timeout"));
    }
}
