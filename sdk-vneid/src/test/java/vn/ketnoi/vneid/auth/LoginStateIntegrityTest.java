package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.node.ObjectNode;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.TestClock;

/**
 * Finding 11: the sign-in state is refused when it is older than the maximum age, when a field of
 * its serialised form was edited, and when another client's key sealed it. Each refusal comes
 * before the code is sent: the same code then completes the sign-in with the genuine state.
 * Against the sandbox's identity provider over HTTP.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class LoginStateIntegrityTest {
    private static final URI CALLBACK = VneidLoginTest.CALLBACK;
    private final LoginPageDriver browser = new LoginPageDriver();
    private final KetnoiSandbox sandbox;
    private final ClientConfig config;

    LoginStateIntegrityTest(KetnoiSandbox sandbox, ClientConfig config) {
        this.sandbox = sandbox;
        this.config = config;
    }

    private VneidAuthClient client(VneidAuthConfig.Builder b) {
        return VneidAuthClient.create(b.redirectUri(CALLBACK).build());
    }

    private static String withLevel(String serialised, int level) throws Exception {
        String prefix = serialised.substring(0, serialised.lastIndexOf('.') + 1);
        ObjectNode n = (ObjectNode) Json.mapper().readTree(Base64.getUrlDecoder()
                .decode(serialised.substring(prefix.length())));
        n.put("level", level);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.mapper().writeValueAsBytes(n));
    }

    @Test
    @DisplayName("Finding 11: a state older than the maximum age is refused before the code is sent")
    void anExpiredStateIsRefused() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        TestClock clock = TestClock.systemShifted();
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config).clock(clock))) {
            assertEquals(Duration.ofMinutes(10), vneid.config().loginStateMaxAge(), "ten minutes by default");
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            URI cb = browser.callback(start.authorizationUri(), demo.idNumber(), 2);
            clock.shift(Duration.ofMinutes(10).plusSeconds(1));
            LoginStateException e = assertThrows(LoginStateException.class, () -> vneid.completeLogin(start.state(), cb));
            assertEquals("vneid.login-state.expired", e.errorCode());
            assertFalse(e.isRetryable());
            // Nothing was sent: within the age, the same code still completes the sign-in.
            clock.shift(Duration.ZERO);
            assertEquals(AssuranceLevel.LEVEL_2, vneid.completeLogin(start.state(), cb).level());
        }
    }

    @Test
    @DisplayName("Finding 11: the maximum age is configurable, and bounded")
    void theMaximumAgeIsConfigurable() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        TestClock clock = TestClock.systemShifted();
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config).clock(clock)
                .loginStateMaxAge(Duration.ofMinutes(2)))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), demo.idNumber(), 1);
            clock.shift(Duration.ofMinutes(2));
            assertEquals("vneid.login-state.expired", assertThrows(LoginStateException.class,
                    () -> vneid.completeLogin(start.state(), cb)).errorCode());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> VneidAuthConfig.from(config).loginStateMaxAge(Duration.ofHours(2)).build());
        assertEquals("loginStateMaxAge", e.field());
        assertEquals("loginStateKey", assertThrows(InvalidInputException.class,
                () -> VneidAuthConfig.from(config).loginStateKey(new byte[16]).build()).field());
    }

    @Test
    @DisplayName("Finding 11: a serialised state whose level was lowered from 2 to 1 is refused")
    void aStateWithALoweredLevelIsRefused() throws Exception {
        SyntheticCitizen c = sandbox.population().withVneidLevel(2);
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            String kept = start.state().serialize();
            // The citizen signs in at level 1; someone with access to the session store lowers the level asked.
            URI cb = browser.callback(start.authorizationUri(), c.idNumber(), 1);
            LoginState edited = LoginState.deserialize(withLevel(kept, 1));
            assertEquals(AssuranceLevel.LEVEL_1, edited.level());
            LoginStateException e = assertThrows(LoginStateException.class, () -> vneid.completeLogin(edited, cb));
            assertEquals("vneid.login-state.tampered", e.errorCode());
            // The genuine state still demands level 2.
            assertThrows(InsufficientLevelException.class,
                    () -> vneid.completeLogin(LoginState.deserialize(kept), cb));
        }
    }

    @Test
    @DisplayName("Finding 11: a state sealed by another client's key is refused; a shared configured key works")
    void aStateFromAnotherClientKeyIsRefused() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        byte[] shared = "a shared key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII);
        try (VneidAuthClient first = client(VneidAuthConfig.from(config));
             VneidAuthClient other = client(VneidAuthConfig.from(config));
             VneidAuthClient instanceA = client(VneidAuthConfig.from(config).loginStateKey(shared));
             VneidAuthClient instanceB = client(VneidAuthConfig.from(config).loginStateKey(shared.clone()))) {
            LoginRequest start = first.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), demo.idNumber(), 1);
            LoginState kept = LoginState.deserialize(start.state().serialize());
            assertEquals("vneid.login-state.tampered", assertThrows(LoginStateException.class,
                    () -> other.completeLogin(kept, cb)).errorCode());
            assertEquals(AssuranceLevel.LEVEL_1, first.completeLogin(kept, cb).level());

            // Two instances of one deployment with the same configured key: either completes the other's sign-in.
            LoginRequest onA = instanceA.startLogin(LoginOptions.defaults());
            URI cbA = browser.callback(onA.authorizationUri(), demo.idNumber(), 1);
            assertEquals(AssuranceLevel.LEVEL_1,
                    instanceB.completeLogin(LoginState.deserialize(onA.state().serialize()), cbA).level());
            assertFalse(instanceA.config().toString().contains("shared"));
        }
    }

    @Test
    @DisplayName("Finding 11: moving a character from one sealed field into the next breaks the seal (each field is sealed with its length)")
    void aBoundaryMovedBetweenFieldsBreaksTheSeal() throws Exception {
        byte[] key = "a login-state key of 32 bytes ok".getBytes(StandardCharsets.US_ASCII);
        LoginState genuine = LoginState.sealed(key, "stateAB", "nonceCD", "verifierEF", CALLBACK, AssuranceLevel.LEVEL_2,
                "https://issuer.example.vn", Instant.parse("2026-12-01T02:00:00Z"));
        assertTrue(genuine.isSealedBy(key));
        String serialised = genuine.serialize();
        String prefix = serialised.substring(0, serialised.lastIndexOf('.') + 1);
        ObjectNode n = (ObjectNode) Json.mapper().readTree(Base64.getUrlDecoder()
                .decode(serialised.substring(prefix.length())));
        n.put("state", "stateA");
        n.put("nonce", "BnonceCD");
        LoginState moved = LoginState.deserialize(prefix
                + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.mapper().writeValueAsBytes(n)));
        assertFalse(moved.isSealedBy(key), "the same bytes in other fields are another state");
    }

    @Test
    @DisplayName("Each sign-in has its own unguessable nonce, the one the ID token must carry")
    void eachSignInHasItsOwnNonce() {
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            String first = vneid.startLogin(LoginOptions.defaults()).state().nonce();
            String second = vneid.startLogin(LoginOptions.defaults()).state().nonce();
            assertTrue(first.length() >= 32, "at least 24 random bytes");
            assertNotEquals(first, second);
        }
    }
}
