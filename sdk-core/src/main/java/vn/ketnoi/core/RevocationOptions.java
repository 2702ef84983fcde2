package vn.ketnoi.core;

import java.time.Duration;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Whether, and how, the SDK asks a certificate's issuer if it has been revoked: by OCSP or a CRL,
 * for the certificates that name a responder (Authority Information Access) or a CRL
 * distribution point. Checked: the provider's TLS certificate at each handshake, the agency's own
 * certificates when a client is built, and the signers of e-documents. Immutable and thread-safe.
 *
 * <p>The answers are fetched by the SDK itself, per validation, with {@link #timeout()} and a
 * bounded cache (per certificate, kept until the answer's {@code nextUpdate} and never longer than
 * {@link #maxCacheAge()}); the JDK's PKIX validator ({@code CertPathValidator "PKIX"} with a
 * {@code PKIXRevocationChecker}) checks them. No JVM-wide setting is read or changed
 * ({@code ocsp.enable}, {@code com.sun.security.enableCRLDP} and the JDK's OCSP/CRL timeouts do
 * not apply to these checks).
 *
 * <p>When no answer can be had (the responder is unreachable, slow, or its answer cannot be
 * trusted), {@link #whenUnreachable()} decides: {@link Policy#SOFT_FAIL} (the default) lets the
 * certificate through with one WARN per certificate, {@link Policy#HARD_FAIL} refuses it. A
 * document signer is always checked with {@code HARD_FAIL}, whatever is set here. A certificate
 * found revoked is always refused.
 *
 * <pre>{@code
 * RevocationOptions revocation = RevocationOptions.builder()
 *         .whenUnreachable(RevocationOptions.Policy.HARD_FAIL)
 *         .timeout(Duration.ofSeconds(3))
 *         .build();
 * ClientConfig config = ClientConfig.builder()...revocation(revocation).build();
 * }</pre>
 *
 * <p>Defaults ({@link #defaults()}): enabled, soft-fail, OCSP before CRLs, 5 s timeout, 1,000
 * certificates cached for at most an hour.
 */
public final class RevocationOptions {
    /** What to do with a certificate whose status cannot be learnt. */
    public enum Policy {
        /** Accept it, with a WARN once per certificate (the browsers' behaviour). */
        SOFT_FAIL,
        /** Refuse it, as if it were revoked but with its own error code. */
        HARD_FAIL
    }

    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    private final boolean enabled;
    private final Policy whenUnreachable;
    private final boolean preferCrls;
    private final Duration timeout;
    private final int cacheSize;
    private final Duration maxCacheAge;

    private RevocationOptions(Builder b) {
        if (b.whenUnreachable == null) {
            throw new InvalidInputException("revocation.whenUnreachable", "must be SOFT_FAIL or HARD_FAIL");
        }
        if (b.timeout == null || b.timeout.compareTo(Duration.ofMillis(10)) < 0 || b.timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidInputException("revocation.timeout", "must be between 10 ms and 1 minute");
        }
        if (b.cacheSize < 0 || b.cacheSize > 1_000_000) {
            throw new InvalidInputException("revocation.cacheSize", "must be between 0 and 1,000,000");
        }
        if (b.maxCacheAge == null || b.maxCacheAge.isNegative() || b.maxCacheAge.compareTo(Duration.ofDays(7)) > 0) {
            throw new InvalidInputException("revocation.maxCacheAge", "must be between 0 and 7 days");
        }
        this.enabled = b.enabled;
        this.whenUnreachable = b.whenUnreachable;
        this.preferCrls = b.preferCrls;
        this.timeout = b.timeout;
        this.cacheSize = b.cacheSize;
        this.maxCacheAge = b.maxCacheAge;
    }

    /** {@return the defaults: enabled, soft-fail, OCSP first, 5 s, 1,000 entries, one hour} */
    public static RevocationOptions defaults() {
        return builder().build();
    }

    /** {@return options that check nothing (document signers are still checked: that cannot be turned off here)} */
    public static RevocationOptions disabled() {
        return builder().enabled(false).build();
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.whenUnreachable = whenUnreachable;
        b.preferCrls = preferCrls;
        b.timeout = timeout;
        b.cacheSize = cacheSize;
        b.maxCacheAge = maxCacheAge;
        return b;
    }

    /** {@return whether the TLS and agency certificates are checked at all} */
    public boolean enabled() {
        return enabled;
    }

    /** {@return what to do when a certificate's status cannot be learnt (document signers: always hard-fail)} */
    public Policy whenUnreachable() {
        return whenUnreachable;
    }

    /** {@return whether a CRL is fetched before OCSP is tried} */
    public boolean preferCrls() {
        return preferCrls;
    }

    /** {@return the time allowed for one fetch of an OCSP answer or a CRL, connection included} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return how many certificates' answers are cached; 0 caches nothing} */
    public int cacheSize() {
        return cacheSize;
    }

    /** {@return the longest an answer is cached, even when its {@code nextUpdate} is later} */
    public Duration maxCacheAge() {
        return maxCacheAge;
    }

    @Override
    public String toString() {
        return "RevocationOptions[" + (enabled ? "enabled" : "disabled") + ", whenUnreachable=" + whenUnreachable
                + ", " + (preferCrls ? "CRL first" : "OCSP first") + ", timeout=" + timeout + ", cacheSize=" + cacheSize
                + ", maxCacheAge=" + maxCacheAge + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private boolean enabled = true;
        private Policy whenUnreachable = Policy.SOFT_FAIL;
        private boolean preferCrls;
        private Duration timeout = Duration.ofSeconds(5);
        private int cacheSize = 1000;
        private Duration maxCacheAge = Duration.ofHours(1);

        private Builder() {
        }

        /**
         * Whether TLS and agency certificates are checked; true by default.
         *
         * @param enabled false to skip the check (document signers are checked regardless)
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * What to do when a certificate's status cannot be learnt; {@link Policy#SOFT_FAIL} by default.
         *
         * @param policy soft-fail or hard-fail
         * @return this builder
         */
        public Builder whenUnreachable(Policy policy) {
            this.whenUnreachable = policy;
            return this;
        }

        /**
         * Fetch the CRL first and ask the OCSP responder only when no CRL can be had; OCSP first by default.
         *
         * @param preferCrls true for CRL first
         * @return this builder
         */
        public Builder preferCrls(boolean preferCrls) {
            this.preferCrls = preferCrls;
            return this;
        }

        /**
         * The time allowed for one fetch (connection, request and whole answer); 5 s by default.
         *
         * @param timeout between 10 ms and 1 minute
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * How many certificates' answers are cached; 1,000 by default.
         *
         * @param entries between 0 (no cache) and 1,000,000
         * @return this builder
         */
        public Builder cacheSize(int entries) {
            this.cacheSize = entries;
            return this;
        }

        /**
         * The longest an answer is cached; one hour by default. An answer is never kept past its
         * {@code nextUpdate}.
         *
         * @param maxAge between 0 and 7 days
         * @return this builder
         */
        public Builder maxCacheAge(Duration maxAge) {
            this.maxCacheAge = maxAge;
            return this;
        }

        /** {@return the options} */
        public RevocationOptions build() {
            return new RevocationOptions(this);
        }
    }
}
