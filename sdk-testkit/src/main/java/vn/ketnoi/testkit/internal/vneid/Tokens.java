package vn.ketnoi.testkit.internal.vneid;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.hc.core5.http.ClassicHttpResponse;

import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.internal.ProviderKeys;

/**
 * The provider's grants and what they give: authorization codes (good once, 60 seconds; a code
 * used twice revokes the access token it gave), sign-in sessions, access tokens and the ID token
 * of each issuance, shaped by third-party mode and the client's registration.
 */
final class Tokens {
    private static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private record Code(Authorization.Pending request, String idNumber, int level, String sid, Instant authTime,
                        Instant expiresAt) {
    }

    /** What an access token was issued for: the userinfo endpoint answers from it. */
    record Access(String clientId, String idNumber, int level, String sid, Instant expiresAt, String scope) {
    }

    private final ProviderConfiguration config;
    private final Supplier<SandboxPopulation> population;
    private final ProviderKeys keys;
    private final Clock clock;
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Set<String> usedCodes = ConcurrentHashMap.newKeySet();
    private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> accessTokensByCode = new ConcurrentHashMap<>();
    private final Set<String> liveSessions = ConcurrentHashMap.newKeySet();
    private volatile Function<Map<String, Object>, String> idTokenForger;

    Tokens(ProviderConfiguration config, Supplier<SandboxPopulation> population, ProviderKeys keys, Clock clock) {
        this.config = config;
        this.population = population;
        this.keys = keys;
        this.clock = clock;
    }

    // ---- sessions ----

    /** {@return the id of a new sign-in session, live until logout} */
    String startSession() {
        String sid = Wire.randomId();
        liveSessions.add(sid);
        return sid;
    }

    void endSession(String sid) {
        liveSessions.remove(sid);
    }

    // ---- codes ----

    /** {@return a new authorization code for a citizen who signed in on the login page} */
    String newCode(Authorization.Pending request, String idNumber, int level, String sid) {
        String code = Wire.randomId();
        Instant now = clock.instant();
        codes.put(code, new Code(request, idNumber, level, sid, now, now.plus(CODE_LIFETIME)));
        return code;
    }

    /** Forgets codes expired for more than ten minutes. */
    void forgetExpired(Instant now) {
        codes.values().removeIf(c -> c.expiresAt().isBefore(now.minusSeconds(600)));
    }

    /** The authorization-code grant with PKCE (RFC 6749 4.1.3, RFC 7636 4.6). */
    void codeGrant(Map<String, String> f, RelyingParty rp, ClassicHttpResponse response) {
        String value = f.getOrDefault("code", "");
        Code code = codes.remove(value);
        if (code == null) {
            if (usedCodes.contains(value)) {
                // RFC 6749 4.1.2: a code used twice revokes what it gave.
                String token = accessTokensByCode.remove(value);
                if (token != null) {
                    accessTokens.remove(token);
                }
                Wire.oauthError(response, 400, "invalid_grant", "the code was already used");
            } else {
                Wire.oauthError(response, 400, "invalid_grant", "the code is unknown");
            }
            return;
        }
        usedCodes.add(value);
        Authorization.Pending p = code.request();
        if (!p.clientId().equals(rp.clientId())) {
            Wire.oauthError(response, 400, "invalid_grant", "the code was issued to another client");
            return;
        }
        if (!clock.instant().isBefore(code.expiresAt())) {
            Wire.oauthError(response, 400, "invalid_grant", "the code has expired");
            return;
        }
        if (!p.redirectUri().equals(f.get("redirect_uri"))) {
            Wire.oauthError(response, 400, "invalid_grant", "redirect_uri differs from the authorization request's");
            return;
        }
        String verifier = f.get("code_verifier");
        if (verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")
                || !Wire.sha256(verifier).equals(p.challenge())) {
            Wire.oauthError(response, 400, "invalid_grant", "code_verifier does not match the code_challenge");
            return;
        }
        String accessToken = Wire.randomId();
        accessTokensByCode.put(value, accessToken);
        Wire.json(response, 200, issue(rp, code.idNumber(), code.level(), code.sid(), code.authTime(), p.nonce(),
                accessToken, p.scope()));
    }

    // ---- issuance ----

    /** Test hook: the next ID token is what {@code forger} makes of the claims, neither signed nor encrypted here. */
    void forgeNextIdToken(Function<Map<String, Object>, String> forger) {
        this.idTokenForger = forger;
    }

    /** The live access token's grant, or null when it is unknown, expired or its session ended. */
    Access access(String token) {
        Access a = token == null ? null : accessTokens.get(token);
        return a == null || !clock.instant().isBefore(a.expiresAt()) || !liveSessions.contains(a.sid()) ? null : a;
    }

    /** The token response: records the access token and makes the ID token. */
    Map<String, Object> issue(RelyingParty rp, String idNumber, int level, String sid, Instant authTime,
                              String nonce, String accessToken, String scope) {
        Instant now = clock.instant();
        boolean thirdParty = config.thirdParty();
        accessTokens.put(accessToken, new Access(rp.clientId(), idNumber, level, sid, now.plus(TOKEN_LIFETIME), scope));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", config.issuer());
        claims.put("sub", Claims.subject(rp.clientId(), idNumber));
        claims.put("aud", rp.clientId());
        claims.put("exp", now.plus(TOKEN_LIFETIME).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("auth_time", authTime.getEpochSecond());
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        if (!thirdParty) {
            claims.put("acr", ProviderConfiguration.ACR_PREFIX + level);
        } else if (level > 1) {
            // A third-party provider states no acr from a level-1 login: the level is in userinfo.
            claims.put("acr", "LoA" + level);
        }
        if (thirdParty) {
            claims.put("amr", level > 1 ? List.of("face", "pin") : List.of("pin"));
        }
        claims.put("sid", sid);
        claims.put("at_hash", Claims.atHash(accessToken));
        if (!rp.portalClaims() && !thirdParty) {
            claims.putAll(Claims.identity(population.get(), idNumber, false));
        }
        Function<Map<String, Object>, String> forger = idTokenForger;
        idTokenForger = null;
        String idToken = forger != null ? forger.apply(claims) : keys.sign("JWT", claims);
        if (rp.encryptionKey() != null && forger == null) {
            idToken = Claims.encrypt(idToken, rp);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME.getSeconds());
        body.put("scope", thirdParty ? scope : "openid");
        body.put("id_token", idToken);
        return body;
    }
}
