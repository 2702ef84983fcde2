package vn.ketnoi.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.population.wire.GatewayJsonWire;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxGateway;
import vn.ketnoi.testkit.SandboxGatewayJson;
import vn.ketnoi.testkit.SandboxTopology;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The tour's exchange chapter: the same lookup straight to the provider, through a provincial
 * LGSP, and through the LGSP and the national NDXP; what the gateways change and what they cannot;
 * a gateway's own refusal as a typed exception; and the LGSP-style wire profile that carries no
 * end-to-end signature, which the SDK uses only when told to. Personal data is printed masked.
 */
public final class ExchangeTourChapter {
    private ExchangeTourChapter() {
    }

    /**
     * Runs the chapter.
     *
     * @param sandbox a started sandbox
     * @param out where to write
     */
    public static void run(KetnoiSandbox sandbox, PrintStream out) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        LookupRequest request = LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                .birthDate(c.birthDate()).fields(CitizenField.SEX)
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.tour")).build();

        out.printf("   the population service's id: %s%n", PopulationClient.SERVICE);
        for (SandboxTopology topology : SandboxTopology.values()) {
            // The application code is the same in each: only the configuration's routes differ.
            ClientConfig config = SandboxClients.configFor(sandbox, sandbox.defaultAgency(), topology);
            try (PopulationClient population = PopulationClient.create(config)) {
                Citizen citizen = population.lookup(request);
                out.printf("   %-13s %s -> %s: verified end to end (%s)%n", topology.wireName(),
                        config.serviceUrl(PopulationClient.SERVICE, "/population/v1"), citizen.idNumber().masked(),
                        citizen.integrity());
            }
        }
        List<SandboxGateway> chain = sandbox.gateways(SandboxTopology.GATEWAY_CHAIN);
        for (SandboxGateway g : chain) {
            out.printf("   %s forwarded %d population call(s), issued %d gateway token(s)%n", g.name(),
                    g.stats().forwarded(PopulationClient.SERVICE), g.stats().tokensIssued());
        }
        out.printf("   the provider saw the gateways' credential on %d request(s)%n",
                sandbox.stats().requestsCarrying("Gateway-Authorization"));

        ClientConfig throughLgsp = SandboxClients.configFor(sandbox, sandbox.defaultAgency(), SandboxTopology.GATEWAY)
                .toBuilder().resilience("population", ResilienceOptions.disabled()).build();
        SandboxGateway lgsp = sandbox.gateways(SandboxTopology.GATEWAY).get(0);
        try (PopulationClient population = PopulationClient.create(throughLgsp)) {
            lgsp.faults().status(429, 1, Duration.ofSeconds(30));
            try {
                population.lookup(request);
            } catch (ExchangeLayerException e) {
                out.printf("   the LGSP's quota spent -> %s (%s), retry after %s, safe to retry: %s%n",
                        e.getClass().getSimpleName(), e.errorCode(), retryAfter(e), e.isRetryable());
            }
            lgsp.faults().tamperRequestHeader("X-Road-UserId", operator -> "VN:someone.else");
            try {
                population.lookup(request);
            } catch (KetnoiException e) {
                out.printf("   a gateway naming another operator -> %s, from the provider%n", e.errorCode());
            } finally {
                lgsp.faults().clear();
            }
        }

        // A gateway that speaks its own JSON and signs nothing: used only when the caller says so.
        SandboxGatewayJson.Application app = sandbox.gatewayJson().application(sandbox.defaultAgency().id());
        ClientConfig gatewayJson = SandboxClients.configFor(sandbox, sandbox.defaultAgency()).toBuilder()
                .gateway(app.gateway("lgsp-json")).route(PopulationClient.SERVICE, sandbox.gatewayJson().url()).build();
        try {
            PopulationClient.builder(gatewayJson).wire(GatewayJsonWire.create(gatewayJson)).build().close();
        } catch (KetnoiException e) {
            out.printf("   gateway-json profile without consent -> %s%n", e.errorCode());
        }
        try (PopulationClient population = PopulationClient.builder(gatewayJson)
                .wire(GatewayJsonWire.create(gatewayJson)).acceptTransportOnlyIntegrity().build()) {
            Citizen citizen = population.lookup(request);
            out.printf("   gateway-json profile, accepted: %s, integrity %s%n", citizen.idNumber().masked(),
                    citizen.integrity());
        }
    }

    private static String retryAfter(ExchangeLayerException e) {
        return e instanceof vn.ketnoi.core.exception.QuotaExceededException q
                ? q.retryAfter().map(Duration::toString).orElse("-") : "-";
    }
}
