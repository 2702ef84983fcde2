package vn.ketnoi.core.spi;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.internal.crypto.Jose;
import vn.ketnoi.core.internal.http.Transport;
import vn.ketnoi.core.internal.runtime.ClientRuntime;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * A provider in memory, behind the {@link Transport} seam of {@link ApiClient}: it issues access
 * tokens, publishes its key set and signs every API answer as protocol section 5 says, so that the
 * engine's own steps (token, headers, signature, verification, retries, deadlines) run for real.
 * What an API call gets is decided per test by {@link #api}; {@link #serveOverHttp()} puts the same
 * provider behind a loopback HTTP server for the asynchronous path, whose transport cannot be
 * replaced.
 */
final class FakeProvider implements Transport {

    /** What the provider answers to one API request. */
    record Answer(int status, String body, Map<String, String> headers, boolean signed, String signedBody) {
        static Answer ok(String body) {
            return new Answer(200, body, Map.of(), true, body);
        }

        static Answer problem(int status, String code) {
            String body = "{\"type\":\"about:blank\",\"code\":\"" + code + "\",\"title\":\"" + code + "\",\"status\":" + status + "}";
            return new Answer(status, body, Map.of("Content-Type", "application/problem+json"), true, body);
        }

        /** Signed over one body, sent with another: what a tampering party on the path would produce. */
        static Answer tampered(String signed, String sent) {
            return new Answer(200, sent, Map.of(), true, signed);
        }

        static Answer unsigned(String body) {
            return new Answer(200, body, Map.of(), false, body);
        }
    }

    /** One request as it reached the provider, with the deadline the engine gave its transport. */
    record Sent(KetnoiRequest request, Instant deadline, Instant at) {
        String header(String name) {
            return request.headers().first(name).orElse(null);
        }
    }

    static final String AGENCY = "VN:GOV:000.00.15.H29";

    private final ECKey key;
    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final List<Sent> apiRequests = new ArrayList<>();
    volatile Function<KetnoiRequest, Answer> api = r -> Answer.ok("{\"ok\":true}");
    private volatile ClientConfig config;
    private HttpServer server;

    FakeProvider() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID("provider-1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static AgencyCredentials agencyCredentials() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return AgencyCredentials.of("agency-1", g.generateKeyPair().getPrivate(), List.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client configuration for this provider; the endpoint is the loopback server once started. */
    ClientConfig.Builder configFor(URI endpoint) {
        return ClientConfig.builder().endpoint(endpoint).agencyId(AGENCY).credentials(agencyCredentials());
    }

    ApiClient client(ClientConfig config) {
        this.config = config;
        return new ApiClient(new ClientRuntime(config, this), "population", e -> e);
    }

    /** A client whose requests reach this provider through {@code via} (a fake gateway in front of it). */
    ApiClient client(ClientConfig config, Transport via) {
        this.config = config;
        return new ApiClient(new ClientRuntime(config, via), "population", e -> e);
    }

    int tokensIssued() {
        return tokensIssued.get();
    }

    List<Sent> apiRequests() {
        synchronized (apiRequests) {
            return List.copyOf(apiRequests);
        }
    }

    @Override
    public KetnoiResponse send(KetnoiRequest request, Instant deadline) {
        ClientConfig c = config;
        if (request.uri().equals(c.tokenEndpoint())) {
            String token = "tok-" + tokensIssued.incrementAndGet();
            return json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}", request);
        }
        if (request.uri().equals(c.jwksUri())) {
            return json(200, new JWKSet(key.toPublicJWK()).toString(), request);
        }
        synchronized (apiRequests) {
            apiRequests.add(new Sent(request, deadline, clock.instant()));
        }
        Answer a = api.apply(request);
        HttpHeaders.Builder h = HttpHeaders.builder().add("Content-Type", "application/json");
        a.headers().forEach(h::set);
        if (a.signed()) {
            h.set("Ketnoi-Signature", sign(request, a.status(), a.signedBody()));
        }
        return new KetnoiResponse(a.status(), h.build(), a.body().getBytes(StandardCharsets.UTF_8), request);
    }

    private String sign(KetnoiRequest request, int status, String body) {
        List<String> sentSignatures = request.headers().all("Ketnoi-Signature");
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(config.providerIssuer())
                .audience(AGENCY)
                .claim("xri", request.headers().first("X-Road-Id").orElse(""))
                .claim("rqh", Jose.sha256(sentSignatures.size() == 1 ? sentSignatures.get(0) : ""))
                .claim("sts", status)
                .claim("bdh", Jose.sha256(body.getBytes(StandardCharsets.UTF_8)))
                .issueTime(Date.from(clock.instant()))
                .build();
        try {
            SignedJWT jws = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .type(new JOSEObjectType("ketnoi-response+jwt")).keyID(key.getKeyID()).build(), claims);
            jws.sign(new ECDSASigner(key));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KetnoiResponse json(int status, String body, KetnoiRequest request) {
        return new KetnoiResponse(status, HttpHeaders.builder().add("Content-Type", "application/json").build(),
                body.getBytes(StandardCharsets.UTF_8), request);
    }

    /** Serves the API over loopback HTTP, for the asynchronous transport; returns the base URL. */
    URI serveOverHttp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                URI uri = URI.create(baseUrl() + exchange.getRequestURI());
                KetnoiRequest.Builder b = KetnoiRequest.builder(exchange.getRequestMethod(), uri);
                exchange.getRequestHeaders().forEach((name, values) -> values.forEach(v -> b.addHeader(name, v)));
                KetnoiResponse r = send(b.body(exchange.getRequestBody().readAllBytes()).build(), clock.instant().plusSeconds(30));
                r.headers().toList().forEach(e -> exchange.getResponseHeaders().add(e.getKey(), e.getValue()));
                exchange.sendResponseHeaders(r.status(), r.bodyLength() == 0 ? -1 : r.bodyLength());
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(r.body());
                }
            }
        });
        server.start();
        return URI.create(baseUrl());
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
