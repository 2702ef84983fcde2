package vn.ketnoi.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves while clients and the sandbox use it: either the system clock shifted by an
 * offset (time still passes, so network timeouts behave) or a fixed instant that moves only when
 * told. One class for every module's tests, so no test writes its own. Thread-safe.
 */
public final class TestClock extends Clock {
    private final Instant fixedStart; // null: the system clock plus the offset
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    private TestClock(Instant fixedStart) {
        this.fixedStart = fixedStart;
    }

    /** The system clock, shifted by what the test asks. */
    public static TestClock systemShifted() {
        return new TestClock(null);
    }

    /** Stands still at {@code start} until the test moves it. */
    public static TestClock fixedAt(Instant start) {
        return new TestClock(start);
    }

    /** Moves the clock forward (or back, with a negative duration) by {@code d}. */
    public void advance(Duration d) {
        offset.accumulateAndGet(d, Duration::plus);
    }

    /** Sets the shift from the starting point to {@code d}, whatever it was. */
    public void shift(Duration d) {
        offset.set(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return (fixedStart == null ? Instant.now() : fixedStart).plus(offset.get());
    }
}
