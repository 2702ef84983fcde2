package vn.ketnoi.micrometer;

import java.util.Objects;
import java.util.regex.Pattern;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Micrometer Observation of Ketnoi calls: one observation, {@value #NAME}, per logical call
 * (retries included), a child of the observation current on the calling thread. With Spring Boot's
 * {@link ObservationRegistry} it is a timer of that name and, with Micrometer Tracing, a client
 * span; the Spring Boot starters register it when the application has a registry.
 *
 * <pre>{@code
 * ClientConfig observed = KetnoiObservations.of(registry).instrument(config.toBuilder()).build();
 * }</pre>
 *
 * <p>Key values, all of low cardinality: {@code ketnoi.operation} (such as
 * {@code population.lookup}), {@code outcome} ({@code SUCCESS} or {@code ERROR}) and
 * {@code ketnoi.error_code} (the SDK's error code, {@code none} on success). Never the URL path or
 * query, a body, a header, or an exception: nothing that could hold personal data or a secret,
 * which is also why the failure is recorded as its code and not handed to
 * {@link Observation#error(Throwable)}. Thread-safe.
 */
public final class KetnoiObservations {
    /** The observation's name (the timer's, with Spring Boot). */
    public static final String NAME = "ketnoi.client.requests";

    /** Error codes are dotted lower-case tokens (protocol section 11); anything else is not copied. */
    private static final Pattern SAFE_CODE = Pattern.compile("[a-z0-9][a-z0-9.\\-]{0,63}");

    private final ObservationRegistry registry;

    private KetnoiObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    /**
     * Observations recorded in this registry.
     *
     * @param registry the application's registry
     * @return the observations
     */
    public static KetnoiObservations of(ObservationRegistry registry) {
        return new KetnoiObservations(Objects.requireNonNull(registry, "registry"));
    }

    /**
     * Adds {@link #interceptor()} to a configuration's application interceptors.
     *
     * @param builder the configuration's builder
     * @return the same builder
     */
    public ClientConfig.Builder instrument(ClientConfig.Builder builder) {
        return builder.addInterceptor(interceptor());
    }

    /** {@return the application interceptor that observes each call} */
    public Interceptor interceptor() {
        return this::intercept;
    }

    private KetnoiResponse intercept(Interceptor.Chain chain) {
        KetnoiRequest request = chain.request();
        String operation = operation(request);
        Observation observation = Observation.createNotStarted(NAME, registry).contextualName(operation)
                .lowCardinalityKeyValue("ketnoi.operation", operation).start();
        String outcome = "ERROR";
        String code = "unknown";
        try (Observation.Scope ignored = observation.openScope()) {
            KetnoiResponse response = chain.proceed(request);
            outcome = response.isSuccessful() ? "SUCCESS" : "ERROR";
            code = response.isSuccessful() ? "none" : "http." + response.status();
            return response;
        } catch (KetnoiException e) {
            code = e.errorCode() != null && SAFE_CODE.matcher(e.errorCode()).matches() ? e.errorCode() : "unknown";
            throw e;
        } finally {
            observation.lowCardinalityKeyValue("outcome", outcome).lowCardinalityKeyValue("ketnoi.error_code", code).stop();
        }
    }

    /** The operation the service set; a default one ({@code POST /path/...}) is cut to its method, as paths may hold ids. */
    static String operation(KetnoiRequest request) {
        String op = request.operation();
        return op == null || op.contains("/") || op.contains(" ") ? "ketnoi " + request.method() : op;
    }
}
