package vn.ketnoi.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one logger of state changes an operator acts on: a circuit breaker opened or closed, the
 * retry budget spent or refilled, the agency refused or accepted again, the provider's keys
 * unreachable or reachable again. One WARN line per change, never one per call, so that a storm of
 * failures is a few lines at the default level and alerting can key on the logger
 * {@code vn.ketnoi.operations}. Lines carry service names, error codes and counts only.
 */
public final class OperationsLog {
    public static final Logger LOG = LoggerFactory.getLogger("vn.ketnoi.operations");

    private OperationsLog() {
    }
}
