package vn.ketnoi.vneid.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Drives the sandbox's VNeID login page over plain HTTP, as a browser would, without following redirects. */
final class LoginPageDriver {
    private static final Pattern TXN = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The page's HTML after opening the authorization URI. */
    HttpResponse<String> open(URI authorizationUri) {
        return send(HttpRequest.newBuilder(authorizationUri).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** Opens the page, picks the citizen and level, submits; returns the response (302 to the callback on success). */
    HttpResponse<String> signIn(URI authorizationUri, String idNumber, int level, String action) {
        HttpResponse<String> page = open(authorizationUri);
        if (page.statusCode() != 200) {
            return page;
        }
        Matcher m = TXN.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no txn on the login page");
        }
        String form = "txn=" + enc(m.group(1)) + "&idNumber=" + enc(idNumber) + "&level=" + level + "&action=" + action;
        URI login = authorizationUri.resolve("/vneid/login");
        return send(HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** Signs in and returns the callback URI the provider redirected to. */
    URI callback(URI authorizationUri, String idNumber, int level) {
        HttpResponse<String> r = signIn(authorizationUri, idNumber, level, "approve");
        if (r.statusCode() != 302) {
            throw new AssertionError("expected a redirect, got " + r.statusCode() + ": " + r.body());
        }
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
