package vn.ketnoi.population.reconciliation;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.config.ConfigLoader;
import vn.ketnoi.core.config.KetnoiSettings;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.PopulationClient;

/**
 * The command line of reconciliation, for people who are not Java developers
 * ({@code docs/reconciliation.md}; {@code scripts/reconcile.sh} runs it against the sandbox):
 *
 * <pre>
 * java -cp ... vn.ketnoi.population.reconciliation.ReconcileCommand --config ketnoi.properties \
 *     --input register.csv --csv report.csv --json report.jsonl [--compare sex,permanentResidence]
 * </pre>
 *
 * Options: {@code --config FILE} (the agency's settings, {@code docs/configuration-reference.md};
 * without it, the {@code KETNOI_*} environment variables), {@code --input FILE} (the register,
 * {@link RegisterCsv}), {@code --csv FILE}, {@code --json FILE} (the reports; at least one),
 * {@code --checkpoint FILE} (default: the first report's name plus {@code .checkpoint}; a run that
 * stopped resumes from it), {@code --compare FIELDS} (default: every further column of the input),
 * {@code --show-values FIELDS}, {@code --operator ID} (default {@code VN:system.reconcile}),
 * {@code --purpose CODE} (default {@code REGISTER_MAINTENANCE}), {@code --window N}. On a terminal
 * it draws a progress bar; otherwise it prints a progress line every ten seconds. Exit status 0
 * when done, 1 when the run stopped (run the same command again to resume), 2 for bad arguments.
 * Nothing from the register is printed.
 */
public final class ReconcileCommand {
    private static final long PLAIN_EVERY_NANOS = 10_000_000_000L;

    private ReconcileCommand() {
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.console() != null));
    }

    /**
     * Runs the command.
     *
     * @param args the options
     * @param out where progress and the summary go
     * @param err where errors go
     * @param terminal whether {@code out} is a terminal (a redrawn bar) or not (plain lines)
     * @return the exit status: 0 done, 1 stopped (resumable), 2 bad arguments
     */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (InvalidInputException | java.io.UncheckedIOException e) {
            err.println("reconcile: " + e.getMessage());
            err.println("usage: reconcile --input register.csv (--csv report.csv | --json report.jsonl) [--config"
                    + " ketnoi.properties] [--checkpoint FILE] [--compare FIELDS] [--show-values FIELDS] [--operator ID]"
                    + " [--purpose CODE] [--window N]");
            return 2;
        }
        try (PopulationClient population = PopulationClient.builder(o.settings.clientConfig()).settings(o.settings).build()) {
            long total = count(o.input);
            Progress progress = new Progress(out, terminal, total);
            Reconciler.Builder b = Reconciler.builder(population).context(RequestContext.of(o.purpose, o.operator))
                    .checkpoint(o.checkpoint).onProgress(progress::update)
                    .compare(o.compare.toArray(new CitizenField[0]))
                    .showRegisterValues(o.show.toArray(new CitizenField[0]));
            if (o.csv != null) {
                b.csvReport(o.csv);
            }
            if (o.json != null) {
                b.jsonReport(o.json);
            }
            if (o.window > 0) {
                b.window(o.window);
            }
            ReconciliationSummary s = b.build().run(o.input);
            progress.done(s.records());
            out.printf(Locale.ROOT, "%,d records%s: %,d match, %,d differ, %,d missing in the population database,"
                            + " %,d invalid%n", s.records(),
                    s.resumedAfter() > 0 ? String.format(Locale.ROOT, " (resumed after %,d)", s.resumedAfter()) : "",
                    s.count(RecordOutcome.MATCH), s.count(RecordOutcome.DIFFERS),
                    s.count(RecordOutcome.MISSING_IN_POPULATION), s.count(RecordOutcome.INVALID));
            return 0;
        } catch (InvalidInputException e) {
            err.println(System.lineSeparator() + "reconcile: " + e.getMessage());
            return 2;
        } catch (KetnoiException e) {
            // SDK messages carry no personal data; the code says what to do.
            err.println(System.lineSeparator() + "reconcile: stopped (" + e.errorCode() + "): " + e.getMessage()
                    + System.lineSeparator() + "run the same command again to resume from the checkpoint "
                    + o.checkpoint);
            return 1;
        } catch (RuntimeException e) {
            err.println(System.lineSeparator() + "reconcile: stopped (" + e.getClass().getSimpleName()
                    + "); run the same command again to resume from the checkpoint " + o.checkpoint);
            return 1;
        }
    }

    private static long count(Path input) {
        long n = 0;
        try (RegisterCsv.Reader r = RegisterCsv.open(input)) {
            while (r.hasNext()) {
                r.next();
                n++;
            }
        }
        return n;
    }

    /** A bar redrawn in place on a terminal; a plain line every ten seconds elsewhere (logs, CI). */
    static final class Progress {
        private final PrintStream out;
        private final boolean terminal;
        private final long total;
        private final long started = System.nanoTime();
        private long lastPlain = started;
        private int lastPercent = -1;

        Progress(PrintStream out, boolean terminal, long total) {
            this.out = out;
            this.terminal = terminal;
            this.total = Math.max(1, total);
        }

        void update(long done) {
            long now = System.nanoTime();
            double rate = done / Math.max(1e-9, (now - started) / 1e9);
            int percent = (int) (done * 100 / total);
            if (terminal) {
                if (percent != lastPercent) {
                    int filled = percent * 30 / 100;
                    out.printf(Locale.ROOT, "\r[%s%s] %3d%% %,d/%,d records, %,.0f records/s", "#".repeat(filled),
                            "-".repeat(30 - filled), percent, done, total, rate);
                    out.flush();
                    lastPercent = percent;
                }
            } else if (now - lastPlain >= PLAIN_EVERY_NANOS) {
                out.printf(Locale.ROOT, "reconciled %,d/%,d records (%d%%), %,.0f records/s%n", done, total, percent, rate);
                lastPlain = now;
            }
        }

        void done(long done) {
            if (terminal) {
                lastPercent = -1;
                update(done);
                out.println();
            }
        }
    }

    /** The parsed command line. */
    private static final class Options {
        KetnoiSettings settings;
        Path input;
        Path csv;
        Path json;
        Path checkpoint;
        List<CitizenField> compare = new ArrayList<>();
        List<CitizenField> show = new ArrayList<>();
        String operator = "VN:system.reconcile";
        Purpose purpose = Purpose.REGISTER_MAINTENANCE;
        int window;

        static Options parse(String[] args) {
            Options o = new Options();
            Path config = null;
            boolean compareGiven = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                if (v == null) {
                    throw new InvalidInputException(a, "needs a value");
                }
                i++;
                switch (a) {
                    case "--config" -> config = Path.of(v);
                    case "--input" -> o.input = Path.of(v);
                    case "--csv" -> o.csv = Path.of(v);
                    case "--json" -> o.json = Path.of(v);
                    case "--checkpoint" -> o.checkpoint = Path.of(v);
                    case "--compare" -> {
                        o.compare = fields(v);
                        compareGiven = true;
                    }
                    case "--show-values" -> o.show = fields(v);
                    case "--operator" -> o.operator = v;
                    case "--purpose" -> o.purpose = Purpose.of(v);
                    case "--window" -> {
                        try {
                            o.window = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw new InvalidInputException("--window", "must be a number of batches");
                        }
                    }
                    default -> throw new InvalidInputException(vn.ketnoi.core.internal.Untrusted.text(a), "is not an option");
                }
            }
            if (o.input == null) {
                throw new InvalidInputException("--input", "is required");
            }
            if (o.csv == null && o.json == null) {
                throw new InvalidInputException("--csv", "or --json is required");
            }
            if (o.checkpoint == null) {
                Path first = o.csv != null ? o.csv : o.json;
                o.checkpoint = first.resolveSibling(first.getFileName() + ".checkpoint");
            }
            if (!compareGiven) {
                try (RegisterCsv.Reader r = RegisterCsv.open(o.input)) {
                    o.compare = r.columns();
                }
            }
            o.settings = settings(config);
            return o;
        }

        private static List<CitizenField> fields(String list) {
            List<CitizenField> out = new ArrayList<>();
            for (String name : list.split(",")) {
                if (!name.isBlank()) {
                    out.add(CitizenField.fromWireName(name.strip()).orElseThrow(() -> new InvalidInputException(
                            "fields", "unknown field " + vn.ketnoi.core.internal.Untrusted.text(name.strip()))));
                }
            }
            return out;
        }

        private static KetnoiSettings settings(Path config) {
            if (config == null) {
                return ConfigLoader.fromEnvironment();
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(config)) {
                p.load(in);
            } catch (IOException e) {
                throw new InvalidInputException("--config", "cannot be read");
            }
            return ConfigLoader.fromProperties(p);
        }
    }
}
