package vn.ketnoi.core.internal.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What one logical call carries through the pipeline besides its request: where blocking work may
 * run, and the actions that abort its exchanges when the call is cancelled or its deadline passes.
 *
 * <p>A synchronous call runs everything on the caller's thread ({@link #sync()}); an asynchronous
 * one hands blocking work (a token or key fetch, a key-set look-up, application interceptors) to
 * the client's worker pool, so that no I/O thread ever blocks. Thread-safe.
 */
public final class CallContext {
    private static final Executor DIRECT = Runnable::run;

    private final Executor blocking;
    private final Executor afterSend;
    private final boolean async;
    private final List<Runnable> aborts = new ArrayList<>();
    private boolean aborted; // guarded by aborts
    private volatile String abortCode = "client.cancelled";

    private CallContext(Executor blocking, Executor afterSend, boolean async) {
        this.blocking = blocking;
        this.afterSend = afterSend;
        this.async = async;
    }

    /** A context whose work all runs on the calling thread. */
    public static CallContext sync() {
        return new CallContext(DIRECT, DIRECT, false);
    }

    /**
     * A context whose blocking work runs on {@code blocking}. The executor may refuse work (a
     * bounded pool that is full): before the request is sent that fails the call; after it, see
     * {@link #afterSend()}.
     */
    public static CallContext async(Executor blocking) {
        return new CallContext(blocking, task -> {
            try {
                blocking.execute(task);
            } catch (RuntimeException refused) {
                task.run(); // the exchange happened: its answer is checked here rather than lost
            }
        }, true);
    }

    /** Where blocking work before the request is sent runs (interceptors, a token fetch). */
    public Executor blocking() {
        return blocking;
    }

    /**
     * Where blocking work on an answer runs (verification, which may fetch keys): the blocking
     * executor, or the current thread when it refuses, because a write may already be applied.
     */
    public Executor afterSend() {
        return afterSend;
    }

    public boolean isAsync() {
        return async;
    }

    /** Runs {@code abort} when the call is aborted; at once if it already was. */
    public void onAbort(Runnable abort) {
        synchronized (aborts) {
            if (!aborted) {
                aborts.add(abort);
                return;
            }
        }
        abort.run();
    }

    /**
     * Aborts every exchange of this call. Idempotent: the first reason wins.
     *
     * @param code {@code transport.timeout} when the call's deadline passed, {@code client.cancelled}
     *             when the caller cancelled it
     */
    public void abort(String code) {
        List<Runnable> run;
        synchronized (aborts) {
            if (aborted) {
                return;
            }
            aborted = true;
            abortCode = code;
            run = new ArrayList<>(aborts);
            aborts.clear();
        }
        run.forEach(Runnable::run);
    }

    /** Why the call was aborted: {@code transport.timeout} or {@code client.cancelled}. */
    public String abortCode() {
        return abortCode;
    }

    public boolean isAborted() {
        synchronized (aborts) {
            return aborted;
        }
    }
}
