package vn.ketnoi.core.internal.resilience;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import vn.ketnoi.core.exception.InvalidRequestException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.ServiceUnavailableException;
import vn.ketnoi.core.exception.TransportException;

/**
 * How the one retry layer classifies failures of a write. {@code request.idempotency-in-progress}
 * (protocol section 10.3) is an answer a provider MAY send and the sandbox never does, so it is
 * shown here as a unit; the other kinds are shown against the sandbox by the fault suites.
 */
class RetryClassificationTest {
    private static KetnoiServiceException problem(int status, String code) {
        return new KetnoiServiceException(code, status, code, "r", false, code, null, List.of());
    }

    @Test
    void anIdempotencyKeyStillInProgressIsWaitedOutAndLeavesTheOutcomeOpen() {
        InvalidRequestException inProgress = new InvalidRequestException(problem(409, "request.idempotency-in-progress"));
        assertTrue(ResilienceStep.retryable(inProgress));
        assertTrue(ResilienceStep.uncertain(inProgress), "an earlier attempt is being applied");
        assertFalse(ResilienceStep.countsAsFailure(inProgress), "our own earlier attempt says nothing of the provider's health");
    }

    @Test
    void aConflictingKeyOrARefusalIsFinal() {
        for (String code : List.of("request.idempotency-conflict", "edocuments.subject-not-eligible")) {
            KetnoiServiceException e = problem(code.startsWith("request.") ? 409 : 422, code);
            assertFalse(ResilienceStep.retryable(e), code);
            assertFalse(ResilienceStep.uncertain(e), code);
        }
    }

    @Test
    void lostAnswersAreUncertainAndA503IsNot() {
        TransportException cut = new TransportException("t", "transport.io", "r", true, true, null);
        assertTrue(ResilienceStep.retryable(cut));
        assertTrue(ResilienceStep.uncertain(cut));
        TransportException refused = new TransportException("t", "transport.connect-failed", "r", true, false, null);
        assertTrue(ResilienceStep.retryable(refused));
        assertFalse(ResilienceStep.uncertain(refused));
        ServiceUnavailableException unavailable = new ServiceUnavailableException(problem(503, "server.unavailable"), null);
        assertTrue(ResilienceStep.retryable(unavailable));
        assertFalse(ResilienceStep.uncertain(unavailable), "a 5xx outcome is not stored: the write was not applied");
        ServiceUnavailableException internal = new ServiceUnavailableException(problem(500, "server.internal"), null);
        assertTrue(ResilienceStep.uncertain(internal), "a 500 may come after the write was applied");
        assertFalse(ResilienceStep.retryable(new TransportException("t", "client.closed", "r", false, false, null)));
    }
}
