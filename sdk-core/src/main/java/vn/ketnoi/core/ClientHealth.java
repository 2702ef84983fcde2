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
 * certificate does, the last failure (its error code and time: never personal data) and how many
 * calls in a row have failed. Taking a snapshot sends nothing over the network. Immutable.
 *
 * <p><b>Failures.</b> A call counts as failed when the provider or the way to it was unwell (what
 * the circuit breaker counts), when the circuit refused it, or when the agency could not
 * authenticate; a provider's answer about the request itself (a citizen not found, consent
 * missing) is a healthy exchange and ends a run of failures, as a success does. Input refused
 * before sending counts neither way.
 *
 * <p><b>Authentication.</b> A token endpoint's refusal of the agency ({@code token.*} with status
 * 400 or 401), an API's refusal of the token after one fresh token was tried ({@code auth.*}), a
 * gateway's refusal of the gateway credential and a signing key that cannot sign
 * ({@code signing.failed}) are authentication failures. They do not pass by themselves: after
 * {@link #AUTHENTICATION_FAILURES_DOWN} of them in a row, with no call getting through in between,
 * the client is reported down ({@link #isUp()}) until a call gets through again.
 */
public final class ClientHealth {
    /**
     * How many authentication failures in a row make the client down: 3. One can be a key being
     * rotated; three with nothing getting through in between is a configuration or a revoked key
     * that no retry mends.
     */
    public static final int AUTHENTICATION_FAILURES_DOWN = 3;

    private final String service;
    private final ResilienceEvent.CircuitState circuitState;
    private final Instant tokenExpiresAt;
    private final Instant certificateNotAfter;
    private final Instant checkedAt;
    private final String lastErrorCode;
    private final Instant lastErrorAt;
    private final int consecutiveFailures;
    private final int consecutiveAuthenticationFailures;

    private ClientHealth(String service, ResilienceEvent.CircuitState circuitState, Instant tokenExpiresAt,
                         Instant certificateNotAfter, Instant checkedAt, String lastErrorCode, Instant lastErrorAt,
                         int consecutiveFailures, int consecutiveAuthenticationFailures) {
        this.service = Objects.requireNonNull(service, "service");
        this.circuitState = circuitState;
        this.tokenExpiresAt = tokenExpiresAt;
        this.certificateNotAfter = certificateNotAfter;
        this.checkedAt = Objects.requireNonNull(checkedAt, "checkedAt");
        if ((lastErrorCode == null) != (lastErrorAt == null)) {
            throw new IllegalArgumentException("lastErrorCode and lastErrorAt go together");
        }
        if (consecutiveFailures < 0 || consecutiveAuthenticationFailures < 0
                || consecutiveAuthenticationFailures > consecutiveFailures) {
            throw new IllegalArgumentException("failure counts must be 0 or more, authentication ones within all");
        }
        this.lastErrorCode = lastErrorCode;
        this.lastErrorAt = lastErrorAt;
        this.consecutiveFailures = consecutiveFailures;
        this.consecutiveAuthenticationFailures = consecutiveAuthenticationFailures;
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
        return new ClientHealth(service, circuitState, tokenExpiresAt, certificateNotAfter, checkedAt, null, null, 0, 0);
    }

    /**
     * This snapshot with the failure record of the client.
     *
     * @param lastErrorCode                     the error code of the last failed call; {@code null} when none failed
     * @param lastErrorAt                       when it failed; {@code null} exactly when the code is
     * @param consecutiveFailures               failed calls since the last one that got through
     * @param consecutiveAuthenticationFailures of those, the authentication failures since the last call that got
     *                                          through (other failures in between do not end the run)
     * @return a new snapshot
     */
    public ClientHealth withFailures(String lastErrorCode, Instant lastErrorAt, int consecutiveFailures,
                                     int consecutiveAuthenticationFailures) {
        return new ClientHealth(service, circuitState, tokenExpiresAt, certificateNotAfter, checkedAt, lastErrorCode,
                lastErrorAt, consecutiveFailures, consecutiveAuthenticationFailures);
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

    /** {@return the error code of the last failed call (a catalogue code, never personal data); empty when none failed} */
    public Optional<String> lastErrorCode() {
        return Optional.ofNullable(lastErrorCode);
    }

    /** {@return when the last failed call failed; empty when none failed} */
    public Optional<Instant> lastErrorAt() {
        return Optional.ofNullable(lastErrorAt);
    }

    /** {@return how many calls in a row have failed, since the last one that got through} */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** {@return how many authentication failures in a row, since the last call that got through} */
    public int consecutiveAuthenticationFailures() {
        return consecutiveAuthenticationFailures;
    }

    /** {@return whether the agency persistently fails to authenticate: {@link #AUTHENTICATION_FAILURES_DOWN} or more in a row} */
    public boolean authenticationFailing() {
        return consecutiveAuthenticationFailures >= AUTHENTICATION_FAILURES_DOWN;
    }

    /**
     * {@return whether calls can succeed: the circuit is not open, the certificate (if any) has not
     * expired, and the agency is not persistently refused ({@link #authenticationFailing()})}
     */
    public boolean isUp() {
        return circuitState != ResilienceEvent.CircuitState.OPEN && !authenticationFailing()
                && (certificateNotAfter == null || checkedAt.isBefore(certificateNotAfter));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientHealth h && service.equals(h.service) && circuitState == h.circuitState
                && Objects.equals(tokenExpiresAt, h.tokenExpiresAt)
                && Objects.equals(certificateNotAfter, h.certificateNotAfter) && checkedAt.equals(h.checkedAt)
                && Objects.equals(lastErrorCode, h.lastErrorCode) && Objects.equals(lastErrorAt, h.lastErrorAt)
                && consecutiveFailures == h.consecutiveFailures
                && consecutiveAuthenticationFailures == h.consecutiveAuthenticationFailures;
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, circuitState, tokenExpiresAt, certificateNotAfter, checkedAt, lastErrorCode,
                lastErrorAt, consecutiveFailures, consecutiveAuthenticationFailures);
    }

    @Override
    public String toString() {
        return "ClientHealth[" + service + ", circuit=" + (circuitState == null ? "disabled" : circuitState)
                + ", tokenExpiresAt=" + tokenExpiresAt + ", certificateNotAfter=" + certificateNotAfter
                + (lastErrorCode == null ? "" : ", lastError=" + lastErrorCode + "@" + lastErrorAt)
                + ", consecutiveFailures=" + consecutiveFailures
                + ", consecutiveAuthenticationFailures=" + consecutiveAuthenticationFailures
                + ", checkedAt=" + checkedAt + "]";
    }
}
