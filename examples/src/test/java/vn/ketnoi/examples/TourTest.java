package vn.ketnoi.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The tour runs to the end and shows each outcome it promises. */
class TourTest {
    @Test
    void theTourRunsAndShowsEachOutcome() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Tour(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Signed request sent, signed answer verified"), out);
        assertTrue(out.contains("IdentityMismatchException"), out);
        assertTrue(out.contains("refused before sending: field=idNumber"), out);
        assertTrue(out.contains("refused before sending: field=birthDate"), out);
        assertTrue(out.contains("signature.digest-mismatch"), out);
        assertTrue(out.contains("1 access token(s)"), out);
        assertTrue(out.contains("Tour complete."), out);
        assertFalse(out.contains("?!"), out);
    }
}
