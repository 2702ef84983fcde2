package vn.ketnoi.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import vn.ketnoi.testkit.KetnoiSandbox;

/** The chip chapter: genuine and chip-authenticated, a replay refused, each broken chip named, nothing unmasked. */
class ChipTourChapterTest {
    @Test
    void theChapterShowsEachVerdict() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().populationSize(50).build()) {
            ChipTourChapter.run(sandbox, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("GENUINE, chip authenticated: true"), out);
            assertTrue(out.contains("against the register: 0 disagreement(s); against its own MRZ: 0"), out);
            assertTrue(out.contains("the same challenge again -> CHALLENGE_REFUSED"), out);
            for (String[] line : new String[][] {{"ALTERED_DATA_GROUP", "DATA_GROUP_ALTERED"},
                    {"BAD_SIGNATURE", "SIGNATURE_INVALID"}, {"EXPIRED_SIGNER", "SIGNER_EXPIRED"},
                    {"REVOKED_SIGNER", "SIGNER_REVOKED"}, {"UNKNOWN_CSCA", "UNTRUSTED_CSCA"},
                    {"CLONE", "CLONE_SUSPECTED"}}) {
                assertTrue(out.matches("(?s).* " + line[0] + " +-> " + line[1] + "\\R.*"), line[0] + " in\n" + out);
            }
            sandbox.population().citizens().forEach(c -> {
                assertFalse(out.contains(c.idNumber()), "the ID numbers are masked");
                assertFalse(out.contains(c.fullName()), "the names are masked");
            });
        }
    }
}
