package vn.ketnoi.vneid.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import vn.ketnoi.core.logging.Masking;

/**
 * A started back-channel authentication (OpenID CIBA, poll mode): its {@code auth_req_id}, when it
 * expires and how often the provider lets the client poll. Immutable: polling returns an outcome
 * carrying the request with the interval the provider set since (after {@code slow_down}).
 *
 * <p>It remembers whom it asked by a keyed hash of the citizen's ID number (never the number
 * itself), {@link #citizenBinding()}: an approval whose identity is another citizen's is refused
 * with {@link TokenValidationException} ({@link TokenCheck#CIBA_CITIZEN}).
 */
public final class CibaRequest {
    private final String authReqId;
    private final Instant expiresAt;
    private final Duration interval;
    private final AssuranceLevel level;
    private final String citizenBinding;

    CibaRequest(String authReqId, Instant expiresAt, Duration interval, AssuranceLevel level, String citizenBinding) {
        this.authReqId = Objects.requireNonNull(authReqId);
        this.expiresAt = Objects.requireNonNull(expiresAt);
        this.interval = Objects.requireNonNull(interval);
        this.level = Objects.requireNonNull(level);
        this.citizenBinding = Objects.requireNonNull(citizenBinding);
    }

    /**
     * Rebuilds a request kept elsewhere (for example across a restart of the counter application).
     *
     * @param authReqId the provider's {@code auth_req_id}
     * @param expiresAt when it expires
     * @param interval  the polling interval
     * @param level     the level required
     * @param citizenBinding the request's {@link #citizenBinding()}; it is checked only by a client
     *                  with the same {@link VneidAuthConfig.Builder#loginStateKey(byte[])}
     * @return the request
     */
    public static CibaRequest of(String authReqId, Instant expiresAt, Duration interval, AssuranceLevel level,
                                 String citizenBinding) {
        if (authReqId == null || authReqId.isEmpty()) {
            throw new vn.ketnoi.core.exception.InvalidInputException("authReqId", "is required");
        }
        if (expiresAt == null) {
            throw new vn.ketnoi.core.exception.InvalidInputException("expiresAt", "is required");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new vn.ketnoi.core.exception.InvalidInputException("interval", "must be positive");
        }
        if (level == null) {
            throw new vn.ketnoi.core.exception.InvalidInputException("level", "is required");
        }
        if (citizenBinding == null || citizenBinding.isBlank()) {
            throw new vn.ketnoi.core.exception.InvalidInputException("citizenBinding", "is required");
        }
        return new CibaRequest(authReqId, expiresAt, interval, level, citizenBinding);
    }

    /** {@return the provider's {@code auth_req_id}. A secret} */
    public String authReqId() {
        return authReqId;
    }

    /** {@return when the request expires} */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** {@return the minimum time between two polls} */
    public Duration interval() {
        return interval;
    }

    /** {@return the level asked for and required} */
    public AssuranceLevel level() {
        return level;
    }

    /**
     * The keyed hash (HMAC-SHA256 under the client's key) of the ID number the request named:
     * opaque, and not personal data without the key. Keep it with {@link #authReqId()} to rebuild
     * the request with {@link #of}.
     *
     * @return the keyed hash
     */
    public String citizenBinding() {
        return citizenBinding;
    }

    CibaRequest withInterval(Duration newInterval) {
        return new CibaRequest(authReqId, expiresAt, newInterval, level, citizenBinding);
    }

    @Override
    public String toString() {
        return "CibaRequest[authReqId=" + Masking.secret(authReqId) + ", expiresAt=" + expiresAt + ", interval="
                + interval + ", level=" + level + "]";
    }
}
