package vn.ketnoi.testkit.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import vn.ketnoi.core.internal.crypto.CanonicalUrl;
import vn.ketnoi.testkit.SandboxAgency;

/** The token endpoint of protocol section 2, and the store of the opaque tokens it issues. */
public final class TokenService {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final long MAX_ASSERTION_LIFETIME = 300;
    private static final long IAT_FUTURE_SKEW = 60;

    /** An issued token: the agency it is bound to, its scopes and its expiry. */
    public record Issued(String agencyId, Set<String> scopes, Instant expiresAt) {
    }

    /** The endpoint's answer: status and RFC 6749 JSON body. */
    public record Outcome(int status, byte[] body) {
    }

    private final Function<String, SandboxAgency> agencies;
    private final Clock clock;
    private final Supplier<String> issuer;
    private final ReplayCache assertionIds = new ReplayCache();
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile Duration lifetime;

    /**
     * @param agencies agency by id, or null
     * @param clock the provider's clock
     * @param issuer the provider's issuer identifier; the only accepted {@code aud} (protocol version 2)
     * @param lifetime initial token lifetime
     */
    public TokenService(Function<String, SandboxAgency> agencies, Clock clock, Supplier<String> issuer,
            Duration lifetime) {
        this.agencies = agencies;
        this.clock = clock;
        this.issuer = issuer;
        setLifetime(lifetime);
    }

    /** Sets the lifetime of tokens issued from now on. */
    public void setLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.getNano() != 0) {
            throw new IllegalArgumentException("token lifetime must be a positive whole number of seconds");
        }
        this.lifetime = lifetime;
    }

    /** Makes every token issued so far expired. */
    public void expireAll() {
        Instant past = clock.instant().minusSeconds(1);
        tokens.replaceAll((k, v) -> new Issued(v.agencyId(), v.scopes(), past));
    }

    /** The live token, or null when unknown or expired. */
    public Issued find(String token) {
        Issued i = tokens.get(token);
        if (i == null) {
            return null;
        }
        if (!clock.instant().isBefore(i.expiresAt())) {
            tokens.remove(token, i);
            return null;
        }
        return i;
    }

    /**
     * Handles one token request.
     *
     * @param form the decoded form body, or null when the body was not a form
     */
    public Outcome handle(Map<String, String> form) {
        if (form == null) {
            return error(400, "invalid_request", "the body must be application/x-www-form-urlencoded, each parameter once");
        }
        String grant = form.get("grant_type");
        if (grant == null) {
            return error(400, "invalid_request", "grant_type is missing");
        }
        if (!"client_credentials".equals(grant)) {
            return error(400, "unsupported_grant_type", "only client_credentials is supported");
        }
        String assertionType = form.get("client_assertion_type");
        String assertion = form.get("client_assertion");
        if (assertionType == null || assertion == null) {
            return invalidClient("client authentication with private_key_jwt is required");
        }
        if (!ASSERTION_TYPE.equals(assertionType)) {
            return invalidClient("unsupported client_assertion_type");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            // Refuses "none" too: its header does not parse as a JWS header.
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return invalidClient("the client assertion is not a signed JWT");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.PS256.equals(alg)) {
            return invalidClient("the assertion algorithm must be ES256 or PS256");
        }
        String iss = claims.getIssuer();
        SandboxAgency agency = iss == null ? null : agencies.apply(iss);
        if (agency == null) {
            return invalidClient("unknown client");
        }
        if (!iss.equals(claims.getSubject())) {
            return invalidClient("sub must equal iss");
        }
        String clientId = form.get("client_id");
        if (clientId != null && !clientId.equals(iss)) {
            // Section 2: a malformed request, not a failed authentication.
            return error(400, "invalid_request", "client_id does not match the assertion issuer");
        }
        if (!agency.keyId().equals(jwt.getHeader().getKeyID())) {
            // Names the kid that was sent, so that a client with the wrong default sees which one.
            return invalidClient("the kid is not registered for this client: "
                    + kidForMessage(jwt.getHeader().getKeyID()));
        }
        if (!verify(jwt, agency)) {
            return invalidClient("the assertion signature does not verify");
        }
        List<String> aud = claims.getAudience();
        // Section 2 (version 2): the provider's issuer identifier, which no gateway changes; an
        // issuer that is a URL in any spelling of the same canonical form.
        if (aud.size() != 1 || !CanonicalUrl.issuer(aud.get(0)).equals(CanonicalUrl.issuer(issuer.get()))) {
            return invalidClient("aud must be the provider's issuer identifier");
        }
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        String jti = claims.getJWTID();
        if (exp == null || iat == null || jti == null || jti.isEmpty()) {
            return invalidClient("exp, iat and jti are required");
        }
        Instant now = clock.instant();
        long nowSec = now.getEpochSecond();
        long expSec = exp.toInstant().getEpochSecond();
        long iatSec = iat.toInstant().getEpochSecond();
        if (nowSec >= expSec) {
            return invalidClient("the assertion has expired");
        }
        if (expSec - iatSec > MAX_ASSERTION_LIFETIME) {
            return invalidClient("exp lies more than 300 seconds after iat");
        }
        if (iatSec - nowSec > IAT_FUTURE_SKEW) {
            return invalidClient("iat is in the future");
        }
        Set<String> scopes;
        String scope = form.get("scope");
        if (scope == null || scope.isBlank()) {
            scopes = agency.scopes();
        } else {
            scopes = new LinkedHashSet<>(List.of(scope.strip().split(" +")));
            if (!agency.scopes().containsAll(scopes)) {
                // Checked before the jti is recorded: a refused request must not burn it.
                return error(400, "invalid_scope", "a requested scope is not granted to this client");
            }
        }
        if (!assertionIds.record(iss, jti, now, exp.toInstant())) {
            return invalidClient("the assertion was already used");
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Duration life = lifetime;
        tokens.put(token, new Issued(agency.id(), Set.copyOf(scopes), now.plus(life)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        body.put("expires_in", life.getSeconds());
        body.put("scope", String.join(" ", scopes));
        return new Outcome(200, Json.bytes(body));
    }

    private static boolean verify(SignedJWT jwt, SandboxAgency agency) {
        try {
            JWSVerifier v = verifier(jwt.getHeader().getAlgorithm(), agency);
            return v != null && jwt.verify(v);
        } catch (JOSEException e) {
            return false;
        }
    }

    /** Built once per agency key; weak, so that sandboxes started by many tests do not pile up. */
    private static final java.util.Map<java.security.PublicKey, JWSVerifier> ES256_VERIFIERS = new java.util.WeakHashMap<>();

    /** A verifier for the agency key when it can check this algorithm; null otherwise. */
    static JWSVerifier verifier(JWSAlgorithm alg, SandboxAgency agency) throws JOSEException {
        if (JWSAlgorithm.ES256.equals(alg) && agency.publicKey() instanceof ECPublicKey) {
            synchronized (ES256_VERIFIERS) {
                JWSVerifier cached = ES256_VERIFIERS.get(agency.publicKey());
                if (cached != null) {
                    return cached;
                }
                // Bouncy Castle per verifier: SunEC is several times slower on Java 17 (see ProviderKeys).
                ECDSAVerifier v = new ECDSAVerifier(ProviderKeys.forBouncyCastle((ECPublicKey) agency.publicKey()));
                v.getJCAContext().setProvider(com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton.getInstance());
                ES256_VERIFIERS.put(agency.publicKey(), v);
                return v;
            }
        }
        if (JWSAlgorithm.PS256.equals(alg) && agency.publicKey() instanceof RSAPublicKey) {
            return new RSASSAVerifier((RSAPublicKey) agency.publicKey());
        }
        return null;
    }

    /**
     * Decodes an {@code application/x-www-form-urlencoded} body; null when a parameter
     * occurs twice (RFC 6749 section 3.2) or the encoding is broken.
     */
    public static Map<String, String> parseForm(byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        String s = new String(body, StandardCharsets.UTF_8);
        if (s.isEmpty()) {
            return form;
        }
        try {
            for (String pair : s.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (form.putIfAbsent(name, value) != null) {
                    return null;
                }
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return form;
    }

    private static Outcome invalidClient(String description) {
        return error(401, "invalid_client", description);
    }

    private static Outcome error(int status, String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        return new Outcome(status, Json.bytes(body));
    }

    /** The kid a client sent, quoted and escaped for an error description; "(none)" without one. */
    public static String kidForMessage(String kid) {
        return kid == null ? "(none)" : "'" + vn.ketnoi.core.internal.Untrusted.text(kid, 100) + "'";
    }
}
