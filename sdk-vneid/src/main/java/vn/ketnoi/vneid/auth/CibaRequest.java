package vn.ketnoi.vneid.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import vn.ketnoi.core.logging.Masking;

/**
 * A started back-channel authentication (OpenID CIBA, poll mode): its {@code auth_req_id}, when it
 * expires and how often the provider lets the client poll. Immutable: polling returns an outcome
 * carrying the request with the interval the provider set since (after {@code slow_down}).
 */
public final class CibaRequest {
    private final String authReqId;
    private final Instant expiresAt;
    private final Duration interval;
    private final AssuranceLevel level;

    CibaRequest(String authReqId, Instant expiresAt, Duration interval, AssuranceLevel level) {
        this.authReqId = Objects.requireNonNull(authReqId);
        this.expiresAt = Objects.requireNonNull(expiresAt);
        this.interval = Objects.requireNonNull(interval);
        this.level = Objects.requireNonNull(level);
    }

    /**
     * Rebuilds a request kept elsewhere (for example across a restart of the counter application).
     *
     * @param authReqId the provider's {@code auth_req_id}
     * @param expiresAt when it expires
     * @param interval  the polling interval
     * @param level     the level required
     * @return the request
     */
    public static CibaRequest of(String authReqId, Instant expiresAt, Duration interval, AssuranceLevel level) {
        return new CibaRequest(authReqId, expiresAt, interval, level);
    }

    /** The provider's {@code auth_req_id}. A secret. */
    public String authReqId() {
        return authReqId;
    }

    /** When the request expires. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The minimum time between two polls. */
    public Duration interval() {
        return interval;
    }

    /** The level asked for and required. */
    public AssuranceLevel level() {
        return level;
    }

    CibaRequest withInterval(Duration newInterval) {
        return new CibaRequest(authReqId, expiresAt, newInterval, level);
    }

    @Override
    public String toString() {
        return "CibaRequest[authReqId=" + Masking.secret(authReqId) + ", expiresAt=" + expiresAt + ", interval="
                + interval + ", level=" + level + "]";
    }
}
