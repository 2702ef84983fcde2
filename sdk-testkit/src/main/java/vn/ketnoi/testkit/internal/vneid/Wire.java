package vn.ketnoi.testkit.internal.vneid;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.TokenService;

/**
 * How every endpoint of the identity provider reads and answers HTTP: form bodies (each
 * parameter once, at most 64 KiB), OAuth error objects, redirects, the HTML pages, and the
 * random values and digests OAuth needs. Stateless.
 */
final class Wire {
    private static final ContentType JSON = ContentType.APPLICATION_JSON;
    private static final ContentType HTML = ContentType.TEXT_HTML.withCharset(StandardCharsets.UTF_8);
    private static final int MAX_BODY = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Wire() {
    }

    /** The form of a POST, or null once the answer (405 or 400) is written. */
    static Map<String, String> postForm(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            oauthError(response, 405, "invalid_request", "POST only");
            return null;
        }
        Map<String, String> f = form(request);
        if (f == null) {
            oauthError(response, 400, "invalid_request",
                    "the body must be application/x-www-form-urlencoded, each parameter once");
        }
        return f;
    }

    /** The form body; empty without a body, null when it is not a valid form. */
    static Map<String, String> form(ClassicHttpRequest request) throws IOException {
        HttpEntity e = request.getEntity();
        if (e == null) {
            return new LinkedHashMap<>();
        }
        String type = e.getContentType() == null ? "" : e.getContentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        byte[] body;
        try (InputStream in = e.getContent()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            return null;
        }
        return TokenService.parseForm(body);
    }

    /** A query string or form body; null when a parameter repeats or an escape is broken. */
    static Map<String, String> parseForm(String s) {
        return TokenService.parseForm(s.getBytes(StandardCharsets.UTF_8));
    }

    /** An error sent back to the relying party's redirect URI, with the issuer (RFC 9207). */
    static void redirectError(ClassicHttpResponse response, String issuer, String redirectUri, String state,
                              String error, String description) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("error", error);
        q.put("error_description", description);
        q.put("state", state);
        q.put("iss", issuer);
        redirect(response, redirectUri, q);
    }

    /** A 302 to {@code target} with these query parameters added; null values are left out. */
    static void redirect(ClassicHttpResponse response, String target, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(target);
        char sep = target.indexOf('?') < 0 ? '?' : '&';
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        response.setCode(302);
        response.setHeader("Location", sb.toString());
    }

    static void json(ClassicHttpResponse response, int status, Map<String, Object> body) {
        response.setCode(status);
        response.setEntity(new ByteArrayEntity(Json.bytes(body), JSON));
    }

    static void oauthError(ClassicHttpResponse response, int status, String error, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("error_description", description);
        json(response, status, m);
    }

    /** An HTML page that may not be framed; {@code body} is HTML already escaped by the caller. */
    static void page(ClassicHttpResponse response, int status, String title, String body) {
        String html = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title></head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>";
        response.setCode(status);
        response.setHeader("X-Frame-Options", "DENY");
        response.setEntity(new ByteArrayEntity(html.getBytes(StandardCharsets.UTF_8), HTML));
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** 192 random bits, base64url: codes, tokens, session ids, request ids. */
    static String randomId() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(s));
    }

    static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
