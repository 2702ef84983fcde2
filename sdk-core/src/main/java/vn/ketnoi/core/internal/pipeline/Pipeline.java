package vn.ketnoi.core.internal.pipeline;

import java.time.Instant;
import java.util.List;

import vn.ketnoi.core.internal.http.Transport;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/** An ordered list of interceptors ending in the transport. Immutable and thread-safe. */
public final class Pipeline {
    private final List<Interceptor> steps;
    private final Transport transport;

    public Pipeline(List<Interceptor> steps, Transport transport) {
        this.steps = List.copyOf(steps);
        this.transport = transport;
    }

    public KetnoiResponse execute(KetnoiRequest request, Instant deadline) {
        return new Step(0, request, deadline).proceed(request);
    }

    private final class Step implements Interceptor.Chain {
        private final int index;
        private final KetnoiRequest request;
        private final Instant deadline;

        Step(int index, KetnoiRequest request, Instant deadline) {
            this.index = index;
            this.request = request;
            this.deadline = deadline;
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
        public KetnoiResponse proceed(KetnoiRequest next) {
            if (next == null) {
                throw new IllegalStateException("an interceptor passed on a null request");
            }
            if (index == steps.size()) {
                return transport.send(next, deadline);
            }
            KetnoiResponse response = steps.get(index).intercept(new Step(index + 1, next, deadline));
            if (response == null) {
                throw new IllegalStateException("interceptor " + steps.get(index).getClass().getName()
                        + " returned no response");
            }
            return response;
        }
    }
}
