package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ResilienceEvent;
import vn.ketnoi.core.exception.WriteOutcomeUnknownException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * The answer to an issuance is lost after the wallet stored the document; the one retry layer
 * (the core's, with the same idempotency key on every attempt) must not make a second one, for
 * the synchronous and the asynchronous API.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class ExactlyOnceTest {
    enum Api { SYNC, ASYNC }

    private static String freshSubject(KetnoiSandbox sandbox, int skip) {
        return sandbox.population().citizens().stream()
                .filter(c -> !c.isDeceased() && sandbox.population().vneidLevel(c) == 2)
                .skip(skip).findFirst().map(SyntheticCitizen::idNumber).orElseThrow();
    }

    private static ClientConfig watched(ClientConfig config, List<ResilienceEvent> events) {
        return config.toBuilder().addResilienceListener(events::add).build();
    }

    private static DocumentRecord issue(EdocumentsClient edocs, PreparedWrite write, Api api) {
        if (api == Api.SYNC) {
            return edocs.issue(write);
        }
        try {
            return edocs.issueAsync(write).join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /** Issues once through a fault that hits after storing; one retry, one document. */
    private static void issueOnce(KetnoiSandbox sandbox, ClientConfig config, String subject, Api api) {
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, watched(config, events))) {
            String id = EdocumentsClientTest.newId();
            PreparedWrite write = edocs.prepare(EdocumentsClientTest.licence(id, subject));
            DocumentRecord r = issue(edocs, write, api);
            assertEquals(id, r.documentId());
            assertEquals(1, sandbox.wallet().countDocuments(subject));
            // One layer retried, once: not the three-times-three of two stacked loops.
            assertEquals(1, events.stream().filter(e -> e.type() == ResilienceEvent.Type.RETRY).count(), events::toString);
            // The provider recorded the one operation under the key, and a later resend changes nothing.
            OperationOutcome o = edocs.operation(write.idempotencyKey()).orElseThrow();
            assertTrue(o.wasApplied());
            assertEquals(201, o.status());
            assertEquals(id, issue(edocs, write, api).documentId());
            assertEquals(1, sandbox.wallet().countDocuments(subject));
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    @Requirement(value = "R-10.3.2", side = Side.SDK)
    void connectionCutAfterStoring(Api api, KetnoiSandbox sandbox, ClientConfig config) {
        String subject = freshSubject(sandbox, 10 + api.ordinal() * 10);
        sandbox.wallet().dropConnectionAfterStoring(1);
        issueOnce(sandbox, config, subject, api);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    @Requirement(value = "R-10.3.2", side = Side.SDK)
    void serviceUnavailableAfterStoring(Api api, KetnoiSandbox sandbox, ClientConfig config) {
        String subject = freshSubject(sandbox, 11 + api.ordinal() * 10);
        sandbox.wallet().failWith503AfterStoring(1);
        issueOnce(sandbox, config, subject, api);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void clientTimesOutAfterStoring(Api api, KetnoiSandbox sandbox, ClientConfig config) {
        String subject = freshSubject(sandbox, 12 + api.ordinal() * 10);
        ClientConfig impatient = config.toBuilder()
                .httpOptions(HttpOptions.builder().responseTimeout(Duration.ofMillis(700)).build()).build();
        sandbox.wallet().delayAnswerAfterStoring(1, Duration.ofMillis(2000));
        issueOnce(sandbox, impatient, subject, api);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void everyAnswerLostEndsInOutcomeUnknownThatTheLookUpSettles(Api api, KetnoiSandbox sandbox, ClientConfig config) {
        String subject = freshSubject(sandbox, 13 + api.ordinal() * 10);
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            String id = EdocumentsClientTest.newId();
            PreparedWrite write = edocs.prepare(EdocumentsClientTest.licence(id, subject));
            sandbox.faults().add("/edocuments/v1/documents", SandboxFault.resetAfterApply());
            WriteOutcomeUnknownException e;
            long reached;
            try {
                sandbox.faults().resetCounts();
                e = assertThrows(WriteOutcomeUnknownException.class, () -> issue(edocs, write, api));
                reached = sandbox.faults().callsTo("/edocuments/v1/documents");
            } finally {
                sandbox.faults().clear();
            }
            assertEquals(write.idempotencyKey(), e.idempotencyKey());
            assertEquals("write.outcome-unknown", e.errorCode());
            assertTrue(e.mayHaveBeenApplied());
            assertEquals(edocs.config().resilience("edocuments").maxAttempts(), e.attempts());
            assertEquals(e.attempts(), reached, "one layer: as many requests as attempts");
            // The documented settlement: the look-up by key says it was applied, once.
            OperationOutcome o = edocs.operation(e.idempotencyKey()).orElseThrow();
            assertTrue(o.wasApplied());
            assertEquals(id, o.document().orElseThrow().documentId());
            assertEquals(1, sandbox.wallet().countDocuments(subject));
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aWriteCutBeforeItIsStoredSettlesAsNotAppliedAndIsSentAgainSafely(Api api, KetnoiSandbox sandbox,
                                                                           ClientConfig config) {
        String subject = freshSubject(sandbox, 14 + api.ordinal() * 10);
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            String id = EdocumentsClientTest.newId();
            PreparedWrite write = edocs.prepare(EdocumentsClientTest.licence(id, subject));
            sandbox.faults().add("/edocuments/v1/documents", SandboxFault.resetBeforeApply());
            RuntimeException e;
            try {
                e = assertThrows(RuntimeException.class, () -> issue(edocs, write, api));
            } finally {
                sandbox.faults().clear();
            }
            // The client cannot tell a cut before storing from one after: it says "unknown" and keeps the key.
            WriteOutcomeUnknownException unknown = assertInstanceOf(WriteOutcomeUnknownException.class, e);
            assertEquals(write.idempotencyKey(), unknown.idempotencyKey());
            assertTrue(edocs.operation(unknown.idempotencyKey()).isEmpty(), "the look-up: nothing was applied");
            assertEquals(0, sandbox.wallet().countDocuments(subject));
            assertEquals(id, issue(edocs, write, api).documentId());
            assertEquals(1, sandbox.wallet().countDocuments(subject));
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void unknownKeyIsEmpty(Api api, KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            String key = java.util.UUID.randomUUID().toString();
            assertTrue((api == Api.SYNC ? edocs.operation(key) : edocs.operationAsync(key).join()).isEmpty());
        }
    }
}
