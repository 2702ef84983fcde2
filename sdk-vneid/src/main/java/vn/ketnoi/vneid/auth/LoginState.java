package vn.ketnoi.vneid.auth;

import java.net.URI;
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
 */
public final class LoginState {
    private static final String PREFIX = "vneid-login.v1.";
    private final String state;
    private final String nonce;
    private final String codeVerifier;
    private final URI redirectUri;
    private final AssuranceLevel level;
    private final String issuer;
    private final Instant createdAt;

    LoginState(String state, String nonce, String codeVerifier, URI redirectUri, AssuranceLevel level, String issuer,
               Instant createdAt) {
        this.state = Objects.requireNonNull(state);
        this.nonce = Objects.requireNonNull(nonce);
        this.codeVerifier = Objects.requireNonNull(codeVerifier);
        this.redirectUri = Objects.requireNonNull(redirectUri);
        this.level = Objects.requireNonNull(level);
        this.issuer = Objects.requireNonNull(issuer);
        this.createdAt = Objects.requireNonNull(createdAt);
    }

    /** The {@code state} value sent with the authorization request. */
    public String state() {
        return state;
    }

    /** The {@code nonce} the ID token must carry. */
    public String nonce() {
        return nonce;
    }

    /** The PKCE code verifier (RFC 7636). A secret. */
    public String codeVerifier() {
        return codeVerifier;
    }

    /** The redirect URI the code is bound to. */
    public URI redirectUri() {
        return redirectUri;
    }

    /** The level asked for and required. */
    public AssuranceLevel level() {
        return level;
    }

    /** The issuer the flow began with. */
    public String issuer() {
        return issuer;
    }

    /** When the flow began. */
    public Instant createdAt() {
        return createdAt;
    }

    /** A compact text form for the application's session store; read back with {@link #deserialize(String)}. */
    public String serialize() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state);
        m.put("nonce", nonce);
        m.put("verifier", codeVerifier);
        m.put("redirectUri", redirectUri.toString());
        m.put("level", level.number());
        m.put("issuer", issuer);
        m.put("createdAt", createdAt.getEpochSecond());
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
            AssuranceLevel level = n.path("level").asInt() == 2 ? AssuranceLevel.LEVEL_2 : AssuranceLevel.LEVEL_1;
            return new LoginState(text(n, "state"), text(n, "nonce"), text(n, "verifier"),
                    URI.create(text(n, "redirectUri")), level, text(n, "issuer"),
                    Instant.ofEpochSecond(n.path("createdAt").asLong()));
        } catch (java.io.IOException | IllegalArgumentException | NullPointerException e) {
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
                && issuer.equals(s.issuer) && createdAt.equals(s.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, nonce, codeVerifier, redirectUri, level, issuer, createdAt);
    }

    @Override
    public String toString() {
        return "LoginState[state=" + Masking.secret(state) + ", level=" + level + ", redirectUri=" + redirectUri
                + ", createdAt=" + createdAt + "]";
    }
}
