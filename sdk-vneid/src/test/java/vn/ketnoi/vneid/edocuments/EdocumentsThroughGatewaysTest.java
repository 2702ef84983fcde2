package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.GatewayUnavailableException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.SignatureRejectedException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxGateway;
import vn.ketnoi.testkit.SandboxTopology;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Issuing an e-document through the exchange layer: the signed write and its signed answer
 * verify through one gateway and through two, a gateway that alters the document is caught by
 * the provider, and a write whose answer a gateway loses is settled by its idempotency key.
 */
@Tag("own-topology") // it names its topologies itself: run once, not once per topology
class EdocumentsThroughGatewaysTest {
    static KetnoiSandbox sandbox;
    static int next;

    @BeforeAll
    static void start() {
        sandbox = KetnoiSandbox.builder().populationSize(300).build().start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void clear() {
        for (SandboxTopology t : List.of(SandboxTopology.GATEWAY, SandboxTopology.GATEWAY_CHAIN)) {
            sandbox.gateways(t).forEach(g -> g.faults().clear());
        }
    }

    /** A level-2 VNeID holder no other test of this class issued to. */
    static synchronized String freshSubject() {
        return sandbox.population().citizens().stream()
                .filter(c -> !c.isDeceased() && sandbox.population().vneidLevel(c) == 2)
                .skip(next++).findFirst().map(SyntheticCitizen::idNumber).orElseThrow();
    }

    static EdocumentsClient client(ClientConfig config) {
        return EdocumentsClientTest.client(sandbox, config);
    }

    @ParameterizedTest
    @EnumSource(value = SandboxTopology.class, names = {"GATEWAY", "GATEWAY_CHAIN"})
    @Requirement(value = "R-4.12", side = Side.SDK)
    void issueAndReadStatusThroughGateways(SandboxTopology topology) {
        List<SandboxGateway> chain = sandbox.gateways(topology);
        chain.forEach(g -> g.stats().reset());
        String subject = freshSubject();
        try (EdocumentsClient edocs = client(SandboxClients.configFor(sandbox, sandbox.defaultAgency(), topology))) {
            String id = EdocumentsClientTest.newId();
            DocumentRecord issued = edocs.issue(EdocumentsClientTest.licence(id, subject));
            assertEquals(DocumentStatus.DELIVERED, issued.status());
            assertEquals(DocumentStatus.DELIVERED, edocs.status(id).status());
        }
        for (SandboxGateway g : chain) {
            assertEquals(2, g.stats().forwarded(EdocumentsClient.SERVICE), g.name());
        }
        assertEquals(1, sandbox.wallet().countDocuments(subject));
        assertEquals(0, sandbox.stats().requestsCarrying("Gateway-Authorization"));
    }

    @ParameterizedTest
    @EnumSource(value = SandboxTopology.class, names = {"GATEWAY", "GATEWAY_CHAIN"})
    void aDocumentAlteredOnTheWayIsRefusedByTheProvider(SandboxTopology topology) {
        List<SandboxGateway> chain = sandbox.gateways(topology);
        // A member slipped into the issue request: the JSON is still valid, the signed digest no longer holds.
        chain.get(chain.size() - 1).faults().tamperRequestBody(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"validUntil\":\"2045-07-01\",").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String subject = freshSubject();
        try (EdocumentsClient edocs = client(SandboxClients.configFor(sandbox, sandbox.defaultAgency(), topology))) {
            KetnoiException e = assertThrows(KetnoiException.class,
                    () -> edocs.issue(EdocumentsClientTest.licence(EdocumentsClientTest.newId(), subject)));
            assertTrue(e instanceof SignatureRejectedException, e.toString());
            assertEquals("signature.digest-mismatch", e.errorCode());
        }
        assertEquals(0, sandbox.wallet().countDocuments(subject));
    }

    @Test
    void aWriteWhoseAnswerTheGatewayLosesMayHaveBeenAppliedAndIsSettledByItsKey() {
        SandboxGateway lgsp = sandbox.gateways(SandboxTopology.GATEWAY).get(0);
        ClientConfig once = SandboxClients.configFor(sandbox, sandbox.defaultAgency(), SandboxTopology.GATEWAY)
                .toBuilder().resilience(ResilienceOptions.disabled()).build();
        String subject = freshSubject();
        try (EdocumentsClient edocs = client(once)) {
            String id = EdocumentsClientTest.newId();
            PreparedWrite write = edocs.prepare(EdocumentsClientTest.licence(id, subject));
            lgsp.faults().loseAnswer(504, 1);
            KetnoiException e = assertThrows(KetnoiException.class, () -> edocs.issue(write));
            assertTrue(e.mayHaveBeenApplied(), e.toString());
            if (e instanceof GatewayUnavailableException g) {
                assertEquals(504, g.statusCode());
            }
            assertEquals(1, sandbox.wallet().countDocuments(subject), "the provider did store it");
            OperationOutcome o = edocs.operation(write.idempotencyKey()).orElseThrow();
            assertTrue(o.wasApplied());
            assertEquals(id, edocs.issue(write).documentId(), "sent again under its key: the same document");
            assertEquals(1, sandbox.wallet().countDocuments(subject));
        }
    }
}
