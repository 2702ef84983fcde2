package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ClientHealth;
import vn.ketnoi.core.ResilienceEvent;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;

/** {@link VneidAuthClient#health()}: the same snapshot as the other clients', fed by its exchanges with the provider. */
@ExtendWith(KetnoiSandboxExtension.class)
class VneidHealthTest {
    private final KetnoiSandbox sandbox;
    private final ClientConfig config;
    private final LoginPageDriver browser = new LoginPageDriver();

    VneidHealthTest(KetnoiSandbox sandbox, ClientConfig config) {
        this.sandbox = sandbox;
        this.config = config;
    }

    @Test
    void aClientThatSignsInIsUpWithNoFailures() {
        try (VneidAuthClient vneid = VneidAuthClient.builder(config).redirectUri(VneidLoginTest.CALLBACK).build()) {
            ClientHealth before = vneid.health();
            assertEquals("vneid", before.service());
            assertTrue(before.isUp());
            assertEquals(ResilienceEvent.CircuitState.CLOSED, before.circuitState().orElseThrow());
            assertEquals(ClientHealth.certificateNotAfter(config.credentials().certificateChain()),
                    before.certificateNotAfter().orElse(null));
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            vneid.completeLogin(start.state(), browser.callback(start.authorizationUri(),
                    sandbox.population().demoCitizen().idNumber(), 1));
            ClientHealth after = vneid.health();
            assertTrue(after.isUp());
            assertEquals(0, after.consecutiveFailures());
            assertTrue(after.lastErrorCode().isEmpty());
        }
    }

    @Test
    void anUnreachableProviderIsTheLastErrorAndAFailureInARow() {
        // Not through a gateway's route either (the through-gateway runs set one): straight to a closed port.
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config).backChannel(null)
                .issuer("http://127.0.0.1:9/vneid").redirectUri(VneidLoginTest.CALLBACK).build())) {
            KetnoiException e = assertThrows(KetnoiException.class, () -> vneid.startLogin(LoginOptions.defaults()));
            ClientHealth h = vneid.health();
            assertEquals(e.errorCode(), h.lastErrorCode().orElse(null), e + " / " + h);
            assertTrue(h.lastErrorCode().orElseThrow().startsWith("transport."), h.toString());
            assertEquals(1, h.consecutiveFailures());
            assertFalse(h.authenticationFailing());
        }
    }
}
