package vn.ketnoi.vneid.edocuments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.TransportException;

/**
 * Which failures the write loop repeats. {@code request.idempotency-in-progress} (protocol section
 * 10.3) is one a provider MAY send and the sandbox never does, so it is shown here as a unit.
 */
class WriteRetryTest {
    private static KetnoiServiceException problem(int status, String code) {
        return new KetnoiServiceException(code, status, code, "r", false, code, null, List.of());
    }

    @Test
    void repeatsOnlyWhatLeavesTheOutcomeUnknownOrWasAskedToWait() {
        assertTrue(WriteRetry.isUncertainOrBusy(problem(409, "request.idempotency-in-progress")));
        assertTrue(WriteRetry.isUncertainOrBusy(problem(503, "server.unavailable")));
        assertTrue(WriteRetry.isUncertainOrBusy(new TransportException("t", "transport.timeout", "r", false, true, null)));
        assertTrue(WriteRetry.isUncertainOrBusy(new TransportException("t", "transport.io", "r", false, true, null)));
        assertFalse(WriteRetry.isUncertainOrBusy(problem(409, "request.idempotency-conflict")));
        assertFalse(WriteRetry.isUncertainOrBusy(problem(422, "edocuments.subject-not-eligible")));
        assertFalse(WriteRetry.isUncertainOrBusy(new TransportException("t", "client.closed", "r", false, false, null)));
    }

    @Test
    void inProgressIsWaitedOutThenTheAnswerReturned() {
        AtomicInteger calls = new AtomicInteger();
        String answer = new WriteRetry(3, Duration.ofMillis(1)).run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw problem(409, "request.idempotency-in-progress");
            }
            return "stored";
        }, (n, last) -> new IllegalStateException("gave up"));
        assertEquals("stored", answer);
        assertEquals(3, calls.get());
    }

    @Test
    void aDefiniteRefusalIsNotRepeatedAndGivingUpIsReported() {
        AtomicInteger calls = new AtomicInteger();
        KetnoiServiceException refused = problem(422, "edocuments.unknown-type");
        assertSame(refused, assertThrows(KetnoiServiceException.class, () -> new WriteRetry(3, Duration.ofMillis(1))
                .run(() -> {
                    calls.incrementAndGet();
                    throw refused;
                }, (n, last) -> new IllegalStateException("gave up"))));
        assertEquals(1, calls.get());
        IllegalStateException gaveUp = assertThrows(IllegalStateException.class, () -> new WriteRetry(2, Duration.ofMillis(1))
                .run(() -> {
                    throw problem(503, "server.unavailable");
                }, (n, last) -> new IllegalStateException("gave up after " + n)));
        assertEquals("gave up after 2", gaveUp.getMessage());
    }
}
