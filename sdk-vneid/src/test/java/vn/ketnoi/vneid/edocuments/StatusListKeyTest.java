package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;

/** Finding 2 for provider-signed status lists: the verifier follows the provider's keys as they change. */
@ExtendWith(KetnoiSandboxExtension.class)
class StatusListKeyTest {

    @Test
    @DisplayName("Finding 2: a status list signed after the provider re-keyed under the same kid verifies after one refresh")
    void aStatusListSignedAfterAReKeyUnderTheSameKidVerifies(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config);
             DocumentVerifier verifier = DocumentVerifier.builder(config).trustAnchors(sandbox.wallet().trustAnchors())
                     .statusListMaxAge(Duration.ZERO).build()) {
            Document d = EdocumentsClientTest.licence(EdocumentsClientTest.newId(), EdocumentsClientTest.level2(sandbox));
            edocs.issue(d);
            String presentation = sandbox.wallet().presentation(sandbox.defaultAgency().id(), d.documentId());
            assertEquals(Verdict.VALID, verifier.verify(presentation).verdict());

            edocs.revoke(d.documentId(), "licence withdrawn");
            sandbox.rekeySigningKey();
            long fetches = sandbox.stats().jwksRequests();
            // The revocation is in a list signed with the new key: it counts only if that key is taken up.
            VerificationResult r = verifier.verify(presentation);
            assertEquals(Verdict.REVOKED, r.verdict(), r.reason());
            assertEquals(fetches + 1, sandbox.stats().jwksRequests());
        }
    }
}
