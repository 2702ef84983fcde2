package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.config.ConfigLoader;
import vn.ketnoi.core.config.ConfigurationException;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.Pkcs11Settings;
import vn.ketnoi.core.credential.SigningAlgorithm;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SoftHsm;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Issue 21: the agency's key in a real PKCS#11 token (SoftHSM2, initialised for this run), used
 * through the JDK's SunPKCS11 provider as Ketnoi's settings describe it. Every request signature
 * and client assertion below is made inside the token and checked by the sandbox with the public
 * key alone.
 */
class TokenSigningTest {
    static final String EC_AGENCY = "VN:GOV:000.00.21.T01";
    static final String RSA_AGENCY = "VN:GOV:000.00.21.T02";
    static final String RSA3072_AGENCY = "VN:GOV:000.00.21.T03";
    static final String REMOVABLE_AGENCY = "VN:GOV:000.00.21.T04";
    static final Set<String> FIELDS = Set.of("fullName", "birthDate", "sex");

    static SoftHsm hsm;
    static KetnoiSandbox sandbox;

    @BeforeAll
    static void tokenAndSandbox() {
        if (!SoftHsm.installed()) {
            // The test command installs SoftHSM2; CI must never pass by skipping.
            if (System.getenv("CI") != null) {
                fail("SoftHSM2 is missing in CI: scripts/test.sh's ensure_softhsm should have installed it");
            }
            Assumptions.abort(SoftHsm.notInstalledMessage());
        }
        hsm = SoftHsm.shared();
        var ec = hsm.generateKey(SoftHsm.TOKEN, "agency-ec", "EC", 256, null);
        var rsa = hsm.generateKey(SoftHsm.TOKEN, "agency-rsa", "RSA", 2048, null);
        var rsa3072 = hsm.generateKey(SoftHsm.TOKEN, "agency-rsa3072", "RSA", 3072, null);
        var removable = hsm.generateKey(SoftHsm.REMOVABLE_TOKEN, "agency-removable", "EC", 256, null);
        sandbox = KetnoiSandbox.builder().populationSize(200)
                .addAgency(EC_AGENCY, ec, FIELDS)
                .addAgency(RSA_AGENCY, rsa, FIELDS)
                .addAgency(RSA3072_AGENCY, rsa3072, FIELDS)
                .addAgency(REMOVABLE_AGENCY, removable, FIELDS)
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static Pkcs11Settings.Builder settings(String token, String alias, String agency) {
        return Pkcs11Settings.builder().library(hsm.library()).slot(hsm.slot(token)).pin(hsm.userPin())
                .keyAlias(alias).keyId(sandbox.agency(agency).keyId());
    }

    static ClientConfig config(String agency, AgencyCredentials credentials) {
        return ClientConfig.builder().endpoint(sandbox.baseUri()).agencyId(agency).credentials(credentials)
                .providerIssuer(sandbox.issuer()).proxy(ProxyOptions.none()).build();
    }

    static LookupRequest lookupOf(SyntheticCitizen c) {
        return PopulationLookupTest.requestFor(c).fields(CitizenField.SEX).build();
    }

    @Test
    @DisplayName("ES256: the token (P-256) signs the client assertion and every request; the sandbox verifies with the public key")
    void aP256KeyInTheTokenSignsALookup() {
        AgencyCredentials credentials = AgencyCredentials.fromPkcs11(settings(SoftHsm.TOKEN, "agency-ec", EC_AGENCY).build());
        assertEquals(SigningAlgorithm.ES256, credentials.algorithm());
        assertTrue(credentials.toString().contains("SunPKCS11-Ketnoi"), "signs through the token's provider: " + credentials);
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient client = PopulationClient.create(config(EC_AGENCY, credentials))) {
            assertEquals(c.idNumber(), client.lookup(lookupOf(c)).idNumber().value());
            assertEquals(c.idNumber(), client.lookup(lookupOf(c)).idNumber().value(), "a second signature, same session pool");
        }
    }

    @Test
    @DisplayName("PS256: RSA 2048 and RSA 3072 keys in the token sign lookups (RSASSA-PSS inside the token)")
    void rsaKeysInTheTokenSignLookups() {
        SyntheticCitizen c = sandbox.population().anyLiving();
        for (var agencyAndAlias : List.of(List.of(RSA_AGENCY, "agency-rsa"), List.of(RSA3072_AGENCY, "agency-rsa3072"))) {
            AgencyCredentials credentials = AgencyCredentials.fromPkcs11(
                    settings(SoftHsm.TOKEN, agencyAndAlias.get(1), agencyAndAlias.get(0)).build());
            assertEquals(SigningAlgorithm.PS256, credentials.algorithm());
            try (PopulationClient client = PopulationClient.create(config(agencyAndAlias.get(0), credentials))) {
                assertEquals(c.idNumber(), client.lookup(lookupOf(c)).idNumber().value(), agencyAndAlias.get(1));
            }
        }
    }

    @Test
    @DisplayName("The PIN from a file, and from the KETNOI_CREDENTIALS_PKCS11_PIN variable through ConfigLoader")
    void thePinComesFromAFileOrAnEnvironmentVariable(@TempDir Path dir) throws Exception {
        Path pinFile = hsm.writePinFile(dir.resolve("token-pin"));
        AgencyCredentials fromFile = AgencyCredentials.fromPkcs11(Pkcs11Settings.builder().library(hsm.library())
                .slot(hsm.slot(SoftHsm.TOKEN)).pinFile(pinFile).keyAlias("agency-ec")
                .keyId(sandbox.agency(EC_AGENCY).keyId()).build());
        assertEquals(SigningAlgorithm.ES256, fromFile.algorithm());

        Map<String, String> properties = Map.of(
                "ketnoi.endpoint", sandbox.baseUri().toString(),
                "ketnoi.agency-id", EC_AGENCY,
                "ketnoi.provider-issuer", sandbox.issuer(),
                "ketnoi.proxy.enabled", "false",
                "ketnoi.credentials.key-id", sandbox.agency(EC_AGENCY).keyId(),
                "ketnoi.credentials.pkcs11.library", hsm.library().toString(),
                "ketnoi.credentials.pkcs11.slot", Long.toString(hsm.slot(SoftHsm.TOKEN)),
                "ketnoi.credentials.pkcs11.key-alias", "agency-ec");
        ClientConfig config = ConfigLoader.load(properties,
                Map.of("KETNOI_CREDENTIALS_PKCS11_PIN", new String(hsm.userPin()))).clientConfig();
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient client = PopulationClient.create(config)) {
            assertEquals(c.idNumber(), client.lookup(lookupOf(c)).idNumber().value());
        }
        String shown = Pkcs11Settings.builder().library(hsm.library()).pinFile(pinFile).build().toString();
        assertFalse(shown.contains(new String(hsm.userPin())), "the settings never show the PIN: " + shown);
    }

    @Test
    @DisplayName("A wrong PIN: a typed error naming the PIN as wrong, without its value, through the builder and ConfigLoader")
    void aWrongPinIsRefusedByName() {
        // On a token this JVM has not logged in to: PKCS#11 checks a PIN only at the process's first login.
        String wrong = new String(hsm.userPin()) + "x";
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AgencyCredentials.fromPkcs11(
                Pkcs11Settings.builder().library(hsm.library()).slot(hsm.slot(SoftHsm.NEVER_LOGGED_IN_TOKEN))
                        .pin(wrong.toCharArray()).build()));
        assertEquals("credentials.pkcs11.pin", e.field());
        assertTrue(e.getMessage().contains("refused the PIN"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), "the message never carries the PIN");

        ConfigurationException c = assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of(
                "ketnoi.endpoint", sandbox.baseUri().toString(), "ketnoi.agency-id", EC_AGENCY,
                "ketnoi.credentials.pkcs11.library", hsm.library().toString(),
                "ketnoi.credentials.pkcs11.slot", Long.toString(hsm.slot(SoftHsm.NEVER_LOGGED_IN_TOKEN))),
                Map.of("KETNOI_CREDENTIALS_PKCS11_PIN", wrong)));
        assertTrue(c.getMessage().contains("KETNOI_CREDENTIALS_PKCS11_PIN"), "names where the PIN came from: " + c.getMessage());
        assertFalse(c.getMessage().contains(wrong), "the message never carries the PIN");
    }

    @Test
    @DisplayName("A key label the token does not hold: a typed error naming the key alias; a slot it does not have: naming the slot")
    void aMissingKeyOrSlotIsRefusedByName() {
        InvalidInputException alias = assertThrows(InvalidInputException.class, () -> AgencyCredentials.fromPkcs11(
                settings(SoftHsm.TOKEN, "no-such-key", EC_AGENCY).build()));
        assertEquals("credentials.pkcs11.keyAlias", alias.field());
        assertTrue(alias.getMessage().contains("no-such-key"), alias.getMessage());

        InvalidInputException slot = assertThrows(InvalidInputException.class, () -> AgencyCredentials.fromPkcs11(
                Pkcs11Settings.builder().library(hsm.library()).slot(hsm.slot(SoftHsm.TOKEN) + 1).pin(hsm.userPin()).build()));
        assertEquals("credentials.pkcs11.slot", slot.field());
        InvalidInputException index = assertThrows(InvalidInputException.class, () -> AgencyCredentials.fromPkcs11(
                Pkcs11Settings.builder().library(hsm.library()).slotIndex(99).pin(hsm.userPin()).build()));
        assertEquals("credentials.pkcs11.slotIndex", index.field());
    }

    @Test
    @DisplayName("A library that is not PKCS#11, or missing: a typed error naming the library")
    void aWrongLibraryIsRefusedByName(@TempDir Path dir) throws Exception {
        Path notALibrary = Files.writeString(dir.resolve("libnot-pkcs11.so"), "not a shared object");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AgencyCredentials.fromPkcs11(
                Pkcs11Settings.builder().library(notALibrary).pin(hsm.userPin()).build()));
        assertEquals("credentials.pkcs11.library", e.field());
        InvalidInputException missing = assertThrows(InvalidInputException.class, () ->
                Pkcs11Settings.builder().library(dir.resolve("absent.so")).pin(hsm.userPin()).build());
        assertEquals("credentials.pkcs11.library", missing.field());
    }

    @Test
    @DisplayName("The token removed mid-run: the next call fails at once with signing.failed, and the token cannot be opened again")
    void aTokenRemovedMidRunFailsTypedWithoutHanging() {
        AgencyCredentials credentials = AgencyCredentials.fromPkcs11(
                settings(SoftHsm.REMOVABLE_TOKEN, "agency-removable", REMOVABLE_AGENCY).build());
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient client = PopulationClient.create(config(REMOVABLE_AGENCY, credentials))) {
            assertEquals(c.idNumber(), client.lookup(lookupOf(c)).idNumber().value());
            hsm.deleteToken(SoftHsm.REMOVABLE_TOKEN);
            KetnoiException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(KetnoiException.class, () -> client.lookup(lookupOf(c))));
            assertEquals("signing.failed", e.errorCode(), e.toString());
            assertFalse(e.isRetryable(), "a missing token does not come back by retrying");
        }
        InvalidInputException reopen = assertThrows(InvalidInputException.class, () -> AgencyCredentials.fromPkcs11(
                settings(SoftHsm.REMOVABLE_TOKEN, "agency-removable", REMOVABLE_AGENCY).build()));
        assertEquals("credentials.pkcs11.slot", reopen.field(), () -> {
            StringBuilder b = new StringBuilder();
            for (Throwable t = reopen; t != null; t = t.getCause()) {
                b.append(t).append(" <- ");
            }
            return b.toString();
        });
    }

    @Test
    @DisplayName("Many threads sign with one token key at once: every call succeeds (the token serialises, the SDK adds no lock)")
    void manyThreadsSignWithOneTokenKey() throws Exception {
        AgencyCredentials credentials = AgencyCredentials.fromPkcs11(settings(SoftHsm.TOKEN, "agency-ec", EC_AGENCY).build());
        List<SyntheticCitizen> citizens = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            citizens.add(sandbox.population().anyLiving());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (PopulationClient client = PopulationClient.create(config(EC_AGENCY, credentials))) {
            List<Future<String>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (SyntheticCitizen c : citizens) {
                    results.add(pool.submit(() -> client.lookup(lookupOf(c)).idNumber().value()));
                }
            }
            List<Executable> checks = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                String expected = citizens.get(i % citizens.size()).idNumber();
                Future<String> f = results.get(i);
                checks.add(() -> assertEquals(expected, f.get(60, TimeUnit.SECONDS)));
            }
            assertAll(checks);
        } finally {
            pool.shutdownNow();
        }
    }
}
