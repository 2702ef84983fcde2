package vn.ketnoi.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jwt.JWTClaimsSet;
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
        JWTClaimsSet c = ClientAssertions.claims("VN:GOV:TEST", "https://p.example.vn/oauth2/token", NOW,
                Duration.ofSeconds(60));
        assertEquals("VN:GOV:TEST", c.getIssuer());
        assertEquals("VN:GOV:TEST", c.getSubject());
        assertEquals("https://p.example.vn/oauth2/token", c.getAudience().get(0));
        assertEquals(Instant.parse("2026-12-05T10:00:00Z"), c.getIssueTime().toInstant());
        assertEquals(Instant.parse("2026-12-05T10:02:00Z"), c.getExpirationTime().toInstant());
        assertTrue(c.getJWTID().length() >= 24, "at least 144 bits, base64url");
        assertNotEquals(c.getJWTID(), ClientAssertions.claims("VN:GOV:TEST", "a", NOW, Duration.ZERO).getJWTID());
    }
}
