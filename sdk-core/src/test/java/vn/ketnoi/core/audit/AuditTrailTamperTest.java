package vn.ketnoi.core.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Finding 5 (issue 13): one damaged audit record must not wipe the trail, and an edited one must not
 * read back as genuine. Each case edits a trail of five records the way someone with write access
 * to the file (or a bad disk) would, then reads, verifies and reopens it.
 */
class AuditTrailTamperTest {
    private static final byte[] KEY = "the agency's audit-trail key, 32+ bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "somebody else's audit-trail key, 32+ bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    @DisplayName("Finding 5: a changed byte in an early record deletes nothing and is reported by sequence number")
    void aChangedByteInAnEarlyRecordIsReportedAndKept(@TempDir Path dir) throws Exception {
        Path file = trailOfFive(dir);
        List<byte[]> lines = lines(file);
        lines.get(1)[lines.get(1).length - 5] ^= 0x01;
        byte[] damaged = write(file, lines);

        AuditTrailReport report = AuditTrail.verify(file, KEY);
        assertEquals(AuditTrailReport.Problem.DAMAGED, report.problem().orElseThrow());
        assertEquals(2, report.firstBadSequence());
        assertEquals(1, report.verifiedRecords());
        AuditTrailException thrown = assertThrows(AuditTrailException.class, () -> FileAuditSink.read(file, KEY));
        assertEquals("audit.trail-damaged", thrown.errorCode());
        assertEquals(2, thrown.report().firstBadSequence());

        List<String> logged = reopenAndAppendOne(file);
        assertTrue(keptWhole(dir, damaged), "the damaged trail was not kept whole beside the file");
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("ERROR") && l.contains("record 2 is damaged")),
                "no error names record 2: " + logged);
        assertFalse(logged.stream().anyMatch(l -> l.contains("req-")), "event content reached the log");
        assertEquals(List.of("req-new"), requestIds(FileAuditSink.read(file, KEY)), "the new trail starts afresh");
    }

    @Test
    @DisplayName("Finding 5: a record rewritten with a recomputed checksum does not read back as genuine")
    void aRecordRewrittenWithARecomputedChecksumIsAltered(@TempDir Path dir) throws Exception {
        Path file = trailOfFive(dir);
        List<byte[]> lines = lines(file);
        String third = new String(lines.get(2), StandardCharsets.UTF_8);
        assertTrue(third.contains("\"outcome\":\"ok\""));
        lines.set(2, withRecomputedCrc(third.replace("\"outcome\":\"ok\"", "\"outcome\":\"auth.forbidden\"")));
        byte[] altered = write(file, lines);

        AuditTrailReport report = AuditTrail.verify(file, KEY);
        assertEquals(AuditTrailReport.Problem.ALTERED, report.problem().orElseThrow());
        assertEquals(3, report.firstBadSequence());
        assertThrows(AuditTrailException.class, () -> FileAuditSink.read(file, KEY));
        reopenAndAppendOne(file);
        assertTrue(keptWhole(dir, altered));
    }

    @Test
    @DisplayName("Finding 5: a deleted middle record is named as missing")
    void aDeletedMiddleRecordIsMissing(@TempDir Path dir) throws Exception {
        Path file = trailOfFive(dir);
        List<byte[]> lines = lines(file);
        lines.remove(2);
        byte[] cut = write(file, lines);

        AuditTrailReport report = AuditTrail.verify(file, KEY);
        assertEquals(AuditTrailReport.Problem.MISSING, report.problem().orElseThrow());
        assertEquals(3, report.firstBadSequence());
        assertEquals(3, report.firstBadLine());
        assertThrows(AuditTrailException.class, () -> FileAuditSink.read(file, KEY));
        reopenAndAppendOne(file);
        assertTrue(keptWhole(dir, cut));
    }

    @Test
    @DisplayName("Finding 5: swapped records are named as out of order")
    void aReorderedRecordIsOutOfOrder(@TempDir Path dir) throws Exception {
        Path file = trailOfFive(dir);
        List<byte[]> lines = lines(file);
        byte[] second = lines.get(1);
        lines.set(1, lines.get(3));
        lines.set(3, second);
        byte[] moved = write(file, lines);

        AuditTrailReport report = AuditTrail.verify(file, KEY);
        assertEquals(AuditTrailReport.Problem.OUT_OF_ORDER, report.problem().orElseThrow());
        assertEquals(2, report.firstBadSequence());
        assertThrows(AuditTrailException.class, () -> FileAuditSink.read(file, KEY));
        reopenAndAppendOne(file);
        assertTrue(keptWhole(dir, moved));
    }

    @Test
    @DisplayName("Finding 5: a trail rewritten whole without the agency's key fails at its first record")
    void aTrailRewrittenUnderAnotherKeyIsAltered(@TempDir Path dir) {
        Path file = dir.resolve("audit.log");
        try (FileAuditSink forger = FileAuditSink.open(file, OTHER_KEY, false)) {
            for (int i = 1; i <= 5; i++) {
                forger.record(event("req-" + i));
            }
        }
        assertTrue(AuditTrail.verify(file, OTHER_KEY).intact());
        AuditTrailReport report = AuditTrail.verify(file, KEY);
        assertEquals(AuditTrailReport.Problem.ALTERED, report.problem().orElseThrow());
        assertEquals(1, report.firstBadSequence());
        // Nor does a keyed trail pass as one written without a key.
        assertFalse(AuditTrail.verify(file, null).intact());
    }

    @Test
    @DisplayName("Finding 5: a torn last line is still cut, quietly, and the chain goes on")
    void aTornLastLineIsCutQuietly(@TempDir Path dir) throws Exception {
        Path file = trailOfFive(dir);
        byte[] whole = Files.readAllBytes(file);
        byte[] sixth = lines(trailOfFive(Files.createDirectory(dir.resolve("other")))).get(4);
        byte[] torn = new byte[whole.length + sixth.length / 2];
        System.arraycopy(whole, 0, torn, 0, whole.length);
        System.arraycopy(sixth, 0, torn, whole.length, sixth.length / 2);
        Files.write(file, torn);

        AuditTrailReport report = AuditTrail.verify(file, KEY);
        assertTrue(report.intact(), report.describe());
        assertTrue(report.tornTail());
        assertEquals(5, report.lastSequence());
        assertEquals("intact: 5 records, last sequence 5, a torn last line ignored", report.describe());
        assertEquals(5, FileAuditSink.read(file, KEY).size());

        List<String> logged = reopenAndAppendOne(file);
        assertFalse(logged.stream().anyMatch(l -> l.startsWith("ERROR") || l.startsWith("WARN")), logged.toString());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.filter(Files::isRegularFile).toList(), "nothing is quarantined");
        }
        AuditTrailReport after = AuditTrail.verify(file, KEY);
        assertTrue(after.intact() && !after.tornTail());
        assertEquals(6, after.lastSequence());
        assertEquals(List.of("req-1", "req-2", "req-3", "req-4", "req-5", "req-new"),
                requestIds(FileAuditSink.read(file, KEY)));
    }

    @Test
    @DisplayName("Finding 5: audit keys shorter than 32 bytes are refused")
    void aShortKeyIsRefused(@TempDir Path dir) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FileAuditSink.open(dir.resolve("audit.log"), new byte[16], true));
        assertEquals("audit.key", e.field());
        assertThrows(InvalidInputException.class, () -> AuditTrail.verify(dir.resolve("audit.log"), new byte[31]));
    }

    @Test
    @DisplayName("Finding 5: the verify command, run as java -cp ..., exits 0 on an intact trail and 1 naming the bad record")
    void theCommandVerifiesATrail(@TempDir Path dir) throws Exception {
        Path file = trailOfFive(dir);
        Command ok = command(file);
        assertEquals(0, ok.status, ok.out);
        assertTrue(ok.out.startsWith("INTACT") && ok.out.contains("5 records"), ok.out);

        List<byte[]> lines = lines(file);
        lines.remove(3);
        write(file, lines);
        Command bad = command(file);
        assertEquals(1, bad.status, bad.out);
        assertTrue(bad.out.startsWith("BAD") && bad.out.contains("record 4 is missing"), bad.out);
        assertFalse(bad.out.contains("req-") || bad.out.contains(Base64.getEncoder().encodeToString(KEY)));
    }

    @Test
    @DisplayName("Issue 13, mutation testing: the report names the last genuine record, by sequence and chain value, and none when there is none")
    void theReportNamesTheLastGenuineRecord(@TempDir Path dir) throws Exception {
        Path file = trailOfFive(dir);
        List<byte[]> lines = lines(file);
        AuditTrailReport intact = AuditTrail.verify(file, KEY);
        assertEquals(chainValue(lines.get(4)), intact.lastChainValue());
        assertEquals("intact: 5 records, last sequence 5", intact.describe());

        lines.get(2)[lines.get(2).length - 5] ^= 0x01;
        write(file, lines);
        AuditTrailReport damaged = AuditTrail.verify(file, KEY);
        assertEquals(2, damaged.lastSequence());
        assertEquals(chainValue(lines.get(1)), damaged.lastChainValue());

        Files.write(file, new byte[0]);
        AuditTrailReport empty = AuditTrail.verify(file, KEY);
        assertTrue(empty.intact());
        assertEquals(0, empty.lastSequence());
        assertEquals("", empty.lastChainValue());
    }

    @Test
    @DisplayName("Issue 13, mutation testing: a short line or a checksum that is not lower-case hex is a damaged record, not an exception")
    void aShortLineOrANonHexChecksumIsDamaged(@TempDir Path dir) throws Exception {
        Path file = trailOfFive(dir);
        List<byte[]> lines = lines(file);
        List<byte[]> withShortLine = new ArrayList<>(lines);
        withShortLine.add("abc\n".getBytes(StandardCharsets.US_ASCII));
        write(file, withShortLine);
        AuditTrailReport shortLine = AuditTrail.verify(file, KEY);
        assertEquals(AuditTrailReport.Problem.DAMAGED, shortLine.problem().orElseThrow());
        assertEquals(6, shortLine.firstBadSequence());
        assertEquals(6, shortLine.firstBadLine());

        byte[] second = lines.get(1).clone();
        second[0] = 'z';
        lines.set(1, second);
        write(file, lines);
        AuditTrailReport notHex = AuditTrail.verify(file, KEY);
        assertEquals(AuditTrailReport.Problem.DAMAGED, notHex.problem().orElseThrow());
        assertEquals(2, notHex.firstBadSequence());

        byte[] third = lines.get(2).clone();
        lines.set(1, lines(trailOfFive(Files.createDirectory(dir.resolve("again")))).get(1));
        String upper = new String(third, StandardCharsets.US_ASCII);
        upper = upper.substring(0, 8).toUpperCase(java.util.Locale.ROOT) + upper.substring(8);
        assertTrue(!upper.substring(0, 8).equals(new String(third, 0, 8, StandardCharsets.US_ASCII)),
                "the checksum of record 3 has a letter to upper-case; change the test event");
        lines.set(2, upper.getBytes(StandardCharsets.US_ASCII));
        write(file, lines);
        AuditTrailReport upperCase = AuditTrail.verify(file, KEY);
        assertEquals(AuditTrailReport.Problem.DAMAGED, upperCase.problem().orElseThrow());
        assertEquals(3, upperCase.firstBadSequence());
    }

    @Test
    @DisplayName("Issue 13, mutation testing: an audit key of exactly 32 bytes is accepted")
    void aKeyOfExactly32BytesIsAccepted(@TempDir Path dir) {
        byte[] key = "exactly thirty-two bytes of key!".getBytes(StandardCharsets.US_ASCII);
        assertEquals(AuditTrail.MIN_KEY_BYTES, key.length);
        Path file = dir.resolve("audit.log");
        try (FileAuditSink sink = FileAuditSink.open(file, key, false)) {
            sink.record(event("req-1"));
        }
        assertTrue(AuditTrail.verify(file, key).intact());
    }

    @Test
    @DisplayName("Issue 13, mutation testing: the command's exit status and what it prints, for each kind of argument")
    void theCommandsStatusForEachKindOfArgument(@TempDir Path dir) throws Exception {
        Path file = trailOfFive(dir);
        Path keyFile = Files.writeString(dir.resolve("key"), Base64.getEncoder().encodeToString(KEY) + "\n");
        String chain = AuditTrail.verify(file, KEY).lastChainValue();

        Run ok = run("--key-file", keyFile.toString(), file.toString());
        assertEquals(0, ok.status, ok.err);
        assertEquals("INTACT  " + file + ": intact: 5 records, last sequence 5, chain " + chain, ok.out.strip());

        Run unkeyed = run(file.toString());
        assertEquals(1, unkeyed.status, "a keyed trail verified without the key");
        assertTrue(unkeyed.out.startsWith("BAD     ") && unkeyed.out.contains("record 1 was altered"), unkeyed.out);

        Run emptyTrail = run("--key-file", keyFile.toString(), Files.write(dir.resolve("empty.log"), new byte[0]).toString());
        assertEquals(0, emptyTrail.status);
        assertFalse(emptyTrail.out.contains("chain"), emptyTrail.out);

        assertEquals(2, run().status);
        assertTrue(run().err.startsWith("usage:"));
        assertEquals(2, run("--key-file").status, "a --key-file without a file is not a file to verify");
        assertEquals(2, run("--key-env").status, "a --key-env without a variable is not a file to verify");
        assertEquals(2, run("--verbose", file.toString()).status, "an unknown option");
        assertEquals(2, run(file.toString(), "--verbose").status, "an unknown option after a file");
        Run unset = run("--key-env", "KETNOI_TEST_SURELY_UNSET_" + System.nanoTime(), file.toString());
        assertEquals(2, unset.status);
        assertTrue(unset.err.contains("is not set"), unset.err);
        Run badKey = run("--key-file", Files.writeString(dir.resolve("bad"), "not base64!").toString(), file.toString());
        assertEquals(2, badKey.status);
        assertTrue(badKey.err.startsWith("cannot read the key"), badKey.err);
        Run missing = run("--key-file", keyFile.toString(), dir.resolve("absent.log").toString());
        assertEquals(2, missing.status);
        assertTrue(missing.err.startsWith("cannot verify"), missing.err);
        Run shortKey = run("--key-file", Files.writeString(dir.resolve("short"),
                Base64.getEncoder().encodeToString(new byte[16])).toString(), file.toString());
        assertEquals(2, shortKey.status);
        Run second = run("--key-file", keyFile.toString(), dir.resolve("absent.log").toString(), file.toString());
        assertEquals(2, second.status);
        Run both = run("--key-file", keyFile.toString(), file.toString(), file.toString());
        assertEquals(0, both.status);
        assertEquals(2, both.out.lines().count());
    }

    @Test
    @DisplayName("Issue 13, mutation testing: the sink says where it kept a damaged trail, and nothing for an intact one")
    void theSinkSaysWhereItKeptADamagedTrail(@TempDir Path dir) throws Exception {
        Path file = trailOfFive(dir);
        try (FileAuditSink sink = FileAuditSink.open(file, KEY, true)) {
            assertTrue(sink.quarantined().isEmpty());
        }
        List<byte[]> lines = lines(file);
        lines.get(1)[lines.get(1).length - 5] ^= 0x01;
        byte[] damaged = write(file, lines);
        try (FileAuditSink sink = FileAuditSink.open(file, KEY, true)) {
            assertArrayEquals(damaged, Files.readAllBytes(sink.quarantined().orElseThrow()));
        }
    }

    // ---- helpers ----

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AuditTrail.run(args, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The chain value a line stores, in hex: the 64 characters after "xxxxxxxx ". */
    private static String chainValue(byte[] line) {
        return new String(line, 9, 64, StandardCharsets.US_ASCII);
    }

    private record Command(int status, String out) {
    }

    private static Command command(Path file) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AuditTrail.class.getName(),
                "--key-env", "TEST_AUDIT_KEY", file.toString()).redirectErrorStream(true);
        pb.environment().put("TEST_AUDIT_KEY", Base64.getEncoder().encodeToString(KEY));
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Command(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    private static Path trailOfFive(Path dir) {
        Path file = dir.resolve("audit.log");
        try (FileAuditSink sink = FileAuditSink.open(file, KEY, false)) {
            for (int i = 1; i <= 5; i++) {
                sink.record(event("req-" + i));
            }
        }
        return file;
    }

    /** Reopens the sink (as a restarted service would), appends one record, and returns what was logged meanwhile. */
    private static List<String> reopenAndAppendOne(Path file) {
        Logger logger = (Logger) LoggerFactory.getLogger("vn.ketnoi.audit");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Level previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
        try (FileAuditSink sink = FileAuditSink.open(file, KEY, true)) {
            sink.record(event("req-new"));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        }
        List<String> out = new ArrayList<>();
        appender.list.forEach(e -> out.add(e.getLevel() + " " + e.getFormattedMessage()));
        return out;
    }

    /** Whether some file in the directory holds exactly these bytes: the trail as it was before reopening. */
    private static boolean keptWhole(Path dir, byte[] before) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (java.util.Arrays.equals(before, Files.readAllBytes(p))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<byte[]> lines(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                out.add(java.util.Arrays.copyOfRange(all, start, i + 1));
                start = i + 1;
            }
        }
        assertEquals(all.length, start);
        return out;
    }

    private static byte[] write(Path file, List<byte[]> lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            out.write(l);
        }
        Files.write(file, out.toByteArray());
        assertArrayEquals(out.toByteArray(), Files.readAllBytes(file));
        return out.toByteArray();
    }

    /** The line with its checksum recomputed the way the file computes it: CRC-32 of everything after "xxxxxxxx ". */
    private static byte[] withRecomputedCrc(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(b, 9, b.length - 10);
        byte[] head = String.format("%08x", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, 8);
        return b;
    }

    private static List<String> requestIds(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::requestId).toList();
    }

    private static AuditEvent event(String requestId) {
        return new AuditEvent(Instant.parse("2026-01-02T03:04:05Z"), "population", "population.lookup",
                "VN:GOV:000.00.15.H29", "VN:canbo.test", "PUBLIC_SERVICE", null,
                List.of("3f1c0a9e".repeat(8)), List.of("sex"), AuditEvent.OK, 200, requestId);
    }
}
