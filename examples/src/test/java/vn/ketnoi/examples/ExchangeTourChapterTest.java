package vn.ketnoi.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import vn.ketnoi.testkit.KetnoiSandbox;

/**
 * The exchange chapter: one lookup in each topology, verified end to end; a gateway's quota as a
 * typed exception; a tampering gateway refused by the provider; the unsigned profile only on
 * consent; and no ID number printed unmasked.
 */
class ExchangeTourChapterTest {
    @Test
    void theChapterShowsEachStep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().port(0).build().start()) {
            ExchangeTourChapter.run(sandbox, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            for (String topology : new String[] {"direct", "gateway", "gateway-chain"}) {
                assertTrue(out.contains("   " + topology + " "), out);
            }
            assertTrue(out.contains("verified end to end (END_TO_END_SIGNED)"), out);
            assertTrue(out.contains("lgsp forwarded 1 population call(s)"), out);
            assertTrue(out.contains("ndxp forwarded 1 population call(s)"), out);
            assertTrue(out.contains("the provider saw the gateways' credential on 0 request(s)"), out);
            assertTrue(out.contains("QuotaExceededException (exchange.quota-exceeded), retry after PT30S"), out);
            assertTrue(out.contains("another operator -> signature.binding-mismatch"), out);
            assertTrue(out.contains("without consent -> profile.transport-only-refused"), out);
            assertTrue(out.contains("integrity TRANSPORT_ONLY"), out);
            sandbox.population().citizens().forEach(c ->
                    assertFalse(out.contains(c.idNumber()), "the ID numbers are masked"));
        }
    }
}
