package vn.ketnoi.core.internal.crypto;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;

import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.spi.ProviderJws;

/** {@link ProviderJws} on the runtime's key cache, which never leaves sdk-core's internals. */
public final class ProviderJwsVerifier implements ProviderJws {
    private final JwksCache keys;
    private final Clock clock;
    private final Duration fetchTimeout;

    /**
     * @param fetchTimeout the deadline of a key-set fetch the check may need
     * @param keys the provider's key set
     * @param clock the clock
     */
    public ProviderJwsVerifier(JwksCache keys, Clock clock, Duration fetchTimeout) {
        this.keys = keys;
        this.clock = clock;
        this.fetchTimeout = fetchTimeout;
    }

    /**
     * Parses {@code compact} and checks its {@code typ}, algorithm, key and signature.
     *
     * @param typ the {@code typ} header the object must carry, e.g. {@code ketnoi-notification+jwt}
     * @param compact the compact JWS
     * @return the verified object
     * @throws Refusal naming the failed check
     */
    @Override
    public Verified verify(String compact, String typ) throws Refusal {
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact);
        } catch (ParseException | RuntimeException e) {
            throw new Refusal(Failure.MALFORMED, "not a compact JWS");
        }
        if (jws.getHeader().getType() == null || !typ.equals(jws.getHeader().getType().getType())) {
            throw new Refusal(Failure.MALFORMED, "the JWS typ is not " + typ);
        }
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.PS256.equals(alg)) {
            // alg and kid are the sender's text, unverified yet: escaped and capped before they enter a message.
            throw new Refusal(Failure.ALGORITHM_NOT_ALLOWED, "the algorithm " + Untrusted.text(String.valueOf(alg), 64)
                    + " is not allowed");
        }
        String kid = jws.getHeader().getKeyID();
        if (kid == null) {
            throw new Refusal(Failure.MALFORMED, "the JWS names no key (kid)");
        }
        Instant deadline = clock.instant().plus(fetchTimeout);
        JwksCache.Outcome outcome = keys.verify(kid, v -> {
            try {
                return v.supportedJWSAlgorithms().contains(alg) && jws.verify(v);
            } catch (JOSEException | IllegalStateException e) {
                return false;
            }
        }, deadline);
        if (outcome == JwksCache.Outcome.UNKNOWN_KEY) {
            throw new Refusal(Failure.UNKNOWN_KEY, "the key " + Untrusted.text(kid, 128)
                    + " is not in the provider's key set");
        }
        if (outcome != JwksCache.Outcome.VERIFIED) {
            throw new Refusal(Failure.SIGNATURE_INVALID, "the provider's signature does not verify");
        }
        return new Verified(kid, jws.getPayload().toBytes());
    }
}
