package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.SigningAlgorithm;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxAgency;

/** Keys used where they live (a provider's key store, a device callback), and certificates checked at start-up. */
@ExtendWith(KetnoiSandboxExtension.class)
class KeyHandlingTest {

    private static X509Certificate certificate(KeyPair pair, Instant from, Instant to) throws Exception {
        X500Name name = new X500Name("CN=VN:GOV:000.00.15.H29, O=Test agency, C=VN");
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(to), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private static KeyPair ecPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @Test
    void aKeyBehindAnExternalSignerSignsRequestsTheProviderAccepts(KetnoiSandbox sandbox, ClientConfig config) {
        SandboxAgency agency = sandbox.defaultAgency();
        PrivateKey deviceKey = agency.privateKey(); // stands for a key inside an HSM
        AtomicInteger calls = new AtomicInteger();
        AgencyCredentials external = AgencyCredentials.external(agency.keyId(), SigningAlgorithm.ES256, List.of(),
                (input, sha256) -> {
                    calls.incrementAndGet();
                    Signature s = Signature.getInstance("SHA256withECDSA"); // DER, as HSMs return
                    s.initSign(deviceKey);
                    s.update(input);
                    return s.sign();
                });
        assertTrue(external.isExternal());
        try (PopulationClient client = PopulationClient.create(config.toBuilder().credentials(external).build())) {
            var c = sandbox.population().anyLiving();
            assertEquals(c.idNumber(), client.lookup(Fixtures.lookupOf(c)).idNumber().value());
        }
        assertTrue(calls.get() >= 2, "the assertion and the request were signed by the device");
    }

    @Test
    void aKeyFromAProvidersKeyStoreIsUsedThroughThatProvider(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        // A PKCS#11 token's store behaves the same way; a Bouncy Castle store stands in for it here.
        SandboxAgency agency = sandbox.defaultAgency();
        KeyStore store = KeyStore.getInstance("PKCS12", new BouncyCastleProvider());
        store.load(null, null);
        store.setKeyEntry("agency", agency.privateKey(), "pin".toCharArray(),
                new X509Certificate[] {selfSignedFor(agency)});
        AgencyCredentials fromStore = AgencyCredentials.fromKeyStore(store, null, "pin".toCharArray(), agency.keyId());
        assertFalse(fromStore.toString().contains("PRIVATE"));
        try (PopulationClient client = PopulationClient.create(config.toBuilder().credentials(fromStore).build())) {
            var c = sandbox.population().anyLiving();
            assertEquals(c.idNumber(), client.lookup(Fixtures.lookupOf(c)).idNumber().value());
        }
    }

    private static X509Certificate selfSignedFor(SandboxAgency agency) throws Exception {
        X500Name name = new X500Name("CN=" + agency.id().replace(':', '-'));
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(365))), name, agency.publicKey())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(agency.privateKey())));
    }

    @Test
    void anExpiredCertificateIsRefusedWhenTheClientIsBuilt(ClientConfig config) throws Exception {
        KeyPair pair = ecPair();
        Instant now = Instant.now();
        AgencyCredentials expired = AgencyCredentials.of("k1", pair.getPrivate(),
                List.of(certificate(pair, now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)))));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PopulationClient.create(config.toBuilder().credentials(expired).build()));
        assertEquals("credentials.certificateChain", e.field());
        assertTrue(e.getMessage().contains("expired"));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedWhenTheClientIsBuilt(ClientConfig config) throws Exception {
        KeyPair pair = ecPair();
        Instant now = Instant.now();
        X509Certificate other = certificate(ecPair(), now.minusSeconds(60), now.plus(Duration.ofDays(300)));
        AgencyCredentials mismatched = AgencyCredentials.of("k2", pair.getPrivate(), List.of(other));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PopulationClient.create(config.toBuilder().credentials(mismatched).build()));
        assertEquals("credentials", e.field());
    }

    @Test
    void aCertificateNearExpiryIsWarnedAboutOnce(ClientConfig config) throws Exception {
        KeyPair pair = ecPair();
        Instant now = Instant.now();
        AgencyCredentials soon = AgencyCredentials.of("k3", pair.getPrivate(),
                List.of(certificate(pair, now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(10)))));
        Logger logger = (Logger) LoggerFactory.getLogger("vn.ketnoi.credentials");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            ClientConfig c = config.toBuilder().credentials(soon).certificateExpiryWarning(Duration.ofDays(30)).build();
            PopulationClient.create(c).close();
            PopulationClient.create(c).close();
        } finally {
            logger.detachAppender(events);
        }
        assertEquals(1, events.list.size());
        assertEquals("WARN", events.list.get(0).getLevel().toString());
        assertTrue(events.list.get(0).getFormattedMessage().contains("expires"));
    }
}
