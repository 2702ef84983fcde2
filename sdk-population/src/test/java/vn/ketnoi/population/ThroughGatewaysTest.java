package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.config.ConfigLoader;
import vn.ketnoi.core.exception.GatewayCredentialException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.SignatureRejectedException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxGateway;
import vn.ketnoi.testkit.SandboxMain;
import vn.ketnoi.testkit.SandboxTopology;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * The exchange layer between agency and provider: one gateway (an LGSP) or two (LGSP → NDXP)
 * forward the calls to another host, port and path, and add, rewrite and drop hop-by-hop headers.
 * End-to-end signatures bind the service id and the path within the service, so they verify
 * through it; anything end-to-end a gateway alters fails with a named check, at the provider for
 * the request and in the SDK for the answer. The gateway's credential stays between agency and
 * gateway, and the gateway checks it, not the agency's access token.
 */
@Tag("own-topology") // it names its topologies itself: run once, not once per topology
class ThroughGatewaysTest {
    static final String OPERATOR = "VN:canbo.test";
    static KetnoiSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = KetnoiSandbox.builder().populationSize(300).build().start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void noFaultsLeft() {
        for (SandboxTopology t : List.of(SandboxTopology.GATEWAY, SandboxTopology.GATEWAY_CHAIN)) {
            sandbox.gateways(t).forEach(g -> g.faults().clear());
        }
    }

    static PopulationClient client(SandboxTopology topology) {
        return PopulationClient.create(SandboxClients.configFor(sandbox, sandbox.defaultAgency(), topology));
    }

    static SyntheticCitizen someone() {
        return sandbox.population().find(c -> !c.isDeceased() && c.hasFullBirthDate() && c.headIdNumber() != null)
                .orElseThrow();
    }

    static LookupRequest lookupOf(SyntheticCitizen c) {
        return LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                .fields(CitizenField.FULL_NAME, CitizenField.PERMANENT_RESIDENCE)
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();
    }

    /** The gateway nearest the provider: the one whose tampering the provider sees first. */
    static SandboxGateway last(SandboxTopology topology) {
        List<SandboxGateway> chain = sandbox.gateways(topology);
        return chain.get(chain.size() - 1);
    }

    @ParameterizedTest
    @EnumSource(value = SandboxTopology.class, names = {"GATEWAY", "GATEWAY_CHAIN"})
    @Requirement(value = "R-4.12", side = Side.SDK)
    void lookupVerifyAndHouseholdVerifyWhenGatewaysRewriteHostPortPathAndHopByHopHeaders(SandboxTopology topology) {
        ClientConfig config = SandboxClients.configFor(sandbox, sandbox.defaultAgency(), topology);
        URI routed = config.serviceUrl(PopulationClient.SERVICE, "/population/v1");
        URI provider = sandbox.baseUri();
        assertNotEquals(provider.getHost(), routed.getHost());
        assertNotEquals(provider.getPort(), routed.getPort());
        assertTrue(routed.getPath().startsWith("/lgsp/r1/"), routed.getPath());
        List<SandboxGateway> chain = sandbox.gateways(topology);
        chain.forEach(g -> g.stats().reset());
        long via = sandbox.stats().requestsCarrying("Via");
        SyntheticCitizen c = someone();

        try (PopulationClient population = PopulationClient.create(config)) {
            assertEquals(c.fullName(), population.lookup(lookupOf(c)).fullName().orElseThrow());
            assertTrue(population.verify(VerifyRequest.builder().idNumber(c.idNumber())
                    .fullName(c.fullName()).birthDate(c.birthDate()).context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, OPERATOR)).build()).allMatch());
            assertEquals(c.householdId(), population.household(HouseholdRequest.builder().idNumber(c.idNumber())
                    .fullName(c.fullName()).birthDate(c.birthDate()).context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build()).householdId());
        }
        for (SandboxGateway g : chain) {
            assertEquals(3, g.stats().forwarded(PopulationClient.SERVICE), g.name() + " forwarded every call");
        }
        assertTrue(sandbox.stats().requestsCarrying("Via") >= via + 3, "the calls reached the provider through gateways");
    }

    @ParameterizedTest
    @EnumSource(value = SandboxTopology.class, names = {"GATEWAY", "GATEWAY_CHAIN"})
    void theGatewayCredentialNeverReachesTheProvider(SandboxTopology topology) {
        try (PopulationClient population = client(topology)) {
            population.lookup(lookupOf(someone()));
        }
        assertTrue(sandbox.gateways(topology).get(0).stats().tokensIssued() >= 1);
        assertEquals(0, sandbox.stats().requestsCarrying("Gateway-Authorization"));
    }

    @Test
    void theGatewayChecksItsOwnCredentialNotTheAgencysAccessToken() {
        ClientConfig through = SandboxClients.configFor(sandbox, sandbox.defaultAgency(), SandboxTopology.GATEWAY);
        SandboxGateway lgsp = sandbox.gateways(SandboxTopology.GATEWAY).get(0);
        // The provider token is fetched straight from the provider; the call goes to the LGSP
        // with that token in Authorization, but without the LGSP's own credential.
        ClientConfig noGatewayCredential = ClientConfig.builder()
                .endpoint(sandbox.baseUri()).providerIssuer(sandbox.issuer())
                .agencyId(through.agencyId()).credentials(through.credentials())
                .route(PopulationClient.SERVICE, through.serviceUrl(PopulationClient.SERVICE, "/population/v1"))
                .proxy(vn.ketnoi.core.ProxyOptions.none())
                .build();
        long refused = lgsp.stats().refused("invalid_token");
        long calls = sandbox.stats().apiRequests();
        try (PopulationClient population = PopulationClient.create(noGatewayCredential)) {
            GatewayCredentialException e = assertThrows(GatewayCredentialException.class,
                    () -> population.lookup(lookupOf(someone())));
            assertEquals("exchange.gateway-credential-refused", e.errorCode());
            assertEquals(401, e.statusCode());
        }
        assertTrue(lgsp.stats().refused("invalid_token") > refused);
        assertEquals(calls, sandbox.stats().apiRequests(), "the provider never saw the call");
    }

    @Test
    void theSettingsTheStandaloneSandboxWritesGoThroughItsGateway(@TempDir Path dir) throws Exception {
        // What ./scripts/sandbox.sh --topology gateway --write-credentials DIR writes.
        sandbox.gateways(SandboxTopology.GATEWAY);
        Path written = SandboxMain.writeCredentials(sandbox, dir);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(written.resolve("ketnoi.properties"), StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        ClientConfig config = ConfigLoader.fromProperties(p).clientConfig();
        SandboxGateway lgsp = sandbox.gateways(SandboxTopology.GATEWAY).get(0);
        assertEquals(lgsp.serviceUrl(PopulationClient.SERVICE),
                config.serviceUrl(PopulationClient.SERVICE, "/population/v1"));
        long forwarded = lgsp.stats().forwarded(PopulationClient.SERVICE);
        try (PopulationClient population = PopulationClient.create(config)) {
            population.lookup(lookupOf(someone()));
        }
        assertEquals(forwarded + 1, lgsp.stats().forwarded(PopulationClient.SERVICE));
    }

    // ---- a gateway that alters something end-to-end is caught ----

    static KetnoiException tampered(SandboxTopology topology) {
        try (PopulationClient population = client(topology)) {
            return assertThrows(KetnoiException.class, () -> population.lookup(lookupOf(someone())));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SandboxTopology.class, names = {"GATEWAY", "GATEWAY_CHAIN"})
    @Requirement(value = "R-4.6", side = Side.PROVIDER)
    void anAlteredRequestBodyIsRefusedByTheProvider(SandboxTopology topology) {
        last(topology).faults().tamperRequestBody(b -> new String(b, StandardCharsets.UTF_8)
                .replace("PUBLIC_SERVICE", "LAW_ENFORCEMENT").replace("fullName\"", "fullName\" ")
                .getBytes(StandardCharsets.UTF_8));
        KetnoiException e = tampered(topology);
        assertTrue(e instanceof SignatureRejectedException, e.toString());
        assertEquals("signature.digest-mismatch", e.errorCode());
    }

    @ParameterizedTest
    @EnumSource(value = SandboxTopology.class, names = {"GATEWAY", "GATEWAY_CHAIN"})
    @Requirement(value = {"R-4.6", "R-4.12"}, side = Side.PROVIDER)
    void anotherPathWithinTheServiceIsRefusedByTheProvider(SandboxTopology topology) {
        last(topology).faults().tamperPath(p -> p.replace("/citizens/lookup", "/citizens/verify"));
        KetnoiException e = tampered(topology);
        assertTrue(e instanceof SignatureRejectedException, e.toString());
        assertEquals("signature.binding-mismatch", e.errorCode());
    }

    @ParameterizedTest
    @EnumSource(value = SandboxTopology.class, names = {"GATEWAY", "GATEWAY_CHAIN"})
    @Requirement(value = "R-4.6", side = Side.PROVIDER)
    void anAlteredExchangeHeaderIsRefusedByTheProvider(SandboxTopology topology) {
        last(topology).faults().tamperRequestHeader("X-Road-UserId", v -> "VN:canbo.someone-else");
        KetnoiException e = tampered(topology);
        assertTrue(e instanceof SignatureRejectedException, e.toString());
        assertEquals("signature.binding-mismatch", e.errorCode());
    }

    @ParameterizedTest
    @EnumSource(value = SandboxTopology.class, names = {"GATEWAY", "GATEWAY_CHAIN"})
    @Requirement(value = "R-5.10", side = Side.SDK)
    void anAlteredAnswerBodyFailsTheSdksDigestCheck(SandboxTopology topology) {
        sandbox.gateways(topology).get(0).faults().tamperResponseBody(b -> new String(b, StandardCharsets.UTF_8)
                .replace("\"fullName\":\"", "\"fullName\":\"X").getBytes(StandardCharsets.UTF_8));
        KetnoiException e = tampered(topology);
        assertTrue(e instanceof ResponseVerificationException, e.toString());
        assertEquals("response.digest-mismatch", e.errorCode());
    }

    @ParameterizedTest
    @EnumSource(value = SandboxTopology.class, names = {"GATEWAY", "GATEWAY_CHAIN"})
    @Requirement(value = {"R-5.2", "R-6.4"}, side = Side.SDK)
    void anAnswerStrippedOfItsSignatureIsNotTakenAsData(SandboxTopology topology) {
        sandbox.gateways(topology).get(0).faults().tamperResponseHeader("Ketnoi-Signature", v -> null);
        KetnoiException e = tampered(topology);
        assertTrue(e instanceof ResponseVerificationException, e.toString());
        assertEquals("response.signature-missing", e.errorCode());
    }

    @ParameterizedTest
    @EnumSource(value = SandboxTopology.class, names = {"GATEWAY", "GATEWAY_CHAIN"})
    @Requirement(value = "R-5.8", side = Side.SDK)
    void anEarlierSignedAnswerReplayedByAGatewayFailsTheSdksBindingCheck(SandboxTopology topology) {
        // The gateway keeps the first answer (body and signature, both genuine) and serves it again.
        AtomicReference<byte[]> body = new AtomicReference<>();
        AtomicReference<String> signature = new AtomicReference<>();
        SandboxGateway g = sandbox.gateways(topology).get(0);
        g.faults().tamperResponseBody(b -> {
            body.compareAndSet(null, b);
            return body.get();
        }).tamperResponseHeader("Ketnoi-Signature", v -> {
            signature.compareAndSet(null, v);
            return signature.get();
        });
        SyntheticCitizen c = someone();
        try (PopulationClient population = client(topology)) {
            population.lookup(lookupOf(c));
            ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                    () -> population.lookup(lookupOf(c)));
            assertEquals("response.binding-mismatch", e.errorCode());
        }
    }
}
