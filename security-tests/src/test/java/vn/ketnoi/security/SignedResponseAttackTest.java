package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ResponseLimits;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * A man in the middle (or a forger of provider answers) alters signed population responses; each
 * alteration must be refused with the code naming the failed check, and nothing reaches the caller.
 * The forgeries are made in a network interceptor, where a compromised path would make them.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class SignedResponseAttackTest {

    /** Replaces each API response by what {@code forge} makes of it. */
    private static Interceptor forging(UnaryOperator<KetnoiResponse> forge) {
        return Fixtures.onApiCalls(chain -> forge.apply(chain.proceed(chain.request())));
    }

    private static String code(KetnoiSandbox sandbox, ClientConfig config, Interceptor attack) {
        try (PopulationClient client = Fixtures.clientWith(config, attack)) {
            return assertThrows(KetnoiException.class,
                    () -> client.lookup(Fixtures.lookupOf(sandbox.population().anyLiving()))).errorCode();
        }
    }

    private static KetnoiResponse withSignature(KetnoiResponse r, String... values) {
        HttpHeaders.Builder h = r.headers().toBuilder().remove("Ketnoi-Signature");
        for (String v : values) {
            h.add("Ketnoi-Signature", v);
        }
        return new KetnoiResponse(r.status(), h.build(), r.body(), r.request());
    }

    private static KetnoiResponse withBody(KetnoiResponse r, byte[] body) {
        return new KetnoiResponse(r.status(), r.headers(), body, r.request());
    }

    private static String signature(KetnoiResponse r) {
        return r.headers().first("Ketnoi-Signature").orElseThrow();
    }

    /** The original claims under a new header, signed by a key of the attacker's. */
    private static String reheadered(String jws, UnaryOperator<JWSHeader.Builder> header) {
        try {
            SignedJWT original = SignedJWT.parse(jws);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            var pair = g.generateKeyPair();
            JWSHeader h = header.apply(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .type(original.getHeader().getType()).keyID(original.getHeader().getKeyID())).build();
            SignedJWT forged = new SignedJWT(h, original.getJWTClaimsSet());
            forged.sign(new ECDSASigner((ECPrivateKey) pair.getPrivate()));
            return forged.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey attackerJwk() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            var pair = g.generateKeyPair();
            return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).keyID("attacker").build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encodedPart(String jws, int index, UnaryOperator<String> change) {
        String[] parts = jws.split("\\.");
        String json = new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8);
        parts[index] = Base64URL.encode(change.apply(json).getBytes(StandardCharsets.UTF_8)).toString();
        return String.join(".", parts);
    }

    @Test
    @Requirement(value = "R-5.2", side = Side.SDK)
    void aResponseWithoutSignatureIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-missing", code(sandbox, config, forging(r -> withSignature(r))));
    }

    @Test
    @Requirement(value = "R-5.2", side = Side.SDK)
    void aDoubledSignatureHeaderIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-missing", code(sandbox, config,
                forging(r -> withSignature(r, signature(r), signature(r)))));
    }

    @Test
    @Requirement(value = "R-5.3", side = Side.SDK)
    void algNoneIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-invalid", code(sandbox, config, forging(r -> {
            String none = encodedPart(signature(r), 0, h -> h.replaceAll("\"alg\":\"[A-Z0-9]+\"", "\"alg\":\"none\""));
            return withSignature(r, none.substring(0, none.lastIndexOf('.') + 1));
        })));
    }

    @Test
    @Requirement(value = "R-5.3", side = Side.SDK)
    void algorithmConfusionHs256KeyedWithThePublicKeyIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-invalid", code(sandbox, config, forging(r -> {
            try {
                SignedJWT original = SignedJWT.parse(signature(r));
                // The classic attack: the provider's public key, which anyone can fetch, used as an HMAC secret.
                byte[] secret = sandbox.currentSigningKeyId().repeat(8).getBytes(StandardCharsets.UTF_8);
                SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(original.getHeader().getType()).keyID(original.getHeader().getKeyID()).build(),
                        original.getJWTClaimsSet());
                forged.sign(new MACSigner(secret));
                return withSignature(r, forged.serialize());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })));
    }

    @Test
    @Requirement(value = "R-5.3", side = Side.SDK)
    void rs256IsNotAnAllowedAlgorithm(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-invalid", code(sandbox, config, forging(r -> withSignature(r,
                encodedPart(signature(r), 0, h -> h.replaceAll("\"alg\":\"[A-Z0-9]+\"", "\"alg\":\"RS256\""))))));
    }

    @Test
    @Requirement(value = "R-5.3", side = Side.SDK)
    void aJkuPointingElsewhereIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-invalid", code(sandbox, config, forging(r -> withSignature(r,
                reheadered(signature(r), h -> {
                    try {
                        return h.jwkURL(new java.net.URI("https://attacker.example/jwks.json"));
                    } catch (java.net.URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                })))));
    }

    @Test
    @Requirement(value = "R-5.3", side = Side.SDK)
    void anEmbeddedJwkIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-invalid", code(sandbox, config, forging(r -> withSignature(r,
                reheadered(signature(r), h -> h.jwk(attackerJwk()))))));
    }

    @Test
    @Requirement(value = "R-5.3", side = Side.SDK)
    void anEmbeddedX5cChainIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-invalid", code(sandbox, config, forging(r -> withSignature(r,
                reheadered(signature(r), h -> h.x509CertChain(List.of(Base64URL.encode("not a certificate")
                        .toString()).stream().map(com.nimbusds.jose.util.Base64::new).toList()))))));
    }

    @Test
    @Requirement(value = "R-5.4", side = Side.SDK)
    void aKidThatTheProviderDoesNotPublishIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.unknown-key", code(sandbox, config, forging(r -> withSignature(r,
                reheadered(signature(r), h -> h.keyID("kid-of-the-attacker"))))));
    }

    @Test
    @Requirement(value = "R-5.5", side = Side.SDK)
    void aSignatureByAnotherKeyUnderThePublishedKidIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-invalid", code(sandbox, config, forging(r -> withSignature(r,
                reheadered(signature(r), h -> h)))));
    }

    @Test
    @Requirement(value = "R-5.5", side = Side.SDK)
    void aFlippedSignatureByteIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-invalid", code(sandbox, config, forging(r -> {
            String s = signature(r);
            char last = s.charAt(s.length() - 2);
            return withSignature(r, s.substring(0, s.length() - 2) + (last == 'A' ? 'B' : 'A') + s.charAt(s.length() - 1));
        })));
    }

    @Test
    @Requirement(value = "R-5.5", side = Side.SDK)
    void claimsChangedUnderTheOriginalSignatureAreRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-invalid", code(sandbox, config, forging(r -> withSignature(r,
                encodedPart(signature(r), 1, c -> c.replaceFirst("\"sts\"\\s*:\\s*\\d+", "\"sts\":299"))))));
    }

    @Test
    @Requirement(value = "R-5.2", side = Side.SDK)
    void aWrongTypIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-invalid", code(sandbox, config, forging(r -> withSignature(r,
                reheadered(signature(r), h -> h.type(JOSEObjectType.JWT))))));
    }

    @Test
    @Requirement(value = "R-5.2", side = Side.SDK)
    void aSignatureThatIsNotAJwsIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.signature-invalid", code(sandbox, config, forging(r -> withSignature(r, "a.b"))));
    }

    @Test
    @Requirement(value = "R-5.10", side = Side.SDK)
    void aSignatureOverOtherBytesIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.digest-mismatch", code(sandbox, config, forging(r ->
                withBody(r, (r.bodyAsString().replaceFirst("\"sex\"\\s*:\\s*\"(MALE|FEMALE)\"", "\"sex\":\"OTHER\"") + " ")
                        .getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    @Requirement(value = "R-5.10", side = Side.SDK)
    void aTruncatedBodyIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.digest-mismatch", code(sandbox, config, forging(r ->
                withBody(r, java.util.Arrays.copyOf(r.body(), r.body().length / 2)))));
    }

    @Test
    @Requirement(value = "R-5.9", side = Side.SDK)
    void anAlteredStatusIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        // A 404 "not found" dressed up as 200 (or the reverse) breaks the signed sts.
        assertEquals("response.binding-mismatch", code(sandbox, config, forging(r ->
                new KetnoiResponse(r.status() == 200 ? 404 : 200, r.headers(), r.body(), r.request()))));
    }

    @Test
    @Requirement(value = "R-5.8", side = Side.SDK)
    void aResponseBoundToAnotherRequestIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        AtomicReference<KetnoiResponse> first = new AtomicReference<>();
        Interceptor replay = Fixtures.onApiCalls(chain -> {
            KetnoiResponse r = chain.proceed(chain.request());
            return first.compareAndSet(null, r) ? r : first.get().withRequest(r.request());
        });
        try (PopulationClient client = Fixtures.clientWith(config, replay)) {
            var c = sandbox.population().anyLiving();
            client.lookup(Fixtures.lookupOf(c));
            // Replay: the same (validly signed) answer served again, to a new request.
            assertEquals("response.binding-mismatch", assertThrows(ResponseVerificationException.class,
                    () -> client.lookup(Fixtures.lookupOf(c))).errorCode());
        }
    }

    @Test
    @Requirement(value = "R-5.6", side = Side.SDK)
    void aResponseSignedByAnotherIssuerIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        // Validly signed, but the iss is not the provider this client talks to. Since protocol
        // version 2 the client assertion's aud is that configured issuer too, so the token request
        // is re-signed for the sandbox's issuer on its way: the token is had, the answer refused.
        ClientConfig other = config.toBuilder().providerIssuer("https://another-provider.example").build();
        vn.ketnoi.core.internal.crypto.RequestSigner signer = new vn.ketnoi.core.internal.crypto.RequestSigner(
                config.credentials(), config.agencyId(), java.time.Clock.systemUTC());
        Interceptor audForTheSandbox = chain -> {
            KetnoiRequest r = chain.request();
            if (!r.uri().equals(config.tokenEndpoint())) {
                return chain.proceed(r);
            }
            String form = new String(r.body(), java.nio.charset.StandardCharsets.US_ASCII).replaceAll(
                    "client_assertion=[^&]*", "client_assertion=" + signer.clientAssertion(sandbox.issuer()));
            return chain.proceed(r.toBuilder().body(form.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).build());
        };
        assertEquals("response.binding-mismatch", code(sandbox, other, audForTheSandbox));
    }

    @Test
    @Requirement(value = "R-5.11", side = Side.SDK)
    void aStaleResponseIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.stale", clockSkewed(sandbox, config, Duration.ofMinutes(5)));
    }

    @Test
    @Requirement(value = "R-5.11", side = Side.SDK)
    void aResponseFromTheFutureIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("response.stale", clockSkewed(sandbox, config, Duration.ofMinutes(-5)));
    }

    /**
     * The client's clock runs {@code ahead} of the provider's; the requests are re-signed on the
     * provider's time so that only the response's freshness is in question.
     */
    private static String clockSkewed(KetnoiSandbox sandbox, ClientConfig config, Duration ahead) {
        SandboxAgency agency = sandbox.defaultAgency();
        Interceptor onProviderTime = chain -> {
            KetnoiRequest r = chain.request();
            if (Fixtures.isApiCall(r)) {
                String sig = r.headers().first("Ketnoi-Signature").orElseThrow();
                r = r.toBuilder().header("Ketnoi-Signature", Resign.resign(sig, agency,
                        b -> b.issueTime(new Date()))).build();
            } else if (r.uri().getPath().endsWith("/oauth2/token")) {
                r = Resign.resignAssertion(r, agency);
            }
            return chain.proceed(r);
        };
        ClientConfig skewed = config.toBuilder().clock(Clock.offset(Clock.systemUTC(), ahead)).build();
        return code(sandbox, skewed, onProviderTime);
    }

    @Test
    void aDeeplyNestedBodyIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertEquals("response.limits", code(sandbox, config, forging(r -> withBody(r, deep.getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void anOverlongStringIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        ClientConfig tight = config.toBuilder().httpOptions(HttpOptions.builder()
                .limits(ResponseLimits.builder().maxStringLength(2048).build()).build()).build();
        String body = "{\"citizen\":{\"fullName\":\"" + "A".repeat(5000) + "\"}}";
        assertEquals("response.limits", code(sandbox, tight, forging(r -> withBody(r, body.getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void anOverlongNumberIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        String body = "{\"found\":" + "9".repeat(500) + "}";
        assertEquals("response.limits", code(sandbox, config, forging(r -> withBody(r, body.getBytes(StandardCharsets.UTF_8)))));
    }
}
