package vn.ketnoi.exchange;

/**
 * A verified answer of the generic client: its HTTP status (2xx; other answers are typed
 * exceptions), the request id it answers ({@code X-Road-Id}) and its body, bound to the caller's
 * class or read as a {@link JsonValue}. Immutable.
 *
 * @param <T> the body's type
 */
public final class ExchangeResponse<T> {
    private final int status;
    private final String requestId;
    private final T body;

    ExchangeResponse(int status, String requestId, T body) {
        this.status = status;
        this.requestId = requestId;
        this.body = body;
    }

    /** {@return the HTTP status, 2xx} */
    public int status() {
        return status;
    }

    /** {@return the {@code X-Road-Id} of the request this answers, for the provider's support} */
    public String requestId() {
        return requestId;
    }

    /** {@return the body; for an answer without one, a missing {@link JsonValue} or null} */
    public T body() {
        return body;
    }

    /** {@return status and request id: the body may carry personal data} */
    @Override
    public String toString() {
        return "ExchangeResponse[" + status + ", requestId=" + requestId + "]";
    }
}
