package vn.ketnoi.testkit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The gateways a sandbox has started in front of itself, per topology ({@link SandboxTopology}):
 * started on first use or on fixed ports for the standalone sandbox, closed with the sandbox.
 * Guarded by the sandbox's lock, so that no gateway starts in front of a sandbox that is closing.
 */
final class TopologyGateways {
    private final KetnoiSandbox sandbox;
    private final Object lock;
    /** Whether the sandbox is serving: read under the lock. */
    private final BooleanSupplier serving;
    private final Map<SandboxTopology, SandboxTopology.Gateways> started = new EnumMap<>(SandboxTopology.class);

    TopologyGateways(KetnoiSandbox sandbox, Object lock, BooleanSupplier serving) {
        this.sandbox = sandbox;
        this.lock = lock;
        this.serving = serving;
    }

    /** The topology's gateways if they were started, without starting them. */
    Optional<SandboxTopology.Gateways> started(SandboxTopology topology) {
        synchronized (lock) {
            return Optional.ofNullable(started.get(topology));
        }
    }

    /** The topology's gateways on fixed ports (0 for any), started now. */
    List<SandboxGateway> start(SandboxTopology topology, int lgspPort, int ndxpPort) {
        synchronized (lock) {
            if (!serving.getAsBoolean() || started.containsKey(topology)) {
                throw new IllegalStateException("the gateways start once, on a running sandbox");
            }
            SandboxTopology.Gateways g = SandboxTopology.Gateways.start(sandbox, topology, lgspPort, ndxpPort);
            started.put(topology, g);
            return g.chain;
        }
    }

    /** The topology's gateways, started on first use; empty for a direct topology. */
    Optional<SandboxTopology.Gateways> of(SandboxTopology topology) {
        Objects.requireNonNull(topology, "topology");
        if (topology == SandboxTopology.DIRECT) {
            return Optional.empty();
        }
        synchronized (lock) {
            if (!serving.getAsBoolean()) {
                throw new IllegalStateException("start the sandbox before its gateways");
            }
            return Optional.of(started.computeIfAbsent(topology, t -> SandboxTopology.Gateways.start(sandbox, t)));
        }
    }

    /** Drops every client connection of every started gateway: they restart with the sandbox. */
    void dropConnections() {
        synchronized (lock) {
            started.values().forEach(g -> g.chain.forEach(SandboxGateway::dropConnections));
        }
    }

    void close() {
        synchronized (lock) {
            started.values().forEach(SandboxTopology.Gateways::close);
            started.clear();
        }
    }
}
