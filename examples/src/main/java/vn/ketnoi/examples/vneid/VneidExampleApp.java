package vn.ketnoi.examples.vneid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.logging.Masking;
import vn.ketnoi.vneid.auth.AssuranceLevel;
import vn.ketnoi.vneid.auth.CibaOutcome;
import vn.ketnoi.vneid.auth.CibaRequest;
import vn.ketnoi.vneid.auth.LoginOptions;
import vn.ketnoi.vneid.auth.LoginRequest;
import vn.ketnoi.vneid.auth.LoginState;
import vn.ketnoi.vneid.auth.VneidAuthClient;
import vn.ketnoi.vneid.auth.VneidIdentity;
import vn.ketnoi.vneid.auth.VneidLogin;

/**
 * A small server-rendered public-service web app with "Log in with VNeID" and a counter page that
 * signs a citizen in with CIBA. Served by HttpCore 5's classic server on loopback; no servlet
 * container. The sign-in state lives in the app's own server-side session, as
 * {@link VneidAuthClient} is stateless. Personal data is shown masked.
 */
public final class VneidExampleApp implements AutoCloseable {
    private static final String COOKIE = "KETNOI_DEMO_SID";
    private static final ContentType HTML = ContentType.TEXT_HTML.withCharset(StandardCharsets.UTF_8);

    /** One browser's session: the pending sign-in, the signed-in citizen, the counter's CIBA request. */
    private static final class Session {
        volatile String loginState;
        volatile VneidLogin login;
        volatile CibaRequest ciba;
        volatile String bindingMessage;
        volatile Instant nextPoll = Instant.MIN;
        volatile CibaOutcome cibaOutcome;
        volatile String error;
    }

    private final VneidAuthClient vneid;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final HttpServer server;
    private final URI base;

    private VneidExampleApp(VneidAuthClient vneid, int port) {
        this.vneid = vneid;
        try {
            this.server = ServerBootstrap.bootstrap()
                    .setLocalAddress(InetAddress.getLoopbackAddress())
                    .setListenerPort(port)
                    .setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(30)).build())
                    .setRequestRouter((request, context) -> this::handle)
                    .create();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the example app", e);
        }
        this.base = URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /**
     * Starts the app on a loopback port.
     *
     * @param vneid the relying-party client
     * @param port  the port, 0 for any free one
     * @return the running app
     */
    public static VneidExampleApp start(VneidAuthClient vneid, int port) {
        return new VneidExampleApp(vneid, port);
    }

    /** The app's base URL, such as {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return base;
    }

    /** The redirect URI the app registers: {@code {base}/callback}. */
    public URI callbackUri() {
        return base.resolve("/callback");
    }

    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
    }

    private void handle(ClassicHttpRequest request, ClassicHttpResponse response,
                        org.apache.hc.core5.http.protocol.HttpContext context) throws IOException {
        String uri = request.getRequestUri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> query = parse(q < 0 ? "" : uri.substring(q + 1));
        Session s = session(request, response);
        response.setHeader("Cache-Control", "no-store");
        try {
            switch (path) {
                case "/" -> home(response, s);
                case "/login" -> login(response, s, query);
                case "/callback" -> callback(response, s, uri);
                case "/logout" -> logout(response, s);
                case "/counter" -> counter(response, s);
                case "/counter/start" -> counterStart(request, response, s);
                case "/counter/status" -> counterStatus(response, s);
                default -> page(response, 404, "Not found", "<p>No such page.</p>");
            }
        } catch (KetnoiException e) {
            // The error code is safe to show; the message never holds personal data either.
            page(response, 400, "Sign-in failed", "<p id=\"error\">" + esc(e.errorCode()) + "</p><p><a href=\"/\">Home</a></p>");
        }
    }

    private void home(ClassicHttpResponse response, Session s) {
        StringBuilder b = new StringBuilder();
        VneidLogin login = s.login;
        if (login == null) {
            b.append("<p>Public service demo. Sign in to continue.</p>")
                    .append("<p><a id=\"login-level2\" href=\"/login?level=2\">Log in with VNeID (level 2)</a></p>")
                    .append("<p><a id=\"login-level1\" href=\"/login?level=1\">Log in with VNeID (level 1)</a></p>");
        } else {
            VneidIdentity id = login.identity();
            b.append("<p id=\"citizen\">Signed in: ")
                    .append(esc(id.idNumber().map(PersonalIdNumber::masked).orElse("-"))).append(" &middot; ")
                    .append(esc(id.fullName().map(Masking::name).orElse("-"))).append(" &middot; born ")
                    .append(esc(id.birthDate().map(d -> d.masked()).orElse("-"))).append("</p>")
                    .append("<p id=\"level\">Level ").append(login.level().number()).append("</p>")
                    .append("<p><a id=\"logout\" href=\"/logout\">Log out</a></p>");
        }
        b.append("<p><a id=\"counter\" href=\"/counter\">Counter sign-in (CIBA)</a></p>");
        page(response, 200, "Dịch vụ công (demo)", b.toString());
    }

    private void login(ClassicHttpResponse response, Session s, Map<String, String> query) {
        AssuranceLevel level = "2".equals(query.get("level")) ? AssuranceLevel.LEVEL_2 : AssuranceLevel.LEVEL_1;
        LoginRequest start = vneid.startLogin(LoginOptions.builder().redirectUri(callbackUri()).level(level).build());
        s.loginState = start.state().serialize();
        redirect(response, start.authorizationUri().toString());
    }

    private void callback(ClassicHttpResponse response, Session s, String requestUri) {
        String kept = s.loginState;
        s.loginState = null; // one callback per sign-in
        if (kept == null) {
            page(response, 400, "No sign-in in progress", "<p id=\"error\">vneid.no-login-in-progress</p>");
            return;
        }
        s.login = vneid.completeLogin(LoginState.deserialize(kept), base.resolve(requestUri));
        redirect(response, "/");
    }

    private void logout(ClassicHttpResponse response, Session s) {
        VneidLogin login = s.login;
        s.login = null;
        if (login == null) {
            redirect(response, "/");
            return;
        }
        redirect(response, vneid.logoutUri(login, base.resolve("/"), null).toString());
    }

    private void counter(ClassicHttpResponse response, Session s) {
        page(response, 200, "Counter sign-in", "<form method=\"post\" action=\"/counter/start\">"
                + "<p><label>Citizen's ID number: <input id=\"id-number\" name=\"idNumber\" maxlength=\"12\" "
                + "inputmode=\"numeric\" autocomplete=\"off\"></label></p>"
                + "<p><label><input type=\"checkbox\" name=\"level2\" value=\"1\" checked> Require level 2</label></p>"
                + "<button id=\"start\" type=\"submit\">Ask the citizen to approve in VNeID</button></form>");
    }

    private void counterStart(ClassicHttpRequest request, ClassicHttpResponse response, Session s) throws IOException {
        Map<String, String> form = parse(body(request));
        String idText = form.getOrDefault("idNumber", "").strip();
        if (!PersonalIdNumber.isValid(idText)) {
            page(response, 400, "Counter sign-in", "<p id=\"error\">Enter a valid 12-digit ID number.</p>"
                    + "<p><a href=\"/counter\">Back</a></p>");
            return;
        }
        String message = "Quầy 1 · mã " + String.format("%04d", random.nextInt(10_000));
        AssuranceLevel level = form.containsKey("level2") ? AssuranceLevel.LEVEL_2 : AssuranceLevel.LEVEL_1;
        s.ciba = vneid.startCiba(PersonalIdNumber.parse(idText), message, level);
        s.bindingMessage = message;
        s.cibaOutcome = null;
        s.error = null;
        s.nextPoll = Instant.now().plus(s.ciba.interval());
        redirect(response, "/counter/status");
    }

    /** Polls at most once per interval, whatever the page's refresh rate: the browser never drives the provider. */
    private void counterStatus(ClassicHttpResponse response, Session s) {
        CibaRequest r = s.ciba;
        if (r == null) {
            redirect(response, "/counter");
            return;
        }
        if (s.cibaOutcome == null && s.error == null && !Instant.now().isBefore(s.nextPoll)) {
            synchronized (s) {
                if (s.cibaOutcome == null && s.error == null && !Instant.now().isBefore(s.nextPoll)) {
                    try {
                        CibaOutcome o = vneid.pollCiba(r);
                        s.ciba = o.request();
                        s.nextPoll = Instant.now().plus(o.request().interval());
                        if (o.status().isFinal()) {
                            s.cibaOutcome = o;
                        }
                    } catch (KetnoiException e) {
                        s.error = e.errorCode();
                    }
                }
            }
        }
        CibaOutcome o = s.cibaOutcome;
        String body;
        if (s.error != null) {
            body = "<p id=\"ciba-result\">Refused: " + esc(s.error) + "</p>";
        } else if (o == null) {
            body = "<p>Binding message: <strong id=\"binding-message\">" + esc(s.bindingMessage) + "</strong></p>"
                    + "<p id=\"ciba-waiting\">Waiting for the citizen to approve in the VNeID app&hellip;</p>";
            response.setHeader("Refresh", "1");
        } else if (o.status() == CibaOutcome.Status.APPROVED) {
            VneidLogin login = o.login().orElseThrow();
            body = "<p id=\"ciba-result\">Approved: "
                    + esc(login.identity().idNumber().map(PersonalIdNumber::masked).orElse("-")) + " &middot; "
                    + esc(login.identity().fullName().map(Masking::name).orElse("-")) + " &middot; level "
                    + login.level().number() + "</p>";
        } else {
            body = "<p id=\"ciba-result\">" + (o.status() == CibaOutcome.Status.DENIED ? "Denied by the citizen"
                    : "Expired before the citizen answered") + "</p>";
        }
        page(response, 200, "Counter sign-in", body + "<p><a href=\"/counter\">New sign-in</a> &middot; <a href=\"/\">Home</a></p>");
    }

    // ---- plumbing ----

    private Session session(ClassicHttpRequest request, ClassicHttpResponse response) {
        for (Header h : request.getHeaders("Cookie")) {
            for (String part : h.getValue().split(";")) {
                String p = part.strip();
                if (p.startsWith(COOKIE + "=")) {
                    Session s = sessions.get(p.substring(COOKIE.length() + 1));
                    if (s != null) {
                        return s;
                    }
                }
            }
        }
        byte[] b = new byte[24];
        random.nextBytes(b);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Session s = new Session();
        sessions.put(id, s);
        response.addHeader("Set-Cookie", COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax");
        return s;
    }

    private static String body(ClassicHttpRequest request) throws IOException {
        HttpEntity e = request.getEntity();
        if (e == null) {
            return "";
        }
        try (var in = e.getContent()) {
            byte[] b = in.readNBytes(16 * 1024);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> parse(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                out.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException ignored) {
                // A malformed pair is dropped, as browsers never send one.
            }
        }
        return out;
    }

    private static void redirect(ClassicHttpResponse response, String location) {
        response.setCode(302);
        response.setHeader("Location", location);
    }

    private static void page(ClassicHttpResponse response, int status, String title, String body) {
        response.setCode(status);
        response.setHeader("Content-Security-Policy", "default-src 'self'");
        response.setEntity(new StringEntity("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>"
                + esc(title) + "</title></head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>", HTML));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
