package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/** Section 9 rules the sign-in tests leave out, from the relying party's (the SDK's) side. */
@ExtendWith(KetnoiSandboxExtension.class)
class VneidConformanceTest {
    private final LoginPageDriver browser = new LoginPageDriver();
    private final KetnoiSandbox sandbox;
    private final ClientConfig config;

    VneidConformanceTest(KetnoiSandbox sandbox, ClientConfig config) {
        this.sandbox = sandbox;
        this.config = config;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String p : uri.getRawQuery().split("&")) {
            int eq = p.indexOf('=');
            q.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    @Test
    @Requirement(value = {"R-9.4.1", "R-9.4.2"}, side = Side.SDK)
    void everyAuthorizationRequestCarriesAnS256Challenge() {
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config).redirectUri(VneidLoginTest.CALLBACK)
                .pushedAuthorizationRequests(VneidAuthConfig.ParMode.NEVER).build())) {
            Map<String, String> q = query(vneid.startLogin(LoginOptions.defaults()).authorizationUri());
            assertEquals("S256", q.get("code_challenge_method"));
            assertTrue(q.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), "base64url of a SHA-256: 43 characters");
            assertTrue(q.get("state").length() >= 22 && q.get("nonce") != null);
        }
    }

    @Test
    @Requirement(value = "R-9.2.2", side = Side.SDK)
    void aDiscoveryDocumentForAnotherIssuerIsRefused() {
        // The same server reached by another name: its document names the issuer it was built for.
        String configured = sandbox.vneid().issuer().replace("127.0.0.1", "localhost");
        org.junit.jupiter.api.Assumptions.assumeFalse(configured.equals(sandbox.vneid().issuer()));
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config).issuer(configured)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            KetnoiException e = assertThrows(KetnoiException.class, () -> vneid.startLogin(LoginOptions.defaults()));
            assertTrue(e.errorCode().contains("issuer") || e.errorCode().contains("discovery"), e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-9.4.5", side = Side.SDK)
    void anAuthorizationResponseFromAnotherIssuerIsRefusedBeforeTheCodeIsSpent() {
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 1);
            Map<String, String> params = new LinkedHashMap<>(query(cb));
            params.put("iss", "https://attacker.example/vneid");
            TokenValidationException e = assertThrows(TokenValidationException.class,
                    () -> vneid.completeLogin(start.state(), params));
            assertEquals(TokenCheck.RESPONSE_ISSUER, e.check());
            // The code was not sent: it still works with the genuine response.
            assertEquals(AssuranceLevel.LEVEL_1, vneid.completeLogin(start.state(), cb).level());
        }
    }

    @Test
    @Requirement(value = "R-9.3.2", side = Side.SDK)
    void aRelyingPartyWhoseKeyIsNotRegisteredIsToldInvalidClient() throws Exception {
        KeyPair registered = VneidLoginTest.ec();
        KeyPair other = VneidLoginTest.ec();
        sandbox.vneid().registerClient("rp-conformance", "sig-1", registered.getPublic(), List.of(VneidLoginTest.CALLBACK));
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.builder().issuer(sandbox.vneid().issuer())
                .clientId("rp-conformance").credentials(vn.ketnoi.core.credential.AgencyCredentials.of("sig-1",
                        other.getPrivate(), List.of())).proxy(vn.ketnoi.core.ProxyOptions.none())
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            VneidAuthException e = assertThrows(VneidAuthException.class, () -> vneid.startLogin(LoginOptions.defaults()));
            assertEquals("invalid_client", e.oauthError());
            assertFalse(e.isRetryable());
        }
    }

    @Test
    @Requirement(value = "R-9.7.1", side = Side.SDK)
    void aPlainIdTokenIsRefusedWhenTheTokensMustBeEncrypted() throws Exception {
        KeyPair signing = VneidLoginTest.ec();
        KeyPair encryption = VneidLoginTest.rsa();
        sandbox.vneid().registerClient("rp-must-encrypt", "sig-1", signing.getPublic(), List.of(VneidLoginTest.CALLBACK));
        sandbox.vneid().setEncryptionKey("rp-must-encrypt", "enc-1", encryption.getPublic());
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.builder().issuer(sandbox.vneid().issuer())
                .clientId("rp-must-encrypt").credentials(vn.ketnoi.core.credential.AgencyCredentials.of("sig-1",
                        signing.getPrivate(), List.of())).proxy(vn.ketnoi.core.ProxyOptions.none())
                .decryptionKey("enc-1", encryption.getPrivate()).redirectUri(VneidLoginTest.CALLBACK).build())) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 1);
            // An honest, signed, but unencrypted token where an encrypted one is due.
            sandbox.vneid().forgeNextIdToken(claims -> sandbox.vneid().sign(claims));
            TokenValidationException e = assertThrows(TokenValidationException.class,
                    () -> vneid.completeLogin(start.state(), cb));
            assertEquals(TokenCheck.ENCRYPTION, e.check());
        }
    }

    @Test
    @Requirement(value = "R-9.8.1", side = Side.SDK)
    void userinfoForAnotherSubjectIsRefused() {
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            VneidLogin login = vneid.completeLogin(start.state(),
                    browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 1));
            sandbox.vneid().forgeNextUserInfo(claims -> {
                Map<String, Object> other = new LinkedHashMap<>(claims);
                other.put("sub", "someone-else");
                return other;
            });
            TokenValidationException e = assertThrows(TokenValidationException.class, () -> vneid.userInfo(login));
            assertEquals(TokenCheck.SUBJECT, e.check());
            assertFalse(e.isRetryable());
            // The honest answer is accepted: only the sub was wrong.
            assertEquals(login.identity(), vneid.userInfo(login));
        }
    }

    @Test
    @Requirement(value = "R-9.1.1", side = Side.SDK)
    void theEndpointsAreTheOnesOfTheDiscoveryDocument() {
        sandbox.vneid().moveEndpoints(true);
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            // The usual paths are gone: a client that built them from {base} could not sign in.
            assertEquals(404, browser.get(URI.create(sandbox.vneid().issuer() + "/authorize")).statusCode());
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            assertTrue(start.authorizationUri().getPath().endsWith("/moved/authorize"), start.authorizationUri().getPath());
            VneidLogin login = vneid.completeLogin(start.state(),
                    browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 1));
            assertEquals(login.identity(), vneid.userInfo(login));
        } finally {
            sandbox.vneid().moveEndpoints(false);
        }
    }

    @Test
    @Requirement(value = "R-9.3.1", side = Side.SDK)
    void aClientIdSentWithTheAssertionIsTheAssertionsIssuer() throws Exception {
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            assertTrue(vneid.startLogin(LoginOptions.defaults()).isPushed());
        }
        Map<String, String> form = sandbox.vneid().lastPushedRequest();
        String iss = com.nimbusds.jwt.SignedJWT.parse(form.get("client_assertion")).getJWTClaimsSet().getIssuer();
        assertEquals(config.agencyId(), iss);
        assertEquals(iss, form.getOrDefault("client_id", iss), "client_id, when sent, equals iss");
    }
}
