package vn.ketnoi.population.reconciliation;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.population.BatchItemResult;
import vn.ketnoi.population.BatchRecord;
import vn.ketnoi.population.BatchRequest;
import vn.ketnoi.population.BatchResult;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.FieldNotGrantedException;
import vn.ketnoi.population.FieldVerdict;
import vn.ketnoi.population.PopulationClient;

/**
 * Reconciles an agency's register against the population database ({@code docs/reconciliation.md}).
 * Records are compared in batches of 100 with the batch verification of protocol section 8.7, so
 * the register's values are checked without the database disclosing its own; a field the register
 * lacks is looked up (a batch lookup of that field, for records whose name and birth date matched)
 * only to learn whether the database holds one. At most {@link Builder#window(int)} batches are in
 * flight, so memory does not grow with the register. The report is written in input order as
 * records finish; with a checkpoint file, a run that stopped (a crash, a kill, a network outage)
 * starts again after the last record it wrote, and redoes none before it.
 *
 * <pre>{@code
 * Reconciler reconciler = Reconciler.builder(population)
 *         .context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.reconcile"))
 *         .compare(CitizenField.SEX, CitizenField.PERMANENT_RESIDENCE)
 *         .csvReport(Path.of("report.csv")).jsonReport(Path.of("report.jsonl"))
 *         .checkpoint(Path.of("report.checkpoint"))
 *         .build();
 * ReconciliationSummary summary = reconciler.run(Path.of("register.csv"));
 * }</pre>
 *
 * Nothing from the register is logged; the reports hold the register's record ids, the outcomes,
 * and register values only for the fields named in {@link Builder#showRegisterValues}.
 * Thread-safe: one reconciler may run several inputs, one after the other or at once (with
 * different reports and checkpoints).
 */
public final class Reconciler {
    /** Records per batch: the protocol's limit for a synchronous batch (section 7). */
    public static final int BATCH = PopulationClient.MAX_BATCH;

    private final PopulationClient population;
    private final @Nullable RequestContext context;
    private final Set<CitizenField> compared;
    private final Set<CitizenField> shown;
    private final int window;
    private final Path checkpoint;
    private final Path csv;
    private final Path json;
    private final int checkpointEvery;
    private final Consumer<RecordReport> listener;
    private final LongConsumer progress;
    private final BatchRequest verify;

    private Reconciler(Builder b) {
        this.population = b.population;
        this.context = b.context;
        Set<CitizenField> c = EnumSet.of(CitizenField.FULL_NAME, CitizenField.BIRTH_DATE);
        c.addAll(b.compared);
        this.compared = Collections.unmodifiableSet(c);
        this.shown = Collections.unmodifiableSet(b.shown.isEmpty() ? EnumSet.noneOf(CitizenField.class)
                : EnumSet.copyOf(b.shown));
        this.window = b.window;
        this.checkpoint = b.checkpoint;
        this.csv = b.csv;
        this.json = b.json;
        this.checkpointEvery = b.checkpointEvery;
        this.listener = b.listener;
        this.progress = b.progress;
        this.verify = withContext(BatchRequest.verify()).build();
    }

    /**
     * A builder.
     *
     * @param population the client to reconcile with; the reconciler does not close it
     * @return the builder
     */
    public static Builder builder(PopulationClient population) {
        if (population == null) {
            throw new InvalidInputException("population", "is required");
        }
        return new Builder(population);
    }

    /**
     * Reconciles a register file ({@link RegisterCsv}).
     *
     * @param registerCsv the register
     * @return the counts over the whole register
     * @throws InvalidInputException a malformed file (named by row, never by content), or a checkpoint of another run
     * @throws KetnoiException a call failed after the client's retries; run again to resume
     */
    public ReconciliationSummary run(Path registerCsv) {
        try (RegisterCsv.Reader records = RegisterCsv.open(registerCsv)) {
            return run(records);
        }
    }

    /**
     * Reconciles records read from an iterator, one window at a time. To resume, pass the same
     * records again, from the first: those the checkpoint counts as done are skipped unread by the
     * provider.
     *
     * @param records the register's records
     * @return the counts over all the records
     * @throws KetnoiException a call failed after the client's retries; run again to resume
     */
    public ReconciliationSummary run(Iterator<RegisterRecord> records) {
        if (records == null) {
            throw new InvalidInputException("records", "is required");
        }
        String signature = signature();
        Checkpoint cp = Checkpoint.read(checkpoint, signature);
        long resumedAfter = cp.records;
        for (long i = 0; i < resumedAfter; i++) {
            if (!records.hasNext()) {
                throw new InvalidInputException("records", "has fewer records than the checkpoint counts as done:"
                        + " is it the same register?");
            }
            records.next();
        }
        Deque<Chunk> inFlight = new ArrayDeque<>();
        long index = cp.records;
        long sinceCheckpoint = 0;
        try (ReportFiles out = ReportFiles.open(csv, json, cp)) {
            try {
                while (true) {
                    while (inFlight.size() < window && records.hasNext()) {
                        Chunk chunk = start(records, index);
                        index += chunk.records.size();
                        inFlight.add(chunk);
                    }
                    Chunk head = inFlight.poll();
                    if (head == null) {
                        break;
                    }
                    for (RecordReport r : head.reports()) {
                        out.write(r);
                        cp.count(r);
                        if (listener != null) {
                            listener.accept(r);
                        }
                    }
                    cp.records += head.records.size();
                    sinceCheckpoint += head.records.size();
                    if (checkpoint != null && sinceCheckpoint >= checkpointEvery) {
                        out.sync(cp);
                        cp.write(checkpoint, signature);
                        sinceCheckpoint = 0;
                    }
                    if (progress != null) {
                        progress.accept(cp.records);
                    }
                }
                out.sync(cp);
                if (checkpoint != null) {
                    cp.write(checkpoint, signature);
                }
            } catch (RuntimeException e) {
                inFlight.forEach(c -> c.future.cancel(true));
                throw e;
            }
        }
        return new ReconciliationSummary(cp.records, resumedAfter, cp.byOutcome, cp.byField);
    }

    /** What a checkpoint must agree on to be resumed: the fields compared and shown. */
    private String signature() {
        return "v1 compare=" + compared + " show=" + shown;
    }

    /** Up to {@link #BATCH} records and the calls that reconcile them. */
    private static final class Chunk {
        final long first;
        final List<RegisterRecord> records;
        final CompletableFuture<List<RecordReport>> future;

        Chunk(long first, List<RegisterRecord> records, CompletableFuture<List<RecordReport>> future) {
            this.first = first;
            this.records = records;
            this.future = future;
        }

        List<RecordReport> reports() {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted while reconciling; run again to resume");
            } catch (ExecutionException e) {
                Throwable t = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                        ? e.getCause().getCause() : e.getCause();
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(t);
            }
        }
    }

    private Chunk start(Iterator<RegisterRecord> records, long first) {
        List<RegisterRecord> recs = new ArrayList<>(BATCH);
        Map<Integer, String> invalid = new java.util.HashMap<>();
        List<BatchRecord> batch = new ArrayList<>(BATCH);
        List<Integer> sent = new ArrayList<>(BATCH);
        while (recs.size() < BATCH && records.hasNext()) {
            RegisterRecord r = records.next();
            if (r == null) {
                throw new InvalidInputException("records", "no null entries");
            }
            int i = recs.size();
            recs.add(r);
            try {
                BatchRecord b = BatchRecord.of("r" + i, r.idNumber(), r.fullName(), r.birthDate());
                for (Map.Entry<CitizenField, String> v : r.values().entrySet()) {
                    if (compared.contains(v.getKey())) {
                        b = b.withClaim(v.getKey(), v.getValue());
                    }
                }
                batch.add(b);
                sent.add(i);
            } catch (InvalidInputException e) {
                invalid.put(i, e.field());
            }
        }
        CompletableFuture<BatchResult> verified = batch.isEmpty()
                ? CompletableFuture.completedFuture(null) : population.batchAsync(verify, batch);
        CompletableFuture<List<RecordReport>> reports = verified.thenCompose(result -> {
            List<RecordReport> out = new ArrayList<>(recs.size());
            Map<Integer, BatchItemResult> byRecord = new java.util.HashMap<>();
            if (result != null) {
                for (int k = 0; k < sent.size(); k++) {
                    byRecord.put(sent.get(k), result.items().get(k));
                }
            }
            // Fields the register lacks, for records whose identity matched: does the database hold them?
            Set<CitizenField> lacking = EnumSet.noneOf(CitizenField.class);
            List<Integer> toLookUp = new ArrayList<>();
            List<BatchRecord> lookups = new ArrayList<>();
            for (Map.Entry<Integer, BatchItemResult> e : byRecord.entrySet()) {
                RegisterRecord r = recs.get(e.getKey());
                Set<CitizenField> missing = missing(r);
                if (!missing.isEmpty() && identityMatched(e.getValue())) {
                    lacking.addAll(missing);
                    toLookUp.add(e.getKey());
                    lookups.add(BatchRecord.of("r" + e.getKey(), r.idNumber(), r.fullName(), r.birthDate()));
                }
            }
            CompletableFuture<BatchResult> looked = lookups.isEmpty() ? CompletableFuture.completedFuture(null)
                    : population.batchAsync(withContext(BatchRequest.lookup(lacking.toArray(new CitizenField[0])))
                            .build(), lookups);
            return looked.thenApply(found -> {
                Map<Integer, Citizen> citizens = new java.util.HashMap<>();
                if (found != null) {
                    for (int k = 0; k < toLookUp.size(); k++) {
                        Citizen c = found.items().get(k).citizen().orElse(null);
                        if (c != null) {
                            citizens.put(toLookUp.get(k), c);
                        }
                    }
                }
                for (int i = 0; i < recs.size(); i++) {
                    out.add(report(first + i, recs.get(i), invalid.get(i), byRecord.get(i), citizens.get(i)));
                }
                return out;
            });
        });
        return new Chunk(first, recs, reports);
    }

    private Set<CitizenField> missing(RegisterRecord r) {
        Set<CitizenField> m = EnumSet.noneOf(CitizenField.class);
        for (CitizenField f : compared) {
            if (f != CitizenField.FULL_NAME && f != CitizenField.BIRTH_DATE && !r.values().containsKey(f)) {
                m.add(f);
            }
        }
        return m;
    }

    private static boolean identityMatched(BatchItemResult item) {
        return item.verification().map(v -> v.verdict(CitizenField.FULL_NAME).orElse(null) == FieldVerdict.MATCH
                && v.verdict(CitizenField.BIRTH_DATE).orElse(null) == FieldVerdict.MATCH).orElse(false);
    }

    private RecordReport report(long index, RegisterRecord r, String problem, BatchItemResult item, Citizen found) {
        if (problem != null) {
            return new RecordReport(index, r.recordId(), RecordOutcome.INVALID, Map.of(), Map.of(), problem);
        }
        switch (item.failure()) {
            case NONE:
                break;
            case CITIZEN_NOT_FOUND:
                return new RecordReport(index, r.recordId(), RecordOutcome.MISSING_IN_POPULATION, Map.of(), Map.of(), null);
            case INVALID_RECORD:
                String field = item.fieldErrors().isEmpty() ? "record" : item.fieldErrors().get(0).field();
                return new RecordReport(index, r.recordId(), RecordOutcome.INVALID, Map.of(), Map.of(), field);
            case FIELD_NOT_GRANTED:
                // Verification checks the grant per item: a compared field outside it stops the run
                // before its first report line, so no value of it is ever written.
                throw new FieldNotGrantedException(refusal(item, "a compared field is outside the agency's grant"));
            default:
                throw refusal(item, "the provider refused a record");
        }
        Map<CitizenField, FieldOutcome> fields = new EnumMap<>(CitizenField.class);
        Map<CitizenField, String> values = new EnumMap<>(CitizenField.class);
        Map<CitizenField, FieldVerdict> verdicts = item.verification().orElseThrow().verdicts();
        for (CitizenField f : compared) {
            FieldVerdict v = verdicts.get(f);
            FieldOutcome o;
            if (v != null) {
                o = v == FieldVerdict.MATCH ? FieldOutcome.MATCH
                        : v == FieldVerdict.NOT_ON_RECORD ? FieldOutcome.MISSING_IN_POPULATION : FieldOutcome.MISMATCH;
            } else if (found != null) {
                o = found.fields().contains(f) ? FieldOutcome.MISSING_IN_REGISTER : FieldOutcome.MATCH;
            } else {
                continue; // not held by the register, and the identity did not match: nothing to say
            }
            fields.put(f, o);
            if (o == FieldOutcome.MISMATCH && shown.contains(f)) {
                values.put(f, registerValue(r, f));
            }
        }
        boolean all = fields.values().stream().allMatch(o -> o == FieldOutcome.MATCH);
        return new RecordReport(index, r.recordId(), all ? RecordOutcome.MATCH : RecordOutcome.DIFFERS, fields, values, null);
    }

    private static KetnoiServiceException refusal(BatchItemResult item, String message) {
        return new KetnoiServiceException(message, item.status(), item.errorCode().orElse("server.internal"), null,
                false, null, null, item.fieldErrors());
    }

        private static String registerValue(RegisterRecord r, CitizenField f) {
        if (f == CitizenField.FULL_NAME) {
            return r.fullName();
        }
        return f == CitizenField.BIRTH_DATE ? r.birthDate() : r.values().get(f);
    }

    /** Every batch in this reconciler's context; without one, in the client's default. */
    private BatchRequest.Builder withContext(BatchRequest.Builder b) {
        return context == null ? b : b.context(context);
    }

    /** Configures a {@link Reconciler}; mutable, not thread-safe. */
    public static final class Builder {
        private final PopulationClient population;
        private @Nullable RequestContext context;
        private final Set<CitizenField> compared = EnumSet.noneOf(CitizenField.class);
        private final Set<CitizenField> shown = EnumSet.noneOf(CitizenField.class);
        private int window = 4;
        private Path checkpoint;
        private Path csv;
        private Path json;
        private int checkpointEvery = 1_000;
        private Consumer<RecordReport> listener;
        private LongConsumer progress;

        private Builder(PopulationClient population) {
            this.population = population;
        }

        /**
         * The purpose and operator of every call, usually {@link Purpose#REGISTER_MAINTENANCE} and a
         * system account such as {@code VN:system.reconcile}; the client's default context when not given.
         *
         * @param context the context
         * @return this builder
         */
        public Builder context(RequestContext context) {
            this.context = required("context", context);
            return this;
        }

        /**
         * Fields to compare besides the full name and the birth date, which are always compared.
         * The agency needs the grant of each; without it the first batch fails with
         * {@link vn.ketnoi.population.FieldNotGrantedException} before any report line.
         *
         * @param fields some of {@link RegisterRecord#COMPARABLE}
         * @return this builder
         */
        public Builder compare(CitizenField... fields) {
            for (CitizenField f : checked(fields)) {
                if (!RegisterRecord.COMPARABLE.contains(f)) {
                    throw new InvalidInputException("fields", f + " cannot be compared; comparable: "
                            + RegisterRecord.COMPARABLE);
                }
                compared.add(f);
            }
            return this;
        }

        /**
         * Fields whose register value a {@link FieldOutcome#MISMATCH} line shows (none by default).
         * Each must be compared, so the agency is granted it; the report then holds personal data:
         * keep it as the register itself is kept.
         *
         * @param fields compared fields, {@link CitizenField#FULL_NAME} and {@link CitizenField#BIRTH_DATE} included
         * @return this builder
         */
        public Builder showRegisterValues(CitizenField... fields) {
            shown.addAll(List.of(checked(fields)));
            return this;
        }

        private static CitizenField[] checked(CitizenField[] fields) {
            if (fields == null) {
                throw new InvalidInputException("fields", "is required");
            }
            for (CitizenField f : fields) {
                if (f == null) {
                    throw new InvalidInputException("fields", "no null entries");
                }
            }
            return fields;
        }

        /**
         * How many batches of {@value #BATCH} may be in flight at once (default 4, at most 64):
         * memory holds at most this many batches' records.
         *
         * @param batches 1 to 64
         * @return this builder
         */
        public Builder window(int batches) {
            if (batches < 1 || batches > 64) {
                throw new InvalidInputException("window", "must be 1 to 64 batches");
            }
            this.window = batches;
            return this;
        }

        /**
         * The checkpoint file that makes a run resumable; written every
         * {@link #checkpointEvery(int)} records and at the end. When it exists at the start, the
         * run continues after the records it counts; delete it (and the reports) to start again.
         *
         * @param file the checkpoint
         * @return this builder
         */
        public Builder checkpoint(Path file) {
            this.checkpoint = required("checkpoint", file);
            return this;
        }

        /**
         * How many records between checkpoints (default 1,000): at most that many are redone after a crash.
         *
         * @param records 100 to 1,000,000
         * @return this builder
         */
        public Builder checkpointEvery(int records) {
            if (records < 100 || records > 1_000_000) {
                throw new InvalidInputException("checkpointEvery", "must be 100 to 1,000,000 records");
            }
            this.checkpointEvery = records;
            return this;
        }

        /**
         * The CSV report: {@code record_id,record_outcome,field,field_outcome,register_value}, a row
         * per compared field (one row with the problem for a missing or invalid record).
         *
         * @param file the report, replaced unless the run resumes
         * @return this builder
         */
        public Builder csvReport(Path file) {
            this.csv = required("csvReport", file);
            return this;
        }

        /**
         * The JSON Lines report: one object per record, {@code {"recordId", "outcome", "fields": {...}}}.
         *
         * @param file the report, replaced unless the run resumes
         * @return this builder
         */
        public Builder jsonReport(Path file) {
            this.json = required("jsonReport", file);
            return this;
        }

        /**
         * Receives each record's report in input order as it is written (on the running thread).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder onRecord(Consumer<RecordReport> listener) {
            this.listener = required("listener", listener);
            return this;
        }

        /**
         * Receives the number of records done after each batch (on the running thread).
         *
         * @param progress the listener
         * @return this builder
         */
        public Builder onProgress(LongConsumer progress) {
            this.progress = required("progress", progress);
            return this;
        }

        private static <T> T required(String field, T value) {
            if (value == null) {
                throw new InvalidInputException(field, "is required");
            }
            return value;
        }

        /**
         * {@return the reconciler}
         *
         * @throws InvalidInputException a shown field that is not compared,
         *         or no report and no listener (the run would tell nobody anything)
         */
        public Reconciler build() {
            for (CitizenField f : shown) {
                if (f != CitizenField.FULL_NAME && f != CitizenField.BIRTH_DATE && !compared.contains(f)) {
                    throw new InvalidInputException("showRegisterValues", f + " is not compared");
                }
            }
            if (csv == null && json == null && listener == null) {
                throw new InvalidInputException("report", "name a CSV or JSON report, or a listener");
            }
            return new Reconciler(this);
        }
    }
}
