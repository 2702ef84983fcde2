package vn.ketnoi.vneid.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of polling a {@link CibaRequest}: still pending (perhaps with a longer interval after
 * {@code slow_down}), or one of the final outcomes approved, denied and expired.
 */
public final class CibaOutcome {
    /** Where the back-channel authentication stands. */
    public enum Status {
        /** The citizen has not answered yet ({@code authorization_pending}). */
        PENDING,
        /** The client polled too fast ({@code slow_down}); {@link #request()} carries the longer interval. */
        SLOW_DOWN,
        /** The citizen approved; {@link #login()} holds the validated sign-in. */
        APPROVED,
        /** The citizen refused ({@code access_denied}). */
        DENIED,
        /** The request expired before the citizen answered ({@code expired_token}). */
        EXPIRED;

        /** {@return whether polling should stop} */
        public boolean isFinal() {
            return this == APPROVED || this == DENIED || this == EXPIRED;
        }
    }

    private final Status status;
    private final CibaRequest request;
    private final VneidLogin login;

    CibaOutcome(Status status, CibaRequest request, VneidLogin login) {
        this.status = Objects.requireNonNull(status);
        this.request = Objects.requireNonNull(request);
        this.login = login;
    }

    /** {@return the status} */
    public Status status() {
        return status;
    }

    /** {@return the request, with the interval to use for the next poll} */
    public CibaRequest request() {
        return request;
    }

    /** {@return the validated sign-in, present only when {@link Status#APPROVED}} */
    public Optional<VneidLogin> login() {
        return Optional.ofNullable(login);
    }

    @Override
    public String toString() {
        return "CibaOutcome[" + status + (login == null ? "" : ", " + login) + "]";
    }
}
