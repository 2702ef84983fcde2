package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Finding 13: a configuration copied with {@code toBuilder()} and pointed at another provider
 * takes that provider's token endpoint, issuer and keys; only what was set explicitly is carried.
 * Two sandboxes, each with its own keys, over HTTP.
 */
class EndpointChangeTest {
    private static KetnoiSandbox first;
    private static KetnoiSandbox second;

    @BeforeAll
    static void start() {
        first = KetnoiSandbox.builder().populationSize(50).build().start();
        second = KetnoiSandbox.builder().populationSize(50).build().start();
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    private static AgencyCredentials credentials(SandboxAgency a) {
        return AgencyCredentials.of(a.keyId(), a.privateKey(), List.of());
    }

    @Test
    @DisplayName("Finding 13: toBuilder().endpoint(B) sends the token request to B and verifies with B's keys")
    void derivedValuesFollowTheNewEndpoint() {
        ClientConfig atFirst = ClientConfig.builder().endpoint(first.baseUri()).agencyId(KetnoiSandbox.DEFAULT_AGENCY_ID)
                .credentials(credentials(first.defaultAgency())).proxy(ProxyOptions.none()).build();
        ClientConfig atSecond = atFirst.toBuilder().endpoint(second.baseUri())
                .credentials(credentials(second.defaultAgency())).build();

        assertEquals(second.tokenEndpoint(), atSecond.tokenEndpoint());
        assertEquals(second.jwksUri(), atSecond.jwksUri());
        assertEquals(second.issuer(), atSecond.providerIssuer());

        first.stats().reset();
        second.stats().reset();
        SyntheticCitizen c = second.population().anyLiving();
        try (PopulationClient population = PopulationClient.create(atSecond)) {
            Citizen citizen = population.lookup(PopulationLookupTest.requestFor(c).fields(CitizenField.FULL_NAME)
                    .build());
            assertEquals(c.idNumber(), citizen.idNumber().value());
        }
        assertEquals(0, first.stats().tokenRequests() + first.stats().jwksRequests() + first.stats().apiRequests(),
                "nothing, least of all the bearer token, goes to the old provider");
        assertEquals(1, second.stats().tokenRequests());
        assertEquals(1, second.stats().jwksRequests());
    }

    @Test
    @DisplayName("Finding 13: what the user set explicitly is carried")
    void explicitValuesAreCarried() {
        URI token = URI.create("https://auth.dancu.example.vn/oauth2/token");
        ClientConfig c = ClientConfig.builder().endpoint(URI.create("https://api.dancu.example.vn"))
                .agencyId(KetnoiSandbox.DEFAULT_AGENCY_ID).credentials(credentials(first.defaultAgency()))
                .tokenEndpoint(token).providerIssuer("https://dancu.example.vn").build()
                .toBuilder().endpoint(URI.create("https://api2.dancu.example.vn")).build();
        assertEquals(token, c.tokenEndpoint());
        assertEquals("https://dancu.example.vn", c.providerIssuer());
        assertEquals(URI.create("https://api2.dancu.example.vn/.well-known/jwks.json"), c.jwksUri(),
                "the key set was not set, so it follows the endpoint");
    }
}
