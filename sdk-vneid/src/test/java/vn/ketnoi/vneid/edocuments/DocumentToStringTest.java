package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Finding 9 (issue 13): ids an issuing agency wrote (read back from the provider, or from a
 * citizen's QR code) cannot forge a log line through toString().
 */
class DocumentToStringTest {
    private static final String FORGED = "doc-1\r\n2026-12-05 10:00:00 INFO forged line\u202E" + "x".repeat(1_000);

    private static void assertSafe(String s) {
        assertFalse(s.chars().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT), s);
        assertTrue(s.length() < 600, "capped: " + s.length());
        assertTrue(s.contains("doc-1\\u000D\\u000A2026-12-05"), s);
    }

    @Test
    @DisplayName("Finding 9: a presented document's id and issuer are escaped in toString()")
    void presentedDocument() {
        assertSafe(new PresentedDocument(FORGED, DocumentType.DRIVING_LICENCE, FORGED, null, 1, Instant.EPOCH,
                LocalDate.EPOCH, LocalDate.EPOCH, null, Map.of(), null, null).toString());
    }

    @Test
    @DisplayName("Finding 9: a document record's id is escaped in toString()")
    void documentRecord() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("documentId", FORGED).put("type", "DRIVING_LICENCE")
                .put("issuer", "VN:GOV:TEST").put("version", 1).put("status", "VALID").put("issueDate", "2026-01-01")
                .put("validFrom", "2026-01-01").put("createdAt", "2026-01-01T00:00:00Z")
                .put("updatedAt", "2026-01-01T00:00:00Z").put("document", "x.y.z");
        assertSafe(DocumentRecord.fromJson(n).toString());
    }
}
