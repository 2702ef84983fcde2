package vn.ketnoi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.testsupport.TestClock;

/**
 * The challenge issuer's limits, to the nanosecond and the unit: a lifetime above zero and at most
 * ten minutes, 1 to 1,000,000 outstanding challenges, and a challenge good until (not at) its expiry.
 */
class ChallengeIssuerTest {
    static final TestClock CLOCK = TestClock.fixedAt(Instant.parse("2026-12-06T04:00:00Z"));

    static String refused(Duration lifetime, int max) {
        return assertThrows(InvalidInputException.class, () -> new ChallengeIssuer(CLOCK, lifetime, max)).field();
    }

    @Test
    void theLifetimeIsAboveZeroAndAtMostTenMinutes() {
        new ChallengeIssuer(CLOCK, Duration.ofMinutes(10), 1);
        new ChallengeIssuer(CLOCK, Duration.ofNanos(1), 1);
        assertEquals("challenges.lifetime", refused(Duration.ofMinutes(10).plusNanos(1), 1));
        assertEquals("challenges.lifetime", refused(Duration.ZERO, 1));
        assertEquals("challenges.lifetime", refused(Duration.ofSeconds(-1), 1));
        assertEquals("challenges.lifetime", refused(null, 1));
        assertEquals("challenges.clock", assertThrows(InvalidInputException.class,
                () -> new ChallengeIssuer(null, Duration.ofMinutes(1), 1)).field());
    }

    @Test
    void between1And1000000ChallengesAreHeld() {
        new ChallengeIssuer(CLOCK, Duration.ofMinutes(1), 1_000_000);
        assertEquals("challenges.maxOutstanding", refused(Duration.ofMinutes(1), 1_000_001));
        assertEquals("challenges.maxOutstanding", refused(Duration.ofMinutes(1), 0));

        TestClock clock = TestClock.fixedAt(CLOCK.instant());
        ChallengeIssuer one = new ChallengeIssuer(clock, Duration.ofMinutes(1), 1);
        Challenge first = one.issue();
        assertEquals("challenges", assertThrows(InvalidInputException.class, one::issue).field(), "one is held");
        clock.advance(Duration.ofMinutes(1));
        Challenge second = one.issue();
        assertEquals(1, one.outstanding(), "the expired one was dropped to make room");
        assertFalse(one.redeem(first.bytes()));
        assertTrue(one.redeem(second.bytes()));
    }

    @Test
    void aChallengeIsGoodUntilItsExpiryNotAtIt() {
        TestClock clock = TestClock.fixedAt(CLOCK.instant());
        ChallengeIssuer issuer = new ChallengeIssuer(clock, Duration.ofMinutes(1), 10);
        Challenge early = issuer.issue();
        Challenge late = issuer.issue();
        assertEquals(ChallengeIssuer.CHALLENGE_BYTES, early.bytes().length);
        assertEquals(clock.instant().plus(Duration.ofMinutes(1)), early.expiresAt());
        clock.advance(Duration.ofMinutes(1).minusNanos(1));
        assertTrue(issuer.redeem(early.bytes()), "a nanosecond before expiry");
        clock.advance(Duration.ofNanos(1));
        assertFalse(issuer.redeem(late.bytes()), "at expiry");
        assertFalse(issuer.redeem(null));
        assertFalse(issuer.redeem(new byte[7]));
    }

    @Test
    void aSweepDropsTheExpiredOnly() {
        TestClock clock = TestClock.fixedAt(CLOCK.instant());
        ChallengeIssuer issuer = new ChallengeIssuer(clock, Duration.ofMinutes(1), 10);
        issuer.issue();
        clock.advance(Duration.ofSeconds(30));
        Challenge fresh = issuer.issue();
        clock.advance(Duration.ofSeconds(30));
        issuer.sweep();
        assertEquals(1, issuer.outstanding(), "the first expired exactly now");
        assertTrue(issuer.redeem(fresh.bytes()));
    }
}
