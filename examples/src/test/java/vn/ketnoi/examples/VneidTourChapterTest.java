package vn.ketnoi.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;

/** The VNeID chapter runs, shows each outcome and prints no personal data unmasked. */
class VneidTourChapterTest {
    @Test
    void theChapterRunsMasked() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().build().start()) {
            VneidTourChapter.run(sandbox, SandboxClients.configFor(sandbox), new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("Signed in: VneidIdentity[idNumber=001*******45"), out);
            assertTrue(out.contains("level 2"), out);
            assertTrue(out.contains("vneid.level-insufficient"), out);
            assertTrue(out.contains("Outcome: APPROVED"), out);
            assertFalse(out.contains(sandbox.population().demoCitizen().idNumber()), out);
            assertFalse(out.contains(sandbox.population().demoCitizen().fullName()), out);
            assertFalse(out.contains("?!"), out);
        }
    }
}
