package vn.ketnoi.core.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * An append-only audit file that keeps every record whole, even when the process is killed or
 * the machine loses power while writing, and shows any later change to it.
 *
 * <p>Each record is one line carrying a checksum, a sequence number and a chain value under the
 * audit key (the format and what it proves: {@link AuditTrail}). Records are appended by one
 * writer at a time (a lock within the JVM, an exclusive file lock against other processes), each
 * with a single write, and, by default, forced to the disk before {@link #record} returns.
 *
 * <p>Opening verifies the file. A last line without its newline is a record a crash cut short: it
 * is cut away, quietly, so the next record starts on a clean line. Anything else that fails to
 * verify (a changed byte, a rewritten, deleted or moved record, a file written under another key)
 * is never cut or deleted: the file is copied aside whole as {@code <name>.damaged-<time>}, an
 * ERROR is logged naming the first bad record by sequence number, and a new trail starts in the
 * emptied file ({@link #quarantined()} says where the old one went). {@link #read} throws
 * {@link AuditTrailException} for such a file.
 *
 * <p>One instance per file: share it between clients. Thread-safe. Close it at shutdown.
 */
public final class FileAuditSink implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("vn.ketnoi.audit");
    private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path file;
    private final FileChannel channel;
    private final FileLock fileLock;
    private final boolean sync;
    private final byte[] macKey;
    private final boolean keyed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Path quarantined;
    private long sequence;
    private byte[] chain;
    private volatile boolean closed;

    private FileAuditSink(Path file, byte[] key, boolean sync) throws IOException {
        this.file = file;
        this.sync = sync;
        this.macKey = AuditTrail.macKey(key);
        this.keyed = key != null;
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
        try {
            AuditTrail.Scan scan = AuditTrail.scan(file, Files.readAllBytes(file), macKey);
            if (!scan.report().intact()) {
                quarantined = quarantine(scan.report());
                sequence = 0;
                chain = AuditTrail.start(macKey);
            } else {
                quarantined = null;
                if (scan.wholeEnd() < channel.size()) {
                    // A torn tail left by a crash: the only thing ever cut, so the next record starts on a clean line.
                    LOG.debug("audit: cutting a torn last line from {}", file.getFileName());
                    channel.truncate(scan.wholeEnd());
                    channel.force(true);
                }
                sequence = scan.lastSequence();
                chain = scan.chain();
            }
            channel.position(channel.size());
        } catch (IOException | RuntimeException e) {
            l.release();
            channel.close();
            throw e;
        }
        if (!keyed) {
            LOG.warn("audit: {} is chained without an audit key: damage and removed or moved records are detected, "
                    + "a rewrite by someone who can write the file is not", file.getFileName());
        }
    }

    /** Keeps the damaged trail whole beside the file, then empties the file for a new trail. */
    private Path quarantine(AuditTrailReport report) throws IOException {
        Path aside = null;
        String base = file.getFileName() + ".damaged-" + ASIDE.format(Instant.now());
        for (int i = 0; aside == null; i++) {
            Path candidate = file.resolveSibling(i == 0 ? base : base + "-" + i);
            try {
                // Copied rather than renamed: the lock stays held, and it works where open files cannot be renamed.
                Files.copy(file, candidate, StandardCopyOption.COPY_ATTRIBUTES);
                aside = candidate;
            } catch (FileAlreadyExistsException e) {
                if (i > 100) {
                    throw e;
                }
            }
        }
        try (FileChannel copy = FileChannel.open(aside, StandardOpenOption.WRITE)) {
            copy.force(true);
        }
        if (Files.size(aside) != channel.size()) {
            throw new IOException("the copy of the damaged audit file is incomplete");
        }
        channel.truncate(0);
        channel.force(true);
        LOG.error("audit: {} failed verification: {}. It was kept whole as {} and a new trail started in {}",
                file.getFileName(), report.describe(), aside.getFileName(), file.getFileName());
        return aside;
    }

    /**
     * Opens (or creates) an audit file without an audit key, forcing each record to the disk before
     * it is acknowledged. Prefer {@link #open(Path, byte[], boolean)}: without a key, someone who can
     * write the file can rewrite it undetected.
     *
     * @param file the file; its directory must exist
     * @return the sink
     */
    public static FileAuditSink open(Path file) {
        return open(file, null, true);
    }

    /**
     * Opens (or creates) an audit file without an audit key; see {@link #open(Path)}.
     *
     * @param file the file; its directory must exist
     * @param syncEachRecord true to force each record to the disk before {@link #record} returns
     *                       (survives power loss); false to leave it to the operating system
     *                       (survives a killed process, not a power cut), for higher throughput
     * @return the sink
     */
    public static FileAuditSink open(Path file, boolean syncEachRecord) {
        return open(file, null, syncEachRecord);
    }

    /**
     * Opens (or creates) an audit file whose records are chained under an audit key: only the key's
     * holder can write records that verify. A file written under another key (or none) does not
     * verify: it is kept aside as damaged and a new trail starts, so rotate the key with a new file.
     *
     * @param file the file; its directory must exist
     * @param auditKey at least {@value AuditTrail#MIN_KEY_BYTES} secret random bytes, kept like a private
     *                 key and apart from the {@link SubjectHasher}'s; {@code null} for no key
     * @param syncEachRecord see {@link #open(Path, boolean)}
     * @return the sink
     */
    public static FileAuditSink open(Path file, byte[] auditKey, boolean syncEachRecord) {
        if (file == null) {
            throw new InvalidInputException("audit.file", "must not be null");
        }
        try {
            return new FileAuditSink(file, auditKey, syncEachRecord);
        } catch (IOException e) {
            throw new InvalidInputException("audit.file", "cannot open " + file + ": " + e.getClass().getSimpleName(), e);
        } catch (UncheckedIOException e) {
            throw new InvalidInputException("audit.file", "cannot open " + file + ": "
                    + e.getCause().getClass().getSimpleName(), e);
        }
    }

    /**
     * Where the damaged trail found at opening was kept, if one was.
     *
     * @return the copy, or empty when the file verified
     */
    public Optional<Path> quarantined() {
        return Optional.ofNullable(quarantined);
    }

    /** {@return the file written} */
    public Path file() {
        return file;
    }

    @Override
    public void record(AuditEvent event) {
        if (event == null) {
            throw new InvalidInputException("event", "must not be null");
        }
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the audit sink is closed");
            }
            // Sequence and chain are taken and advanced under the lock, so the file order is the chain order.
            byte[] json = AuditTrail.json(sequence + 1, event);
            byte[] next = AuditTrail.hmac(macKey, chain, json);
            ByteBuffer buf = ByteBuffer.wrap(AuditTrail.line(next, json));
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (sync) {
                channel.force(false);
            }
            sequence++;
            chain = next;
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
     * Reads the records of an audit file written without an audit key, in order, after verifying
     * them; a torn last line (cut short by a crash) is skipped.
     *
     * @param file the file
     * @return the events
     * @throws AuditTrailException when a record is damaged, altered, missing or out of order
     */
    public static List<AuditEvent> read(Path file) {
        return read(file, null);
    }

    /**
     * Reads the records of an audit file, in order, after verifying them under the audit key; a
     * torn last line (cut short by a crash) is skipped.
     *
     * @param file the file
     * @param auditKey the key it was written under, or {@code null} for none
     * @return the events
     * @throws AuditTrailException when a record is damaged, altered, missing or out of order
     */
    public static List<AuditEvent> read(Path file, byte @Nullable [] auditKey) {
        byte[] macKey = AuditTrail.macKey(auditKey);
        AuditTrail.Scan scan = AuditTrail.scan(file, AuditTrail.readAll(file), macKey);
        if (!scan.report().intact()) {
            throw new AuditTrailException(scan.report());
        }
        return scan.events();
    }

    @Override
    public String toString() {
        return "FileAuditSink[" + file + (sync ? ", sync" : "") + (keyed ? ", keyed" : ", unkeyed") + "]";
    }
}
