package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.JSONObjectUtils;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Every refusal names its check. The sandbox serves the forged ID token in place of the honest
 * one (its test hook); the sign-in is otherwise real and driven over HTTP.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class IdTokenChecksTest {
    private final LoginPageDriver browser = new LoginPageDriver();
    private final KetnoiSandbox sandbox;
    private final ClientConfig config;

    IdTokenChecksTest(KetnoiSandbox sandbox, ClientConfig config) {
        this.sandbox = sandbox;
        this.config = config;
    }

    /** Signs in with the next ID token replaced by the forger's, and returns the refusal. */
    private TokenValidationException refused(Function<Map<String, Object>, String> forger) {
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 1);
            sandbox.vneid().forgeNextIdToken(forger);
            TokenValidationException e = assertThrows(TokenValidationException.class,
                    () -> vneid.completeLogin(start.state(), cb));
            assertFalse(e.isRetryable());
            assertTrue(e.errorCode().startsWith("vneid.token-check."));
            return e;
        }
    }

    /** The honest claims changed by {@code change}, signed with the provider's real key. */
    private Function<Map<String, Object>, String> altered(java.util.function.Consumer<Map<String, Object>> change) {
        return claims -> {
            Map<String, Object> c = new LinkedHashMap<>(claims);
            change.accept(c);
            return sandbox.vneid().sign(c);
        };
    }

    private long now() {
        return sandbox.clock().instant().getEpochSecond();
    }

    @Test
    void honestTokenPasses() {
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 1);
            sandbox.vneid().forgeNextIdToken(claims -> sandbox.vneid().sign(claims));
            assertEquals(AssuranceLevel.LEVEL_1, vneid.completeLogin(start.state(), cb).level());
        }
    }

    @Test
    @Requirement(value = "R-9.7.4", side = Side.SDK)
    void wrongSignature() {
        TokenValidationException e = refused(claims -> {
            String t = sandbox.vneid().sign(claims);
            // Sign other claims with the same key and graft that signature on: valid form, wrong signature.
            Map<String, Object> other = new LinkedHashMap<>(claims);
            other.put("sub", "someone-else");
            String o = sandbox.vneid().sign(other);
            return t.substring(0, t.lastIndexOf('.')) + o.substring(o.lastIndexOf('.'));
        });
        assertEquals(TokenCheck.SIGNATURE, e.check());
        assertEquals("vneid.token-check.signature", e.errorCode());
    }

    @Test
    @Requirement(value = "R-9.7.3", side = Side.SDK)
    void unknownKidAfterARefresh() throws Exception {
        KeyPair stranger = VneidLoginTest.ec();
        TokenValidationException e = refused(claims -> es256(claims, "kid-nobody-published", stranger));
        assertEquals(TokenCheck.UNKNOWN_KEY, e.check());
        assertTrue(e.getMessage().contains("after refreshing"));
    }

    @Test
    @Requirement(value = "R-9.7.2", side = Side.SDK)
    void algNone() {
        TokenValidationException e = refused(claims -> new PlainObject(new PlainHeader(), new Payload(claims)).serialize());
        assertEquals(TokenCheck.ALGORITHM, e.check());
    }

    @Test
    @Requirement(value = "R-9.7.2", side = Side.SDK)
    void hmacSignedWithTheProvidersPublicKey() {
        TokenValidationException e = refused(claims -> {
            try {
                // The classic confusion attack: the public JWKS used as an HMAC secret.
                byte[] secret = sandbox.vneid().jwksJson().getBytes(StandardCharsets.UTF_8);
                JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(sandbox.vneid().currentSigningKeyId()).build(), new Payload(claims));
                jws.sign(new MACSigner(secret));
                return jws.serialize();
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertEquals(TokenCheck.ALGORITHM, e.check());
    }

    @Test
    @Requirement(value = "R-9.7.5", side = Side.SDK)
    void wrongIssuer() {
        assertEquals(TokenCheck.ISSUER, refused(altered(c -> c.put("iss", "https://evil.example/vneid"))).check());
    }

    @Test
    @Requirement(value = "R-9.7.6", side = Side.SDK)
    void wrongAudience() {
        assertEquals(TokenCheck.AUDIENCE, refused(altered(c -> c.put("aud", "VN:GOV:someone.else"))).check());
    }

    @Test
    @Requirement(value = "R-9.7.7", side = Side.SDK)
    void severalAudiencesWithoutAzp() {
        assertEquals(TokenCheck.AUTHORIZED_PARTY,
                refused(altered(c -> c.put("aud", List.of(c.get("aud"), "VN:GOV:other")))).check());
    }

    @Test
    @Requirement(value = "R-9.7.8", side = Side.SDK)
    void expired() {
        assertEquals(TokenCheck.EXPIRED, refused(altered(c -> {
            c.put("iat", now() - 3600);
            c.put("exp", now() - 600);
        })).check());
    }

    @Test
    @Requirement(value = "R-9.7.8", side = Side.SDK)
    void notYetValid() {
        assertEquals(TokenCheck.NOT_YET_VALID, refused(altered(c -> c.put("nbf", now() + 600))).check());
    }

    @Test
    @Requirement(value = "R-9.7.8", side = Side.SDK)
    void issuedInTheFuture() {
        assertEquals(TokenCheck.ISSUED_AT, refused(altered(c -> c.put("iat", now() + 600))).check());
    }

    @Test
    @Requirement(value = "R-9.7.9", side = Side.SDK)
    void wrongNonce() {
        assertEquals(TokenCheck.NONCE, refused(altered(c -> c.put("nonce", "not-the-nonce-sent"))).check());
    }

    @Test
    @Requirement(value = "R-9.7.10", side = Side.SDK)
    void wrongAtHash() {
        String other = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
        assertEquals(TokenCheck.AT_HASH, refused(altered(c -> c.put("at_hash", other))).check());
    }

    @Test
    @Requirement(value = "R-9.7.11", side = Side.SDK)
    void noSubject() {
        assertEquals(TokenCheck.SUBJECT, refused(altered(c -> c.remove("sub"))).check());
    }

    private static String es256(Map<String, Object> claims, String kid, KeyPair key) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(),
                    new Payload(JSONObjectUtils.toJSONString(claims)));
            jws.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aLevelOneTokenForALevelTwoSignInIsRefused() {
        // The default policy (level 1) must not lower what this sign-in asked for.
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            URI cb = browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 2);
            sandbox.vneid().forgeNextIdToken(altered(c -> c.put("acr", AssuranceLevel.LEVEL_1.acr())));
            InsufficientLevelException e = assertThrows(InsufficientLevelException.class,
                    () -> vneid.completeLogin(start.state(), cb));
            assertEquals(AssuranceLevel.LEVEL_2, e.required());
            assertEquals(AssuranceLevel.LEVEL_1, e.actual());
        }
    }

    @Test
    void aCallbackNamingAnotherIssuerOrNoneIsRefusedBeforeTheCodeIsSpent() {
        // RFC 9207: the sandbox promises the iss parameter, so one naming another provider (a
        // mix-up) and one without it are both refused; the code still works afterwards.
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 1);
            Map<String, String> params = new LinkedHashMap<>();
            for (String p : cb.getRawQuery().split("&")) {
                int eq = p.indexOf('=');
                params.put(java.net.URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
            Map<String, String> mixedUp = new LinkedHashMap<>(params);
            mixedUp.put("iss", "https://evil.example/vneid");
            TokenValidationException e = assertThrows(TokenValidationException.class,
                    () -> vneid.completeLogin(start.state(), mixedUp));
            assertEquals(TokenCheck.RESPONSE_ISSUER, e.check());
            assertTrue(e.getMessage().contains("not the provider's issuer"), e.getMessage());
            Map<String, String> withoutIss = new LinkedHashMap<>(params);
            withoutIss.remove("iss");
            e = assertThrows(TokenValidationException.class, () -> vneid.completeLogin(start.state(), withoutIss));
            assertEquals(TokenCheck.RESPONSE_ISSUER, e.check());
            assertTrue(e.getMessage().contains("sent none"), e.getMessage());
            assertEquals(AssuranceLevel.LEVEL_1, vneid.completeLogin(start.state(), params).level());
        }
    }

    /** A level-2 sign-in whose ID token {@code change} altered, and the level refusal it gets. */
    private InsufficientLevelException levelTwoRefused(java.util.function.Consumer<Map<String, Object>> change) {
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            URI cb = browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 2);
            sandbox.vneid().forgeNextIdToken(altered(change));
            return assertThrows(InsufficientLevelException.class, () -> vneid.completeLogin(start.state(), cb));
        }
    }

    @Test
    void withoutAcrTheAccountLevelClaimDecidesAndWithoutEitherThereIsNoLevel() {
        String account = ClaimMapping.VNEID.accountLevelClaim();
        InsufficientLevelException e = levelTwoRefused(c -> {
            c.remove("acr");
            c.put(account, AssuranceLevel.LEVEL_1.acr());
        });
        assertEquals(AssuranceLevel.LEVEL_1, e.actual());
        // Neither in the ID token: the account level userinfo states decides (here 2, the demo citizen's).
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            URI cb = browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 2);
            sandbox.vneid().forgeNextIdToken(altered(c -> {
                c.remove("acr");
                c.remove(account);
                c.remove(ClaimMapping.VNEID.idNumberClaim());
            }));
            assertEquals(AssuranceLevel.LEVEL_2, vneid.completeLogin(start.state(), cb).level());
        }
        // Nowhere at all: no level, refused where level 2 is required (fail closed).
        sandbox.vneid().forgeNextUserInfo(c -> {
            Map<String, Object> out = new LinkedHashMap<>(c);
            out.remove(account);
            return out;
        });
        e = levelTwoRefused(c -> {
            c.remove("acr");
            c.remove(account);
            c.remove(ClaimMapping.VNEID.idNumberClaim());
        });
        assertEquals(AssuranceLevel.LEVEL_2, e.required());
        assertEquals(null, e.actual());
        assertTrue(e.getMessage().contains("no acr in the ID token and no accountLevel in it or in userinfo"),
                e.getMessage());
    }

    @Test
    void anAccountLevelStatedButUnknownIsRefusedEvenAtLevelOne() {
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(config)
                .redirectUri(VneidLoginTest.CALLBACK).build())) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), sandbox.population().demoCitizen().idNumber(), 1);
            sandbox.vneid().forgeNextIdToken(altered(c -> {
                c.remove("acr");
                c.put(ClaimMapping.VNEID.accountLevelClaim(), "3");
            }));
            InsufficientLevelException e = assertThrows(InsufficientLevelException.class,
                    () -> vneid.completeLogin(start.state(), cb));
            assertEquals(AssuranceLevel.LEVEL_1, e.required());
            assertTrue(e.getMessage().contains("accountLevel stated names no known level"), e.getMessage());
        }
    }
}
