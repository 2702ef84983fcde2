package vn.ketnoi.core.spi;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;

import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.internal.crypto.JwksCache;

/**
 * The one check of a compact JWS the provider signs with a key of its JWKS, for objects other than
 * responses (which {@code ResponseVerifier} checks): change notifications (protocol section 8.10),
 * e-document callbacks and status lists (10.6, 10.7). It checks the {@code typ}, that the
 * algorithm is ES256 or PS256 and the key's own, that a key is named, and the signature, under the
 * key cache's rules ({@link JwksCache#verify}); the claims are the caller's to check. Thread-safe;
 * one per runtime.
 */
public final class ProviderJws {
    /** Why a JWS was refused. */
    public enum Failure {
        /** Not a compact JWS, the wrong {@code typ}, or no {@code kid}. */
        MALFORMED,
        /** An algorithm other than ES256 or PS256. */
        ALGORITHM_NOT_ALLOWED,
        /** The {@code kid} is not in the provider's key set, even after one refresh. */
        UNKNOWN_KEY,
        /** The signature does not verify with the key named. */
        SIGNATURE_INVALID
    }

    /** A refusal: the failure and a message without personal data, untrusted text escaped. */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        /** The failed check. */
        private final Failure failure;

        Refusal(Failure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }

        /** {@return the failed check} */
        public Failure failure() {
            return failure;
        }
    }

    /** A verified JWS: the key that signed it and the payload, whose claims are still to be checked. */
    public record Verified(String keyId, byte[] payload) {
    }

    private final JwksCache keys;
    private final Clock clock;
    private final Duration fetchTimeout;

    /**
     * @param fetchTimeout the deadline of a key-set fetch the check may need
     * @param keys the provider's key set
     * @param clock the clock
     */
    public ProviderJws(JwksCache keys, Clock clock, Duration fetchTimeout) {
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
