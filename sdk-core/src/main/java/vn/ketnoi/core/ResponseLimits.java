package vn.ketnoi.core;

import java.util.Objects;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Caps on what the SDK accepts from a server, so that a hostile or broken answer cannot exhaust
 * memory or CPU. Every breach ends the call with a typed error before any content reaches your
 * code: {@code response.too-large} for sizes, {@code response.limits} for structure (headers, JSON).
 * Immutable and thread-safe; set with {@link HttpOptions.Builder#limits(ResponseLimits)}.
 *
 * <p>Defaults: 16 MiB decoded body, 100 headers, 8 KiB per header line, JSON nesting depth 32,
 * strings of 1,000,000 characters, numbers of 100 digits. The body size on the wire is
 * {@link HttpOptions#maxResponseBytes()}.
 */
public final class ResponseLimits {
    /** The hardest ceilings a limit may be raised to. */
    public static final int MAX_NESTING_DEPTH = 500;
    /** The highest string-length limit accepted. */
    public static final int MAX_STRING_LENGTH = 20_000_000;
    /** The highest number-length limit accepted. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    private final long maxDecompressedBytes;
    private final int maxHeaderCount;
    private final int maxHeaderLineLength;
    private final int maxNestingDepth;
    private final int maxStringLength;
    private final int maxNumberLength;

    private ResponseLimits(Builder b) {
        this.maxDecompressedBytes = atLeast("maxDecompressedBytes", b.maxDecompressedBytes, 1024, Long.MAX_VALUE);
        this.maxHeaderCount = (int) atLeast("maxHeaderCount", b.maxHeaderCount, 16, 10_000);
        this.maxHeaderLineLength = (int) atLeast("maxHeaderLineLength", b.maxHeaderLineLength, 1024, 1 << 20);
        this.maxNestingDepth = (int) atLeast("maxNestingDepth", b.maxNestingDepth, 4, MAX_NESTING_DEPTH);
        this.maxStringLength = (int) atLeast("maxStringLength", b.maxStringLength, 1024, MAX_STRING_LENGTH);
        this.maxNumberLength = (int) atLeast("maxNumberLength", b.maxNumberLength, 20, MAX_NUMBER_LENGTH);
    }

    /** {@return the default limits} */
    public static ResponseLimits defaults() {
        return builder().build();
    }

    /** {@return a builder starting from the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder starting from these limits} */
    public Builder toBuilder() {
        return new Builder().maxDecompressedBytes(maxDecompressedBytes).maxHeaderCount(maxHeaderCount)
                .maxHeaderLineLength(maxHeaderLineLength).maxNestingDepth(maxNestingDepth)
                .maxStringLength(maxStringLength).maxNumberLength(maxNumberLength);
    }

    /** {@return largest body accepted after undoing {@code Content-Encoding} (gzip, deflate): stops compression bombs} */
    public long maxDecompressedBytes() {
        return maxDecompressedBytes;
    }

    /** {@return most response headers accepted} */
    public int maxHeaderCount() {
        return maxHeaderCount;
    }

    /** {@return longest status or header line accepted, in bytes} */
    public int maxHeaderLineLength() {
        return maxHeaderLineLength;
    }

    /** {@return deepest nesting of JSON objects and arrays accepted} */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    /** {@return longest JSON string value or member name accepted, in characters} */
    public int maxStringLength() {
        return maxStringLength;
    }

    /** {@return longest JSON number accepted, in characters} */
    public int maxNumberLength() {
        return maxNumberLength;
    }

    private static long atLeast(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidInputException("limits." + name, "must be between " + min + " and " + max);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseLimits l && maxDecompressedBytes == l.maxDecompressedBytes
                && maxHeaderCount == l.maxHeaderCount && maxHeaderLineLength == l.maxHeaderLineLength
                && maxNestingDepth == l.maxNestingDepth && maxStringLength == l.maxStringLength
                && maxNumberLength == l.maxNumberLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxDecompressedBytes, maxHeaderCount, maxHeaderLineLength, maxNestingDepth,
                maxStringLength, maxNumberLength);
    }

    @Override
    public String toString() {
        return "ResponseLimits[decompressed=" + maxDecompressedBytes + ", headers=" + maxHeaderCount + "x"
                + maxHeaderLineLength + ", jsonDepth=" + maxNestingDepth + ", jsonString=" + maxStringLength
                + ", jsonNumber=" + maxNumberLength + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private long maxDecompressedBytes = 16L * 1024 * 1024;
        private int maxHeaderCount = 100;
        private int maxHeaderLineLength = 8192;
        private int maxNestingDepth = 32;
        private int maxStringLength = 1_000_000;
        private int maxNumberLength = 100;

        private Builder() {
        }

        /**
         * The largest body after decompression, in bytes.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxDecompressedBytes(long n) {
            this.maxDecompressedBytes = n;
            return this;
        }

        /**
         * The most header fields in an answer.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxHeaderCount(int n) {
            this.maxHeaderCount = n;
            return this;
        }

        /**
         * The longest header line, in characters.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxHeaderLineLength(int n) {
            this.maxHeaderLineLength = n;
            return this;
        }

        /**
         * The deepest JSON nesting.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxNestingDepth(int n) {
            this.maxNestingDepth = n;
            return this;
        }

        /**
         * The longest JSON string.
         *
         * @param n 1 to {@link #MAX_STRING_LENGTH}
         * @return this builder
         */
        public Builder maxStringLength(int n) {
            this.maxStringLength = n;
            return this;
        }

        /**
         * The longest JSON number, in digits.
         *
         * @param n 1 to {@link #MAX_NUMBER_LENGTH}
         * @return this builder
         */
        public Builder maxNumberLength(int n) {
            this.maxNumberLength = n;
            return this;
        }

        /** {@return the limits} */
        public ResponseLimits build() {
            return new ResponseLimits(this);
        }
    }
}
