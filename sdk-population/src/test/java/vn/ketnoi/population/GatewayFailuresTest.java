package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.GatewayCredentialException;
import vn.ketnoi.core.exception.GatewayUnavailableException;
import vn.ketnoi.core.exception.QuotaExceededException;
import vn.ketnoi.core.exception.RouteForbiddenException;
import vn.ketnoi.core.exception.RouteUnknownException;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxGateway;
import vn.ketnoi.testkit.SandboxTopology;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * What the agency sees when the gateway in front of the provider fails, each failure commanded
 * of the sandbox's LGSP: a typed exchange-layer exception with the right retry decision, never
 * data and never a provider verdict. The provider never sees these calls.
 */
@Tag("own-topology") // it names its topology itself: run once, not once per topology
@Requirement(value = "R-6.4", side = Side.SDK)
class GatewayFailuresTest {
    static KetnoiSandbox sandbox;
    static SandboxGateway lgsp;
    static ClientConfig config;

    @BeforeAll
    static void start() {
        sandbox = KetnoiSandbox.builder().populationSize(200).build().start();
        // Retries off: each failure is seen as it is, with the decision a retry policy would act on.
        config = SandboxClients.configFor(sandbox, sandbox.defaultAgency(), SandboxTopology.GATEWAY).toBuilder()
                .resilience(ResilienceOptions.disabled())
                .httpOptions(HttpOptions.defaults().toBuilder().responseTimeout(Duration.ofSeconds(1)).build())
                .build();
        lgsp = sandbox.gateways(SandboxTopology.GATEWAY).get(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void clear() {
        lgsp.faults().clear();
    }

    static LookupRequest lookup() {
        SyntheticCitizen c = sandbox.population().anyLiving();
        return LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                .fields(CitizenField.FULL_NAME).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test")).build();
    }

    @Test
    void aRefusedGatewayTokenIsRenewedOnceAndTheCallRepeated() {
        try (PopulationClient population = PopulationClient.create(config)) {
            population.lookup(lookup());
            long issued = lgsp.stats().tokensIssued();
            lgsp.revokeTokens();
            population.lookup(lookup());
            assertEquals(issued + 1, lgsp.stats().tokensIssued());
        }
    }

    @Test
    void aGatewayCredentialRefusedAgainIsGatewayCredentialException() {
        try (PopulationClient population = PopulationClient.create(config)) {
            population.lookup(lookup());
            lgsp.faults().status(401, 2);
            long issued = lgsp.stats().tokensIssued();
            GatewayCredentialException e = assertThrows(GatewayCredentialException.class,
                    () -> population.lookup(lookup()));
            assertEquals("exchange.gateway-credential-refused", e.errorCode());
            assertEquals(401, e.statusCode());
            assertFalse(e.isRetryable());
            assertEquals(issued + 1, lgsp.stats().tokensIssued(), "renewed once, then given up");
            assertEquals(0, lgsp.faults().pending());
        }
    }

    @Test
    void aServiceTheApplicationIsNotSubscribedToIsRouteForbidden() {
        try (PopulationClient population = PopulationClient.create(config)) {
            population.lookup(lookup());
            lgsp.faults().status(403, 1);
            RouteForbiddenException e = assertThrows(RouteForbiddenException.class, () -> population.lookup(lookup()));
            assertEquals("exchange.route-forbidden", e.errorCode());
            assertFalse(e.isRetryable());
        }
    }

    @Test
    void aServiceTheGatewayDoesNotPublishIsRouteUnknown() {
        // Routed to a version the LGSP does not publish: its own 404, not the provider's.
        URI wrong = URI.create(lgsp.url() + lgsp.pathPrefix() + "/VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v9");
        ClientConfig c = config.toBuilder().route(PopulationClient.SERVICE, wrong).build();
        long calls = sandbox.stats().apiRequests();
        try (PopulationClient population = PopulationClient.create(c)) {
            RouteUnknownException e = assertThrows(RouteUnknownException.class, () -> population.lookup(lookup()));
            assertEquals("exchange.route-unknown", e.errorCode());
            assertEquals(404, e.statusCode());
            assertFalse(e.isRetryable());
        }
        assertEquals(calls, sandbox.stats().apiRequests());
        assertTrue(lgsp.stats().refused("route_unknown") >= 1);
    }

    @Test
    void aSpentQuotaIsQuotaExceededWithRetryAfter() {
        try (PopulationClient population = PopulationClient.create(config)) {
            population.lookup(lookup());
            lgsp.faults().status(429, 1, Duration.ofSeconds(3));
            QuotaExceededException e = assertThrows(QuotaExceededException.class, () -> population.lookup(lookup()));
            assertEquals("exchange.quota-exceeded", e.errorCode());
            assertEquals(Duration.ofSeconds(3), e.retryAfter().orElseThrow());
            assertTrue(e.isRetryable(), "a read may be sent again after Retry-After");
        }
    }

    @Test
    void anHtmlErrorPageIsGatewayUnavailableAndIsNotQuoted() {
        try (PopulationClient population = PopulationClient.create(config)) {
            population.lookup(lookup());
            lgsp.faults().htmlBadGateway(1);
            GatewayUnavailableException e = assertThrows(GatewayUnavailableException.class,
                    () -> population.lookup(lookup()));
            assertEquals("exchange.gateway-unavailable", e.errorCode());
            assertEquals(502, e.statusCode());
            assertTrue(e.isRetryable());
            assertFalse(e.getMessage().contains("<"), e.getMessage());
            assertFalse(e.getMessage().contains("nginx"), e.getMessage());
        }
    }

    @Test
    void aGatewayTimeoutIsGatewayUnavailable() {
        try (PopulationClient population = PopulationClient.create(config)) {
            population.lookup(lookup());
            lgsp.faults().status(504, 1).status(503, 1, Duration.ofSeconds(2));
            GatewayUnavailableException timeout = assertThrows(GatewayUnavailableException.class,
                    () -> population.lookup(lookup()));
            assertEquals(504, timeout.statusCode());
            assertTrue(timeout.isRetryable());
            GatewayUnavailableException unavailable = assertThrows(GatewayUnavailableException.class,
                    () -> population.lookup(lookup()));
            assertEquals(503, unavailable.statusCode());
            assertEquals(Duration.ofSeconds(2), unavailable.retryAfter().orElseThrow());
        }
    }

    @Test
    void anyOtherGatewayStatusIsAPlainExchangeLayerError() {
        try (PopulationClient population = PopulationClient.create(config)) {
            population.lookup(lookup());
            lgsp.faults().status(418, 1);
            ExchangeLayerException e = assertThrows(ExchangeLayerException.class, () -> population.lookup(lookup()));
            assertEquals("exchange.gateway-error", e.errorCode());
            assertFalse(e.isRetryable());
        }
    }

    @Test
    void aDroppedConnectionIsATransportFailure() {
        try (PopulationClient population = PopulationClient.create(config)) {
            population.lookup(lookup());
            lgsp.faults().dropConnection(1);
            TransportException e = assertThrows(TransportException.class, () -> population.lookup(lookup()));
            assertTrue(e.isRetryable(), "a read may be sent again: " + e.errorCode());
        }
    }

    @Test
    void aSlowGatewayIsATimeout() {
        try (PopulationClient population = PopulationClient.create(config)) {
            population.lookup(lookup());
            lgsp.faults().delay(Duration.ofSeconds(3), 1);
            TransportException e = assertThrows(TransportException.class, () -> population.lookup(lookup()));
            assertEquals("transport.timeout", e.errorCode());
        }
    }

    @Test
    void withRetriesOnAPassingGatewayFailureIsRetriedAway() {
        ClientConfig retrying = config.toBuilder().resilience(ResilienceOptions.defaults()).build();
        try (PopulationClient population = PopulationClient.create(retrying)) {
            population.lookup(lookup());
            long forwarded = lgsp.stats().forwarded(PopulationClient.SERVICE);
            lgsp.faults().htmlBadGateway(1);
            population.lookup(lookup());
            assertEquals(forwarded + 1, lgsp.stats().forwarded(PopulationClient.SERVICE));
            assertEquals(0, lgsp.faults().pending());
        }
    }
}
