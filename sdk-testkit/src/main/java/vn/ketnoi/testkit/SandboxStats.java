package vn.ketnoi.testkit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe request counters of a sandbox, so tests can assert, for example, that a client
 * reuses its token instead of fetching one per call.
 */
public final class SandboxStats {

    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong jwksRequests = new AtomicLong();
    private final AtomicLong apiRequests = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    SandboxStats() {
    }

    /** {@return calls to the token endpoint, successful or not} */
    public long tokenRequests() {
        return tokenRequests.get();
    }

    /** {@return calls to the JWKS endpoint} */
    public long jwksRequests() {
        return jwksRequests.get();
    }

    /** {@return calls to provider APIs, including those refused} */
    public long apiRequests() {
        return apiRequests.get();
    }

    /**
     * TCP connections the sandbox accepted (TLS or not), so tests can tell whether clients share
     * a connection pool: clients that share one reuse its kept-alive connections.
     *
     * @return the number of connections accepted since the start or the last reset
     */
    public long connectionsAccepted() {
        return connections.get();
    }

    /** Sets every counter back to zero. */
    public void reset() {
        tokenRequests.set(0);
        jwksRequests.set(0);
        apiRequests.set(0);
        connections.set(0);
    }

    void countToken() {
        tokenRequests.incrementAndGet();
    }

    void countJwks() {
        jwksRequests.incrementAndGet();
    }

    void countConnection() {
        connections.incrementAndGet();
    }

    void countApi() {
        apiRequests.incrementAndGet();
    }

    @Override
    public String toString() {
        return "SandboxStats[token=" + tokenRequests() + ", jwks=" + jwksRequests() + ", api=" + apiRequests()
                + ", connections=" + connectionsAccepted() + "]";
    }
}
