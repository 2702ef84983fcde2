package vn.ketnoi.core.pipeline;

import java.time.Instant;

/**
 * A step of the request pipeline. An interceptor sees the request on its way out, may change it,
 * passes it on with {@link Chain#proceed(KetnoiRequest)} and sees the response on its way back, in
 * reverse order.
 *
 * <p>Two places are open to applications (see {@code ClientConfig}):
 * <ul>
 *   <li><b>application interceptors</b> run once per logical call, before the SDK adds the request
 *       id, the access token and the signature;</li>
 *   <li><b>network interceptors</b> run once per HTTP exchange, after signing, and see exactly what
 *       goes on the wire. A network interceptor that alters a signed request will make the
 *       provider refuse it: that is the point of signing.</li>
 * </ul>
 * Interceptors must be thread-safe: one instance serves every concurrent call.
 */
@FunctionalInterface
public interface Interceptor {

    /**
     * Handles one call: usually {@code chain.proceed(chain.request())}, with something before or after.
     *
     * @param chain the call
     * @return the response
     */
    KetnoiResponse intercept(Chain chain);

    /** What an interceptor can see of the call it is part of. */
    interface Chain {
        /** {@return the request as it stands at this point of the pipeline} */
        KetnoiRequest request();

        /**
         * Hands the request to the next step and returns its response.
         *
         * @param request the request, possibly changed
         * @return the response of the rest of the pipeline
         */
        KetnoiResponse proceed(KetnoiRequest request);

        /** {@return when the whole call, retries included, must be over} */
        Instant deadline();
    }
}
