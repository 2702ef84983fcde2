package vn.ketnoi.testkit.internal.gateway;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * What the gateway does wrong on command: a queue of failures, each for the next N service
 * requests, and tampering hooks that alter what it forwards until cleared. Both apply to service
 * routes only, never to the gateway's token endpoint or the pass-through paths, so that a test's
 * client can still get its tokens and keys while the calls under test fail.
 */
public final class FaultPlan {

    /** The ways a gateway fails. */
    public enum Kind {
        /** 502 with an HTML error page, as a web server in front of the gateway answers. */
        HTML_BAD_GATEWAY,
        /** The gateway's own JSON error with a given status. */
        STATUS,
        /** The request is held for a while, then forwarded. */
        DELAY,
        /** The connection is closed without an answer. */
        DROP,
        /** The request is forwarded and answered by the provider, but the agency gets the gateway's own error. */
        ANSWER_LOST
    }

    /** One failure. */
    public record Fault(Kind kind, int status, Duration duration) {
    }

    private static final class Pending {
        final Fault fault;
        int remaining;

        Pending(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final Deque<Pending> queue = new ArrayDeque<>();
    private volatile @Nullable UnaryOperator<byte[]> requestBody;
    private volatile @Nullable UnaryOperator<byte[]> responseBody;
    private volatile @Nullable UnaryOperator<String> path;
    private final Map<String, UnaryOperator<@Nullable String>> requestHeaders = new ConcurrentHashMap<>();
    private final Map<String, UnaryOperator<@Nullable String>> responseHeaders = new ConcurrentHashMap<>();

    /** Queues a failure for the next {@code times} service requests, after those already queued. */
    public synchronized void add(Fault fault, int times) {
        queue.addLast(new Pending(fault, times));
    }

    /** {@return the failure for this service request, or null to serve it normally} */
    public synchronized @Nullable Fault next() {
        Pending p = queue.peekFirst();
        if (p == null) {
            return null;
        }
        if (--p.remaining <= 0) {
            queue.removeFirst();
        }
        return p.fault;
    }

    /** {@return failures still queued, counted in requests} */
    public synchronized int pending() {
        return queue.stream().mapToInt(p -> p.remaining).sum();
    }

    public void requestBody(@Nullable UnaryOperator<byte[]> op) {
        requestBody = op;
    }

    public void responseBody(@Nullable UnaryOperator<byte[]> op) {
        responseBody = op;
    }

    public void path(@Nullable UnaryOperator<String> op) {
        path = op;
    }

    public void requestHeader(String name, UnaryOperator<@Nullable String> op) {
        requestHeaders.put(name.toLowerCase(Locale.ROOT), op);
    }

    public void responseHeader(String name, UnaryOperator<@Nullable String> op) {
        responseHeaders.put(name.toLowerCase(Locale.ROOT), op);
    }

    public @Nullable UnaryOperator<byte[]> requestBody() {
        return requestBody;
    }

    public @Nullable UnaryOperator<byte[]> responseBody() {
        return responseBody;
    }

    public @Nullable UnaryOperator<String> path() {
        return path;
    }

    /** {@return header hooks by lower-case name: each gets the forwarded value (null if absent), returns the new one (null removes it)} */
    public Map<String, UnaryOperator<@Nullable String>> requestHeaders() {
        return requestHeaders;
    }

    /** {@return the same for the answer passed back} */
    public Map<String, UnaryOperator<@Nullable String>> responseHeaders() {
        return responseHeaders;
    }

    /** Removes every queued failure and every tampering hook. */
    public synchronized void clear() {
        queue.clear();
        requestBody = null;
        responseBody = null;
        path = null;
        requestHeaders.clear();
        responseHeaders.clear();
    }
}
