package vn.ketnoi.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import vn.ketnoi.population.Citizen;

/**
 * Signed lookup throughput, the SDK and the raw baseline side by side in one run, against the same
 * sandbox, with the transport floor (a bare HTTP exchange) beside them. Thread count comes from the command line ({@code -t 1}, {@code -t 32}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LookupBenchmark {
    /** {@code process}: SandboxMain in its own JVM on loopback; {@code inprocess}: in the fork's JVM. */
    @Param({"process"})
    public String sandbox;

    private SandboxTarget target;
    private SdkLookup sdk;
    private RawLookup raw;
    private HttpFloor http;

    @Setup(Level.Trial)
    public void start() {
        target = SandboxTarget.start(sandbox);
        sdk = new SdkLookup(target.target());
        raw = new RawLookup(target.target());
        http = new HttpFloor(target.target());
        // Correctness once, before anything is timed: both must return the same citizen.
        if (!SdkLookup.same(sdk.lookup(), raw.lookup())) {
            throw new IllegalStateException("the SDK and the baseline disagree about the citizen");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        sdk.close();
        raw.close();
        http.close();
        target.close();
    }

    @Benchmark
    public Citizen sdk() {
        return sdk.lookup();
    }

    @Benchmark
    public RawLookup.Citizen raw() {
        return raw.lookup();
    }

    /** The transport floor: one bare exchange with the same sandbox, no cryptography ({@link HttpFloor}). */
    @Benchmark
    public int http() {
        return http.exchange();
    }
}
