package vn.ketnoi.exchange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exchange.ServiceId;

/**
 * One call of the generic client: the service it addresses (its {@link ServiceId}), the method,
 * the path within the service and its query, an optional JSON body, and, when it is not the
 * client's default, the context the call is made in (purpose, operator, case number). Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * ExchangeRequest r = ExchangeRequest.postRead(CivilStatus, "/births/lookup", Map.of("idNumber", id))
 *         .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build();   // or the client's default
 * }</pre>
 *
 * <p><b>Writes.</b> A {@code POST}, {@code PUT} or {@code DELETE} is a write: it carries an
 * {@code Idempotency-Key}, the caller's ({@link Builder#idempotencyKey}) or one made when the
 * request is built. The client repeats a write after a failure only with that same key, and so
 * may the caller: sending the same {@code ExchangeRequest} again is the same write, never a
 * second one. A {@code GET} is a read and carries none (protocol section 3), and so is a lookup
 * sent as a {@code POST} ({@link #postRead}) to keep its criteria out of the URL. Everything is
 * checked when the request is built: bad input never reaches the network.
 */
public final class ExchangeRequest {
    /** Path segments: RFC 3986 path characters; no dot segments, which a gateway would resolve away. */
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+/?|/");
    private static final Pattern DOTS = Pattern.compile("(^|/)\\.{1,2}(/|$)");
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

    private final ServiceId service;
    private final String method;
    private final String path;
    private final List<Map.Entry<String, String>> query;
    private final JsonValue body;
    private final RequestContext context;
    private final String idempotencyKey;
    private final String operation;

    private ExchangeRequest(Builder b) {
        this.service = b.service;
        this.method = b.method;
        this.path = b.path;
        this.query = Collections.unmodifiableList(new ArrayList<>(b.query));
        this.body = b.body;
        this.context = b.context;
        this.idempotencyKey = b.idempotencyKey;
        this.operation = b.operation;
    }

    /**
     * {@return a builder of a read}
     *
     * @param service the service
     * @param path the path within the service, starting with {@code /}
     */
    public static Builder get(ServiceId service, String path) {
        return new Builder(service, "GET", path, null, false);
    }

    /**
     * {@return a builder of a write with a JSON body}
     *
     * @param service the service
     * @param path the path within the service, starting with {@code /}
     * @param body the body: a {@link JsonValue}, maps and lists, or an object of the caller's that Jackson can write
     */
    public static Builder post(ServiceId service, String path, Object body) {
        return new Builder(service, "POST", path, requireBody(body), true);
    }

    /**
     * {@return a builder of a read sent as a {@code POST}}: a lookup whose criteria are personal
     * data (an ID number, a name) travels in the signed body, never in a URL that proxies and
     * logs keep. It carries no idempotency key, and a failure after sending is never reported as
     * a write whose outcome is unknown: nothing was written.
     *
     * @param service the service
     * @param path the path within the service, starting with {@code /}
     * @param body the criteria, as for {@link #post}
     */
    public static Builder postRead(ServiceId service, String path, Object body) {
        return new Builder(service, "POST", path, requireBody(body), false);
    }

    /**
     * {@return a builder of a write that replaces a resource}
     *
     * @param service the service
     * @param path the path within the service
     * @param body the body, as for {@link #post}
     */
    public static Builder put(ServiceId service, String path, Object body) {
        return new Builder(service, "PUT", path, requireBody(body), true);
    }

    /**
     * {@return a builder of a write that deletes a resource}
     *
     * @param service the service
     * @param path the path within the service
     */
    public static Builder delete(ServiceId service, String path) {
        return new Builder(service, "DELETE", path, null, true);
    }

    private static JsonValue requireBody(Object body) {
        if (body == null) {
            throw new InvalidInputException("body", "is required for POST and PUT (send {} for an empty object)");
        }
        try {
            return JsonValue.of(body);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("body", "cannot be written as JSON (" + body.getClass().getSimpleName() + ")");
        }
    }

    /** {@return the service addressed} */
    public ServiceId service() {
        return service;
    }

    /** {@return the HTTP method} */
    public String method() {
        return method;
    }

    /** {@return the path within the service, without the query} */
    public String path() {
        return path;
    }

    /** {@return the query parameters, in order} */
    public List<Map.Entry<String, String>> query() {
        return query;
    }

    /** {@return the body, or missing for none} */
    public JsonValue body() {
        return body == null ? JsonValue.missing() : body;
    }

    /**
     * The context this call is made in, replacing the client's default as a whole; empty when the
     * client's default applies ({@link ExchangeClient.Builder#context}).
     *
     * @return the request's own context, if any
     */
    public java.util.Optional<RequestContext> context() {
        return java.util.Optional.ofNullable(context);
    }

    /** {@return the idempotency key of a write; null for a read} */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** {@return whether this is a write: it carries an idempotency key} */
    public boolean isWrite() {
        return idempotencyKey != null;
    }

    /** {@return the operation's name, for metrics, traces and the audit trail} */
    public String operation() {
        return operation;
    }

    /** {@return method, service and path: the query and body may carry personal data} */
    @Override
    public String toString() {
        return "ExchangeRequest[" + method + " " + service + " " + path + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final ServiceId service;
        private final String method;
        private final String path;
        private final JsonValue body;
        private final boolean write;
        private final List<Map.Entry<String, String>> query = new ArrayList<>();
        private RequestContext context;
        private String idempotencyKey;
        private String operation;

        private Builder(ServiceId service, String method, String path, JsonValue body, boolean write) {
            if (service == null) {
                throw new InvalidInputException("service", "is required");
            }
            if (path == null || !PATH.matcher(path).matches() || DOTS.matcher(path).find()) {
                throw new InvalidInputException("path", "must be a path within the service: starting with /,"
                        + " RFC 3986 path characters, no . or .. segments, no query (use query(name, value))");
            }
            this.service = service;
            this.method = method;
            this.path = path;
            this.body = body;
            this.write = write;
        }

        /**
         * Adds a query parameter; repeatable, kept in order.
         *
         * @param name 1 to 64 of {@code [A-Za-z0-9._~-]}
         * @param value the value, percent-encoded by the client; never a personal ID number
         *              (URLs reach proxies' logs: send one in a body)
         * @return this builder
         */
        public Builder query(String name, String value) {
            if (name == null || !QUERY_NAME.matcher(name).matches()) {
                throw new InvalidInputException("query", "a parameter name must be 1 to 64 of [A-Za-z0-9._~-]");
            }
            if (value == null) {
                throw new InvalidInputException("query." + name, "must not be null");
            }
            query.add(Map.entry(name, value));
            return this;
        }

        /**
         * The purpose, operator and case number of this call, instead of the client's default (as
         * a whole: nothing is taken from the default then). Optional when the client has a default.
         *
         * @param context the context, such as {@code RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")}
         * @return this builder
         */
        public Builder context(RequestContext context) {
            if (context == null) {
                throw new InvalidInputException("context", "is required; leave it unset for the client's default");
            }
            this.context = context;
            return this;
        }

        /**
         * The write's idempotency key, made once per logical operation (a lower-case hyphenated
         * UUID); without one, a write gets a new key when first built (and keeps it if this
         * builder is built again).
         *
         * @param idempotencyKey the key
         * @return this builder
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /**
         * @param operation the operation's name for metrics, traces and the audit trail; default
         *                  {@code exchange.<method> <service>}
         * @return this builder
         */
        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        /**
         * {@return the request}
         *
         * @throws InvalidInputException naming the field that is missing or wrong
         */
        public ExchangeRequest build() {
            if (write) {
                if (idempotencyKey == null) {
                    idempotencyKey = UUID.randomUUID().toString();
                } else if (!UUID_FORM.matcher(idempotencyKey).matches()) {
                    throw new InvalidInputException("idempotencyKey", "must be a lower-case hyphenated UUID");
                }
            } else if (idempotencyKey != null) {
                throw new InvalidInputException("idempotencyKey", "a read carries none (protocol section 3)");
            }
            if (operation == null) {
                operation = "exchange." + method.toLowerCase(java.util.Locale.ROOT) + " " + service.service();
            } else if (operation.isBlank() || operation.length() > 100) {
                throw new InvalidInputException("operation", "must be 1 to 100 characters");
            }
            return new ExchangeRequest(this);
        }
    }
}
