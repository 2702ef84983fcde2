package vn.ketnoi.testkit;

import java.util.List;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.exchange.ServiceId;

/**
 * Client configurations that reach a running sandbox as one of its registered agencies, directly
 * or through exchange-layer gateways ({@link SandboxTopology}): the run's topology (system
 * property {@value SandboxTopology#PROPERTY}) unless one is named.
 */
public final class SandboxClients {
    private SandboxClients() {
    }

    /**
     * {@return a configuration for the sandbox's default agency (every field granted, ES256 key), in the run's topology}
     *
     * @param sandbox the running sandbox
     */
    public static ClientConfig configFor(KetnoiSandbox sandbox) {
        return configFor(sandbox, sandbox.defaultAgency());
    }

    /**
     * {@return a configuration for the given agency of the sandbox, in the run's topology ({@link SandboxTopology#current()})}
     *
     * @param sandbox the running sandbox
     * @param agency one of its agencies ({@link KetnoiSandbox#agencies()})
     */
    public static ClientConfig configFor(KetnoiSandbox sandbox, SandboxAgency agency) {
        return configFor(sandbox, agency, SandboxTopology.current());
    }

    /**
     * A configuration for the given agency of the sandbox, in the given topology. Through
     * gateways, the population and e-documents services, VNeID sign-in's back channel, the
     * provider's token endpoint and its key set are routed to the agency-facing gateway
     * ({@link KetnoiSandbox#gateways}), which is registered with the agency's key and secret there;
     * the endpoint and the provider's issuer stay the sandbox's (the citizen's browser reaches the
     * VNeID authorization endpoint directly). A sandbox that serves HTTPS is always reached directly.
     *
     * @param sandbox the running sandbox
     * @param agency one of its agencies
     * @param topology direct, through one gateway, or through two
     * @return the configuration
     */
    public static ClientConfig configFor(KetnoiSandbox sandbox, SandboxAgency agency, SandboxTopology topology) {
        ClientConfig.Builder b = direct(sandbox, agency);
        if (sandbox.isHttps() || topology == SandboxTopology.DIRECT) {
            return b.build();
        }
        SandboxTopology.Gateways gateways = sandbox.topologyGateways(topology).orElseThrow();
        SandboxGateway lgsp = gateways.first();
        for (ServiceId service : lgsp.services()) {
            b.route(service, lgsp.serviceUrl(service));
        }
        return b.tokenEndpoint(lgsp.passThroughUrl(SandboxGateway.PROVIDER_TOKEN_PATH))
                .jwksUri(lgsp.passThroughUrl(SandboxGateway.PROVIDER_JWKS_PATH))
                .gateway(Gateway.builder().name(lgsp.name()).url(lgsp.url())
                        .credentials(lgsp.credentialsFor(SandboxTopology.Gateways.applicationKey(agency))).build())
                .build();
    }

    private static ClientConfig.Builder direct(KetnoiSandbox sandbox, SandboxAgency agency) {
        ClientConfig.Builder b = ClientConfig.builder();
        if (sandbox.isHttps()) {
            vn.ketnoi.core.TlsOptions.Builder tls = vn.ketnoi.core.TlsOptions.builder()
                    .trustAnchors(List.of(sandbox.tlsCertificateAuthority()));
            if (sandbox.requiresClientCertificates()) {
                tls.clientCertificate(sandbox.issueClientCertificate(agency.id()));
            }
            b.tls(tls.build());
        }
        return b
                .endpoint(sandbox.baseUri())
                .agencyId(agency.id())
                .credentials(AgencyCredentials.of(agency.keyId(), agency.privateKey(), List.of()))
                .providerIssuer(sandbox.issuer())
                // The sandbox listens on loopback: never send it through a proxy the environment names.
                .proxy(ProxyOptions.none());
    }
}
