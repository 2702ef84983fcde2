package vn.ketnoi.core.internal.resilience;

import java.time.Clock;
import java.time.Instant;

import vn.ketnoi.core.ClientHealth;
import vn.ketnoi.core.exception.AuthenticationException;
import vn.ketnoi.core.exception.CircuitOpenException;
import vn.ketnoi.core.exception.GatewayCredentialException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.internal.OperationsLog;

/**
 * The failure record of one service client, fed one outcome per logical call: the last error's
 * code and time, the failures in a row, and the authentication failures in a row, whose crossing
 * of {@link ClientHealth#AUTHENTICATION_FAILURES_DOWN} (either way) is logged once. What counts is
 * said in {@link ClientHealth}. Thread-safe.
 */
final class CallHealth {
    private final String service;
    private final Clock clock;
    private String lastErrorCode; // guarded by this
    private Instant lastErrorAt; // guarded by this
    private int failures; // guarded by this
    private int authFailures; // guarded by this

    CallHealth(String service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /** Records a call's outcome: {@code null} for a success. */
    void record(KetnoiException e) {
        if (e == null || (e instanceof KetnoiServiceException && !failed(e))) {
            gotThrough();
        } else if (failed(e)) {
            failed(e.errorCode(), authentication(e));
        }
        // Otherwise refused before sending (input, bulkhead, rate limit, cancelled): says nothing either way.
    }

    private static boolean failed(KetnoiException e) {
        return authentication(e) || e instanceof CircuitOpenException || ResilienceStep.countsAsFailure(e);
    }

    /** Failures no retry mends: the agency's key, token or gateway credential is refused, or the key cannot sign. */
    static boolean authentication(KetnoiException e) {
        if (e instanceof AuthenticationException) {
            return e.statusCode() == 400 || e.statusCode() == 401;
        }
        return e instanceof GatewayCredentialException || "signing.failed".equals(e.errorCode());
    }

    private void gotThrough() {
        int ended;
        synchronized (this) {
            ended = authFailures;
            failures = 0;
            authFailures = 0;
        }
        if (ended >= ClientHealth.AUTHENTICATION_FAILURES_DOWN) {
            OperationsLog.LOG.warn("Ketnoi {}: the agency is authenticated again after {} refusals in a row; health is UP",
                    service, ended);
        }
    }

    private void failed(String code, boolean authentication) {
        int now = -1;
        synchronized (this) {
            lastErrorCode = code;
            lastErrorAt = clock.instant();
            failures++;
            if (authentication) {
                now = ++authFailures;
            }
        }
        if (now == ClientHealth.AUTHENTICATION_FAILURES_DOWN) {
            OperationsLog.LOG.warn("Ketnoi {}: the agency was refused {} times in a row (last {}); health is DOWN until"
                    + " a call gets through: check its key id, key and registration", service, now, code);
        }
    }

    /** {@return the snapshot with this record} */
    synchronized ClientHealth addTo(ClientHealth h) {
        return h.withFailures(lastErrorCode, lastErrorAt, failures, authFailures);
    }
}
