package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.RevocationOptions;
import vn.ketnoi.core.TlsOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.core.spi.CertificateStatus;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxTopology;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The status of the certificates Ketnoi relies on, asked of the sandbox's own OCSP responder and
 * CRLs over HTTP: the provider's TLS certificate at each handshake, and the agency's certificate
 * when a client is built. Revoked is refused; good is accepted; an unreachable responder follows
 * the policy (soft-fail passes with one WARN, hard-fail refuses); the wait is finite; answers are cached.
 */
class CertificateStatusTest {
    private static final RevocationOptions HARD = RevocationOptions.builder()
            .whenUnreachable(RevocationOptions.Policy.HARD_FAIL).timeout(Duration.ofSeconds(2)).build();

    private static KetnoiSandbox https() {
        return KetnoiSandbox.builder().https().populationSize(50).build().start();
    }

    private static ClientConfig config(KetnoiSandbox sandbox, RevocationOptions revocation) {
        return Fixtures.noRetries(SandboxClients.configFor(sandbox, sandbox.defaultAgency(), SandboxTopology.DIRECT))
                .revocation(revocation).build();
    }

    private static TransportException refused(ClientConfig config, SyntheticCitizen c) {
        try (PopulationClient client = PopulationClient.create(config)) {
            return assertThrows(TransportException.class, () -> client.lookup(Fixtures.lookupOf(c)));
        }
    }

    @Test
    void aGoodServerCertificateIsAcceptedAfterAskingTheResponder() {
        try (KetnoiSandbox sandbox = https()) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            try (PopulationClient client = PopulationClient.create(config(sandbox, HARD))) {
                assertEquals(c.idNumber(), client.lookup(Fixtures.lookupOf(c)).idNumber().value());
            }
            assertTrue(sandbox.revocation().ocspRequests() >= 1, "the responder was asked");
        }
    }

    @Test
    void aRevokedServerCertificateIsRefusedSyncAndAsyncWhateverThePolicy() throws Exception {
        try (KetnoiSandbox sandbox = https()) {
            sandbox.revokeTlsCertificate();
            SyntheticCitizen c = sandbox.population().anyLiving();
            for (RevocationOptions policy : List.of(RevocationOptions.defaults(), HARD)) {
                try (PopulationClient client = PopulationClient.create(config(sandbox, policy))) {
                    TransportException e = assertThrows(TransportException.class, () -> client.lookup(Fixtures.lookupOf(c)));
                    assertEquals("transport.tls-certificate-revoked", e.errorCode());
                    assertFalse(e.isRetryable());
                    assertEquals("transport.tls-certificate-revoked",
                            Fixtures.asyncFailure(client.lookupAsync(Fixtures.lookupOf(c))).errorCode());
                }
            }
        }
    }

    @Test
    void aRevokedServerCertificateIsFoundInTheCrlWhenTheOcspResponderIsDown() {
        try (KetnoiSandbox sandbox = https()) {
            sandbox.revokeTlsCertificate();
            sandbox.revocation().ocspUnreachable(true);
            assertEquals("transport.tls-certificate-revoked",
                    refused(config(sandbox, HARD), sandbox.population().anyLiving()).errorCode());
            assertTrue(sandbox.revocation().crlRequests() >= 1, "the CRL was fetched");
        }
    }

    @Test
    void preferCrlsAsksTheCrlFirst() {
        try (KetnoiSandbox sandbox = https()) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            try (PopulationClient client = PopulationClient.create(config(sandbox, HARD.toBuilder().preferCrls(true).build()))) {
                client.lookup(Fixtures.lookupOf(c));
            }
            assertTrue(sandbox.revocation().crlRequests() >= 1);
            assertEquals(0, sandbox.revocation().ocspRequests(), "a CRL was enough");
        }
    }

    @Test
    void anUnreachableResponderIsRefusedUnderHardFail() {
        try (KetnoiSandbox sandbox = https()) {
            sandbox.revocation().unreachable(true);
            TransportException e = refused(config(sandbox, HARD), sandbox.population().anyLiving());
            assertEquals("transport.tls-certificate-status-unknown", e.errorCode());
            assertFalse(e.isRetryable());
        }
    }

    @Test
    void anUnreachableResponderPassesUnderSoftFailWithOneWarning() {
        Logger logger = (Logger) LoggerFactory.getLogger("vn.ketnoi.revocation");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try (KetnoiSandbox sandbox = https()) {
            sandbox.revocation().unreachable(true);
            SyntheticCitizen c = sandbox.population().anyLiving();
            ClientConfig soft = config(sandbox, RevocationOptions.defaults());
            for (int i = 0; i < 2; i++) {
                try (PopulationClient client = PopulationClient.create(soft)) {
                    assertEquals(c.idNumber(), client.lookup(Fixtures.lookupOf(c)).idNumber().value());
                }
            }
            assertTrue(sandbox.revocation().ocspRequests() >= 2, "each client asked");
        } finally {
            logger.detachAppender(events);
        }
        assertEquals(1, events.list.size(), "one WARN for the certificate, not one per handshake");
        assertEquals("WARN", events.list.get(0).getLevel().toString());
        assertTrue(events.list.get(0).getFormattedMessage().contains("soft-fail"));
    }

    @Test
    void aSlowResponderIsGivenUpOnAtTheTimeout() {
        try (KetnoiSandbox sandbox = https()) {
            sandbox.revocation().slow(Duration.ofSeconds(20));
            long start = System.nanoTime();
            TransportException e = refused(config(sandbox, HARD.toBuilder().timeout(Duration.ofMillis(300)).build()),
                    sandbox.population().anyLiving());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("transport.tls-certificate-status-unknown", e.errorCode());
            // OCSP, then the CRL: two fetches of 300 ms each, and the handshake, well under the 20 s delay.
            assertTrue(millis < 5_000, "gave up after " + millis + " ms");
            sandbox.revocation().slow(Duration.ZERO);
        }
    }

    @Test
    void anAnswerIsCachedUntilItsNextUpdateAndTheResponderAskedOnce() {
        try (KetnoiSandbox sandbox = https()) {
            CertificateStatus status = new CertificateStatus(HARD, Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                assertEquals(CertificateStatus.Outcome.GOOD,
                        status.check(sandbox.tlsServerCertificate(), sandbox.tlsCertificateAuthority()).outcome());
            }
            assertEquals(1, sandbox.revocation().ocspRequests());
            assertEquals(1, status.fetches());
            // Past the answer's nextUpdate (10 minutes), it is asked again.
            CertificateStatus later = new CertificateStatus(HARD, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11)));
            later.check(sandbox.tlsServerCertificate(), sandbox.tlsCertificateAuthority());
            CertificateStatus.Result r = later.check(sandbox.tlsServerCertificate(), sandbox.tlsCertificateAuthority());
            assertEquals(3, sandbox.revocation().ocspRequests(), "an out-of-date answer is neither kept nor trusted: " + r);
        }
    }

    @Test
    void checksOffAskNobody() {
        try (KetnoiSandbox sandbox = https()) {
            sandbox.revokeTlsCertificate();
            SyntheticCitizen c = sandbox.population().anyLiving();
            try (PopulationClient client = PopulationClient.create(config(sandbox, RevocationOptions.disabled()))) {
                client.lookup(Fixtures.lookupOf(c));
            }
            assertEquals(0, sandbox.revocation().ocspRequests() + sandbox.revocation().crlRequests());
        }
    }

    // ---- the agency's own certificate, when a client is built ----

    private static ClientConfig withClientCertificate(KetnoiSandbox sandbox, AgencyCredentials tlsCert,
                                                      RevocationOptions revocation) {
        ClientConfig base = config(sandbox, revocation);
        return base.toBuilder().tls(TlsOptions.builder().trustAnchors(List.of(sandbox.tlsCertificateAuthority()))
                .clientCertificate(tlsCert).build()).build();
    }

    @Test
    void aRevokedAgencyCertificateStopsTheClientAtStartUp() {
        try (KetnoiSandbox sandbox = https()) {
            AgencyCredentials agencyTls = sandbox.issueClientCertificate(sandbox.defaultAgency().id());
            PopulationClient.create(withClientCertificate(sandbox, agencyTls, RevocationOptions.defaults())).close();
            sandbox.revocation().revoke(agencyTls.certificateChain().get(0));
            int before = sandbox.revocation().ocspRequests();
            KetnoiException e = assertThrows(KetnoiException.class, () -> PopulationClient.create(
                    withClientCertificate(sandbox, agencyTls, RevocationOptions.defaults())));
            assertEquals("credentials.certificate-revoked", e.errorCode());
            assertFalse(e.isRetryable());
            assertTrue(e.getMessage().contains("tls.clientCertificate"), e.getMessage());
            assertTrue(sandbox.revocation().ocspRequests() > before, "asked before any call");
        }
    }

    @Test
    void anAgencyCertificateOfUnknownStatusStopsTheClientUnderHardFailOnly() {
        try (KetnoiSandbox sandbox = https()) {
            AgencyCredentials agencyTls = sandbox.issueClientCertificate(sandbox.defaultAgency().id());
            sandbox.revocation().unreachable(true);
            KetnoiException e = assertThrows(KetnoiException.class, () -> PopulationClient.create(
                    withClientCertificate(sandbox, agencyTls, HARD)));
            assertEquals("credentials.certificate-status-unknown", e.errorCode());
            PopulationClient.create(withClientCertificate(sandbox, agencyTls, RevocationOptions.defaults())).close();
        }
    }
}
