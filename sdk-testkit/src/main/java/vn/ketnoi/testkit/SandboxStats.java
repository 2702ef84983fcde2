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
    private final AtomicLong pushesApplied = new AtomicLong();
    private final java.util.Map<String, AtomicLong> headers = new java.util.concurrent.ConcurrentHashMap<>();

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

    /**
     * Requests that reached the sandbox carrying a header of this name, whatever their path: a
     * test behind a {@link SandboxGateway} shows this way that the gateway's credential
     * ({@code Gateway-Authorization}) never reaches the provider.
     *
     * @param headerName the header name, in any case
     * @return the number of such requests since the start or the last reset
     */
    public long requestsCarrying(String headerName) {
        AtomicLong n = headers.get(headerName.toLowerCase(java.util.Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    /**
     * Values written by pushes (protocol section 8.11): one per record whose verdict was
     * {@code APPLIED}, however many times the record was sent. Tests of exactly-once count here.
     *
     * @return the number since the start or the last reset
     */
    public long pushesApplied() {
        return pushesApplied.get();
    }

    /** Sets every counter back to zero. */
    public void reset() {
        tokenRequests.set(0);
        jwksRequests.set(0);
        apiRequests.set(0);
        connections.set(0);
        pushesApplied.set(0);
        headers.clear();
    }

    void countHeaders(org.apache.hc.core5.http.HttpRequest request) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (org.apache.hc.core5.http.Header h : request.getHeaders()) {
            if (seen.add(h.getName().toLowerCase(java.util.Locale.ROOT))) {
                headers.computeIfAbsent(h.getName().toLowerCase(java.util.Locale.ROOT), k -> new AtomicLong())
                        .incrementAndGet();
            }
        }
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

    void countPushApplied() {
        pushesApplied.incrementAndGet();
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
