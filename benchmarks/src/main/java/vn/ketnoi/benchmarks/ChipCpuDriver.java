package vn.ketnoi.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import vn.ketnoi.chip.ChipDump;
import vn.ketnoi.chip.ChipTrust;
import vn.ketnoi.chip.ChipVerifier;
import vn.ketnoi.testkit.KetnoiSandbox;

/**
 * The CPU time of one offline chip verification (as {@link ChipVerifyBenchmark}), measured with the
 * thread's own CPU clock: on a shared machine the wall-clock figure of JMH includes time the thread
 * spent waiting for a core, this one does not. Four rounds of 3,000; the last ones are warm.
 *
 * <pre>java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' vn.ketnoi.benchmarks.ChipCpuDriver</pre>
 */
public final class ChipCpuDriver {
    private ChipCpuDriver() {
    }

    /**
     * Runs the rounds and prints microseconds of CPU per verification.
     *
     * @param args none
     */
    public static void main(String[] args) {
        String json;
        ChipVerifier verifier;
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().populationSize(20).build()) {
            json = sandbox.chips().chip(sandbox.population().find(c -> c.idCard() != null).orElseThrow()).json();
            verifier = ChipVerifier.builder().clock(sandbox.clock()).trust(ChipTrust.builder()
                    .addCsca(sandbox.chips().csca()).addCrl(sandbox.chips().crl()).build()).build();
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= 4; round++) {
            int n = 3_000;
            long start = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                if (!verifier.verify(ChipDump.fromJson(json)).isGenuine()) {
                    throw new IllegalStateException("the benchmark's chip is not genuine");
                }
            }
            System.out.printf("round %d: %.0f us CPU per verification%n", round, (mx.getCurrentThreadCpuTime() - start) / 1e3 / n);
        }
    }
}
