package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ClientHealth;
import vn.ketnoi.core.ResilienceEvent;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.SigningAlgorithm;
import vn.ketnoi.core.exception.AuthenticationException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxFault;

/**
 * Issue 18, operations: what health and the logs say through an incident, against the sandbox.
 * Health carries the last error and the failures in a row and goes down on persistent refusal of
 * the agency; the logger {@code vn.ketnoi.operations} says each change of state once, never once
 * per call.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class OperationsHealthTest {
    private static final int CALLS = 6;

    @Test
    void persistentAuthenticationFailureTurnsHealthDownOnceAndBackUpOnce(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        SandboxAgency agency = sandbox.defaultAgency();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey foreign = g.generateKeyPair().getPrivate();
        // The HSM signs with a key the provider never registered (a token swapped in the slot),
        // until the right one is back: every token request is refused 401 invalid_client meanwhile.
        AtomicReference<PrivateKey> inSlot = new AtomicReference<>(foreign);
        AgencyCredentials hsm = AgencyCredentials.external(agency.keyId(), SigningAlgorithm.ES256, List.of(),
                (input, sha256) -> {
                    Signature s = Signature.getInstance("SHA256withECDSA");
                    s.initSign(inSlot.get());
                    s.update(input);
                    return s.sign();
                });
        try (LogCapture logs = new LogCapture();
             PopulationClient client = PopulationClient.create(config.toBuilder().credentials(hsm).build())) {
            assertTrue(client.health().isUp());
            for (int i = 1; i <= CALLS; i++) {
                AuthenticationException e = assertThrows(AuthenticationException.class,
                        () -> client.lookup(lookup(sandbox)));
                assertEquals("token.invalid_client", e.errorCode());
                ClientHealth h = client.health();
                assertEquals(i, h.consecutiveAuthenticationFailures());
                assertEquals(i < ClientHealth.AUTHENTICATION_FAILURES_DOWN, h.isUp(), "after refusal " + i);
            }
            ClientHealth down = client.health();
            assertEquals(ResilienceEvent.CircuitState.CLOSED, down.circuitState().orElseThrow(),
                    "the provider is well: the breaker does not count the agency's refusals");
            assertEquals("token.invalid_client", down.lastErrorCode().orElseThrow());
            assertFalse(down.lastErrorAt().orElseThrow().isAfter(down.checkedAt()));
            assertEquals(CALLS, down.consecutiveFailures());
            assertTrue(down.authenticationFailing());
            assertTrue(down.toString().contains("lastError=token.invalid_client"), down.toString());

            inSlot.set(agency.privateKey());
            for (int i = 0; i < 3; i++) {
                client.lookup(lookup(sandbox));
            }
            ClientHealth up = client.health();
            assertTrue(up.isUp(), up.toString());
            assertEquals(0, up.consecutiveFailures());
            assertEquals(0, up.consecutiveAuthenticationFailures());
            assertEquals("token.invalid_client", up.lastErrorCode().orElseThrow(), "the last error is kept, with its time");

            List<String> ops = operations(logs);
            assertEquals(2, ops.size(), ops.toString());
            assertTrue(ops.get(0).startsWith("WARN ") && ops.get(0).contains("refused 3 times in a row (last token.invalid_client)")
                    && ops.get(0).contains("health is DOWN"), ops.get(0));
            assertTrue(ops.get(1).startsWith("WARN ") && ops.get(1).contains("authenticated again after 6 refusals"),
                    ops.get(1));
        }
    }

    @Test
    void aStormOf503sIsOneLinePerChangeOfTheBreakerAndTheRetryBudget(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        ResilienceOptions tight = ResilienceOptions.builder()
                .maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
                .retryBudget(0, 1, 1) // one retry saved, one more a second
                .circuitBreaker(50, 4, 4).circuitBreakerRecovery(Duration.ofSeconds(1), 1)
                .build();
        try (LogCapture logs = new LogCapture();
             PopulationClient client = PopulationClient.create(config.toBuilder().resilience(tight).build())) {
            sandbox.faults().add("/population/", SandboxFault.serviceUnavailable(Duration.ZERO));
            try {
                for (int i = 0; i < 12; i++) {
                    assertThrows(KetnoiException.class,
                            () -> client.lookup(lookup(sandbox)));
                }
            } finally {
                sandbox.faults().clear();
            }
            ClientHealth open = client.health();
            assertEquals(ResilienceEvent.CircuitState.OPEN, open.circuitState().orElseThrow());
            assertEquals(12, open.consecutiveFailures(), "the calls the open circuit refused are failures too");
            assertEquals("client.circuit-open", open.lastErrorCode().orElseThrow());
            assertFalse(open.isUp());

            Thread.sleep(1_100); // the breaker's open time: one trial call goes out, and fails
            sandbox.faults().add("/population/", SandboxFault.serviceUnavailable(Duration.ZERO));
            try {
                assertThrows(KetnoiException.class, () -> client.lookup(lookup(sandbox)));
            } finally {
                sandbox.faults().clear();
            }
            assertEquals(ResilienceEvent.CircuitState.OPEN, client.health().circuitState().orElseThrow());

            Thread.sleep(1_100); // open again for its time; the budget saves a retry meanwhile
            client.lookup(lookup(sandbox));
            client.lookup(lookup(sandbox));
            assertTrue(client.health().isUp());
            assertEquals(0, client.health().consecutiveFailures());

            List<String> lines = operations(logs);
            List<String> breaker = lines.stream().filter(l -> l.contains("circuit breaker")).toList();
            // Opened, half-open, open again after the failed trial, half-open, closed: two WARN lines for the incident.
            assertEquals(List.of("WARN", "INFO", "INFO", "INFO", "WARN"),
                    breaker.stream().map(l -> l.substring(0, 4)).toList(), breaker.toString());
            assertTrue(breaker.get(0).contains("circuit breaker OPEN (was CLOSED, last error server.unavailable)"),
                    breaker.get(0));
            assertTrue(breaker.get(2).contains("OPEN again, the trial calls failed"), breaker.get(2));
            assertTrue(breaker.get(4).contains("circuit breaker CLOSED again (was HALF_OPEN)"), breaker.get(4));
            List<String> budget = lines.stream().filter(l -> l.contains("retry budget")).toList();
            assertFalse(budget.isEmpty());
            for (int i = 0; i < budget.size(); i++) {
                assertTrue(budget.get(i).startsWith("WARN ") && budget.get(i).contains(i % 2 == 0 ? "spent" : "refilled"),
                        "spent and refilled alternate, once each per change: " + budget);
            }
            assertTrue(budget.get(0).contains("(last error server.unavailable)"), budget.get(0));
        }
    }

    private static LookupRequest lookup(KetnoiSandbox sandbox) {
        return PopulationLookupTest.requestFor(sandbox.population().anyLiving()).fields(CitizenField.SEX).build();
    }

    /** The lines of the operations logger about this population client, as "LEVEL message". */
    private static List<String> operations(LogCapture logs) {
        return logs.events().stream()
                .filter(e -> e.getLoggerName().equals("vn.ketnoi.operations"))
                .filter(e -> e.getFormattedMessage().startsWith("Ketnoi population:"))
                .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                .toList();
    }
}
