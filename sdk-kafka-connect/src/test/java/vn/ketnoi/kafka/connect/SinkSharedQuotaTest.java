package vn.ketnoi.kafka.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.core.exception.SharedQuotaUnavailableException;
import vn.ketnoi.kafka.connect.internal.ConnectSettings;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The sink's rate limit drawn from the agency's quota on Redis, set in the connector's
 * configuration: without Redis, under the default policy, a push is refused before it is sent
 * (retryable, so Connect delivers it again later), never sent unmetered. No Kafka needed: the
 * applier is what the task runs.
 */
class SinkSharedQuotaTest {
    @TempDir
    static Path dir;
    static KetnoiSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = KetnoiSandbox.builder().populationSize(50).build().start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Map<String, String> config() throws Exception {
        Map<String, String> c = ConnectorsTest.sdk(sandbox, dir, "changeit-p12");
        c.put("ketnoi.connect.push.purpose", "HEALTH_INSURANCE");
        c.put("ketnoi.resilience.rate-limit.permits", "50");
        c.put("ketnoi.resilience.rate-limit.period", "1s");
        return c;
    }

    static SinkRecord record(String idNumber) {
        Map<String, Object> value = Map.of("idNumber", idNumber, "field", "HEALTH_INSURANCE_NUMBER",
                "value", "DN4000000000042", "asOf", Instant.parse("2026-03-01T00:00:00Z").toString());
        return new SinkRecord("pushes", 0, null, "k", null, value, 0);
    }

    @Test
    void withRedisUnreachableTheDefaultPolicyRefusesBeforeSendingAndTheSameConfigWithoutRedisPushes()
            throws Exception {
        SyntheticCitizen citizen = sandbox.population().citizens().stream()
                .filter(p -> !p.isDeceased() && p.hasFullBirthDate()).findFirst().orElseThrow();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> shared = config();
        shared.put("ketnoi.connect.rate-limit.redis.uri", "redis://127.0.0.1:" + closedPort);
        new SinkSettings(shared); // the keys are declared and accepted
        long before = sandbox.stats().pushesApplied();
        try (PopulationPushApplier applier = new PopulationPushApplier()) {
            applier.start(ConnectSettings.sdk(shared), shared);
            SharedQuotaUnavailableException e = assertThrows(SharedQuotaUnavailableException.class,
                    () -> applier.apply(record(citizen.idNumber()), "5f0c6a4e-0000-3000-8000-000000000001"));
            assertTrue(e.isRetryable(), "the task turns it into a redelivery");
            assertFalse(e.getMessage().contains(citizen.idNumber()));
        }
        assertEquals(before, sandbox.stats().pushesApplied(), "nothing was sent unmetered");

        Map<String, String> alone = config();
        try (PopulationPushApplier applier = new PopulationPushApplier()) {
            applier.start(ConnectSettings.sdk(alone), alone);
            assertEquals(RecordApplier.Outcome.APPLIED,
                    applier.apply(record(citizen.idNumber()), "5f0c6a4e-0000-3000-8000-000000000002"));
        }
        assertEquals(before + 1, sandbox.stats().pushesApplied());
    }
}
