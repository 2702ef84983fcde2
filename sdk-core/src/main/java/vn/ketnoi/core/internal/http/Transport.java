package vn.ketnoi.core.internal.http;

import java.time.Instant;

import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/** Sends one HTTP request and reads its whole response before the deadline. */
public interface Transport extends AutoCloseable {

    KetnoiResponse send(KetnoiRequest request, Instant deadline);

    @Override
    void close();
}
