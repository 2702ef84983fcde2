package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxGateway;
import vn.ketnoi.testkit.SandboxTopology;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Sign-in's back channel (discovery, key set, PAR, token, CIBA) can cross the exchange layer like
 * the other services: a route for {@link VneidAuthClient#SERVICE} sends it through one gateway or
 * two, with the gateway's credential, while the issuer stays the identifier tokens are checked
 * against and the citizen's browser still goes to the authorization endpoint the provider publishes.
 */
@Tag("own-topology")
class SignInThroughGatewaysTest {
    static final URI CALLBACK = URI.create("http://127.0.0.1:9/callback");
    static KetnoiSandbox sandbox;
    private final LoginPageDriver browser = new LoginPageDriver();

    @BeforeAll
    static void start() {
        sandbox = KetnoiSandbox.builder().populationSize(100).build().start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(value = SandboxTopology.class, names = {"GATEWAY", "GATEWAY_CHAIN"})
    void aSignInCrossesTheGatewaysAndTheGatewayCredentialNeverReachesTheProvider(SandboxTopology topology) {
        ClientConfig config = SandboxClients.configFor(sandbox, sandbox.defaultAgency(), topology);
        List<SandboxGateway> gateways = sandbox.gateways(topology);
        gateways.forEach(g -> g.stats().reset());
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        VneidAuthConfig rp = VneidAuthConfig.from(config).redirectUri(CALLBACK).build();
        assertEquals(config.routes().get(VneidAuthClient.SERVICE), rp.backChannel(),
                "the agency configuration's route for the sign-in service is the back channel");
        try (VneidAuthClient vneid = VneidAuthClient.create(rp)) {
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            assertTrue(start.authorizationUri().toString().startsWith(sandbox.issuer()),
                    "the browser goes to the provider's own authorization endpoint: " + start.authorizationUri());
            VneidLogin login = vneid.completeLogin(start.state(), browser.callback(start.authorizationUri(), demo.idNumber(), 2));
            assertEquals(demo.idNumber(), login.identity().idNumber().orElseThrow().value());
        }
        for (SandboxGateway g : gateways) {
            // discovery, PAR, token and key set at least: every back-channel exchange went through each gateway
            assertTrue(g.stats().forwarded(VneidAuthClient.SERVICE) >= 4,
                    g.name() + " forwarded the sign-in's back channel: " + g.stats());
        }
        assertEquals(0, sandbox.stats().requestsCarrying("Gateway-Authorization"),
                "the gateway's credential stays between the agency and the gateway");
    }
}
