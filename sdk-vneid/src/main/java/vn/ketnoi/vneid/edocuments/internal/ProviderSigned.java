package vn.ketnoi.vneid.edocuments.internal;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.internal.crypto.JwksCache;
import vn.ketnoi.core.internal.PlainClient;
import vn.ketnoi.core.internal.runtime.ClientRuntime;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Plain (unsigned-request) HTTP to the provider, and checks of JWS objects the provider signs with
 * the keys of its JWKS: status lists and callbacks (protocol sections 10.6 and 10.7).
 */
public final class ProviderSigned implements AutoCloseable {
    private final ClientRuntime runtime;
    private final boolean ownsRuntime;
    private final ClientConfig config;
    private final PlainClient plain;
    private final JwksCache keys;

    /** Why a provider-signed object was refused: a stable code and a message without personal data. */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        public Refusal(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** With a runtime of its own, closed with this object. */
    public ProviderSigned(ClientConfig config) {
        this(new ClientRuntime(config), true);
    }

    /** On a shared runtime, never closed here. */
    public ProviderSigned(KetnoiRuntime runtime) {
        this(ClientRuntime.of(runtime), false);
    }

    private ProviderSigned(ClientRuntime runtime, boolean owns) {
        this.runtime = runtime;
        this.ownsRuntime = owns;
        this.config = runtime.config();
        // Status lists take the plain profile with the edocuments service's interceptors and resilience.
        this.plain = new PlainClient(runtime, false, "edocuments", config);
        this.keys = runtime.providerKeys();
    }

    public ClientConfig config() {
        return config;
    }

    public Clock clock() {
        return config.clock();
    }

    /** A GET on the plain profile (no exchange headers or signature), within the configured call timeout. */
    public KetnoiResponse get(URI uri, String accept, String operation) {
        return plain.send(KetnoiRequest.builder("GET", uri).header("Accept", accept).operation(operation)
                .idempotent(true).build());
    }

    /**
     * Parses the compact JWS and checks its {@code typ}, algorithm, key and signature.
     *
     * @return the verified object
     * @throws Refusal with code {@code malformed}, {@code unknown-key} or {@code signature-invalid}
     */
    public JWSObject verify(String compact, String typ) throws Refusal {
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact);
        } catch (ParseException | RuntimeException e) {
            throw new Refusal("malformed", "not a compact JWS");
        }
        if (jws.getHeader().getType() == null || !typ.equals(jws.getHeader().getType().getType())) {
            throw new Refusal("malformed", "the JWS typ is not " + typ);
        }
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.PS256.equals(alg)) {
            // alg and kid are the sender's text, unverified yet: escaped and capped before they enter a message.
            throw new Refusal("signature-invalid", "the algorithm " + Untrusted.text(String.valueOf(alg), 64)
                    + " is not allowed");
        }
        String kid = jws.getHeader().getKeyID();
        if (kid == null) {
            throw new Refusal("malformed", "the JWS names no key (kid)");
        }
        Instant deadline = config.clock().instant().plus(config.httpOptions().callTimeout());
        JwksCache.Outcome outcome = keys.verify(kid, v -> {
            try {
                return v.supportedJWSAlgorithms().contains(alg) && jws.verify(v);
            } catch (JOSEException | IllegalStateException e) {
                return false;
            }
        }, deadline);
        if (outcome == JwksCache.Outcome.UNKNOWN_KEY) {
            throw new Refusal("unknown-key", "the key " + Untrusted.text(kid, 128) + " is not in the provider's key set");
        }
        if (outcome != JwksCache.Outcome.VERIFIED) {
            throw new Refusal("signature-invalid", "the provider's signature does not verify");
        }
        return jws;
    }

    @Override
    public void close() {
        if (ownsRuntime) {
            runtime.close();
        }
    }
}
