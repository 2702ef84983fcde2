package vn.ketnoi.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;

/** The "given once" chapter: each verdict, the value read back, reconciliation outcomes, an address converted and one flagged. */
class PushTourChapterTest {
    @Test
    void theChapterShowsEachStep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().port(0).populationSize(500).build().start()) {
            PushTourChapter.run(sandbox, SandboxClients.configFor(sandbox), new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("-> APPLIED"), out);
            assertTrue(out.contains("-> APPLIED (the stored verdict); values written: 1"), out);
            assertTrue(out.contains("new key -> UNCHANGED"), out);
            assertTrue(out.contains("-> CONFLICT: the value as of 2026-03-01T00:00:00Z stays"), out);
            assertTrue(out.contains("source " + KetnoiSandbox.DEFAULT_AGENCY_ID), out);
            assertTrue(out.contains("reconcile row-1 -> MATCH"), out);
            assertTrue(out.contains("reconcile row-2 -> DIFFERS"), out);
            assertTrue(out.contains("reconcile row-3 -> MISSING_IN_POPULATION"), out);
            assertTrue(out.contains("-> CONVERTED, province Hà Nội"), out);
            assertTrue(out.contains("-> UNDECIDED, province Tuyên Quang"), out);
            assertFalse(out.contains("DN4010123456789"), "a pushed value is never printed");
            sandbox.population().citizens().forEach(c ->
                    assertFalse(out.contains(c.idNumber()), "the ID numbers are masked"));
        }
    }
}
