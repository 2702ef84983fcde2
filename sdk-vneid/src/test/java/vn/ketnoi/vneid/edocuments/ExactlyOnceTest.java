package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;

/** The answer to an issuance is lost after the wallet stored the document; the retry must not make a second one. */
@ExtendWith(KetnoiSandboxExtension.class)
class ExactlyOnceTest {

    private static String freshSubject(KetnoiSandbox sandbox, int skip) {
        return sandbox.population().citizens().stream()
                .filter(c -> !c.isDeceased() && sandbox.population().vneidLevel(c) == 2)
                .skip(skip).findFirst().map(SyntheticCitizen::idNumber).orElseThrow();
    }

    private static void issueOnce(KetnoiSandbox sandbox, ClientConfig config, String subject) {
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            String id = EdocumentsClientTest.newId();
            PreparedWrite write = edocs.prepare(EdocumentsClientTest.licence(id, subject));
            DocumentRecord r = edocs.issue(write);
            assertEquals(id, r.documentId());
            assertEquals(1, sandbox.wallet().countDocuments(subject));
            // The provider recorded the one operation under the key, and a later resend changes nothing.
            OperationOutcome o = edocs.operation(write.idempotencyKey()).orElseThrow();
            assertTrue(o.wasApplied());
            assertEquals(201, o.status());
            assertEquals(id, edocs.issue(write).documentId());
            assertEquals(1, sandbox.wallet().countDocuments(subject));
        }
    }

    @Test
    void connectionCutAfterStoring(KetnoiSandbox sandbox, ClientConfig config) {
        String subject = freshSubject(sandbox, 10);
        sandbox.wallet().dropConnectionAfterStoring(1);
        issueOnce(sandbox, config, subject);
    }

    @Test
    void serviceUnavailableAfterStoring(KetnoiSandbox sandbox, ClientConfig config) {
        String subject = freshSubject(sandbox, 11);
        sandbox.wallet().failWith503AfterStoring(1);
        issueOnce(sandbox, config, subject);
    }

    @Test
    void clientTimesOutAfterStoring(KetnoiSandbox sandbox, ClientConfig config) {
        String subject = freshSubject(sandbox, 12);
        ClientConfig impatient = config.toBuilder()
                .httpOptions(HttpOptions.builder().responseTimeout(Duration.ofMillis(700)).build()).build();
        sandbox.wallet().delayAnswerAfterStoring(1, Duration.ofMillis(2000));
        issueOnce(sandbox, impatient, subject);
    }

    @Test
    void unknownKeyIsEmpty(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            assertTrue(edocs.operation(java.util.UUID.randomUUID().toString()).isEmpty());
        }
    }
}
