package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;

import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testsupport.TestClock;

/**
 * Finding 2 for VNeID's keys: an ID token signed with a key the provider has withdrawn is refused
 * once the client's copy of the key set is past its max-age and grace; a provider that re-keys
 * under the same kid is followed after one fetch of its key set; forged signatures under a known
 * kid fetch it at most once per 5 s. Each test has its own sandbox on a clock it shares with the
 * client, so the test can move both forward by minutes.
 */
class VneidKeyLifecycleTest {
    /** The sandbox serves VNeID's key set with this max-age (its default). */
    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** How long a stale key set may still be used while its refresh fails (JwksCache.STALE_GRACE). */
    private static final Duration GRACE = Duration.ofMinutes(5);
    private static final String JWKS_PATH = "/vneid/jwks";

    private final LoginPageDriver browser = new LoginPageDriver();
    private final TestClock clock = TestClock.systemShifted();
    private KetnoiSandbox sandbox;
    private VneidAuthClient vneid;

    @BeforeEach
    void start() {
        sandbox = KetnoiSandbox.builder().populationSize(50).clock(clock).build().start();
        vneid = VneidAuthClient.create(VneidAuthConfig.from(SandboxClients.configFor(sandbox).toBuilder().clock(clock)
                .build()).redirectUri(VneidLoginTest.CALLBACK).build());
    }

    @AfterEach
    void stop() {
        vneid.close();
        sandbox.close();
    }

    @Test
    @DisplayName("Finding 2: an ID token signed with a withdrawn VNeID key is refused after the key set's max-age")
    void anIdTokenSignedWithAWithdrawnKeyIsRefused() {
        signIn(null);
        String leaked = sandbox.vneid().currentSigningKeyId();
        sandbox.vneid().rotateSigningKey();
        PrivateKey stolen = sandbox.vneid().withdrawSigningKey(leaked);

        clock.advance(MAX_AGE.plus(GRACE).plusSeconds(1));
        TokenValidationException e = assertThrows(TokenValidationException.class,
                () -> signIn(claims -> es256(claims, leaked, stolen)));
        assertEquals(TokenCheck.UNKNOWN_KEY, e.check());
    }

    @Test
    @DisplayName("Finding 2: VNeID re-keying under the same kid is followed after one key-set fetch")
    void aReKeyUnderTheSameKidVerifiesAfterOneRefresh() {
        signIn(null);
        String kid = sandbox.vneid().currentSigningKeyId();
        assertEquals(kid, sandbox.vneid().rekeySigningKey());
        long fetches = sandbox.faults().callsTo(JWKS_PATH);
        assertEquals(AssuranceLevel.LEVEL_1, signIn(null).level());
        assertEquals(AssuranceLevel.LEVEL_1, signIn(null).level());
        assertEquals(fetches + 1, sandbox.faults().callsTo(JWKS_PATH));
    }

    @Test
    @DisplayName("Finding 2: forged ID-token signatures under a known VNeID kid fetch the key set once per 5 s")
    void forgedSignaturesUnderAKnownKidFetchOncePerFloorInterval() throws Exception {
        signIn(null);
        String kid = sandbox.vneid().currentSigningKeyId();
        PrivateKey forger = VneidLoginTest.ec().getPrivate();
        long fetches = sandbox.faults().callsTo(JWKS_PATH);
        for (int i = 0; i < 3; i++) {
            assertEquals(TokenCheck.SIGNATURE, assertThrows(TokenValidationException.class,
                    () -> signIn(claims -> es256(claims, kid, forger))).check());
        }
        assertEquals(fetches + 1, sandbox.faults().callsTo(JWKS_PATH));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(TokenCheck.SIGNATURE, assertThrows(TokenValidationException.class,
                () -> signIn(claims -> es256(claims, kid, forger))).check());
        assertEquals(fetches + 2, sandbox.faults().callsTo(JWKS_PATH));
    }

    /** A whole sign-in; the ID token replaced by the forger's when one is given. */
    private VneidLogin signIn(Function<Map<String, Object>, String> forger) {
        LoginRequest start = vneid.startLogin(LoginOptions.defaults());
        URI cb = browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 1);
        if (forger != null) {
            sandbox.vneid().forgeNextIdToken(forger);
        }
        return vneid.completeLogin(start.state(), cb);
    }

    private static String es256(Map<String, Object> claims, String kid, PrivateKey key) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT)
                    .build(), new Payload(JSONObjectUtils.toJSONString(claims)));
            jws.sign(new ECDSASigner((ECPrivateKey) key));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
