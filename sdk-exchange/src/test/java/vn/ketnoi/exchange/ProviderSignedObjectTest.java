package vn.ketnoi.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;

/**
 * {@link ExchangeClient#verifyProviderSigned}: an object the provider signed outside an answer (a
 * certified extract, for one) is believed only when its {@code typ}, algorithm, key and signature
 * verify, its {@code iss} is the provider and its {@code aud}, when it has one, is this agency.
 * Each check is met on its own here, the others passing, so that dropping any one of them fails.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class ProviderSignedObjectTest {
    static final String TYP = "ketnoi-test-object+jwt";

    static Map<String, Object> claims(KetnoiSandbox sandbox) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iss", sandbox.issuer());
        m.put("aud", sandbox.defaultAgency().id());
        m.put("jti", "object-1");
        return m;
    }

    static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(claims);
        if (value == null) {
            m.remove(name);
        } else {
            m.put(name, value);
        }
        return m;
    }

    static ResponseVerificationException refused(ExchangeClient exchange, String compact) {
        return assertThrows(ResponseVerificationException.class, () -> exchange.verifyProviderSigned(compact, TYP));
    }

    /** The same signature under a header of the test's choosing. */
    static String withHeader(String compact, String header) {
        String[] p = compact.split("\\.");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8))
                + "." + p[1] + "." + p[2];
    }

    static String header(String compact) {
        return new String(Base64.getUrlDecoder().decode(compact.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    @Test
    void theProvidersObjectForThisAgencyVerifiesAndGivesItsClaims(KetnoiSandbox sandbox, ExchangeClient exchange) {
        JsonValue claims = exchange.verifyProviderSigned(sandbox.signAsProvider(TYP, claims(sandbox)), TYP);
        assertEquals("object-1", claims.get("jti").asText());
        assertEquals(sandbox.issuer(), claims.get("iss").asText());
        // aud is optional: an object for whoever holds it names no agency.
        JsonValue anyone = exchange.verifyProviderSigned(sandbox.signAsProvider(TYP, with(claims(sandbox), "aud", null)), TYP);
        assertEquals("object-1", anyone.get("jti").asText());
    }

    @Test
    void anotherIssuerOrNoneIsABindingMismatch(KetnoiSandbox sandbox, ExchangeClient exchange) {
        for (Object iss : new Object[] {"https://idp.example.vn", sandbox.issuer() + "/", null}) {
            ResponseVerificationException e = refused(exchange, sandbox.signAsProvider(TYP,
                    with(claims(sandbox), "iss", iss)));
            assertEquals("response.binding-mismatch", e.errorCode(), String.valueOf(iss));
            assertTrue(e.getMessage().contains("another issuer or audience") && e.getMessage().contains(TYP),
                    e.getMessage());
        }
    }

    @Test
    void anotherAudienceIsABindingMismatch(KetnoiSandbox sandbox, ExchangeClient exchange) {
        // Another agency, and this agency inside a list (the protocol's aud is one agency id).
        for (Object aud : new Object[] {KetnoiSandbox.LIMITED_AGENCY_ID, List.of(sandbox.defaultAgency().id()), ""}) {
            assertEquals("response.binding-mismatch", refused(exchange, sandbox.signAsProvider(TYP,
                    with(claims(sandbox), "aud", aud))).errorCode(), String.valueOf(aud));
        }
    }

    @Test
    void anotherTypIsMalformed(KetnoiSandbox sandbox, ExchangeClient exchange) {
        ResponseVerificationException e = refused(exchange, sandbox.signAsProvider("ketnoi-notification+jwt",
                claims(sandbox)));
        assertEquals("response.malformed", e.errorCode());
        assertTrue(e.getMessage().contains("typ"), e.getMessage());
        assertEquals(0, e.statusCode(), "no answer carried it");
        assertNull(e.requestId());
    }

    @Test
    void aChangedClaimIsAnInvalidSignature(KetnoiSandbox sandbox, ExchangeClient exchange) {
        String[] p = sandbox.signAsProvider(TYP, claims(sandbox)).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8)
                .replace("object-1", "object-2");
        String forged = p[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + p[2];
        assertEquals("response.signature-invalid", refused(exchange, forged).errorCode());
    }

    @Test
    void aKeyOutsideTheProvidersSetIsUnknownAndNoKidIsMalformed(KetnoiSandbox sandbox, ExchangeClient exchange) {
        String genuine = sandbox.signAsProvider(TYP, claims(sandbox));
        assertEquals("response.unknown-key", refused(exchange, withHeader(genuine,
                "{\"alg\":\"ES256\",\"kid\":\"stranger-1\",\"typ\":\"" + TYP + "\"}")).errorCode());
        assertEquals("response.malformed", refused(exchange, withHeader(genuine,
                "{\"alg\":\"ES256\",\"typ\":\"" + TYP + "\"}")).errorCode());
    }

    @Test
    void aSymmetricAlgorithmIsRefusedAndNamed(KetnoiSandbox sandbox, ExchangeClient exchange) {
        String genuine = sandbox.signAsProvider(TYP, claims(sandbox));
        String kid = header(genuine).replaceFirst("(?s).*\"kid\"\\s*:\\s*\"([^\"]*)\".*", "$1");
        ResponseVerificationException e = refused(exchange, withHeader(genuine,
                "{\"alg\":\"HS256\",\"kid\":\"" + kid + "\",\"typ\":\"" + TYP + "\"}"));
        assertEquals("response.signature-invalid", e.errorCode());
        assertTrue(e.getMessage().contains("HS256"), e.getMessage());
    }

    @Test
    void somethingThatIsNoJwsIsMalformedAndNothingIsBadInput(ExchangeClient exchange) {
        assertEquals("response.malformed", refused(exchange, "not.a.jws").errorCode());
        assertEquals("compact", assertThrows(InvalidInputException.class,
                () -> exchange.verifyProviderSigned(null, TYP)).field());
        assertEquals("compact", assertThrows(InvalidInputException.class,
                () -> exchange.verifyProviderSigned("", TYP)).field());
    }
}
