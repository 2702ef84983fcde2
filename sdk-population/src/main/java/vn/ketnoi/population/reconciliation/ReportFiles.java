package vn.ketnoi.population.reconciliation;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import vn.ketnoi.population.CitizenField;

/**
 * The CSV and JSON Lines reports, written as records finish. On a resume each file is cut back to
 * the length the checkpoint recorded, so a line half-written before a crash, or written after the
 * last checkpoint, is written again exactly once.
 */
final class ReportFiles implements AutoCloseable {
    static final String CSV_HEADER = "record_id,record_outcome,field,field_outcome,register_value\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Out csv;
    private final Out json;

    private ReportFiles(Out csv, Out json) {
        this.csv = csv;
        this.json = json;
    }

    static ReportFiles open(Path csvFile, Path jsonFile, Checkpoint cp) {
        Out c = null;
        try {
            c = Out.open(csvFile, cp.csvBytes, CSV_HEADER);
            return new ReportFiles(c, Out.open(jsonFile, cp.jsonBytes, ""));
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            }
            throw e;
        }
    }

    void write(RecordReport r) {
        if (csv != null) {
            StringBuilder sb = new StringBuilder();
            String id = cell(r.recordId());
            if (r.fields().isEmpty()) {
                sb.append(id).append(',').append(r.outcome()).append(',').append(cell(r.problem().orElse("")))
                        .append(",,\n");
            }
            for (Map.Entry<CitizenField, FieldOutcome> f : r.fields().entrySet()) {
                sb.append(id).append(',').append(r.outcome()).append(',').append(f.getKey().wireName()).append(',')
                        .append(f.getValue()).append(',').append(cell(r.registerValues().getOrDefault(f.getKey(), "")))
                        .append('\n');
            }
            csv.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (json != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("recordId", r.recordId());
            m.put("outcome", r.outcome().name());
            r.problem().ifPresent(p -> m.put("problem", p));
            if (!r.fields().isEmpty()) {
                Map<String, String> fields = new LinkedHashMap<>();
                r.fields().forEach((f, o) -> fields.put(f.wireName(), o.name()));
                m.put("fields", fields);
            }
            if (!r.registerValues().isEmpty()) {
                Map<String, String> values = new LinkedHashMap<>();
                r.registerValues().forEach((f, v) -> values.put(f.wireName(), v));
                m.put("registerValues", values);
            }
            try {
                byte[] line = JSON.writeValueAsBytes(m);
                json.write(line);
                json.write(new byte[] {'\n'});
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A CSV cell (RFC 4180), quoted when it must be; a cell a spreadsheet would run as a formula
     * ({@code = + - @}, tab, carriage return first) gets a leading apostrophe, as OWASP advises.
     */
    static String cell(String v) {
        if (v.isEmpty()) {
            return v;
        }
        char first = v.charAt(0);
        String s = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + v : v;
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Flushes both reports to disk and records their lengths in the checkpoint. */
    void sync(Checkpoint cp) {
        if (csv != null) {
            cp.csvBytes = csv.sync();
        }
        if (json != null) {
            cp.jsonBytes = json.sync();
        }
    }

    @Override
    public void close() {
        try {
            if (csv != null) {
                csv.close();
            }
        } finally {
            if (json != null) {
                json.close();
            }
        }
    }

    /** One report file: a channel cut back to the checkpoint's length, written through a buffer. */
    private static final class Out {
        private final FileChannel channel;
        private final OutputStream out;

        private Out(FileChannel channel) {
            this.channel = channel;
            this.out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }

        static Out open(Path file, long length, String header) {
            if (file == null) {
                return null;
            }
            try {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                ch.truncate(length);
                ch.position(length);
                Out o = new Out(ch);
                if (length == 0 && !header.isEmpty()) {
                    o.write(header.getBytes(StandardCharsets.UTF_8));
                }
                return o;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the report " + file.getFileName(), e);
            }
        }

        void write(byte[] b) {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a report", e);
            }
        }

        long sync() {
            try {
                out.flush();
                channel.force(false);
                return channel.position();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a report", e);
            }
        }

        void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close a report", e);
            }
        }
    }
}
