package vn.ketnoi.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.core.Integrity;

/**
 * An audit event says which integrity its answer had (issue 15, wire profiles): a transport-only
 * answer is recorded as such and reads back as such, and records of the protocol's signed answers
 * are written exactly as before the member existed, so existing trails still verify.
 */
class AuditIntegrityTest {
    private static final byte[] KEY = "the agency's audit-trail key, 32+ bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    @DisplayName("A transport-only event is written with its integrity and reads back as transport-only")
    void transportOnlyIsRecordedAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.log");
        try (FileAuditSink sink = FileAuditSink.open(file, KEY, false)) {
            sink.record(event("req-1", Integrity.END_TO_END_SIGNED));
            sink.record(event("req-2", Integrity.TRANSPORT_ONLY));
        }
        List<AuditEvent> read = FileAuditSink.read(file, KEY);
        assertEquals(Integrity.END_TO_END_SIGNED, read.get(0).integrity());
        assertEquals(Integrity.TRANSPORT_ONLY, read.get(1).integrity());
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(1).contains("\"integrity\":\"TRANSPORT_ONLY\""), lines.get(1));
        assertFalse(lines.get(0).contains("integrity"), "a signed event's record changed form: " + lines.get(0));
    }

    @Test
    @DisplayName("The constructor without integrity means the protocol's end-to-end signed answers")
    void theOldConstructorMeansEndToEndSigned() {
        AuditEvent old = new AuditEvent(Instant.EPOCH, "population", "population.lookup", "VN:GOV:1", null, null,
                null, List.of(), List.of(), AuditEvent.OK, 200, "req");
        assertEquals(Integrity.END_TO_END_SIGNED, old.integrity());
    }

    private static AuditEvent event(String requestId, Integrity integrity) {
        return new AuditEvent(Instant.parse("2026-01-02T03:04:05Z"), "population", "population.lookup",
                "VN:GOV:000.00.15.H29", "VN:canbo.test", "PUBLIC_SERVICE", null, List.of("3f1c0a9e".repeat(8)),
                List.of("sex"), AuditEvent.OK, 200, requestId, integrity);
    }
}
