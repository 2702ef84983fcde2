package vn.ketnoi.chip;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues active-authentication challenges and redeems each at most once: a chip's signature over
 * a challenge proves the chip is present now only if the challenge was fresh, unpredictable and
 * never accepted before. A replayed, expired or unknown challenge is refused.
 *
 * <p>Challenges live in memory, in this issuer: with several server instances, route the
 * verification to the instance that issued the challenge or share one issuer. At most
 * {@code maxOutstanding} challenges are held; issuing more first drops the expired ones, then
 * refuses. Thread-safe.
 */
public final class ChallengeIssuer {
    /** The challenge length ICAO 9303 part 11 sets for active authentication. */
    public static final int CHALLENGE_BYTES = 8;

    private final Clock clock;
    private final Duration lifetime;
    private final int maxOutstanding;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> outstanding = new ConcurrentHashMap<>();

    /**
     * An issuer.
     *
     * @param clock the clock lifetimes are judged by
     * @param lifetime how long a challenge stays valid: more than zero, at most ten minutes
     * @param maxOutstanding how many unredeemed challenges may be held, 1 to 1,000,000
     */
    public ChallengeIssuer(Clock clock, Duration lifetime, int maxOutstanding) {
        if (clock == null) {
            throw new vn.ketnoi.core.exception.InvalidInputException("challenges.clock", "is missing");
        }
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new vn.ketnoi.core.exception.InvalidInputException("challenges.lifetime", "must be more than zero and at most 10 minutes");
        }
        if (maxOutstanding < 1 || maxOutstanding > 1_000_000) {
            throw new vn.ketnoi.core.exception.InvalidInputException("challenges.maxOutstanding", "must be between 1 and 1,000,000");
        }
        this.clock = clock;
        this.lifetime = lifetime;
        this.maxOutstanding = maxOutstanding;
    }

    /** {@return an issuer with a one-minute lifetime and 100,000 outstanding challenges at most, on the UTC clock} */
    public static ChallengeIssuer withDefaults() {
        return new ChallengeIssuer(Clock.systemUTC(), Duration.ofMinutes(1), 100_000);
    }

    /**
     * A fresh challenge.
     *
     * @return the challenge
     * @throws vn.ketnoi.core.exception.InvalidInputException (field {@code challenges}) when
     *         {@code maxOutstanding} unexpired challenges are already held
     */
    public Challenge issue() {
        Instant now = clock.instant();
        if (outstanding.size() >= maxOutstanding) {
            outstanding.values().removeIf(exp -> !now.isBefore(exp));
            if (outstanding.size() >= maxOutstanding) {
                throw new vn.ketnoi.core.exception.InvalidInputException("challenges", "too many challenges are outstanding");
            }
        }
        byte[] b = new byte[CHALLENGE_BYTES];
        String key;
        do {
            random.nextBytes(b);
            key = HexFormat.of().formatHex(b);
        } while (outstanding.putIfAbsent(key, now.plus(lifetime)) != null);
        return new Challenge(b, now.plus(lifetime));
    }

    /**
     * Takes a challenge back: true once for each challenge issued here and not yet expired, false
     * for any other bytes, a second time, or after expiry. Removed either way.
     *
     * @param challenge the bytes the app says it sent to the chip
     * @return whether the challenge is fresh
     */
    public boolean redeem(byte[] challenge) {
        if (challenge == null || challenge.length != CHALLENGE_BYTES) {
            return false;
        }
        Instant expires = outstanding.remove(HexFormat.of().formatHex(challenge));
        return expires != null && clock.instant().isBefore(expires);
    }

    /** {@return how many challenges are held (expired ones included until the next sweep)} */
    public int outstanding() {
        return outstanding.size();
    }

    /** Drops expired challenges; {@link #issue()} does it when full. */
    public void sweep() {
        Instant now = clock.instant();
        for (Iterator<Instant> it = outstanding.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next())) {
                it.remove();
            }
        }
    }
}
