package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/** Sign-in against the sandbox provider, driven over plain HTTP. */
@ExtendWith(KetnoiSandboxExtension.class)
class VneidLoginTest {
    static final URI CALLBACK = URI.create("http://127.0.0.1:9/callback");
    private final LoginPageDriver browser = new LoginPageDriver();

    private final KetnoiSandbox sandbox;
    private final ClientConfig config;

    VneidLoginTest(KetnoiSandbox sandbox, ClientConfig config) {
        this.sandbox = sandbox;
        this.config = config;
    }

    @AfterEach
    void reset() {
        sandbox.vneid().setParRequired(false);
    }

    private VneidAuthClient client(VneidAuthConfig.Builder b) {
        return VneidAuthClient.create(b.redirectUri(CALLBACK).build());
    }

    @Test
    void levelTwoLoginReturnsTheCitizenAndLevel() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            assertTrue(start.isPushed(), "the sandbox offers PAR, so AUTO pushes");
            assertFalse(start.authorizationUri().getQuery().contains("code_challenge"));
            // The application keeps the state in its own session as text.
            LoginState kept = LoginState.deserialize(start.state().serialize());
            VneidLogin login = vneid.completeLogin(kept, browser.callback(start.authorizationUri(), demo.idNumber(), 2));
            assertEquals(AssuranceLevel.LEVEL_2, login.level());
            VneidIdentity id = login.identity();
            assertEquals(demo.idNumber(), id.idNumber().orElseThrow().value());
            assertEquals(demo.fullName(), id.fullName().orElseThrow());
            assertEquals(PartialDate.parseIso(demo.birthDate()), id.birthDate().orElseThrow());
            assertEquals(AssuranceLevel.LEVEL_2, id.accountLevel().orElseThrow());
            assertFalse(login.toString().contains(demo.idNumber()));
            assertFalse(login.toString().contains(login.accessToken()));
        }
    }

    @Test
    void signInRightAfterTheProviderRestartedStillPushesItsRequest() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            assertTrue(vneid.startLogin(LoginOptions.defaults()).isPushed(), "a connection now waits in the pool");
            sandbox.dropConnections(); // as a restart leaves it: closed at the provider's end only

            LoginRequest start = vneid.startLogin(LoginOptions.defaults());

            assertTrue(start.isPushed());
            VneidLogin login = vneid.completeLogin(start.state(), browser.callback(start.authorizationUri(), demo.idNumber(), 1));
            assertEquals(demo.idNumber(), login.identity().idNumber().orElseThrow().value());
        }
    }

    @Test
    void levelOneLoginWithoutPar() {
        SyntheticCitizen c = sandbox.population().withVneidLevel(1);
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config)
                .pushedAuthorizationRequests(VneidAuthConfig.ParMode.NEVER))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            assertFalse(start.isPushed());
            String q = start.authorizationUri().getRawQuery();
            assertTrue(q.contains("code_challenge_method=S256") && q.contains("acr_values=urn%3Avn%3Avneid%3Aloa%3A1"));
            VneidLogin login = vneid.completeLogin(start.state(), browser.callback(start.authorizationUri(), c.idNumber(), 1));
            assertEquals(AssuranceLevel.LEVEL_1, login.level());
            assertEquals(c.idNumber(), login.identity().idNumber().orElseThrow().value());
        }
    }

    @Test
    void parRequiredByTheProviderIsHonouredEvenWhenConfiguredOff() {
        sandbox.vneid().setParRequired(true);
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config)
                .pushedAuthorizationRequests(VneidAuthConfig.ParMode.NEVER).metadataTtl(java.time.Duration.ofMillis(1)))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            assertTrue(start.isPushed());
            assertEquals(AssuranceLevel.LEVEL_1,
                    vneid.completeLogin(start.state(), browser.callback(start.authorizationUri(), demo.idNumber(), 1)).level());
        }
        // A request that is not pushed is refused with an error sent back to the client.
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config)
                .pushedAuthorizationRequests(VneidAuthConfig.ParMode.NEVER))) {
            sandbox.vneid().setParRequired(false);
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            sandbox.vneid().setParRequired(true);
            HttpResponse<String> r = browser.open(start.authorizationUri());
            assertEquals(302, r.statusCode());
            URI cb = URI.create(r.headers().firstValue("Location").orElseThrow());
            VneidAuthException e = assertThrows(VneidAuthException.class, () -> vneid.completeLogin(start.state(), cb));
            assertEquals("vneid.authorize.invalid_request", e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-9.4.3", side = Side.SDK)
    void levelTwoPolicyRefusesALevelOneLogin() {
        SyntheticCitizen c = sandbox.population().withVneidLevel(1);
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            // The sandbox's login page refuses level 2 for a level-1 account.
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            HttpResponse<String> refused = browser.signIn(start.authorizationUri(), c.idNumber(), 2, "approve");
            assertEquals(400, refused.statusCode());
            assertTrue(refused.body().contains("Level 2 refused"));
        }
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config).minimumLevel(AssuranceLevel.LEVEL_2))) {
            // Asking for level 1 does not get round the policy.
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_1).build());
            assertEquals(AssuranceLevel.LEVEL_2, start.state().level());
            // The citizen signs in at level 1 all the same: the client refuses.
            URI cb = browser.callback(start.authorizationUri(), c.idNumber(), 1);
            InsufficientLevelException e = assertThrows(InsufficientLevelException.class,
                    () -> vneid.completeLogin(start.state(), cb));
            assertEquals(AssuranceLevel.LEVEL_2, e.required());
            assertEquals(AssuranceLevel.LEVEL_1, e.actual());
            assertEquals("vneid.level-insufficient", e.errorCode());
        }
    }

    @Test
    void encryptedIdTokenAndUserinfo() throws Exception {
        KeyPair signing = ec();
        KeyPair encryption = rsa();
        String clientId = "rp-encrypted";
        sandbox.vneid().registerClient(clientId, "sig-1", signing.getPublic(), List.of(CALLBACK));
        sandbox.vneid().setEncryptionKey(clientId, "enc-1", encryption.getPublic());
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        VneidAuthConfig.Builder b = rp(clientId, signing).decryptionKey("enc-1", encryption.getPrivate());
        try (VneidAuthClient vneid = client(b)) {
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            VneidLogin login = vneid.completeLogin(start.state(), browser.callback(start.authorizationUri(), demo.idNumber(), 2));
            assertEquals(demo.idNumber(), login.identity().idNumber().orElseThrow().value());
            assertEquals(login.identity(), vneid.userInfo(login), "userinfo comes encrypted and says the same");
        }
        // Without the decryption key the same client cannot read its token, and says why.
        try (VneidAuthClient vneid = client(rp(clientId, signing))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), demo.idNumber(), 1);
            TokenValidationException e = assertThrows(TokenValidationException.class,
                    () -> vneid.completeLogin(start.state(), cb));
            assertEquals(TokenCheck.ENCRYPTION, e.check());
        }
    }

    @Test
    void nationalPortalClaimsFromSignedUserinfo() throws Exception {
        KeyPair signing = ec();
        String clientId = "rp-portal";
        sandbox.vneid().registerClient(clientId, "sig-1", signing.getPublic(), List.of(CALLBACK));
        sandbox.vneid().setNationalPortalClaims(clientId, true);
        sandbox.vneid().setSignedUserInfo(clientId, true);
        SyntheticCitizen c = sandbox.population().withPartialBirthDate();
        if (sandbox.population().vneidLevel(c) == 0) {
            c = sandbox.population().demoCitizen();
        }
        try (VneidAuthClient vneid = client(rp(clientId, signing).claimMapping(ClaimMapping.NATIONAL_PORTAL))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            VneidLogin login = vneid.completeLogin(start.state(), browser.callback(start.authorizationUri(), c.idNumber(), 1));
            assertEquals(c.idNumber(), login.identity().idNumber().orElseThrow().value());
            assertEquals(PartialDate.parseIso(c.birthDate()), login.identity().birthDate().orElseThrow());
            assertEquals(c.fullName(), login.identity().fullName().orElseThrow());
        }
    }

    @Test
    void logoutEndsTheProviderSession() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        URI after = URI.create("http://127.0.0.1:9/signed-out");
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            VneidLogin login = vneid.completeLogin(start.state(), browser.callback(start.authorizationUri(), demo.idNumber(), 1));
            assertEquals(login.identity(), vneid.userInfo(login));
            URI logout = vneid.logoutUri(login, after, "bye-1");
            assertTrue(logout.getRawQuery().contains("id_token_hint="));
            HttpResponse<String> r = browser.get(logout);
            assertEquals(302, r.statusCode());
            assertEquals(after + "?state=bye-1", r.headers().firstValue("Location").orElseThrow());
            VneidAuthException e = assertThrows(VneidAuthException.class, () -> vneid.userInfo(login));
            assertEquals("vneid.userinfo.invalid_token", e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-9.4.4", side = Side.SDK)
    void stateMismatchIsRefusedBeforeTheCodeIsSpent() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            LoginRequest other = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), demo.idNumber(), 1);
            StateMismatchException e = assertThrows(StateMismatchException.class, () -> vneid.completeLogin(other.state(), cb));
            assertEquals("vneid.state-mismatch", e.errorCode());
            assertTrue(e.getMessage().contains("not the one of this sign-in"), e.getMessage());
            Map<String, String> noState = Map.of("code", "x");
            assertTrue(assertThrows(StateMismatchException.class, () -> vneid.completeLogin(start.state(), noState))
                    .getMessage().contains("carries no state"));
            // Nothing was sent: the code still works with the right state.
            assertEquals(AssuranceLevel.LEVEL_1, vneid.completeLogin(start.state(), cb).level());
        }
    }

    @Test
    @Requirement(value = "R-9.6.1", side = Side.SDK)
    void aReusedCodeIsRefusedAndNeverRetried() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), demo.idNumber(), 1);
            VneidLogin first = vneid.completeLogin(start.state(), cb);
            VneidAuthException e = assertThrows(VneidAuthException.class, () -> vneid.completeLogin(start.state(), cb));
            assertEquals("vneid.token.invalid_grant", e.errorCode());
            assertEquals("invalid_grant", e.oauthError());
            assertFalse(e.isRetryable());
            // The provider revoked what the code gave.
            assertThrows(VneidAuthException.class, () -> vneid.userInfo(first));
        }
    }

    @Test
    void cancelledSignInIsATypedError() {
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            HttpResponse<String> r = browser.signIn(start.authorizationUri(), "", 1, "cancel");
            URI cb = URI.create(r.headers().firstValue("Location").orElseThrow());
            VneidAuthException e = assertThrows(VneidAuthException.class, () -> vneid.completeLogin(start.state(), cb));
            assertEquals("vneid.authorize.access_denied", e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-9.7.3", side = Side.SDK)
    void rotatedKeysArePickedUpWithoutARestart() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            vneid.completeLogin(start.state(), browser.callback(start.authorizationUri(), demo.idNumber(), 1));
            String before = sandbox.vneid().currentSigningKeyId();
            String after = sandbox.vneid().rotateSigningKey();
            assertNotEquals(before, after);
            LoginRequest again = vneid.startLogin(LoginOptions.defaults());
            assertEquals(AssuranceLevel.LEVEL_1, vneid.completeLogin(again.state(),
                    browser.callback(again.authorizationUri(), demo.idNumber(), 1)).level());
        }
    }

    @Test
    void badInputIsRefusedBeforeAnyCall() {
        assertEquals("allowedAlgorithms", assertThrows(vn.ketnoi.core.exception.InvalidInputException.class,
                () -> VneidAuthConfig.from(config).allowedAlgorithms(java.util.Set.of("none")).build()).field());
        assertEquals("allowedAlgorithms", assertThrows(vn.ketnoi.core.exception.InvalidInputException.class,
                () -> VneidAuthConfig.from(config).allowedAlgorithms(java.util.Set.of("HS256")).build()).field());
        assertEquals("issuer", assertThrows(vn.ketnoi.core.exception.InvalidInputException.class,
                () -> VneidAuthConfig.from(config).issuer("http://example.gov.vn/vneid").build()).field());
        assertEquals("loginState", assertThrows(vn.ketnoi.core.exception.InvalidInputException.class,
                () -> LoginState.deserialize("garbage")).field());
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config).build())) {
            assertEquals("redirectUri", assertThrows(vn.ketnoi.core.exception.InvalidInputException.class,
                    () -> vneid.startLogin(LoginOptions.defaults())).field());
        }
    }

    VneidAuthConfig.Builder rp(String clientId, KeyPair signing) {
        return VneidAuthConfig.builder().issuer(sandbox.vneid().issuer()).clientId(clientId)
                .credentials(AgencyCredentials.of("sig-1", signing.getPrivate(), List.of()))
                .proxy(ProxyOptions.none());
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static KeyPair rsa() throws NoSuchAlgorithmException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
