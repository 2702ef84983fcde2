package vn.ketnoi.core;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only snapshot of a service client's health, for health checks and dashboards: the
 * circuit breaker's state, when the cached access token expires and when the agency's
 * certificate does. Taking a snapshot sends nothing over the network. Immutable.
 */
public final class ClientHealth {
    private final String service;
    private final ResilienceEvent.CircuitState circuitState;
    private final Instant tokenExpiresAt;
    private final Instant certificateNotAfter;
    private final Instant checkedAt;

    private ClientHealth(String service, ResilienceEvent.CircuitState circuitState, Instant tokenExpiresAt,
                         Instant certificateNotAfter, Instant checkedAt) {
        this.service = Objects.requireNonNull(service, "service");
        this.circuitState = circuitState;
        this.tokenExpiresAt = tokenExpiresAt;
        this.certificateNotAfter = certificateNotAfter;
        this.checkedAt = Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /**
     * A snapshot.
     *
     * @param service             the service ({@code population}, {@code vneid}, {@code edocuments})
     * @param circuitState        the breaker's state; {@code null} when the breaker is disabled
     * @param tokenExpiresAt      when the cached token expires; {@code null} when none is cached
     * @param certificateNotAfter the end of the agency certificate's validity; {@code null} without a certificate
     * @param checkedAt           when the snapshot was taken
     * @return the snapshot
     */
    public static ClientHealth of(String service, ResilienceEvent.CircuitState circuitState, Instant tokenExpiresAt,
                                  Instant certificateNotAfter, Instant checkedAt) {
        return new ClientHealth(service, circuitState, tokenExpiresAt, certificateNotAfter, checkedAt);
    }

    /**
     * {@return the end of validity of the leaf certificate of a chain; {@code null} for an empty chain}
     *
     * @param chain the agency's certificate chain, leaf first
     */
    public static Instant certificateNotAfter(List<X509Certificate> chain) {
        return chain == null || chain.isEmpty() ? null : chain.get(0).getNotAfter().toInstant();
    }

    /** {@return the client's resilience scope, such as {@code population}} */
    public String service() {
        return service;
    }

    /** {@return the circuit breaker's state; empty when the breaker is disabled} */
    public Optional<ResilienceEvent.CircuitState> circuitState() {
        return Optional.ofNullable(circuitState);
    }

    /** {@return when the cached access token expires; empty before the first call or after the token was refused} */
    public Optional<Instant> tokenExpiresAt() {
        return Optional.ofNullable(tokenExpiresAt);
    }

    /** {@return whether a token is cached and still valid at {@link #checkedAt()}} */
    public boolean tokenFresh() {
        return tokenExpiresAt != null && checkedAt.isBefore(tokenExpiresAt);
    }

    /** {@return the end of the agency certificate's validity; empty when the credentials carry no certificate} */
    public Optional<Instant> certificateNotAfter() {
        return Optional.ofNullable(certificateNotAfter);
    }

    /** {@return time left on the certificate at {@link #checkedAt()} (negative once expired); empty without a certificate} */
    public Optional<Duration> certificateRemaining() {
        return certificateNotAfter().map(t -> Duration.between(checkedAt, t));
    }

    /** {@return when this snapshot was taken} */
    public Instant checkedAt() {
        return checkedAt;
    }

    /** {@return whether calls can go out: the circuit is not open and the certificate (if any) has not expired} */
    public boolean isUp() {
        return circuitState != ResilienceEvent.CircuitState.OPEN
                && (certificateNotAfter == null || checkedAt.isBefore(certificateNotAfter));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientHealth h && service.equals(h.service) && circuitState == h.circuitState
                && Objects.equals(tokenExpiresAt, h.tokenExpiresAt)
                && Objects.equals(certificateNotAfter, h.certificateNotAfter) && checkedAt.equals(h.checkedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, circuitState, tokenExpiresAt, certificateNotAfter, checkedAt);
    }

    @Override
    public String toString() {
        return "ClientHealth[" + service + ", circuit=" + (circuitState == null ? "disabled" : circuitState)
                + ", tokenExpiresAt=" + tokenExpiresAt + ", certificateNotAfter=" + certificateNotAfter
                + ", checkedAt=" + checkedAt + "]";
    }
}
