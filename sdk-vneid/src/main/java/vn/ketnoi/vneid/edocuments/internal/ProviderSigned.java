package vn.ketnoi.vneid.edocuments.internal;

import java.net.URI;
import java.time.Clock;


import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.spi.PlainClient;
import vn.ketnoi.core.spi.ProviderJws;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Plain (unsigned-request) HTTP to the provider, and checks of JWS objects the provider signs with
 * the keys of its JWKS: status lists and callbacks (protocol sections 10.6 and 10.7).
 */
public final class ProviderSigned implements AutoCloseable {
    private static final String SERVICE = "edocuments";
    private final ClientConfig config;
    private final PlainClient plain;

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
        this(new PlainClient(config, SERVICE));
    }

    /** On a shared runtime, never closed here. */
    public ProviderSigned(KetnoiRuntime runtime) {
        this(new PlainClient(runtime, SERVICE));
    }

    private ProviderSigned(PlainClient plain) {
        // Status lists take the plain profile with the edocuments service's interceptors and resilience.
        this.plain = plain;
        this.config = plain.config();
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
     * Checks a provider-signed JWS with the runtime's one verifier ({@link ProviderJws}).
     *
     * @return the verified payload, whose claims are still to be checked
     * @throws Refusal with code {@code malformed}, {@code unknown-key} or {@code signature-invalid}
     */
    public byte[] verify(String compact, String typ) throws Refusal {
        try {
            return plain.providerJws().verify(compact, typ).payload();
        } catch (ProviderJws.Refusal r) {
            throw new Refusal(switch (r.failure()) {
                case MALFORMED -> "malformed";
                case UNKNOWN_KEY -> "unknown-key";
                case ALGORITHM_NOT_ALLOWED, SIGNATURE_INVALID -> "signature-invalid";
            }, r.getMessage());
        }
    }

    @Override
    public void close() {
        plain.close(); // closes the runtime only when it is this object's own
    }
}
