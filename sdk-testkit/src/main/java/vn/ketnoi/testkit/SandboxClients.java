package vn.ketnoi.testkit;

import java.util.List;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.credential.AgencyCredentials;

/** Client configurations that reach a running sandbox as one of its registered agencies. */
public final class SandboxClients {
    private SandboxClients() {
    }

    /**
     * {@return a configuration for the sandbox's default agency (every field granted, ES256 key)}
     *
     * @param sandbox the running sandbox
     */
    public static ClientConfig configFor(KetnoiSandbox sandbox) {
        return configFor(sandbox, sandbox.defaultAgency());
    }

    /**
     * {@return a configuration for the given agency of the sandbox}
     *
     * @param sandbox the running sandbox
     * @param agency one of its agencies ({@link KetnoiSandbox#agencies()})
     */
    public static ClientConfig configFor(KetnoiSandbox sandbox, SandboxAgency agency) {
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
                .proxy(ProxyOptions.none())
                .build();
    }
}
