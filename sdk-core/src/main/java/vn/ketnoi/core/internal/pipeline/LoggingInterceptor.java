package vn.ketnoi.core.internal.pipeline;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Logs each HTTP exchange at debug level: method, path, operation, request id, status, duration.
 * Never headers, queries or bodies: those carry tokens and personal data. Failures are logged at
 * debug too; deciding whether they matter is the caller's business.
 */
public final class LoggingInterceptor implements Pipeline.Step {
    private static final Logger LOG = LoggerFactory.getLogger("vn.ketnoi.http");

    @Override
    public CompletableFuture<KetnoiResponse> apply(Pipeline.Chain chain) {
        KetnoiRequest r = chain.request();
        if (!LOG.isDebugEnabled()) {
            return chain.proceed(r);
        }
        String rid = r.headers().first("X-Road-Id").orElse("-");
        long start = System.nanoTime();
        LOG.debug("--> {} {} op={} rid={}", r.method(), r.uri().getRawPath(), r.operation(), rid);
        return chain.proceed(r).whenComplete((response, failure) -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (response != null) {
                LOG.debug("<-- {} {} bytes in {} ms rid={}", response.status(), response.bodyLength(), ms, rid);
            } else {
                KetnoiException e = Pipeline.ketnoi(failure);
                LOG.debug("<-- failed {} in {} ms rid={}", e == null ? "?" : e.errorCode(), ms, rid);
            }
        });
    }
}
