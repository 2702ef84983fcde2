package vn.ketnoi.core.internal.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * An ordered list of steps ending in a terminal (the transport). The one definition of the
 * pipeline serves both APIs: each step returns a future; for a synchronous call every future is
 * already complete when it is returned (the terminal sends on the caller's thread), for an
 * asynchronous one the terminal completes it from the HTTP client's I/O thread. Immutable and
 * thread-safe.
 */
public final class Pipeline {

    /** One step. It must not block the calling thread: blocking work goes to {@link CallContext#blocking()}. */
    @FunctionalInterface
    public interface Step {
        CompletableFuture<KetnoiResponse> apply(Chain chain);
    }

    /** What a step sees. */
    public interface Chain {
        KetnoiRequest request();

        /** The deadline of the current attempt (of the call, before the retry step). */
        Instant deadline();

        CallContext context();

        CompletableFuture<KetnoiResponse> proceed(KetnoiRequest next);

        /** Passes on the request with a nearer deadline (the retry step's per-attempt deadline). */
        CompletableFuture<KetnoiResponse> proceed(KetnoiRequest next, Instant deadline);
    }

    /** Sends one HTTP request. */
    @FunctionalInterface
    public interface Terminal {
        CompletableFuture<KetnoiResponse> send(KetnoiRequest request, Instant deadline, CallContext context);
    }

    private final List<Step> steps;
    private final Terminal terminal;

    public Pipeline(List<Step> steps, Terminal terminal) {
        this.steps = List.copyOf(steps);
        this.terminal = terminal;
    }

    public CompletableFuture<KetnoiResponse> execute(KetnoiRequest request, Instant deadline, CallContext context) {
        return new Link(0, request, deadline, context).proceed(request);
    }

    /** Runs a call on the caller's thread and returns its response or throws its exception. */
    public KetnoiResponse executeSync(KetnoiRequest request, Instant deadline) {
        return join(execute(request, deadline, CallContext.sync()));
    }

    /** Adapts an application or network interceptor; it runs where blocking is allowed. */
    public static Step of(Interceptor interceptor) {
        return chain -> CompletableFuture.supplyAsync(() -> interceptor.intercept(new Interceptor.Chain() {
            @Override
            public KetnoiRequest request() {
                return chain.request();
            }

            @Override
            public KetnoiResponse proceed(KetnoiRequest next) {
                return join(chain.proceed(next));
            }

            @Override
            public Instant deadline() {
                return chain.deadline();
            }
        }), chain.context().blocking()).thenApply(r -> {
            if (r == null) {
                throw new IllegalStateException("interceptor " + interceptor.getClass().getName()
                        + " returned no response");
            }
            return r;
        });
    }

    /** Waits for a future and rethrows its failure as it was thrown, unwrapped. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new vn.ketnoi.core.exception.TransportException("Interrupted while waiting for the call",
                    "client.interrupted", null, false, true, e);
        }
    }

    /** The failure inside a CompletionException, as an unchecked exception. */
    public static RuntimeException rethrow(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof RuntimeException r) {
            return r;
        }
        if (c instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(c);
    }

    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Unwraps to a KetnoiException, or null. */
    public static KetnoiException ketnoi(Throwable t) {
        return unwrap(t) instanceof KetnoiException k ? k : null;
    }

    private final class Link implements Chain {
        private final int index;
        private final KetnoiRequest request;
        private final Instant deadline;
        private final CallContext context;

        Link(int index, KetnoiRequest request, Instant deadline, CallContext context) {
            this.index = index;
            this.request = request;
            this.deadline = deadline;
            this.context = context;
        }

        @Override
        public KetnoiRequest request() {
            return request;
        }

        @Override
        public Instant deadline() {
            return deadline;
        }

        @Override
        public CallContext context() {
            return context;
        }

        @Override
        public CompletableFuture<KetnoiResponse> proceed(KetnoiRequest next) {
            return proceed(next, deadline);
        }

        @Override
        public CompletableFuture<KetnoiResponse> proceed(KetnoiRequest next, Instant nextDeadline) {
            if (next == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("a step passed on a null request"));
            }
            try {
                if (index == steps.size()) {
                    return terminal.send(next, nextDeadline, context);
                }
                CompletableFuture<KetnoiResponse> f = steps.get(index).apply(new Link(index + 1, next, nextDeadline, context));
                return f == null ? CompletableFuture.failedFuture(new IllegalStateException("a step returned no future")) : f;
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }
}
