package vn.ketnoi.testkit;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import vn.ketnoi.testkit.internal.FaultInjector;

/**
 * Fault injection for a sandbox, per route: each fault applies to the paths that start with its
 * prefix, at its rate. Whether the n-th call to a fault's prefix is hit depends only on the seed,
 * the fault's position and n, so a run with the same seed and the same call sequence meets the
 * same faults. Thread-safe; obtained from {@link KetnoiSandbox#faults()}.
 *
 * <p>The same controls are open to other processes (for the standalone sandbox) at
 * {@code /_sandbox/faults}, from loopback only: {@code GET} lists the faults and counts,
 * {@code POST} with {@code {"prefix": "/population/", "fault": "status:503@0.3"}} adds one,
 * {@code DELETE} removes them all, and {@code POST /_sandbox/faults/rotate-signing-key} rotates
 * the provider's signing key.
 */
public final class SandboxFaults {
    private final FaultInjector injector;

    SandboxFaults(FaultInjector injector) {
        this.injector = injector;
    }

    /**
     * Adds a fault to the paths starting with {@code pathPrefix}. Faults of one path are drawn in
     * the order they were added; at most one hits a call.
     *
     * @param pathPrefix for example {@code /population/} or {@code /.well-known/jwks.json}
     * @param fault the fault and its rate
     * @return this
     */
    public SandboxFaults add(String pathPrefix, SandboxFault fault) {
        injector.add(Objects.requireNonNull(pathPrefix, "pathPrefix"), Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /**
     * Removes every fault (counts are kept).
     *
     * @return this
     */
    public SandboxFaults clear() {
        injector.clear();
        return this;
    }

    /**
     * Sets the seed of the draws and restarts them.
     *
     * @param seed the seed
     * @return this
     */
    public SandboxFaults seed(long seed) {
        injector.seed(seed);
        return this;
    }

    /** @return the faults in force, as {@code prefix -> fault} pairs */
    public List<Map.Entry<String, SandboxFault>> active() {
        return injector.active();
    }

    /** @return how many calls each kind of fault has hit since the last {@link #resetCounts()} */
    public Map<SandboxFault.Kind, Long> injected() {
        return injector.injected();
    }

    /**
     * {@return calls that reached the paths starting with {@code pathPrefix}, faulted or not, since the last reset}
     *
     * @param pathPrefix the start of the paths counted, such as {@code /population/v1/}
     */
    public long callsTo(String pathPrefix) {
        return injector.callsTo(pathPrefix);
    }

    /** Sets every count back to zero. */
    public void resetCounts() {
        injector.resetCounts();
    }
}
