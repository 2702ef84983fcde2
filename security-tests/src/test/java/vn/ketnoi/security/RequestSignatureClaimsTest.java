package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.internal.crypto.Jose;
import vn.ketnoi.core.internal.crypto.RequestSigner;
import vn.ketnoi.core.pipeline.HttpHeaders;

/**
 * What the agency's request signature and client assertion say ({@code docs/protocol.md}
 * sections 2 and 4), claim by claim. The sandbox checks the claims it needs to answer; the ones it
 * does not look at (the optional {@code xrs} and {@code idk}, the assertion's lifetime) would go
 * missing unnoticed, so they are read back here from a signer with a fixed key and clock.
 */
class RequestSignatureClaimsTest {
    private static final Instant NOW = Instant.parse("2026-07-01T03:00:00Z");
    private static final String AGENCY = "VN:GOV:000.00.15.H29";
    private static final KeyPair KEY = ecKeyPair();
    private static final RequestSigner SIGNER = new RequestSigner(
            AgencyCredentials.of("agency-key-1", KEY.getPrivate(), List.of()), AGENCY, Clock.fixed(NOW, ZoneOffset.UTC));
    private static final ServiceId SERVICE = ServiceId.parse("VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1");
    private static final String LOOKUP = "/lookup?x=1";

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SignedJWT verified(String jws) throws Exception {
        SignedJWT jwt = SignedJWT.parse(jws);
        assertTrue(jwt.verify(new ECDSAVerifier((ECPublicKey) KEY.getPublic())), "signed with the agency's key");
        return jwt;
    }

    private static HttpHeaders.Builder roadHeaders() {
        return HttpHeaders.builder().add("X-Road-Client", "VN/GOV/000.00.15.H29/app").add("X-Road-Id", "req-1")
                .add("X-Road-UserId", "VN:canbo.test").add("Ketnoi-Purpose", "PUBLIC_SERVICE");
    }

    @Test
    void aRequestSignatureBindsMethodServicePathTimeBodyHeadersAndToken() throws Exception {
        byte[] body = "{\"idNumber\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = verified(SIGNER.signRequest("POST", SERVICE, LOOKUP, roadHeaders().build(), body, "the-access-token"));
        assertEquals(new JOSEObjectType(RequestSigner.REQUEST_TYPE), jwt.getHeader().getType());
        assertEquals("agency-key-1", jwt.getHeader().getKeyID());
        assertEquals("ES256", jwt.getHeader().getAlgorithm().getName());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertEquals("POST", c.getStringClaim("htm"));
        assertEquals(2L, c.getLongClaim("ver"), "protocol version 2");
        assertEquals(SERVICE.toString(), c.getStringClaim("srv"));
        assertEquals(LOOKUP, c.getStringClaim("pth"));
        assertFalse(c.getClaims().containsKey("htu"), "version 1's transport URL is not signed any more");
        assertEquals(Date.from(NOW), c.getIssueTime());
        assertEquals(Jose.sha256(body), c.getStringClaim("bdh"));
        assertEquals("VN/GOV/000.00.15.H29/app", c.getStringClaim("xrc"));
        assertEquals("req-1", c.getStringClaim("xri"));
        assertEquals("VN:canbo.test", c.getStringClaim("xru"));
        assertEquals("PUBLIC_SERVICE", c.getStringClaim("pur"));
        assertEquals(Jose.sha256("the-access-token"), c.getStringClaim("ath"));
        assertEquals(22, c.getJWTID().length(), "16 random bytes, base64url");
        assertFalse(c.getClaims().containsKey("xrs"), "no X-Road-Issue header, no xrs");
        assertFalse(c.getClaims().containsKey("idk"), "no Idempotency-Key header, no idk");
    }

    @Test
    void theIssueAndIdempotencyKeyAreSignedWhenSent() throws Exception {
        HttpHeaders headers = roadHeaders().add("X-Road-Issue", "ticket-7").add("Idempotency-Key", "idem-1").build();
        JWTClaimsSet c = verified(SIGNER.signRequest("POST", SERVICE, LOOKUP, headers, new byte[0], "t")).getJWTClaimsSet();
        assertEquals("ticket-7", c.getStringClaim("xrs"));
        assertEquals("idem-1", c.getStringClaim("idk"));
    }

    @Test
    void everySignatureHasItsOwnNonce() throws Exception {
        HttpHeaders headers = roadHeaders().build();
        assertNotEquals(verified(SIGNER.signRequest("GET", SERVICE, LOOKUP, headers, new byte[0], "t")).getJWTClaimsSet().getJWTID(),
                verified(SIGNER.signRequest("GET", SERVICE, LOOKUP, headers, new byte[0], "t")).getJWTClaimsSet().getJWTID());
    }

    @Test
    void aClientAssertionIsTheAgencyAboutItselfForTwoMinutes() throws Exception {
        String token = "https://provider.test"; // version 2: the provider's issuer, not the token endpoint's URL
        SignedJWT jwt = verified(SIGNER.clientAssertion(token));
        assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
        assertEquals("agency-key-1", jwt.getHeader().getKeyID());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertEquals(AGENCY, c.getIssuer());
        assertEquals(AGENCY, c.getSubject());
        assertEquals(List.of(token), c.getAudience());
        assertEquals(Date.from(NOW), c.getIssueTime());
        assertEquals(Date.from(NOW.plusSeconds(120)), c.getExpirationTime());
        assertNotEquals(c.getJWTID(), SIGNER.clientAssertion(token).length() > 0 ? verified(SIGNER.clientAssertion(token))
                .getJWTClaimsSet().getJWTID() : null);
    }
}
