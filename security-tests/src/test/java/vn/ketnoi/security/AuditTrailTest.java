package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.audit.AuditEvent;
import vn.ketnoi.core.audit.AuditTrail;
import vn.ketnoi.core.audit.AuditTrailReport;
import vn.ketnoi.core.audit.FileAuditSink;
import vn.ketnoi.core.audit.SubjectHasher;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SyntheticCitizen;

/** The audit trail: what each call records, and a file that stays whole under concurrency and kills. */
class AuditTrailTest {
    private static final SubjectHasher HASHER = SubjectHasher.hmacSha256(
            "agency-held audit key, 32 bytes or more".getBytes(StandardCharsets.UTF_8));

    @Test
    void everyPopulationCallIsRecordedWithTheSubjectAsAKeyedHash(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.log");
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().populationSize(50).build().start();
             FileAuditSink sink = FileAuditSink.open(file)) {
            ClientConfig config = Fixtures.noRetries(SandboxClients.configFor(sandbox)).audit(sink, HASHER).build();
            SyntheticCitizen c = sandbox.population().anyLiving();
            try (PopulationClient client = PopulationClient.create(config)) {
                client.lookup(Fixtures.lookupOf(c));
                client.lookupAsync(Fixtures.lookupOf(c)).get(30, TimeUnit.SECONDS);
                var wrongName = vn.ketnoi.population.LookupRequest.builder().idNumber(c.idNumber())
                        .fullName("Nguyễn Văn Khác").birthDate(c.birthDate())
                        .context(RequestContext.of(vn.ketnoi.core.Purpose.PUBLIC_SERVICE, "VN:canbo.test"))
                        .fields(vn.ketnoi.population.CitizenField.SEX).build();
                KetnoiException refused = assertThrows(KetnoiException.class, () -> client.lookup(wrongName));
                List<AuditEvent> events = FileAuditSink.read(file);
                assertEquals(3, events.size());
                for (AuditEvent e : events) {
                    assertEquals("population", e.service());
                    assertEquals("population.lookup", e.operation());
                    assertEquals(KetnoiSandbox.DEFAULT_AGENCY_ID, e.agencyId());
                    assertEquals("VN:canbo.test", e.operatorId());
                    assertEquals("PUBLIC_SERVICE", e.purpose());
                    assertEquals(List.of(HASHER.hash(c.idNumber())), e.subjects());
                    assertEquals(List.of("sex"), e.fields());
                    assertNotNull(e.requestId());
                }
                assertTrue(events.get(0).succeeded());
                assertTrue(events.get(1).succeeded());
                assertEquals(refused.errorCode(), events.get(2).outcome());
            }
            String raw = Files.readString(file);
            assertFalse(raw.contains(c.idNumber()), "the ID number is in the audit file in clear");
            assertFalse(raw.contains(c.fullName()), "the name is in the audit file");
        }
    }

    @Test
    void anAuditSinkWithoutAKeyedHashIsRefused() {
        assertThrows(InvalidInputException.class, () -> SubjectHasher.hmacSha256(new byte[16]));
        assertFalse(HASHER.toString().contains("agency-held"));
    }

    @Test
    void concurrentWritersLoseNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.log");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (FileAuditSink sink = FileAuditSink.open(file, false)) {
            for (int i = 0; i < 4000; i++) {
                int n = i;
                pool.submit(() -> sink.record(event(n)));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        Set<String> seen = new HashSet<>();
        FileAuditSink.read(file).forEach(e -> seen.add(e.requestId()));
        assertEquals(4000, seen.size());
        // Finding 5: the chain follows the file order, whatever the threads' interleaving.
        AuditTrailReport report = AuditTrail.verify(file, null);
        assertTrue(report.intact(), report.describe());
        assertEquals(4000, report.lastSequence());
    }

    @Test
    void aWriterKilledMidWriteLeavesOnlyWholeRecords(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AuditWriterMain.class.getName(), file.toString(), "false")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> acknowledged = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add("req-" + line.substring(4));
                }
                if (acknowledged.size() >= 3000) {
                    // Killed while four threads are writing.
                    child.destroyForcibly();
                    break;
                }
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acknowledged.size() >= 3000, "the writer never got going");

        byte[] all = Files.readAllBytes(file);
        int whole = 0;
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                // Every newline-terminated line is a whole record: its checksum matches.
                String line = new String(all, start, i - start, StandardCharsets.UTF_8);
                CRC32 crc = new CRC32();
                crc.update(all, start + 9, i - start - 9);
                assertEquals(Long.parseLong(line.substring(0, 8), 16), crc.getValue(), "a torn record at " + start);
                whole++;
                start = i + 1;
            }
        }
        List<AuditEvent> events = FileAuditSink.read(file);
        assertEquals(whole, events.size());
        // Finding 5: a kill leaves at most a torn last line, which is no damage: the chain verifies up to it.
        AuditTrailReport killed = AuditTrail.verify(file, null);
        assertTrue(killed.intact(), killed.describe());
        assertEquals(whole, killed.lastSequence());
        Set<String> inFile = new HashSet<>();
        events.forEach(e -> inFile.add(e.requestId()));
        assertTrue(inFile.containsAll(acknowledged), "an acknowledged record is missing");

        // Reopening drops a torn tail, if the kill left one, and appends on a clean line.
        try (FileAuditSink again = FileAuditSink.open(file)) {
            again.record(event(-1));
        }
        List<AuditEvent> after = FileAuditSink.read(file);
        assertEquals(events.size() + 1, after.size());
        assertEquals("req--1", after.get(after.size() - 1).requestId());
        AuditTrailReport reopened = AuditTrail.verify(file, null);
        assertTrue(reopened.intact() && !reopened.tornTail(), reopened.describe());
        assertEquals(whole + 1, reopened.lastSequence(), "the sequence goes on after the kill");
        try (var siblings = Files.list(dir)) {
            assertEquals(1, siblings.count(), "a torn tail is cut, nothing is quarantined");
        }
        assertEquals(0, Files.readAllBytes(file).length - lastNewline(Files.readAllBytes(file)) - 1);
    }

    private static int lastNewline(byte[] all) {
        for (int i = all.length - 1; i >= 0; i--) {
            if (all[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static AuditEvent event(int n) {
        return new AuditEvent(Instant.now(), "population", "population.lookup", "VN:GOV:000.00.15.H29", "VN:canbo.test",
                "PUBLIC_SERVICE", null, List.of(HASHER.hash("001089012345")), List.of("sex"), AuditEvent.OK, 200,
                "req-" + n);
    }
}
