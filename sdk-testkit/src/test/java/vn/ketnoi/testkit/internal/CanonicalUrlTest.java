package vn.ketnoi.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import vn.ketnoi.core.internal.crypto.CanonicalUrl;

/**
 * Finding 14 (issue 13), second departure: the sandbox compares pth and the client assertion's aud
 * by the canonical form of protocol section 4 (RFC 3986 sections 6.2.2 and 6.2.3). The examples are
 * the RFC's own, then the protocol's choices (query kept as sent, no fragment, no user info).
 */
class CanonicalUrlTest {

    @ParameterizedTest(name = "{0} is {1}")
    @DisplayName("Finding 14: RFC 3986 section 6.2 examples, and section 5.4 dot segments")
    @CsvSource(delimiter = ' ', value = {
        // 6.2.2: syntax-based normalisation, the RFC's example of two equivalent URIs.
        "example://a/b/c/%7Bfoo%7D example://a/b/c/%7Bfoo%7D",
        "eXAMPLE://a/./b/../b/%63/%7bfoo%7d example://a/b/c/%7Bfoo%7D",
        // 6.2.2.1: case of scheme and host; case of percent-encoding hex digits.
        "HTTP://www.EXAMPLE.com/ http://www.example.com/",
        "http://example.com/a%2fb%c3%a1 http://example.com/a%2Fb%C3%A1",
        // 6.2.2.2: percent-encoded unreserved characters are decoded.
        "http://example.com/%7Euser/%41%2D%2E%5F%7e http://example.com/~user/A-._~",
        "http://%65xample.com/ http://example.com/",
        // 6.2.2.3 with 5.4.1: dot segments.
        "http://a/b/c/./../../g http://a/g",
        "http://a/b/c/../../../g http://a/g",
        "http://a/b/c/g/. http://a/b/c/g/",
        "http://a/b/c/g/.. http://a/b/c/",
        "http://a/b/c/%2E%2E/g http://a/b/g",
        // 6.2.3: scheme-based; these four are equivalent.
        "http://example.com http://example.com/",
        "http://example.com/ http://example.com/",
        "http://example.com:/ http://example.com/",
        "http://example.com:80/ http://example.com/",
        "https://API.Example.VN:443/population/v1/citizens https://api.example.vn/population/v1/citizens",
        "https://api.example.vn:8443 https://api.example.vn:8443/",
        "http://127.0.0.1:08080/x http://127.0.0.1:8080/x",
        "http://[::1]:80/x http://[::1]/x",
        "http://[::1]:9000 http://[::1]:9000/",
        // The query is kept exactly as sent.
        "HTTP://Example.com:80/a/../b?q=%7e&Z=/./ http://example.com/b?q=%7e&Z=/./",
    })
    void canonicalForm(String url, String canonical) {
        assertEquals(canonical, CanonicalUrl.of(url));
        assertTrue(CanonicalUrl.same(url, canonical), "the same canonical form");
    }

    @ParameterizedTest(name = "{0} is not {1}")
    @DisplayName("Finding 14: what normalisation does not make equal")
    @CsvSource(delimiter = ' ', value = {
        "http://example.com/data http://example.com/data/",
        "http://example.com/ https://example.com/",
        "https://example.com:8443/ https://example.com/",
        "http://example.com:443/ http://example.com/",
        "http://example.com/?q=%7e http://example.com/?q=~",
        "http://example.com/A http://example.com/a",
        "http://example.com/a%2Fb http://example.com/a/b",
        "http://localhost/ http://127.0.0.1/",
    })
    void notEquivalent(String a, String b) {
        assertFalse(CanonicalUrl.same(a, b));
    }

    @ParameterizedTest
    @DisplayName("Finding 14: a URL with no canonical form never matches, not even itself")
    @ValueSource(strings = {"http://example.com/#frag", "http://user@example.com/", "/relative/path",
        "http:no-authority", "http://example.com:99999/", "http://example.com:8o/", "http://example.com/%zz",
        "http://example.com/%4", "http:///path", "://example.com/"})
    void noCanonicalForm(String url) {
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.of(url));
        assertFalse(CanonicalUrl.same(url, url));
    }

    @Test
    @DisplayName("Finding 14: the issuer is the canonical base URL without a trailing slash")
    void issuer() {
        assertEquals("https://api.example.vn", CanonicalUrl.issuer("HTTPS://API.example.vn:443/"));
        assertEquals("http://127.0.0.1:8080/base", CanonicalUrl.issuer("http://127.0.0.1:8080/base/"));
        assertEquals("http://localhost:8080", CanonicalUrl.issuer("http://LOCALHOST:8080"));
        assertEquals("urn:not-a-url", CanonicalUrl.issuer("urn:not-a-url"), "kept as configured");
    }

    @ParameterizedTest(name = "{0} is {1} within {2}")
    @DisplayName("Version 2: the path within the service a request-target reached, in canonical form")
    @CsvSource(delimiter = ' ', value = {
        "/population/v1/citizens/lookup /citizens/lookup VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1",
        "/population/v1/citizens/./%6Cookup /citizens/lookup VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1",
        "/population/v1/changes?since=%7e&x=/./ /changes?since=%7e&x=/./ VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1",
        "/population/v1?x=1 /?x=1 VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1",
        "/edocuments/v1/documents/a%2fb /documents/a%2Fb VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1",
        "/population/../edocuments/v1/documents /documents VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1",
    })
    void pathWithinTheService(String target, String pth, String service) {
        String canonical = CanonicalUrl.path(target);
        ServiceMounts.Mount mount = new ServiceMounts().of(canonical);
        assertEquals(service, mount.service().toString());
        assertEquals(pth, ServiceMounts.within(mount, canonical));
    }

    @ParameterizedTest
    @DisplayName("Version 2: a target under no mount, or at a prefix without its boundary, reached no service")
    @ValueSource(strings = {"/population/v2/citizens", "/population/v1x/citizens", "/", "/oauth2/token"})
    void underNoMount(String target) {
        assertEquals(null, new ServiceMounts().of(CanonicalUrl.path(target)));
    }
}
