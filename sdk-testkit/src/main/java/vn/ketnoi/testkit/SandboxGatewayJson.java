package vn.ketnoi.testkit;

import java.net.URI;
import java.util.function.Supplier;

import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.exchange.GatewayCredentials;
import vn.ketnoi.testkit.internal.population.GatewayJsonService;

/**
 * The sandbox's {@code gateway-json} profile ({@code docs/wire-profiles.md}, {@code docs/testing.md}):
 * an LGSP-style gateway in front of the same synthetic population, at {@code {base}/gw-json}.
 * Register an application for an agency to get its key and secret; the agency's grant (scopes
 * and fields) is the one it has in the Ketnoi protocol, and the identity rules are the same.
 *
 * <pre>{@code
 * SandboxGatewayJson.Application app = sandbox.gatewayJson().application(KetnoiSandbox.DEFAULT_AGENCY_ID);
 * ClientConfig config = SandboxClients.configFor(sandbox).toBuilder()
 *         .gateway(app.gateway("lgsp"))
 *         .route(PopulationClient.SERVICE, sandbox.gatewayJson().url())
 *         .build();
 * }</pre>
 */
public final class SandboxGatewayJson {
    private final GatewayJsonService service;
    private final Supplier<URI> base;

    SandboxGatewayJson(GatewayJsonService service, Supplier<URI> base) {
        this.service = service;
        this.base = base;
    }

    /** {@return the gateway's URL: the services are under it, by name, and the token URL too} */
    public URI url() {
        return URI.create(base.get() + GatewayJsonService.PREFIX);
    }

    /** {@return where an application's key and secret are exchanged for a gateway token} */
    public URI tokenUrl() {
        return URI.create(url() + "/token");
    }

    /**
     * Registers an application of an agency, without a quota.
     *
     * @param agencyId a registered agency of the sandbox
     * @return its key and secret
     */
    public Application application(String agencyId) {
        return application(agencyId, 0);
    }

    /**
     * Registers an application of an agency whose service calls beyond {@code callsPerMinute} in
     * any minute are refused with 429 and {@code maLoi} 429.
     *
     * @param agencyId       a registered agency of the sandbox
     * @param callsPerMinute the quota; 0 for none
     * @return its key and secret
     */
    public Application application(String agencyId, int callsPerMinute) {
        GatewayJsonService.App app = service.register(agencyId, callsPerMinute);
        return new Application(app.key(), app.secret(), app.agencyId(), tokenUrl(), url());
    }

    /** An application the gateway knows: its key and secret. {@link #toString()} hides the secret. */
    public static final class Application {
        private final String key;
        private final String secret;
        private final String agencyId;
        private final URI tokenUrl;
        private final URI url;

        Application(String key, String secret, String agencyId, URI tokenUrl, URI url) {
            this.key = key;
            this.secret = secret;
            this.agencyId = agencyId;
            this.tokenUrl = tokenUrl;
            this.url = url;
        }

        /** {@return the application key} */
        public String key() {
            return key;
        }

        /** {@return the secret key (a secret: never log it)} */
        public String secret() {
            return secret;
        }

        /** {@return the agency the application belongs to} */
        public String agencyId() {
            return agencyId;
        }

        /** {@return the credential the SDK needs: key and secret at the token URL, the token sent in {@code Authorization}} */
        public GatewayCredentials credentials() {
            return GatewayCredentials.keyAndSecret(tokenUrl, key, secret).withHeader("Authorization");
        }

        /**
         * The gateway as the SDK's configuration takes it.
         *
         * @param name the gateway's name in the configuration
         * @return the gateway, covering {@link SandboxGatewayJson#url()}
         */
        public Gateway gateway(String name) {
            return Gateway.builder().name(name).url(url).credentials(credentials()).build();
        }

        @Override
        public String toString() {
            return "Application[key=" + key + ", agencyId=" + agencyId + ", secret=***]";
        }
    }
}
