package vn.ketnoi.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The shared deadline timer: what is due fires once, what is cancelled never, whatever the order. */
class DeadlineTimerTest {
    private final DeadlineTimer timer = new DeadlineTimer("deadline-timer-test");

    @Test
    void firesOnceWhenDueAndNeverWhenCancelled() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger cancelledRuns = new AtomicInteger();
        DeadlineTimer.Watch cancelled = timer.schedule(TimeUnit.MILLISECONDS.toNanos(20), cancelledRuns::incrementAndGet);
        cancelled.cancel();
        long start = System.nanoTime();
        DeadlineTimer.Watch w = timer.schedule(TimeUnit.MILLISECONDS.toNanos(50), () -> {
            runs.incrementAndGet();
            fired.countDown();
        });
        assertTrue(fired.await(10, TimeUnit.SECONDS), "a due deadline fires");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "not before it is due");
        w.cancel(); // after firing: no effect
        Thread.sleep(100);
        assertEquals(1, runs.get());
        assertEquals(0, cancelledRuns.get());
    }

    @Test
    void anEarlierDeadlineWakesTheTimerSleepingUntilALaterOne() throws Exception {
        AtomicInteger late = new AtomicInteger();
        DeadlineTimer.Watch far = timer.schedule(TimeUnit.MINUTES.toNanos(10), late::incrementAndGet);
        Thread.sleep(50); // the timer now sleeps until the far deadline
        CountDownLatch near = new CountDownLatch(1);
        timer.schedule(TimeUnit.MILLISECONDS.toNanos(30), near::countDown);
        assertTrue(near.await(10, TimeUnit.SECONDS), "the nearer deadline fired long before the far one");
        assertEquals(0, late.get());
        far.cancel();
    }

    @Test
    void manyCallersRegisteringAndCancellingAtOnce() throws Exception {
        int callers = 16;
        int each = 2_000;
        AtomicInteger cancelledFired = new AtomicInteger();
        AtomicInteger dueFired = new AtomicInteger();
        CountDownLatch allDue = new CountDownLatch(callers * 10);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        if (i % (each / 10) == 0) {
                            // A few are left to come due, at spread-out times.
                            timer.schedule(TimeUnit.MICROSECONDS.toNanos(i), () -> {
                                dueFired.incrementAndGet();
                                allDue.countDown();
                            });
                        } else {
                            timer.schedule(TimeUnit.SECONDS.toNanos(30), cancelledFired::incrementAndGet).cancel();
                        }
                    }
                }));
            }
            for (var f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertTrue(allDue.await(10, TimeUnit.SECONDS), "every due deadline fired");
            Thread.sleep(50);
            assertEquals(callers * 10, dueFired.get(), "each exactly once");
            assertEquals(0, cancelledFired.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingActionDoesNotStopTheTimer() throws Exception {
        timer.schedule(0, () -> {
            throw new IllegalStateException("boom");
        });
        CountDownLatch after = new CountDownLatch(1);
        timer.schedule(TimeUnit.MILLISECONDS.toNanos(10), after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }
}
