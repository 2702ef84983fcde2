package vn.ketnoi.vneid.auth;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.logging.Masking;

/**
 * The state of one sign-in between the redirect to the provider and the callback: the PKCE
 * verifier, {@code state}, {@code nonce}, redirect URI, the level asked for, the issuer and when it
 * began. The client keeps none of it: the application stores this object (or
 * {@link #serialize()}) in its own server-side session and hands it back to
 * {@link VneidAuthClient#completeLogin(LoginState, URI)}.
 *
 * <p>It holds secrets (the verifier): keep it server-side, never in a cookie the browser can read
 * or in a URL. Immutable; {@link #toString()} is masked.
 *
 * <p>It is sealed with an HMAC-SHA256 under the client's login-state key
 * ({@link VneidAuthConfig.Builder#loginStateKey(byte[])}, a random key per client by default):
 * {@link VneidAuthClient#completeLogin(LoginState, URI)} refuses a state whose fields were changed
 * (a lowered level, another redirect URI), one sealed under another key, and one older than
 * {@link VneidAuthConfig#loginStateMaxAge()}, with {@link LoginStateException}.
 */
public final class LoginState {
    private static final String PREFIX = "vneid-login.v2.";
    private final String state;
    private final String nonce;
    private final String codeVerifier;
    private final URI redirectUri;
    private final AssuranceLevel level;
    private final String issuer;
    private final Instant createdAt;
    private final String seal;

    private LoginState(String state, String nonce, String codeVerifier, URI redirectUri, AssuranceLevel level,
                       String issuer, Instant createdAt, String seal) {
        this.state = Objects.requireNonNull(state);
        this.nonce = Objects.requireNonNull(nonce);
        this.codeVerifier = Objects.requireNonNull(codeVerifier);
        this.redirectUri = Objects.requireNonNull(redirectUri);
        this.level = Objects.requireNonNull(level);
        this.issuer = Objects.requireNonNull(issuer);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.seal = Objects.requireNonNull(seal);
    }

    /** A new state, its creation time cut to the second (as serialised) and sealed under {@code key}. */
    static LoginState sealed(byte[] key, String state, String nonce, String codeVerifier, URI redirectUri,
                             AssuranceLevel level, String issuer, Instant createdAt) {
        Instant at = Instant.ofEpochSecond(createdAt.getEpochSecond());
        return new LoginState(state, nonce, codeVerifier, redirectUri, level, issuer, at,
                mac(key, state, nonce, codeVerifier, redirectUri, level, issuer, at));
    }

    /** Whether every field is as sealed under {@code key}; compared in constant time. */
    boolean isSealedBy(byte[] key) {
        byte[] expected = mac(key, state, nonce, codeVerifier, redirectUri, level, issuer, createdAt)
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, seal.getBytes(StandardCharsets.US_ASCII));
    }

    private static String mac(byte[] key, String state, String nonce, String codeVerifier, URI redirectUri,
                              AssuranceLevel level, String issuer, Instant createdAt) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            // Each field with its length in front, so no two different states feed the same bytes.
            for (String f : new String[] {PREFIX, state, nonce, codeVerifier, redirectUri.toString(),
                    String.valueOf(level.number()), issuer, String.valueOf(createdAt.getEpochSecond())}) {
                byte[] b = f.getBytes(StandardCharsets.UTF_8);
                mac.update(ByteBuffer.allocate(4).putInt(b.length).array());
                mac.update(b);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** {@return the {@code state} value sent with the authorization request} */
    public String state() {
        return state;
    }

    /** {@return the {@code nonce} the ID token must carry} */
    public String nonce() {
        return nonce;
    }

    /** {@return the PKCE code verifier (RFC 7636). A secret} */
    public String codeVerifier() {
        return codeVerifier;
    }

    /** {@return the redirect URI the code is bound to} */
    public URI redirectUri() {
        return redirectUri;
    }

    /** {@return the level asked for and required} */
    public AssuranceLevel level() {
        return level;
    }

    /** {@return the issuer the flow began with} */
    public String issuer() {
        return issuer;
    }

    /** {@return when the flow began} */
    public Instant createdAt() {
        return createdAt;
    }

    /** {@return a compact text form for the application's session store; read back with {@link #deserialize(String)}} */
    public String serialize() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state);
        m.put("nonce", nonce);
        m.put("verifier", codeVerifier);
        m.put("redirectUri", redirectUri.toString());
        m.put("level", level.number());
        m.put("issuer", issuer);
        m.put("createdAt", createdAt.getEpochSecond());
        m.put("seal", seal);
        try {
            return PREFIX + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Json.mapper().writeValueAsBytes(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the login state", e);
        }
    }

    /**
     * Reads the form {@link #serialize()} wrote.
     *
     * @param text the serialised state
     * @return the state
     * @throws InvalidInputException (field {@code loginState}) when the text is not a serialised state
     */
    public static LoginState deserialize(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new InvalidInputException("loginState", "is not a serialised VNeID login state");
        }
        try {
            JsonNode n = Json.mapper().readTree(Base64.getUrlDecoder().decode(text.substring(PREFIX.length())));
            int number = n.path("level").asInt();
            if (number != 1 && number != 2) {
                throw new IllegalArgumentException("level");
            }
            JsonNode created = n.get("createdAt");
            if (created == null || !created.canConvertToLong()) {
                throw new IllegalArgumentException("createdAt");
            }
            // Read as written; whether it was written by this client is checked by completeLogin.
            return new LoginState(text(n, "state"), text(n, "nonce"), text(n, "verifier"),
                    URI.create(text(n, "redirectUri")), number == 2 ? AssuranceLevel.LEVEL_2 : AssuranceLevel.LEVEL_1,
                    text(n, "issuer"), Instant.ofEpochSecond(created.asLong()), text(n, "seal"));
        } catch (java.io.IOException | IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
            throw new InvalidInputException("loginState", "is not a serialised VNeID login state", e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException(field);
        }
        return v.asText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoginState s && state.equals(s.state) && nonce.equals(s.nonce)
                && codeVerifier.equals(s.codeVerifier) && redirectUri.equals(s.redirectUri) && level == s.level
                && issuer.equals(s.issuer) && createdAt.equals(s.createdAt) && seal.equals(s.seal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, nonce, codeVerifier, redirectUri, level, issuer, createdAt, seal);
    }

    @Override
    public String toString() {
        return "LoginState[state=" + Masking.secret(state) + ", level=" + level + ", redirectUri=" + redirectUri
                + ", createdAt=" + createdAt + "]";
    }
}
