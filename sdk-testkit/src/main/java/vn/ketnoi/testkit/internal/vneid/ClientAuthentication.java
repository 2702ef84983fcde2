package vn.ketnoi.testkit.internal.vneid;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.core5.http.ClassicHttpResponse;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.testkit.internal.TokenService;

/**
 * Client authentication at PAR, token and back-channel endpoints: {@code private_key_jwt} only
 * (RFC 7523), an assertion signed with the registered key, addressed to the issuer or the
 * endpoint, unexpired, and used once (its {@code jti} is remembered until a minute after expiry).
 */
final class ClientAuthentication {
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final Map<String, RelyingParty> clients;
    private final ProviderConfiguration config;
    private final Clock clock;
    private final Map<String, Instant> assertionIds = new ConcurrentHashMap<>();

    ClientAuthentication(Map<String, RelyingParty> clients, ProviderConfiguration config, Clock clock) {
        this.clients = clients;
        this.config = config;
        this.clock = clock;
    }

    /** The authenticated client, or null once the 401 is written. */
    RelyingParty authenticate(Map<String, String> f, ClassicHttpResponse response, String endpoint) {
        if (!ASSERTION_TYPE.equals(f.get("client_assertion_type")) || f.get("client_assertion") == null) {
            Wire.oauthError(response, 401, "invalid_client", "private_key_jwt client authentication is required");
            return null;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(f.get("client_assertion"));
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            RelyingParty rp = c.getIssuer() == null ? null : clients.get(c.getIssuer());
            String problem = null;
            if (rp == null) {
                problem = "unknown client";
            } else if (!rp.clientId().equals(c.getSubject())) {
                problem = "sub must equal iss";
            } else if (f.get("client_id") != null && !f.get("client_id").equals(rp.clientId())) {
                problem = "client_id differs from the assertion's iss";
            } else if (rp.keyId() != null && !rp.keyId().equals(jwt.getHeader().getKeyID())) {
                problem = "the kid is not registered for this client: "
                        + TokenService.kidForMessage(jwt.getHeader().getKeyID());
            } else if (!verify(jwt, rp.key())) {
                problem = "the assertion signature does not verify";
            } else if (c.getAudience() == null || c.getAudience().stream().noneMatch(
                    a -> a.equals(config.issuer()) || a.equals(endpoint) || a.equals(config.endpoint("/token")))) {
                problem = "aud must be the issuer or this endpoint's URL";
            } else if (c.getExpirationTime() == null || c.getJWTID() == null) {
                problem = "exp and jti are required";
            } else if (!clock.instant().isBefore(c.getExpirationTime().toInstant())) {
                problem = "the assertion has expired";
            } else if (assertionIds.putIfAbsent(rp.clientId() + " " + c.getJWTID(),
                    c.getExpirationTime().toInstant()) != null) {
                problem = "the assertion was already used";
            }
            if (problem != null) {
                Wire.oauthError(response, 401, "invalid_client", problem);
                return null;
            }
            return rp;
        } catch (ParseException e) {
            Wire.oauthError(response, 401, "invalid_client", "the client assertion is not a signed JWT");
            return null;
        }
    }

    /** Forgets the ids of assertions expired for more than a minute: they can no longer be replayed. */
    void forgetExpired(Instant now) {
        for (Iterator<Map.Entry<String, Instant>> it = assertionIds.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().isBefore(now.minusSeconds(60))) {
                it.remove();
            }
        }
    }

    private static boolean verify(SignedJWT jwt, PublicKey key) {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        try {
            JWSVerifier v;
            if (JWSAlgorithm.ES256.equals(alg) && key instanceof ECPublicKey ec) {
                v = new ECDSAVerifier(ec);
            } else if ((JWSAlgorithm.PS256.equals(alg) || JWSAlgorithm.RS256.equals(alg)) && key instanceof RSAPublicKey r) {
                v = new RSASSAVerifier(r);
            } else {
                return false;
            }
            return jwt.verify(v);
        } catch (JOSEException e) {
            return false;
        }
    }
}
