package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgencyCredentialsTest {

    @Test
    void agenciesCertificatesAndPkcs12(@TempDir Path dir) throws Exception {
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().populationSize(10).build()) {
            SandboxAgency agency = sandbox.defaultAgency();
            assertEquals(KetnoiSandbox.DEFAULT_AGENCY_ID, agency.id());
            assertEquals("ES256", agency.algorithm());
            assertEquals(SandboxAgency.ALL_FIELDS, agency.grantedFields());
            assertEquals(List.of("population", "vneid", "edocuments", "civil-status", "catalogue", "chip-verification"),
                    List.copyOf(agency.scopes()));
            assertEquals(new LinkedHashSet<>(List.of("fullName", "birthDate", "sex", "permanentResidence")),
                    sandbox.limitedAgency().grantedFields());
            assertSame(agency, sandbox.agency(agency.id()));
            assertEquals(2, sandbox.agencies().size());
            assertThrows(IllegalArgumentException.class, () -> sandbox.agency("VN:GOV:unknown"));
            assertThrows(IllegalStateException.class, sandbox::baseUri, "not started yet");

            X509Certificate cert = agency.certificateChain().get(0);
            assertEquals(agency.publicKey(), cert.getPublicKey());
            cert.verify(agency.publicKey());
            assertTrue(cert.getSubjectX500Principal().getName().contains(agency.id()));
            assertSame(cert, agency.certificateChain().get(0), "made once");
            assertFalse(agency.toString().contains("PRIVATE"));

            char[] password = "doi-mat-khau".toCharArray();
            Path file = dir.resolve("agency.p12");
            agency.writePkcs12(file, password);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, password);
            }
            assertTrue(ks.isKeyEntry(agency.keyId()));
            assertArrayEquals(agency.privateKey().getEncoded(), ks.getKey(agency.keyId(), password).getEncoded());
        }
    }
}
