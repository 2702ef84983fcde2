package vn.ketnoi.core.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The edges of docs/protocol.md section 4 ("Canonical URLs") one by one: each case is a URL a signed
 * request, a token audience or an issuer could carry, and the form both sides must agree on. Written
 * for issue 13's mutation testing, where each case kills a mutant that would have judged two URLs
 * the same that are not (or the reverse), or accepted a URL the protocol refuses.
 */
class CanonicalUrlCasesTest {

    @Test
    @DisplayName("User info is refused even when it is empty")
    void emptyUserInfoIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.of("https://@api.example.vn/x"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.of("https://u@api.example.vn/x"));
    }

    @Test
    @DisplayName("Ports: 65535 is the last one accepted, 65536 and six digits are refused, leading zeros and default ports drop")
    void portEdges() {
        assertEquals("https://api.example.vn:65535/", CanonicalUrl.of("https://api.example.vn:65535"));
        assertEquals("https://api.example.vn:8080/", CanonicalUrl.of("https://api.example.vn:08080"));
        assertEquals("https://api.example.vn/", CanonicalUrl.of("https://api.example.vn:443/"));
        assertEquals("http://api.example.vn/", CanonicalUrl.of("http://api.example.vn:80/"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.of("https://api.example.vn:65536/"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.of("https://api.example.vn:100000/"));
    }

    @Test
    @DisplayName("An empty path is / for http and https only")
    void anEmptyPathIsSlashForTheWebOnly() {
        assertEquals("http://api.example.vn/", CanonicalUrl.of("http://api.example.vn"));
        assertEquals("https://api.example.vn/", CanonicalUrl.of("HTTPS://api.example.vn"));
        assertEquals("urn-like://api.example.vn", CanonicalUrl.of("urn-like://api.example.vn"));
    }

    @Test
    @DisplayName("Percent-encodings: unreserved characters decoded, exactly at each range's edges; the rest upper-cased")
    void percentEncodingAtTheEdgesOfEachRange() {
        assertEquals("https://h/%40AZ%5B%60az%7B%2F09%3A-._~%2C%2B",
                CanonicalUrl.of("https://h/%40%41%5A%5B%60%61%7A%7B%2f%30%39%3a%2D%2E%5F%7E%2c%2b"));
        assertEquals("https://h/a%0Ab", CanonicalUrl.of("https://h/a%0ab"));
        assertEquals("https://h/a%2Fb", CanonicalUrl.of("https://h/a%2fb"));
    }

    @Test
    @DisplayName("A % without two hex digits after it is refused, also at the very end")
    void aShortPercentIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.of("https://h/a%4"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.of("https://h/a%"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.of("https://h/a%4g"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.of("https://h/a%g4"));
        assertFalse(CanonicalUrl.same("https://h/a%4", "https://h/a%4"));
    }

    @Test
    @DisplayName("Dot segments: .. removes the segment before it, in the middle and at the end")
    void dotDotRemovesTheSegmentBefore() {
        assertEquals("https://h/a/c", CanonicalUrl.of("https://h/a/b/../c"));
        assertEquals("https://h/a/", CanonicalUrl.of("https://h/a/b/.."));
        assertEquals("https://h/c", CanonicalUrl.of("https://h/../c"));
    }

    @Test
    @DisplayName("same: different URLs differ, and a URL without a canonical form is the same as nothing")
    void sameIsFalseForDifferentOrInvalidUrls() {
        assertTrue(CanonicalUrl.same("HTTPS://API.example.vn:443/a/./b", "https://api.example.vn/a/b"));
        assertFalse(CanonicalUrl.same("https://api.example.vn/a", "https://api.example.vn/b"));
        assertFalse(CanonicalUrl.same("not a url", "not a url"));
        assertFalse(CanonicalUrl.same(null, null));
    }

    @Test
    @DisplayName("issuer: without trailing slashes; a value with a query, or that is no URL, kept as it is")
    void issuerForms() {
        assertEquals("https://id.example.vn/realm", CanonicalUrl.issuer("https://ID.example.vn:443/realm//"));
        assertEquals("https://id.example.vn", CanonicalUrl.issuer("https://id.example.vn/"));
        assertEquals("https://id.example.vn/realm/?tenant=1", CanonicalUrl.issuer("https://id.example.vn/realm/?tenant=1"));
        assertEquals("vneid-sandbox", CanonicalUrl.issuer("vneid-sandbox"));
    }

    @Test
    @DisplayName("The path within a service is the same whether or not the URL needed canonicalising (the shortcut for plain URLs agrees with the full form)")
    void withinAgreesWithTheFullCanonicalForm() {
        String base = "http://127.0.0.1:8080/population/v1";
        String[] rests = {"/citizens/lookup", "/citizens/lookup?a=1&b=%2f", "?a=1", "/a//b", "/a/./b", "/a/../b",
            "/.well-known/x", "/a/%7e", "/a%2Fb", "/x?q=/./y", "/a/.", "/a/..", "/~x?y#z", "/a?b#c"};
        for (String rest : rests) {
            String url = base + rest;
            String expected;
            try {
                String u = CanonicalUrl.of(url);
                expected = u.equals(base) ? "/" : u.charAt(base.length()) == '?' ? "/" + u.substring(base.length())
                        : u.substring(base.length());
            } catch (IllegalArgumentException e) {
                assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.within(base, url), url);
                continue;
            }
            assertEquals(expected, CanonicalUrl.within(base, url), url);
            assertEquals(expected, CanonicalUrl.within(base + "/", url), url);
        }
        // Not under the base at a boundary, or under it only once canonicalised.
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.within(base, base + "x/citizens"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.within(base, "http://127.0.0.1:8080@evil/population/v1/x"));
        assertEquals("/x", CanonicalUrl.within(base, "HTTP://127.0.0.1:8080/population/v1/x"));
        assertEquals("/x", CanonicalUrl.within(base, "http://127.0.0.1:8080/population/v1/a/../x"));
        assertEquals("/", CanonicalUrl.within(base, "http://127.0.0.1:8080/population/v1/a/.."));
    }
}
