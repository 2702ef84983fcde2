package vn.ketnoi.testkit.internal.gateway;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.testkit.internal.Json;

/**
 * The gateway's side towards the next hop (the provider, or the next gateway of a chain): one
 * pooled HttpClient with finite timeouts that forwards bytes as they are (no redirects, retries,
 * cookies or decompression), and, when chained, the gateway's own credential for the next
 * gateway, fetched with its key and secret and cached until 80 % of its life.
 */
public final class Upstream implements Closeable {

    /**
     * The gateway's credential at the next gateway: its token URL, the {@code Basic} value of
     * key and secret, and the header the token goes in. toString never shows the secret.
     */
    public record Credential(URI tokenUrl, String basicAuthorization, String header) {
        @Override
        public String toString() {
            return "Credential[" + tokenUrl + ", header " + header + "]";
        }
    }

    private final CloseableHttpClient client;
    private final PoolingHttpClientConnectionManager pool;
    private final HttpHost host;
    private final String basePath;
    private final @Nullable Credential credential;
    private @Nullable String token;
    private long refreshAt;

    public Upstream(URI base, @Nullable Credential credential, Duration responseTimeout) {
        this.host = HttpHost.create(base);
        String p = base.getRawPath() == null ? "" : base.getRawPath();
        this.basePath = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        this.credential = credential;
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(200)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5))
                        .setSocketTimeout(Timeout.of(responseTimeout))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofSeconds(10))
                        .setResponseTimeout(Timeout.of(responseTimeout))
                        .build())
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    public HttpHost host() {
        return host;
    }

    /** {@return the upstream base URL's path, without a trailing slash} */
    public String basePath() {
        return basePath;
    }

    public @Nullable Credential credential() {
        return credential;
    }

    /** Sends a request; the caller closes the response. */
    public ClassicHttpResponse open(ClassicHttpRequest request) throws IOException {
        return client.executeOpen(host, request, null);
    }

    /** {@return the value of the gateway's credential header at the next gateway} */
    public synchronized String credentialValue() throws IOException {
        Credential c = credential;
        if (c == null) {
            throw new IllegalStateException("no upstream credential");
        }
        if (token == null || System.nanoTime() - refreshAt >= 0) {
            fetch(c);
        }
        return "Bearer " + token;
    }

    /** Forgets the cached token (the next gateway refused it). */
    public synchronized void invalidate() {
        token = null;
    }

    private void fetch(Credential c) throws IOException {
        BasicClassicHttpRequest post = new BasicClassicHttpRequest("POST", HttpHost.create(c.tokenUrl()),
                c.tokenUrl().getRawPath());
        post.setHeader("Authorization", c.basicAuthorization());
        post.setEntity(new StringEntity("grant_type=client_credentials", ContentType.APPLICATION_FORM_URLENCODED));
        try (ClassicHttpResponse r = client.executeOpen(HttpHost.create(c.tokenUrl()), post, null)) {
            byte[] body = r.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(r.getEntity(), 64 * 1024);
            JsonNode n = Json.parse(body);
            if (r.getCode() != 200 || n == null || !n.path("access_token").isTextual()) {
                throw new IOException("the next gateway refused this gateway's credential (" + r.getCode() + ")");
            }
            token = n.get("access_token").asText();
            long life = Math.max(1, n.path("expires_in").asLong(60));
            refreshAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(life) * 8 / 10;
        }
    }

    /** Closes the pooled connections to the next hop (a restart of this gateway). */
    public void dropConnections() {
        pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
        pool.close(CloseMode.IMMEDIATE);
    }
}
