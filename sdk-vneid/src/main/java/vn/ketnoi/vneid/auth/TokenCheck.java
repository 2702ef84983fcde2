package vn.ketnoi.vneid.auth;

/**
 * The check an ID token, a signed userinfo response or an authorization response failed. Each
 * value's {@link #code()} ends the error code of {@link TokenValidationException}
 * ({@code vneid.token-check.<code>}).
 */
public enum TokenCheck {
    /** Not a JWT, or a claim of the wrong type. */
    MALFORMED("malformed"),
    /** Encrypted but no decryption key is configured, or decryption failed, or not encrypted though it must be. */
    ENCRYPTION("encryption"),
    /** {@code alg} is not in the allow-list ({@code none} and {@code HS*} never are). */
    ALGORITHM("algorithm"),
    /** No key in the provider's JWKS has this {@code kid}, even after one refresh. */
    UNKNOWN_KEY("unknown-key"),
    /** The signature does not verify with the provider's key. */
    SIGNATURE("signature"),
    /** {@code iss} is not the provider's issuer. */
    ISSUER("issuer"),
    /** {@code aud} does not contain this client's id. */
    AUDIENCE("audience"),
    /** {@code azp} is missing (several audiences) or is not this client's id. */
    AUTHORIZED_PARTY("authorized-party"),
    /** {@code exp} is missing or has passed (beyond the clock skew). */
    EXPIRED("expired"),
    /** {@code iat} is missing or lies in the future (beyond the clock skew). */
    ISSUED_AT("issued-at"),
    /** {@code nbf} lies in the future (beyond the clock skew). */
    NOT_YET_VALID("not-yet-valid"),
    /** {@code nonce} is not the one sent in the authorization request. */
    NONCE("nonce"),
    /** {@code at_hash} does not match the access token. */
    AT_HASH("at-hash"),
    /** {@code sub} is missing, or the userinfo's {@code sub} differs from the ID token's. */
    SUBJECT("subject"),
    /** The authorization response's {@code iss} parameter (RFC 9207) is not the provider's issuer. */
    RESPONSE_ISSUER("response-issuer"),
    /**
     * A CIBA approval is for another citizen than the one the request named, or names none:
     * someone else approved on their app.
     */
    CIBA_CITIZEN("ciba-citizen");

    private final String code;

    TokenCheck(String code) {
        this.code = code;
    }

    /** {@return the short code, such as {@code at-hash}} */
    public String code() {
        return code;
    }
}
