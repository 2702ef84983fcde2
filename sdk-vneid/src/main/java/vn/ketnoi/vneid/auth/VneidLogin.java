package vn.ketnoi.vneid.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import vn.ketnoi.core.logging.Masking;

/**
 * A completed, validated sign-in: who, at which level, and the tokens. Immutable; the tokens are
 * secrets and {@link #toString()} never shows them.
 */
public final class VneidLogin {
    private final VneidIdentity identity;
    private final AssuranceLevel level;
    private final String idToken;
    private final String accessToken;
    private final Instant accessTokenExpiresAt;
    private final Instant authTime;
    private final String sessionId;

    /**
     * @param identity             the citizen
     * @param level                the level this authentication reached
     * @param idToken              the ID token as received (signed JWT; the inner JWT when it came encrypted)
     * @param accessToken          the access token for userinfo
     * @param accessTokenExpiresAt when the access token expires, or {@code null} if the provider did not say
     * @param authTime             the {@code auth_time} claim, or {@code null}
     * @param sessionId            the {@code sid} claim, or {@code null}
     */
    public VneidLogin(VneidIdentity identity, AssuranceLevel level, String idToken, String accessToken,
                      Instant accessTokenExpiresAt, Instant authTime, String sessionId) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.level = Objects.requireNonNull(level, "level");
        this.idToken = Objects.requireNonNull(idToken, "idToken");
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
        this.accessTokenExpiresAt = accessTokenExpiresAt;
        this.authTime = authTime;
        this.sessionId = sessionId;
    }

    /** {@return the signed-in citizen} */
    public VneidIdentity identity() {
        return identity;
    }

    /** {@return the assurance level this authentication reached (the ID token's {@code acr})} */
    public AssuranceLevel level() {
        return level;
    }

    /** {@return the ID token, for {@code id_token_hint} at logout. A secret: keep it out of logs} */
    public String idToken() {
        return idToken;
    }

    /** {@return the access token, for userinfo. A secret: keep it out of logs} */
    public String accessToken() {
        return accessToken;
    }

    /** {@return when the access token expires, if the provider said} */
    public Optional<Instant> accessTokenExpiresAt() {
        return Optional.ofNullable(accessTokenExpiresAt);
    }

    /** {@return when the citizen authenticated ({@code auth_time}), if the provider said} */
    public Optional<Instant> authTime() {
        return Optional.ofNullable(authTime);
    }

    /** {@return the provider's session id ({@code sid}), if it sent one} */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    @Override
    public String toString() {
        return "VneidLogin[" + identity + ", level=" + level + ", idToken=" + Masking.secret(idToken)
                + ", accessToken=" + Masking.secret(accessToken) + "]";
    }
}
