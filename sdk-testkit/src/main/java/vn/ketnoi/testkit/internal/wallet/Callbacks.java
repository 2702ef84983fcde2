package vn.ketnoi.testkit.internal.wallet;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.ProviderKeys;
import vn.ketnoi.testkit.internal.Texts;

/**
 * Status callbacks (section 10.7): each status change is POSTed to the URL the agency registered,
 * signed by the provider ({@code Ketnoi-Signature}, binding the body's digest), one at a time on a
 * daemon thread; a callback that cannot be delivered is dropped.
 */
final class Callbacks {
    private final Clock clock;
    private final Supplier<String> issuer;
    private final ProviderKeys providerKeys;
    private final Map<String, URI> urls = new ConcurrentHashMap<>();
    private ExecutorService sender; // guarded by this
    private HttpClient http; // guarded by this

    Callbacks(Clock clock, Supplier<String> issuer, ProviderKeys providerKeys) {
        this.clock = clock;
        this.issuer = issuer;
        this.providerKeys = providerKeys;
    }

    void register(String agencyId, URI url) {
        urls.put(agencyId, url);
    }

    /** Sends a {@code document.status-changed} event to its agency, if it registered a URL. */
    void send(Map<String, Object> event) {
        String agency = (String) event.get("agency");
        URI url = urls.get(agency);
        if (url == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>(event);
        body.remove("agency");
        byte[] bytes = Json.bytes(body);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.get());
        claims.put("aud", agency);
        claims.put("iat", clock.instant().getEpochSecond());
        claims.put("jti", event.get("eventId"));
        claims.put("bdh", Texts.sha256B64(bytes));
        String signature = providerKeys.sign("ketnoi-callback+jwt", claims);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").header("Ketnoi-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        sender().execute(() -> {
            try {
                http().send(request, HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // A callback that cannot be delivered is dropped: the agency can always read the status.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private synchronized ExecutorService sender() {
        if (sender == null) {
            sender = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ketnoi-sandbox-callbacks");
                t.setDaemon(true);
                return t;
            });
        }
        return sender;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).proxy(ProxySelector.of(null)).build();
        }
        return http;
    }

    /** Stops the sender. */
    synchronized void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
    }
}
