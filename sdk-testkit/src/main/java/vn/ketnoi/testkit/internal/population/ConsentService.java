package vn.ketnoi.testkit.internal.population;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.ProviderKeys;

/**
 * Consent tokens (protocol section 8.4): issued by the provider's consent service, signed with the
 * provider's published keys, bound to one agency, one citizen and a set of fields.
 */
public final class ConsentService {

    /** Fields the provider discloses only with the citizen's consent. */
    public static final Set<String> CONSENT_FIELDS = Set.of("religion", "bloodGroup", "phone", "email");
    /** The {@code typ} of a consent token. */
    public static final String TYP = "ketnoi-consent+jwt";
    /** The longest validity the consent service grants. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(90);

    private final ProviderKeys keys;
    private final Supplier<String> issuer;

    /**
     * @param keys the provider's signing keys
     * @param issuer the provider's issuer identifier
     */
    public ConsentService(ProviderKeys keys, Supplier<String> issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    /** Issues a token for (agency, citizen, fields) valid from now for {@code validity}. */
    public String issue(String agencyId, String idNumber, Set<String> fields, Instant now, Duration validity) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.get());
        claims.put("aud", agencyId);
        claims.put("sub", idNumber);
        claims.put("fields", new ArrayList<>(new java.util.TreeSet<>(fields)));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(validity).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return keys.sign(TYP, claims);
    }

    /**
     * The consent fields among {@code asked} that the token does not cover for this agency and
     * citizen at {@code now}: all of them when the token is absent, forged, expired or someone else's.
     */
    public List<String> uncovered(String token, String agencyId, String idNumber, Set<String> asked, Instant now) {
        List<String> needed = new ArrayList<>();
        for (String f : asked) {
            if (CONSENT_FIELDS.contains(f)) {
                needed.add(f);
            }
        }
        if (needed.isEmpty()) {
            return needed;
        }
        JsonNode claims = token == null ? null : verified(token);
        if (claims == null || !issuer.get().equals(claims.path("iss").asText())
                || !agencyId.equals(claims.path("aud").asText()) || !idNumber.equals(claims.path("sub").asText())
                || !claims.path("exp").canConvertToLong() || claims.path("exp").asLong() <= now.getEpochSecond()
                || claims.path("iat").asLong(Long.MAX_VALUE) > now.getEpochSecond() + 60) {
            return needed;
        }
        List<String> missing = new ArrayList<>();
        for (String f : needed) {
            boolean covered = false;
            for (JsonNode g : claims.path("fields")) {
                covered |= f.equals(g.asText());
            }
            if (!covered) {
                missing.add(f);
            }
        }
        return missing;
    }

    private JsonNode verified(String token) {
        try {
            JWSObject jws = JWSObject.parse(token);
            if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm()) || jws.getHeader().getType() == null
                    || !TYP.equals(jws.getHeader().getType().getType())) {
                return null;
            }
            PublicKey key = keys.publicKey(jws.getHeader().getKeyID());
            if (!(key instanceof ECPublicKey) || !jws.verify(new ECDSAVerifier((ECPublicKey) key))) {
                return null;
            }
            return Json.parse(jws.getPayload().toString().getBytes(StandardCharsets.UTF_8));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return null;
        }
    }
}
