package vn.ketnoi.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import vn.ketnoi.chip.ChipDump;
import vn.ketnoi.chip.ChipTrust;
import vn.ketnoi.chip.ChipVerdict;
import vn.ketnoi.chip.ChipVerification;
import vn.ketnoi.chip.ChipVerifier;
import vn.ketnoi.testkit.KetnoiSandbox;

/**
 * One chip dump verified offline, as an agency's back end does per customer: the app's JSON read,
 * the SOD parsed and its signature checked, the signer chained to the CSCA, the CRL consulted,
 * every data group's hash compared, DG1 and DG13 parsed. One thread, no I/O. The dump is a sandbox
 * chip (ECDSA P-256 signer, SHA-256 hashes; DG2 a small stand-in image, so hashing a real 15-30 KB
 * face adds some 20-40 microseconds). Target (issue 19): at most 2 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChipVerifyBenchmark {
    private ChipVerifier verifier;
    private String json;

    @Setup
    public void setUp() {
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().populationSize(20).build()) {
            json = sandbox.chips().chip(sandbox.population().find(c -> c.idCard() != null).orElseThrow()).json();
            verifier = ChipVerifier.builder().clock(sandbox.clock()).trust(ChipTrust.builder()
                    .addCsca(sandbox.chips().csca()).addCrl(sandbox.chips().crl()).build()).build();
        }
        if (verifier.verify(ChipDump.fromJson(json)).verdict() != ChipVerdict.GENUINE) {
            throw new IllegalStateException("the benchmark's chip is not genuine");
        }
    }

    /** JSON to verdict and parsed DG13: the whole offline verification. */
    @Benchmark
    public ChipVerification verifyDump() {
        return verifier.verify(ChipDump.fromJson(json));
    }
}
