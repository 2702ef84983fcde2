package vn.ketnoi.population.reconciliation;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.population.CitizenField;

/**
 * Where a run stands: how many input records are finished, how long each report was then, and
 * the counts so far. Written to a temporary file and moved over the old one, so a crash leaves
 * either the old checkpoint or the new one, never half of one; the reports are flushed to disk
 * before it is written, so everything it counts is in them.
 */
final class Checkpoint {
    long records;
    long csvBytes;
    long jsonBytes;
    final Map<RecordOutcome, Long> byOutcome = new EnumMap<>(RecordOutcome.class);
    final Map<CitizenField, Map<FieldOutcome, Long>> byField = new EnumMap<>(CitizenField.class);

    void count(RecordReport r) {
        byOutcome.merge(r.outcome(), 1L, Long::sum);
        r.fields().forEach((f, o) -> byField.computeIfAbsent(f, k -> new EnumMap<>(FieldOutcome.class))
                .merge(o, 1L, Long::sum));
    }

    /** A checkpoint of a run with this signature (the fields compared and shown), or a fresh one. */
    static Checkpoint read(Path file, String signature) {
        Checkpoint c = new Checkpoint();
        if (file == null || !Files.exists(file)) {
            return c;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint", e);
        }
        if (!signature.equals(p.getProperty("signature"))) {
            throw new InvalidInputException("checkpoint", "was written by a run comparing other fields: delete it"
                    + " (and the reports) to start again, or run with the same fields");
        }
        try {
            c.records = Long.parseLong(p.getProperty("records"));
            c.csvBytes = Long.parseLong(p.getProperty("csvBytes", "0"));
            c.jsonBytes = Long.parseLong(p.getProperty("jsonBytes", "0"));
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith("record.")) {
                    c.byOutcome.put(RecordOutcome.valueOf(k.substring(7)), Long.parseLong(p.getProperty(k)));
                } else if (k.startsWith("field.")) {
                    String[] parts = k.substring(6).split("\\.");
                    c.byField.computeIfAbsent(CitizenField.valueOf(parts[0]), x -> new EnumMap<>(FieldOutcome.class))
                            .put(FieldOutcome.valueOf(parts[1]), Long.parseLong(p.getProperty(k)));
                }
            }
        } catch (RuntimeException e) {
            throw new InvalidInputException("checkpoint", "is not a checkpoint of this version: delete it and the"
                    + " reports to start again");
        }
        return c;
    }

    void write(Path file, String signature) {
        Properties p = new Properties();
        p.setProperty("signature", signature);
        p.setProperty("records", Long.toString(records));
        p.setProperty("csvBytes", Long.toString(csvBytes));
        p.setProperty("jsonBytes", Long.toString(jsonBytes));
        byOutcome.forEach((o, v) -> p.setProperty("record." + o.name(), v.toString()));
        byField.forEach((f, m) -> m.forEach((o, v) -> p.setProperty("field." + f.name() + "." + o.name(), v.toString())));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, "Ketnoi reconciliation checkpoint: delete it, and the reports, to start again");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint", e);
        }
    }
}
