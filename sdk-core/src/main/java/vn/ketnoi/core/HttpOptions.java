package vn.ketnoi.core;

import java.time.Duration;
import java.util.Objects;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Timeouts and connection-pool settings. Every timeout is finite: a call to a national system
 * never waits for ever, whatever the network or the exchange layer does.
 *
 * <p>Defaults: connect 5 s, response (wait between bytes) 30 s, wait for a pooled connection 5 s,
 * whole call 60 s (retries and token refresh included), 64 connections in all and per host (one
 * busy government endpoint is the usual case; Apache HttpClient's own default of 5 per host is
 * far too few).
 */
public final class HttpOptions {
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration connectionRequestTimeout;
    private final Duration callTimeout;
    private final int maxConnections;
    private final int maxConnectionsPerHost;
    private final long maxResponseBytes;
    private final ResponseLimits limits;

    private HttpOptions(Builder b) {
        this.connectTimeout = timeout("connectTimeout", b.connectTimeout);
        this.responseTimeout = timeout("responseTimeout", b.responseTimeout);
        this.connectionRequestTimeout = timeout("connectionRequestTimeout", b.connectionRequestTimeout);
        this.callTimeout = timeout("callTimeout", b.callTimeout);
        this.maxConnections = positive("maxConnections", b.maxConnections);
        this.maxConnectionsPerHost = positive("maxConnectionsPerHost", b.maxConnectionsPerHost);
        if (b.maxResponseBytes < 1024) {
            throw new InvalidInputException("httpOptions.maxResponseBytes", "must be at least 1024");
        }
        this.maxResponseBytes = b.maxResponseBytes;
        if (b.limits == null) {
            throw new InvalidInputException("httpOptions.limits", "must not be null");
        }
        this.limits = b.limits;
    }

    /** {@return the default options} */
    public static HttpOptions defaults() {
        return builder().build();
    }

    /** {@return a builder starting from the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder starting from these options} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.responseTimeout = responseTimeout;
        b.connectionRequestTimeout = connectionRequestTimeout;
        b.callTimeout = callTimeout;
        b.maxConnections = maxConnections;
        b.maxConnectionsPerHost = maxConnectionsPerHost;
        b.maxResponseBytes = maxResponseBytes;
        b.limits = limits;
        return b;
    }

    /** {@return time allowed to open a TCP (and TLS) connection} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@return longest silence allowed while waiting for response bytes} */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** {@return time allowed to wait for a free connection from the pool} */
    public Duration connectionRequestTimeout() {
        return connectionRequestTimeout;
    }

    /** {@return deadline of a whole call, from the first byte sent to the last byte read, retries included} */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** {@return the most connections in the pool} */
    public int maxConnections() {
        return maxConnections;
    }

    /** {@return the most connections to one host} */
    public int maxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    /**
     * Largest response body accepted as it comes off the wire; once decoded (gzip, deflate) it must
     * also fit {@link ResponseLimits#maxDecompressedBytes()}.
     *
     * @return the largest answer body read, in bytes
     */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** {@return caps on decoded size, headers and JSON structure of responses} */
    public ResponseLimits limits() {
        return limits;
    }

    private static Duration timeout(String name, Duration d) {
        if (d == null) {
            throw new InvalidInputException("httpOptions." + name, "must not be null");
        }
        if (d.isNegative() || d.isZero()) {
            // Zero means "no timeout" to most HTTP stacks; we never allow that.
            throw new InvalidInputException("httpOptions." + name, "must be positive (timeouts are always finite)");
        }
        if (d.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidInputException("httpOptions." + name, "must be at most one hour");
        }
        return d;
    }

    private static int positive(String name, int n) {
        if (n < 1) {
            throw new InvalidInputException("httpOptions." + name, "must be at least 1");
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpOptions h && connectTimeout.equals(h.connectTimeout)
                && responseTimeout.equals(h.responseTimeout)
                && connectionRequestTimeout.equals(h.connectionRequestTimeout)
                && callTimeout.equals(h.callTimeout) && maxConnections == h.maxConnections
                && maxConnectionsPerHost == h.maxConnectionsPerHost && maxResponseBytes == h.maxResponseBytes
                && limits.equals(h.limits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectTimeout, responseTimeout, connectionRequestTimeout, callTimeout,
                maxConnections, maxConnectionsPerHost, maxResponseBytes, limits);
    }

    @Override
    public String toString() {
        return "HttpOptions[connect=" + connectTimeout + ", response=" + responseTimeout + ", poolWait="
                + connectionRequestTimeout + ", call=" + callTimeout + ", maxConnections=" + maxConnections
                + ", perHost=" + maxConnectionsPerHost + ", maxResponseBytes=" + maxResponseBytes + ", " + limits + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private Duration connectionRequestTimeout = Duration.ofSeconds(5);
        private Duration callTimeout = Duration.ofSeconds(60);
        private int maxConnections = 64;
        private int maxConnectionsPerHost = 64;
        private long maxResponseBytes = 16L * 1024 * 1024;
        private ResponseLimits limits = ResponseLimits.defaults();

        private Builder() {
        }

        /**
         * Caps on decoded size, headers and JSON structure; {@link ResponseLimits#defaults()} if unset.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(ResponseLimits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * The longest to wait for a connection to open.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /**
         * The longest to wait between two packets of an answer.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder responseTimeout(Duration d) {
            this.responseTimeout = d;
            return this;
        }

        /**
         * The longest to wait for a pooled connection.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder connectionRequestTimeout(Duration d) {
            this.connectionRequestTimeout = d;
            return this;
        }

        /**
         * The deadline of a whole call, retries included.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder callTimeout(Duration d) {
            this.callTimeout = d;
            return this;
        }

        /**
         * The most connections in the pool.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxConnections(int n) {
            this.maxConnections = n;
            return this;
        }

        /**
         * The most connections to one host.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxConnectionsPerHost(int n) {
            this.maxConnectionsPerHost = n;
            return this;
        }

        /**
         * The largest answer body read, in bytes.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxResponseBytes(long n) {
            this.maxResponseBytes = n;
            return this;
        }

        /** {@return the options} */
        public HttpOptions build() {
            return new HttpOptions(this);
        }
    }
}
