package vn.ketnoi.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;

/** The civil-status chapter walks both procedures, each write once, and prints no ID number unmasked. */
class CivilStatusTourChapterTest {
    @Test
    void theChapterWalksBothProceduresOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().port(0).build().start()) {
            CivilStatusTourChapter.run(sandbox, SandboxClients.configFor(sandbox),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("VN/GOV/SANDBOX.BTP/HOTICH/civil-status/v1"), out);
            assertTrue(out.contains("into the mother's wallet: DELIVERED"), out);
            assertTrue(out.contains("certified extract (trích lục) verified"), out);
            assertTrue(out.contains("residence removed"), out);
            assertTrue(out.contains("writes applied at the register: 1 birth, 1 death"), out);
            for (var c : sandbox.population().citizens()) {
                assertFalse(out.contains(c.idNumber()), "ID numbers are masked");
            }
        }
    }
}
