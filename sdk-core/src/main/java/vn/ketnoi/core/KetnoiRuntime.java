package vn.ketnoi.core;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.runtime.ClientRuntime;

/**
 * What several clients of one agency configuration can share: the HTTP connection pools (one
 * for synchronous, one for asynchronous calls), a bounded pool of worker threads for the blocking
 * parts of asynchronous calls, and the cache of the provider's signing keys.
 *
 * <pre>{@code
 * try (KetnoiRuntime runtime = KetnoiRuntime.create(config);
 *      PopulationClient population = PopulationClient.create(runtime);
 *      EdocumentsClient edocuments = EdocumentsClient.builder(runtime)
 *              .signingKey(documentSigningKey)
 *              .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build();
 *      VneidAuthClient vneid = VneidAuthClient.builder(runtime).redirectUri(callback).build()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>A client built on a runtime uses it and never closes it: closing one client leaves the
 * others working. The runtime is closed by whoever created it, after its clients; a call on a
 * client whose runtime is closed fails with {@code client.closed}. A client built from a
 * {@link ClientConfig} alone makes a runtime of its own and closes it with itself. Thread-safe.
 */
public final class KetnoiRuntime implements AutoCloseable {
    static {
        ClientRuntime.unwrapWith(r -> r.runtime);
    }

    private final ClientRuntime runtime;

    private KetnoiRuntime(ClientRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Builds the runtime: checks the agency's credentials and sets up the synchronous connection
     * pool; the asynchronous one and the worker threads are made on the first asynchronous call.
     *
     * @param config the agency's configuration, which every client on this runtime uses
     * @return the runtime; close it when its clients are done
     * @throws InvalidInputException when {@code config} is null
     */
    public static KetnoiRuntime create(ClientConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "is required");
        }
        return new KetnoiRuntime(new ClientRuntime(config));
    }

    /**
     * The configuration the runtime was built from.
     *
     * @return the configuration
     */
    public ClientConfig config() {
        return runtime.config();
    }

    /**
     * Closes the connection pools and stops the worker threads. Idempotent. Calls in flight fail;
     * later calls on any client of this runtime fail with {@code client.closed}.
     */
    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public String toString() {
        return "KetnoiRuntime[" + runtime.config().agencyId() + (runtime.isClosed() ? ", closed" : "") + "]";
    }
}
