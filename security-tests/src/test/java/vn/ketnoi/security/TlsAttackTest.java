package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.TlsOptions;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SyntheticCitizen;

/** Transport attacks, over real TLS against the sandbox serving HTTPS. */
class TlsAttackTest {

    private static KetnoiSandbox sandbox(KetnoiSandbox.Builder b) {
        return b.populationSize(50).build().start();
    }

    private static TransportException refused(ClientConfig config, SyntheticCitizen c) {
        try (PopulationClient client = PopulationClient.create(Fixtures.noRetries(config).build())) {
            return assertThrows(TransportException.class, () -> client.lookup(Fixtures.lookupOf(c)));
        }
    }

    @Test
    void lookupsWorkOverTlsWithAPrivateTrustAnchorSyncAndAsync() throws Exception {
        try (KetnoiSandbox sandbox = sandbox(KetnoiSandbox.builder().https())) {
            ClientConfig config = SandboxClients.configFor(sandbox);
            assertTrue(config.endpoint().toString().startsWith("https://"));
            SyntheticCitizen c = sandbox.population().anyLiving();
            try (PopulationClient client = PopulationClient.create(config)) {
                Citizen sync = client.lookup(Fixtures.lookupOf(c));
                Citizen async = client.lookupAsync(Fixtures.lookupOf(c)).get(30, TimeUnit.SECONDS);
                assertEquals(c.idNumber(), sync.idNumber().value());
                assertEquals(c.idNumber(), async.idNumber().value());
            }
        }
    }

    @Test
    void aServerCertificateForAnotherNameIsRefused() {
        try (KetnoiSandbox sandbox = sandbox(KetnoiSandbox.builder().https("api.dancu.example.vn"))) {
            TransportException e = refused(SandboxClients.configFor(sandbox), sandbox.population().anyLiving());
            assertEquals("transport.tls-hostname", e.errorCode());
            assertFalse(e.isRetryable());
        }
    }

    @Test
    void aServerCertificateForAnotherNameIsRefusedAsync() {
        try (KetnoiSandbox sandbox = sandbox(KetnoiSandbox.builder().https("api.dancu.example.vn"));
             PopulationClient client = PopulationClient.create(
                     Fixtures.noRetries(SandboxClients.configFor(sandbox)).build())) {
            assertEquals("transport.tls-hostname",
                    Fixtures.asyncFailure(client.lookupAsync(Fixtures.lookupOf(sandbox.population().anyLiving())))
                            .errorCode());
        }
    }

    @Test
    void aServerCertificateFromAnUntrustedCaIsRefused() {
        try (KetnoiSandbox sandbox = sandbox(KetnoiSandbox.builder().https());
             KetnoiSandbox other = sandbox(KetnoiSandbox.builder().https())) {
            // Trusts another sandbox's CA only: the server's chain leads nowhere we trust.
            ClientConfig config = SandboxClients.configFor(sandbox).toBuilder()
                    .tls(TlsOptions.builder().trustAnchors(List.of(other.tlsCertificateAuthority())).build()).build();
            assertEquals("transport.tls-untrusted", refused(config, sandbox.population().anyLiving()).errorCode());
        }
    }

    @Test
    void aServerCertificateOutOfDateIsRefusedAsExpired() {
        // The sandbox dates its certificates by its clock: two years back, the server's has expired;
        // two days ahead, it is not valid yet. Either is told apart from an unknown CA.
        for (java.time.Duration shift : List.of(java.time.Duration.ofDays(-730), java.time.Duration.ofDays(2))) {
            try (KetnoiSandbox sandbox = sandbox(KetnoiSandbox.builder().https()
                    .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), shift)))) {
                TransportException e = refused(SandboxClients.configFor(sandbox), sandbox.population().anyLiving());
                assertEquals("transport.tls-expired", e.errorCode(), "clock shifted by " + shift);
                assertFalse(e.isRetryable());
            }
        }
    }

    @Test
    void anUntrustedServerOnTheApiConnectionAloneIsRefusedSyncAndAsync() {
        // The token comes from a server we trust; only the API connection meets a certificate from
        // an unknown CA, as when someone on the path answers for the provider's API host. The
        // asynchronous client checks the chain on its own code path, so both are tried.
        try (KetnoiSandbox trusted = sandbox(KetnoiSandbox.builder().https());
             KetnoiSandbox impostor = sandbox(KetnoiSandbox.builder().https())) {
            ClientConfig base = SandboxClients.configFor(trusted);
            ClientConfig config = Fixtures.noRetries(base).endpoint(impostor.baseUri())
                    .tokenEndpoint(base.tokenEndpoint()).jwksUri(base.jwksUri()).build();
            SyntheticCitizen c = trusted.population().anyLiving();
            try (PopulationClient client = PopulationClient.create(config)) {
                assertEquals("transport.tls-untrusted",
                        assertThrows(TransportException.class, () -> client.lookup(Fixtures.lookupOf(c))).errorCode());
                assertEquals("transport.tls-untrusted",
                        Fixtures.asyncFailure(client.lookupAsync(Fixtures.lookupOf(c))).errorCode());
            }
        }
    }

    @Test
    void theJvmTrustStoreIsAddedToPrivateAnchorsOnlyWhenAskedFor(@TempDir Path dir) throws Exception {
        // The JVM's trust store is pointed at one sandbox's CA; the private anchor is another's.
        try (KetnoiSandbox publicCa = sandbox(KetnoiSandbox.builder().https());
             KetnoiSandbox privateCa = sandbox(KetnoiSandbox.builder().https())) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", publicCa.tlsCertificateAuthority());
            Path file = dir.resolve("jvm-trust.p12");
            try (var out = Files.newOutputStream(file)) {
                store.store(out, "changeit".toCharArray());
            }
            String[] keys = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType", "javax.net.ssl.trustStorePassword"};
            String[] saved = new String[keys.length];
            for (int i = 0; i < keys.length; i++) {
                saved[i] = System.getProperty(keys[i]);
            }
            try {
                System.setProperty(keys[0], file.toString());
                System.setProperty(keys[1], "PKCS12");
                System.setProperty(keys[2], "changeit");
                ClientConfig onlyPrivate = SandboxClients.configFor(publicCa).toBuilder().tls(TlsOptions.builder()
                        .trustAnchors(List.of(privateCa.tlsCertificateAuthority())).jvmTrustAnchors(false).build()).build();
                assertEquals("transport.tls-untrusted", refused(onlyPrivate, publicCa.population().anyLiving()).errorCode());
                ClientConfig both = SandboxClients.configFor(publicCa).toBuilder().tls(TlsOptions.builder()
                        .trustAnchors(List.of(privateCa.tlsCertificateAuthority())).jvmTrustAnchors(true).build()).build();
                SyntheticCitizen c = publicCa.population().anyLiving();
                try (PopulationClient client = PopulationClient.create(both)) {
                    assertEquals(c.idNumber(), client.lookup(Fixtures.lookupOf(c)).idNumber().value());
                }
            } finally {
                for (int i = 0; i < keys.length; i++) {
                    if (saved[i] == null) {
                        System.clearProperty(keys[i]);
                    } else {
                        System.setProperty(keys[i], saved[i]);
                    }
                }
            }
        }
    }

    @Test
    void theJvmTrustStoreDoesNotTrustAPrivateCaAsync() {
        try (KetnoiSandbox sandbox = sandbox(KetnoiSandbox.builder().https());
             PopulationClient client = PopulationClient.create(Fixtures.noRetries(SandboxClients.configFor(sandbox))
                     .tls(TlsOptions.defaults()).build())) {
            assertEquals("transport.tls-untrusted",
                    Fixtures.asyncFailure(client.lookupAsync(Fixtures.lookupOf(sandbox.population().anyLiving())))
                            .errorCode());
        }
    }

    @Test
    void mutualTlsWithTheAgencyCertificateWorks() throws Exception {
        try (KetnoiSandbox sandbox = sandbox(KetnoiSandbox.builder().requireClientCertificates());
             PopulationClient client = PopulationClient.create(SandboxClients.configFor(sandbox))) {
            assertTrue(client.config().tls().clientCertificate().isPresent());
            SyntheticCitizen c = sandbox.population().anyLiving();
            assertEquals(c.idNumber(), client.lookup(Fixtures.lookupOf(c)).idNumber().value());
            // The asynchronous client chooses its certificate on another code path (SSLEngine).
            assertEquals(c.idNumber(), client.lookupAsync(Fixtures.lookupOf(c)).get(30, TimeUnit.SECONDS).idNumber().value());
        }
    }

    @Test
    void noClientCertificateWhereTheServerRequiresOneIsRefused() {
        try (KetnoiSandbox sandbox = sandbox(KetnoiSandbox.builder().requireClientCertificates())) {
            ClientConfig config = SandboxClients.configFor(sandbox).toBuilder()
                    .tls(TlsOptions.builder().trustAnchors(List.of(sandbox.tlsCertificateAuthority())).build()).build();
            TransportException e = refused(config, sandbox.population().anyLiving());
            assertEquals("transport.tls-client-certificate", e.errorCode());
        }
    }

    @Test
    void aClientCertificateTheServerDoesNotAcceptIsRefused() {
        try (KetnoiSandbox sandbox = sandbox(KetnoiSandbox.builder().requireClientCertificates());
             KetnoiSandbox other = sandbox(KetnoiSandbox.builder().https())) {
            // A certificate issued by another CA: the server does not accept it.
            ClientConfig config = SandboxClients.configFor(sandbox).toBuilder()
                    .tls(TlsOptions.builder().trustAnchors(List.of(sandbox.tlsCertificateAuthority()))
                            .clientCertificate(other.issueClientCertificate("VN:GOV:000.00.15.H29")).build())
                    .build();
            assertEquals("transport.tls-client-certificate",
                    refused(config, sandbox.population().anyLiving()).errorCode());
        }
    }

    @Test
    void tls11IsRefusedEvenWhereTheJvmWouldAllowIt(@TempDir Path dir) throws Exception {
        Path props = dir.resolve("legacy.security");
        Files.writeString(props, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, "
                + "EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.properties=" + props, "-cp", System.getProperty("java.class.path"),
                LegacyTlsServer.class.getName()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "the TLS 1.1 server did not start");
            int port = Integer.parseInt(line.split(" ")[1]);
            URI endpoint = URI.create("https://127.0.0.1:" + port);
            try (KetnoiSandbox sandbox = sandbox(KetnoiSandbox.builder().https())) {
                ClientConfig config = SandboxClients.configFor(sandbox).toBuilder().endpoint(endpoint)
                        .tokenEndpoint(URI.create(endpoint + "/oauth2/token"))
                        .jwksUri(URI.create(endpoint + "/.well-known/jwks.json"))
                        .build();
                TransportException e = refused(config, sandbox.population().anyLiving());
                assertEquals("transport.tls-protocol", e.errorCode());
            }
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void protocolsOlderThanTls12CannotBeConfigured() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TlsOptions.builder().protocols("TLSv1.1"));
        assertEquals("tls.protocols", e.field());
    }
}
