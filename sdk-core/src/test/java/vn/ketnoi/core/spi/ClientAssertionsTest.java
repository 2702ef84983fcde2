package vn.ketnoi.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The one client-assertion policy (protocol sections 2 and 9.3): lifetime, skew, claims. */
class ClientAssertionsTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00.750Z");

    @Test
    void anAssertionLivesSixtySecondsPlusTheClockSkew() {
        assertEquals(Duration.ofSeconds(120), ClientAssertions.lifetime(Duration.ofSeconds(60)));
        assertEquals(Duration.ofSeconds(60), ClientAssertions.lifetime(Duration.ZERO));
    }

    @Test
    void theLifetimeNeverExceedsTheProtocolsLimit() {
        assertEquals(Duration.ofSeconds(300), ClientAssertions.lifetime(Duration.ofMinutes(5)));
    }

    @Test
    void theClaimsNameTheClientTwiceAndAreIssuedNowNeverBackdated() {
        ClientAssertions.Claims c = ClientAssertions.claims("VN:GOV:TEST", "https://p.example.vn/oauth2/token", NOW,
                Duration.ofSeconds(60));
        assertEquals("VN:GOV:TEST", c.client());
        assertEquals("https://p.example.vn/oauth2/token", c.audience());
        assertEquals(Instant.parse("2026-12-05T10:00:00Z"), c.issuedAt());
        assertEquals(Instant.parse("2026-12-05T10:02:00Z"), c.expiresAt());
        assertTrue(c.jwtId().length() >= 24, "at least 144 bits, base64url");
        assertNotEquals(c.jwtId(), ClientAssertions.claims("VN:GOV:TEST", "a", NOW, Duration.ZERO).jwtId());
    }

    @Test
    void theSignedClaimsNameTheClientAsIssuerAndSubject() {
        com.nimbusds.jwt.JWTClaimsSet signed = vn.ketnoi.core.internal.crypto.Jose.claimsSet(
                ClientAssertions.claims("VN:GOV:TEST", "https://p.example.vn", NOW, Duration.ZERO));
        assertEquals("VN:GOV:TEST", signed.getIssuer());
        assertEquals("VN:GOV:TEST", signed.getSubject());
        assertEquals(java.util.List.of("https://p.example.vn"), signed.getAudience());
        assertEquals(Instant.parse("2026-12-05T10:01:00Z"), signed.getExpirationTime().toInstant());
    }
}
