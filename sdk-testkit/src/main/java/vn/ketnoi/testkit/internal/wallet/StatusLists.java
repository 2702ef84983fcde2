package vn.ketnoi.testkit.internal.wallet;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import vn.ketnoi.testkit.internal.ProviderKeys;
import vn.ketnoi.testkit.internal.Texts;
import vn.ketnoi.testkit.internal.wallet.Documents.Doc;

/**
 * The public status list of each agency (section 10.6), signed by the provider and cacheable for
 * five minutes: every document the wallet accepted, with its version and the digest of its
 * current JWS, marked {@code VALID}, {@code SUSPENDED} or {@code REVOKED}.
 */
final class StatusLists {
    static final String PATH = "/edocuments/v1/status-lists/";
    private static final int TTL = 300;

    private final Documents documents;
    private final Clock clock;
    private final Supplier<String> issuer;
    private final ProviderKeys providerKeys;

    StatusLists(Documents documents, Clock clock, Supplier<String> issuer, ProviderKeys providerKeys) {
        this.documents = documents;
        this.clock = clock;
        this.issuer = issuer;
        this.providerKeys = providerKeys;
    }

    URI uri(String agencyId) {
        return URI.create(issuer.get() + PATH + URLEncoder.encode(agencyId, StandardCharsets.UTF_8));
    }

    void handle(ClassicHttpRequest request, ClassicHttpResponse response, HttpContext ctx) {
        if (!"GET".equals(request.getMethod())) {
            response.setCode(405);
            response.setHeader("Allow", "GET");
            return;
        }
        String path = request.getRequestUri();
        int q = path.indexOf('?');
        String raw = (q < 0 ? path : path.substring(0, q)).substring(PATH.length());
        String agencyId = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        if (!agencyId.startsWith("VN:")) {
            response.setCode(404);
            return;
        }
        Instant now = clock.instant();
        // Every document the wallet accepted, with the digest of its current version: a document
        // missing from the list, or differing from its digest, was never accepted (section 10.6).
        Map<String, Object> entries = new LinkedHashMap<>();
        synchronized (documents.lock) {
            for (Doc d : documents.all()) {
                if (d.agencyId.equals(agencyId)) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("status", d.status.equals("SUSPENDED") || d.status.equals("REVOKED") ? d.status : "VALID");
                    e.put("version", d.versions.size());
                    e.put("digest", Texts.sha256B64(d.latest().getBytes(StandardCharsets.US_ASCII)));
                    entries.put(d.documentId, e);
                }
            }
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.get());
        claims.put("sub", uri(agencyId).toString());
        claims.put("agency", agencyId);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + TTL);
        claims.put("ttl", TTL);
        claims.put("documents", entries);
        response.setCode(200);
        response.setHeader("Cache-Control", "public, max-age=" + TTL);
        response.setEntity(new ByteArrayEntity(providerKeys.sign("statuslist+jwt", claims).getBytes(StandardCharsets.US_ASCII),
                ContentType.create("application/statuslist+jwt")));
    }
}
