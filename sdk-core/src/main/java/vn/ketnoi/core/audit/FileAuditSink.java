package vn.ketnoi.core.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.json.Json;

/**
 * An append-only audit file that keeps every record whole, even when the process is killed or
 * the machine loses power while writing.
 *
 * <p>Each record is one line: the CRC-32 of the JSON in 8 hex digits, a space, the event as
 * one-line JSON, a newline. Records are appended by one writer at a time (a lock within the JVM,
 * an exclusive file lock against other processes), each with a single write, and, by default,
 * forced to the disk before {@link #record} returns. A record cut short by a crash lacks its
 * newline or fails its checksum: {@link #read} skips it, and opening the file again truncates it
 * away before appending, so the file is always a sequence of whole records.
 *
 * <p>One instance per file: share it between clients. Thread-safe. Close it at shutdown.
 */
public final class FileAuditSink implements AuditSink, AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock fileLock;
    private final boolean sync;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    private FileAuditSink(Path file, boolean sync) throws IOException {
        this.file = file;
        this.sync = sync;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            channel.close();
            throw new InvalidInputException("audit.file", "is already open for writing by another sink or process");
        }
        this.fileLock = l;
        long good = lastWholeRecordEnd(Files.readAllBytes(file));
        if (good < channel.size()) {
            // A torn tail left by a crash: drop it so the next record starts on a clean line.
            channel.truncate(good);
            channel.force(true);
        }
        channel.position(channel.size());
    }

    /**
     * Opens (or creates) an audit file, forcing each record to the disk before it is acknowledged.
     *
     * @param file the file; its directory must exist
     * @return the sink
     */
    public static FileAuditSink open(Path file) {
        return open(file, true);
    }

    /**
     * Opens (or creates) an audit file.
     *
     * @param file the file; its directory must exist
     * @param syncEachRecord true to force each record to the disk before {@link #record} returns
     *                       (survives power loss); false to leave it to the operating system
     *                       (survives a killed process, not a power cut), for higher throughput
     * @return the sink
     */
    public static FileAuditSink open(Path file, boolean syncEachRecord) {
        if (file == null) {
            throw new InvalidInputException("audit.file", "must not be null");
        }
        try {
            return new FileAuditSink(file, syncEachRecord);
        } catch (IOException e) {
            throw new InvalidInputException("audit.file", "cannot open " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    @Override
    public void record(AuditEvent event) {
        if (event == null) {
            throw new InvalidInputException("event", "must not be null");
        }
        byte[] line = encode(event);
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the audit sink is closed");
            }
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit file", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            channel.force(true);
            fileLock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the audit file", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the whole records of an audit file, in order; a torn record (cut short by a crash) is skipped.
     *
     * @param file the file
     * @return the events
     */
    public static List<AuditEvent> read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit file", e);
        }
        List<AuditEvent> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                AuditEvent e = decode(all, start, i);
                if (e != null) {
                    out.add(e);
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** The offset just past the last record that is whole and every record before it. */
    private static long lastWholeRecordEnd(byte[] all) {
        int start = 0;
        long good = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                if (decode(all, start, i) == null) {
                    return good;
                }
                good = i + 1;
                start = i + 1;
            }
        }
        return good;
    }

    static byte[] encode(AuditEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("service", e.service());
        m.put("operation", e.operation());
        m.put("agency", e.agencyId());
        m.put("operator", e.operatorId());
        m.put("purpose", e.purpose());
        m.put("case", e.caseNumber());
        m.put("subjects", e.subjects());
        m.put("fields", e.fields());
        m.put("outcome", e.outcome());
        m.put("status", e.status());
        m.put("requestId", e.requestId());
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(m);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot encode an audit event", ex);
        }
        CRC32 crc = new CRC32();
        crc.update(json);
        byte[] head = String.format("%08x ", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + json.length + 1];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(json, 0, line, head.length, json.length);
        line[line.length - 1] = '\n';
        return line;
    }

    /** The event of line {@code [from, to)} without its newline, or null if the line is not a whole record. */
    private static AuditEvent decode(byte[] all, int from, int to) {
        if (to - from < 11 || all[from + 8] != ' ') {
            return null;
        }
        long expected;
        try {
            expected = Long.parseLong(new String(all, from, 8, StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(all, from + 9, to - from - 9);
        if (crc.getValue() != expected) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().readTree(all, from + 9, to - from - 9);
            return new AuditEvent(Instant.parse(n.get("time").asText()), n.get("service").asText(),
                    n.get("operation").asText(), n.get("agency").asText(), text(n, "operator"), text(n, "purpose"),
                    text(n, "case"), strings(n.get("subjects")), strings(n.get("fields")), n.get("outcome").asText(),
                    n.path("status").asInt(), text(n, "requestId"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "FileAuditSink[" + file + (sync ? ", sync" : "") + "]";
    }
}
