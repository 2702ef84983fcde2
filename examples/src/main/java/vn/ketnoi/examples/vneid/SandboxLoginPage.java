package vn.ketnoi.examples.vneid;

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

/**
 * Plays the citizen at the sandbox's VNeID login page over plain HTTP: opens the authorization
 * URI, picks a citizen and a level, and returns the callback URI the provider redirects to.
 * For the tour and tests; a real citizen does this in a browser.
 */
public final class SandboxLoginPage {
    private static final Pattern TXN = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Signs in as this citizen at this level.
     *
     * @param authorizationUri where the relying party sent the browser
     * @param idNumber         the citizen's ID number
     * @param level            1 or 2
     * @return the callback URI, with {@code code} and {@code state}
     */
    public URI signIn(URI authorizationUri, String idNumber, int level) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(authorizationUri).timeout(Duration.ofSeconds(10)).build());
        Matcher m = TXN.matcher(page.body());
        if (page.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("the login page did not open: HTTP " + page.statusCode());
        }
        String form = "txn=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) + "&idNumber=" + idNumber
                + "&level=" + level + "&action=approve";
        HttpResponse<String> r = send(HttpRequest.newBuilder(authorizationUri.resolve("/vneid/login"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (r.statusCode() != 302) {
            throw new IllegalStateException("the login page refused the sign-in: HTTP " + r.statusCode());
        }
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
