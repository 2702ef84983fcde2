package vn.ketnoi.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.population.reconciliation.ReconciliationSummary;
import vn.ketnoi.population.reconciliation.Reconciler;
import vn.ketnoi.population.reconciliation.RecordOutcome;
import vn.ketnoi.population.reconciliation.RegisterCsv;
import vn.ketnoi.population.reconciliation.RegisterRecord;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The reconciliation figure of {@code docs/reconciliation.md}: a register of one record per citizen
 * of a sandbox population of {@code --records} citizens (1,000,000 by default), reconciled from its
 * CSV file against that sandbox, run as a separate process, with a CSV report and a checkpoint,
 * as {@code ReconcileCommand} runs it. Prints the client's used heap after a forced GC at every
 * 100,000 records (the figure to compare: 100,000 against the last) and records per second.
 *
 * <p>The register is written first by a child JVM that generates the same population from the
 * same seed (the sandbox's generator is deterministic), so the client JVM never holds it. One
 * record in 50 has the other sex (a mismatch), one in 97 lacks its residence (missing in the
 * register), one in 1,000 has an ID number the database does not know.
 *
 * <pre>
 * java -Xmx256m -cp benchmarks.jar vn.ketnoi.benchmarks.ReconcileDriver [--records 1000000] [--window 8]
 * </pre>
 */
public final class ReconcileDriver {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final int SAMPLE_EVERY = 100_000;

    private ReconcileDriver() {
    }

    public static void main(String[] args) throws Exception {
        int records = 1_000_000;
        int window = 8;
        Path register = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--write-register" -> register = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (register != null) {
            writeRegister(register, records);
            return;
        }
        Path dir = Files.createTempDirectory("ketnoi-reconcile-bench");
        Path input = dir.resolve("register.csv");
        long t0 = System.nanoTime();
        Process writer = new ProcessBuilder(SandboxTarget.javaBinary(), "-Xmx3g", "-cp",
                System.getProperty("java.class.path"), ReconcileDriver.class.getName(), "--records",
                Integer.toString(records), "--write-register", input.toString()).inheritIO().start();
        try (SandboxTarget sandbox = SandboxTarget.startProcess(3072, records)) {
            if (!writer.waitFor(30, TimeUnit.MINUTES) || writer.exitValue() != 0) {
                throw new IllegalStateException("the register was not written");
            }
            System.out.printf(Locale.ROOT, "register of %,d records written and sandbox of %,d citizens up in %.0f s"
                    + " (%,d MiB of CSV)%n", records, records, (System.nanoTime() - t0) / 1e9, Files.size(input) >> 20);
            System.out.printf(Locale.ROOT, "nproc=%d, JDK %s, client max heap %d MiB, window %d batches of %d%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(),
                    Runtime.getRuntime().maxMemory() >> 20, window, Reconciler.BATCH);
            try (PopulationClient client = PopulationClient.create(sandbox.target().sdkConfig())) {
                run(client, input, dir, window);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void run(PopulationClient client, Path input, Path dir, int window) {
        List<String> samples = new ArrayList<>();
        long start = System.nanoTime();
        long[] next = {SAMPLE_EVERY};
        long[] lastAt = {start};
        long[] lastDone = {0};
        System.out.printf(Locale.ROOT, "client used heap after GC before the run: %.1f MiB%n", usedAfterGc() / 1048576.0);
        System.out.printf(Locale.ROOT, "%10s %14s %12s %12s%n", "records", "heap after GC", "rec/s (last)", "elapsed s");
        ReconciliationSummary s = Reconciler.builder(client)
                .context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.bench")).compare(CitizenField.SEX, CitizenField.PERMANENT_RESIDENCE)
                .window(window).csvReport(dir.resolve("report.csv")).checkpoint(dir.resolve("report.checkpoint"))
                .checkpointEvery(10_000)
                .onProgress(done -> {
                    if (done >= next[0]) {
                        long now = System.nanoTime();
                        // Timed before the forced GC, so the GC's pause is not counted against the SDK.
                        double rate = (done - lastDone[0]) / ((now - lastAt[0]) / 1e9);
                        long heap = usedAfterGc();
                        String line = String.format(Locale.ROOT, "%,10d %10.1f MiB %12.0f %12.0f", done, heap / 1048576.0,
                                rate, (now - start) / 1e9);
                        System.out.println(line);
                        samples.add(line);
                        next[0] += SAMPLE_EVERY;
                        lastAt[0] = System.nanoTime();
                        lastDone[0] = done;
                    }
                }).build().run(input);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%,d records in %.0f s: %,.0f records/s; %,d match, %,d differ, %,d missing in"
                        + " the population database, %,d invalid%n", s.records(), seconds, s.records() / seconds,
                s.count(RecordOutcome.MATCH), s.count(RecordOutcome.DIFFERS), s.count(RecordOutcome.MISSING_IN_POPULATION),
                s.count(RecordOutcome.INVALID));
    }

    private static long usedAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** In a child JVM: the register of the sandbox's population of this size, with its differences. */
    private static void writeRegister(Path file, int size) {
        List<SyntheticCitizen> people = SandboxPopulation.generate(size, KetnoiSandbox.DEFAULT_SEED).citizens();
        Iterator<RegisterRecord> records = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < people.size();
            }

            @Override
            public RegisterRecord next() {
                if (i >= people.size()) {
                    throw new NoSuchElementException();
                }
                SyntheticCitizen c = people.get(i);
                String id = i % 1000 == 7 ? c.idNumber().substring(0, 6) + "999999" : c.idNumber();
                RegisterRecord r = RegisterRecord.of("row-" + i, id, c.fullName(), c.birthDate())
                        .with(CitizenField.SEX, i % 50 == 0 ? (c.sex().equals("MALE") ? "FEMALE" : "MALE") : c.sex())
                        .with(CitizenField.PERMANENT_RESIDENCE, i % 97 == 0 ? null : c.permanentResidence().text());
                i++;
                return r;
            }
        };
        RegisterCsv.write(file, List.of(CitizenField.SEX, CitizenField.PERMANENT_RESIDENCE), records);
    }
}
