package vn.ketnoi.core.spi;

/**
 * The one check of a compact JWS the provider signs with a key of its JWKS, for objects other than
 * responses (which {@code ResponseVerifier} checks): change notifications (protocol section 8.10),
 * e-document callbacks and status lists (10.6, 10.7). It checks the {@code typ}, that the
 * algorithm is ES256 or PS256 and the key's own, that a key is named, and the signature, under the
 * key cache's rules (a named key unknown to the cache is looked up once more, never more often than
 * the cache allows); the claims are the caller's to check. Thread-safe; one per runtime, from
 * {@link ApiClient#providerJws()} or {@link PlainClient#providerJws()}: the runtime's key cache
 * stays inside sdk-core.
 */
public interface ProviderJws {
    /** Why a JWS was refused. */
    enum Failure {
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
    final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        /** The failed check. */
        private final Failure failure;

        /**
         * @param failure the failed check
         * @param message why, without personal data, untrusted text escaped
         */
        public Refusal(Failure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }

        /** {@return the failed check} */
        public Failure failure() {
            return failure;
        }
    }

    /** A verified JWS: the key that signed it and the payload, whose claims are still to be checked. */
    record Verified(String keyId, byte[] payload) {
    }

    /**
     * Parses {@code compact} and checks its {@code typ}, algorithm, key and signature.
     *
     * @param typ the {@code typ} header the object must carry, e.g. {@code ketnoi-notification+jwt}
     * @param compact the compact JWS
     * @return the verified object
     * @throws Refusal naming the failed check
     */
    Verified verify(String compact, String typ) throws Refusal;
}
