package vn.ketnoi.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.exception.InvalidInputException;

/** The read-only tree: navigation never throws, a JSON null is not a missing member, numbers stay exact. */
class JsonValueTest {
    private final JsonValue doc = JsonValue.parse(
            "{\"a\":[{\"b\":\"x\"},2.50],\"n\":null,\"big\":12345678901234,\"t\":true}");

    record A(@JsonProperty("big") long big, @JsonProperty("t") boolean flag) {
    }

    @Test
    void navigationGivesMissingInsteadOfThrowing() {
        assertEquals("x", doc.at("/a/0/b").asText());
        assertEquals("x", doc.get("a").get(0).get("b").asText());
        assertEquals(JsonValue.Kind.MISSING, doc.get("zz").get(3).get("q").kind());
        assertEquals("", doc.at("/zz/0").asText());
        assertFalse(doc.get("a").get("b").isPresent(), "a member of an array is missing");
    }

    @Test
    void aJsonNullIsPresentAndAMissingMemberIsNot() {
        assertEquals(JsonValue.Kind.NULL, doc.get("n").kind());
        assertTrue(doc.get("n").isPresent());
        assertFalse(doc.get("nope").isPresent());
        assertEquals(List.of("a", "n", "big", "t"), doc.names());
    }

    @Test
    void numbersAndBooleansAreExactOrRefused() {
        assertEquals(new BigDecimal("2.50"), doc.at("/a/1").asDecimal());
        assertEquals(12345678901234L, doc.get("big").asLong());
        assertTrue(doc.get("t").asBoolean());
        assertThrows(IllegalStateException.class, () -> doc.at("/a/1").asLong());
        assertThrows(IllegalStateException.class, () -> doc.get("n").asBoolean());
    }

    @Test
    void bindsToTheCallersClassWithItsAnnotations() {
        A a = doc.as(A.class);
        assertEquals(12345678901234L, a.big());
        assertTrue(a.flag());
        assertEquals("type", assertThrows(InvalidInputException.class, () -> doc.get("a").as(A.class)).field());
    }

    @Test
    void badInputIsTyped() {
        assertEquals("json", assertThrows(InvalidInputException.class, () -> JsonValue.parse("{")).field());
        assertEquals("json", assertThrows(InvalidInputException.class, () -> JsonValue.parse(null)).field());
        assertEquals("pointer", assertThrows(InvalidInputException.class, () -> doc.at("a/0")).field());
        assertEquals("value", assertThrows(InvalidInputException.class, () -> JsonValue.of(new Object())).field());
    }
}
