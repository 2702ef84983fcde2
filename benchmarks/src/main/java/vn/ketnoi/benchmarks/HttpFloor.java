package vn.ketnoi.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The transport floor: one pooled HttpClient 5 classic exchange with the sandbox and nothing else,
 * a GET of its JWKS (a small JSON body, no signature made or checked on either side). With the
 * cryptographic floor it bounds what any client of the protocol spends per call on this machine:
 * the HTTP exchange through the kernel is a cost no SDK layer can remove.
 */
public final class HttpFloor implements AutoCloseable {
    private final CloseableHttpClient http = RawLookup.httpClient();
    private final URI jwks;

    public HttpFloor(Target target) {
        this.jwks = URI.create(target.baseUri() + "/.well-known/jwks.json");
    }

    /** One exchange; returns the body's length. */
    public int exchange() {
        try {
            return http.execute(new HttpGet(jwks), response -> {
                if (response.getCode() != 200) {
                    throw new IllegalStateException("JWKS answered " + response.getCode());
                }
                return EntityUtils.toByteArray(response.getEntity()).length;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }
}
