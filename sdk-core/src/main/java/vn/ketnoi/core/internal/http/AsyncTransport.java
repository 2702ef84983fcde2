package vn.ketnoi.core.internal.http;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import vn.ketnoi.core.internal.pipeline.CallContext;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Sends one HTTP request without blocking; the future completes with the whole response, or
 * fails with a {@link vn.ketnoi.core.exception.KetnoiException}, by the deadline. Aborting the
 * call's context aborts the exchange.
 */
public interface AsyncTransport extends AutoCloseable {

    CompletableFuture<KetnoiResponse> send(KetnoiRequest request, Instant deadline, CallContext context);

    @Override
    void close();
}
