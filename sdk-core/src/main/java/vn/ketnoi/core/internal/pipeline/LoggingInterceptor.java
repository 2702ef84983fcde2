package vn.ketnoi.core.internal.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Logs each HTTP exchange at debug level: method, path, operation, request id, status, duration.
 * Never headers, queries or bodies: those carry tokens and personal data. Failures are logged at
 * debug too; deciding whether they matter is the caller's business.
 */
public final class LoggingInterceptor implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger("vn.ketnoi.http");

    @Override
    public KetnoiResponse intercept(Chain chain) {
        KetnoiRequest r = chain.request();
        if (!LOG.isDebugEnabled()) {
            return chain.proceed(r);
        }
        String rid = r.headers().first("X-Road-Id").orElse("-");
        long start = System.nanoTime();
        LOG.debug("--> {} {} op={} rid={}", r.method(), r.uri().getRawPath(), r.operation(), rid);
        try {
            KetnoiResponse response = chain.proceed(r);
            LOG.debug("<-- {} {} bytes in {} ms rid={}", response.status(), response.bodyLength(),
                    (System.nanoTime() - start) / 1_000_000, rid);
            return response;
        } catch (KetnoiException e) {
            LOG.debug("<-- failed {} in {} ms rid={}", e.errorCode(), (System.nanoTime() - start) / 1_000_000, rid);
            throw e;
        }
    }
}
