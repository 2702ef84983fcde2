package vn.ketnoi.core.pipeline;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

import vn.ketnoi.core.exchange.ServiceId;

/**
 * An HTTP request as it travels through the interceptor pipeline. Immutable: an interceptor that
 * wants to change it builds a new one with {@link #toBuilder()}.
 *
 * <p>Besides what goes on the wire it carries two facts the pipeline needs: the logical
 * {@linkplain #operation() operation} name (for logs, metrics and audit) and whether the request
 * is {@linkplain #isIdempotent() idempotent}, that is, safe to send again after a failure; and,
 * for a client that calls several services, the {@linkplain #service() service} it is addressed to,
 * which its signature binds.
 */
public final class KetnoiRequest {
    private final String method;
    private final URI uri;
    private final HttpHeaders headers;
    private final byte[] body;
    private final String operation;
    private final boolean idempotent;
    private final ServiceId service;

    private KetnoiRequest(Builder b) {
        this.method = Objects.requireNonNull(b.method, "method");
        this.uri = Objects.requireNonNull(b.uri, "uri");
        this.headers = b.headers.build();
        this.body = b.body == null ? new byte[0] : b.body;
        this.operation = b.operation == null ? method + " " + uri.getPath() : b.operation;
        this.idempotent = b.idempotent;
        this.service = b.service;
    }

    /**
     * {@return a builder}
     *
     * @param method the HTTP method
     * @param uri the URL
     */
    public static Builder builder(String method, URI uri) {
        return new Builder().method(method).uri(uri);
    }

    /** {@return the HTTP method} */
    public String method() {
        return method;
    }

    /** {@return the URL} */
    public URI uri() {
        return uri;
    }

    /** {@return the headers} */
    public HttpHeaders headers() {
        return headers;
    }

    /** {@return the body bytes; a copy, so callers cannot change the request} */
    public byte[] body() {
        return body.clone();
    }

    /** {@return body length in bytes, without copying} */
    public int bodyLength() {
        return body.length;
    }

    /** The body without copying, for the pipeline's own use. */
    byte[] bodyUnsafe() {
        return body;
    }

    /** {@return the operation name} */
    public String operation() {
        return operation;
    }

    /** {@return whether repeating the request is safe} */
    public boolean isIdempotent() {
        return idempotent;
    }

    /** {@return the service this request is addressed to, when named per request; empty: the client's own service} */
    public Optional<ServiceId> service() {
        return Optional.ofNullable(service);
    }

    /** {@return a builder starting from this request} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.uri = uri;
        b.headers = headers.toBuilder();
        b.body = body;
        b.operation = operation;
        b.idempotent = idempotent;
        b.service = service;
        return b;
    }

    /** {@return method and path only: queries and bodies may carry personal data} */
    @Override
    public String toString() {
        return "KetnoiRequest[" + method + " " + uri.getRawPath() + ", operation=" + operation + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String method;
        private URI uri;
        private HttpHeaders.Builder headers = HttpHeaders.builder();
        private byte[] body;
        private String operation;
        private boolean idempotent;
        private ServiceId service;

        private Builder() {
        }

        /**
         * @param method the HTTP method
         * @return this builder
         */
        public Builder method(String method) {
            this.method = method;
            return this;
        }

        /**
         * @param uri the URL
         * @return this builder
         */
        public Builder uri(URI uri) {
            this.uri = uri;
            return this;
        }

        /**
         * Sets a header, replacing its values.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.set(name, value);
            return this;
        }

        /**
         * Adds a value to a header.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         */
        public Builder addHeader(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /**
         * Removes a header.
         *
         * @param name the header name
         * @return this builder
         */
        public Builder removeHeader(String name) {
            headers.remove(name);
            return this;
        }

        /**
         * Sets the body; the array is copied.
         *
         * @param body the body; null for none
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = body == null ? null : body.clone();
            return this;
        }

        /**
         * @param operation the operation name, such as {@code population.lookup}
         * @return this builder
         */
        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        /**
         * @param idempotent whether repeating the request is safe
         * @return this builder
         */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /**
         * @param service the service the request is addressed to (its signature's {@code srv});
         *                null: the client's own
         * @return this builder
         */
        public Builder service(ServiceId service) {
            this.service = service;
            return this;
        }

        /** {@return the request} */
        public KetnoiRequest build() {
            return new KetnoiRequest(this);
        }
    }
}
