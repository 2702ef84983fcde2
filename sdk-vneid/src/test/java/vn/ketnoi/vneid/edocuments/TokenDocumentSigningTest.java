package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.Pkcs11Settings;
import vn.ketnoi.core.credential.SigningAlgorithm;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SoftHsm;

/**
 * Issue 21: an e-document signed with a document-signing key generated inside a real PKCS#11
 * token (SoftHSM2), certified by the sandbox's document CA, used through the JDK's SunPKCS11
 * provider; the wallet accepts it only if the signature verifies against that certificate.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class TokenDocumentSigningTest {

    @Test
    @DisplayName("A P-256 document-signing key in the token signs an e-document the wallet accepts")
    void aDocumentSignedInTheTokenIsDelivered(KetnoiSandbox sandbox, ClientConfig config) {
        if (!SoftHsm.installed()) {
            if (System.getenv("CI") != null) {
                fail("SoftHSM2 is missing in CI: scripts/test.sh's ensure_softhsm should have installed it");
            }
            Assumptions.abort(SoftHsm.notInstalledMessage());
        }
        SoftHsm hsm = SoftHsm.shared();
        String agency = sandbox.defaultAgency().id();
        Instant now = Instant.now();
        // The certificate comes from the sandbox's document CA, whose profile (CN = agency id,
        // end entity, signing key usage) is the one document signers must carry.
        PublicKey pub = hsm.generateKey(SoftHsm.TOKEN, "document-signing", "EC", 256, key -> List.<X509Certificate>of(
                sandbox.wallet().certify(agency, new KeyPair(key, null), now.minus(Duration.ofDays(1)),
                        now.plus(Duration.ofDays(365)))));
        AgencyCredentials credentials = AgencyCredentials.fromPkcs11(Pkcs11Settings.builder().library(hsm.library())
                .slot(hsm.slot(SoftHsm.TOKEN)).pin(hsm.userPin()).keyAlias("document-signing").build());
        assertEquals(SigningAlgorithm.ES256, credentials.algorithm());
        assertEquals(pub, credentials.certificateChain().get(0).getPublicKey(), "the token's certificate is the one stored with its key");
        assertTrue(credentials.toString().contains("SunPKCS11"), credentials.toString());

        try (EdocumentsClient edocs = EdocumentsClient.builder(config).signingKey(DocumentSigningKey.of(credentials))
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build()) {
            DocumentRecord r = edocs.issue(EdocumentsClientTest.licence(EdocumentsClientTest.newId(),
                    EdocumentsClientTest.level2(sandbox)));
            assertEquals(DocumentStatus.DELIVERED, r.status(), "the wallet verified the token's signature with the certificate");
        }
    }
}
