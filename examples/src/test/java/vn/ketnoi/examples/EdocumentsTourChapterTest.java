package vn.ketnoi.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;

/** The e-documents chapter issues, verifies, revokes and verifies again, and prints no ID number unmasked. */
class EdocumentsTourChapterTest {
    @Test
    void theChapterShowsEachStep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().port(0).build().start()) {
            EdocumentsTourChapter.run(sandbox, SandboxClients.configFor(sandbox),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("v1 to "), out);
            assertTrue(out.contains("status read back: DELIVERED"), out);
            assertTrue(out.contains("verified offline: VALID"), out);
            assertTrue(out.contains("revoked: REVOKED"), out);
            assertTrue(out.contains("verified again: REVOKED"), out);
            Matcher size = Pattern.compile("as a QR code: ([0-9,]+) bytes").matcher(out);
            assertTrue(size.find(), out);
            assertTrue(Integer.parseInt(size.group(1).replace(",", "")) <= 2953, out);
            String subject = sandbox.population().withVneidLevel(2).idNumber();
            assertFalse(out.contains(subject), "the ID number is masked");
        }
    }
}
