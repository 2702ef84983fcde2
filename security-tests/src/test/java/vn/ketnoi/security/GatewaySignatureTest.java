package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.SignatureRejectedException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.population.HouseholdRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.population.VerifyRequest;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Protocol version 2: a request signature binds the service addressed ({@code srv}) and the path
 * within it ({@code pth}), not the URL it travels to. The agency addresses the population service
 * at a gateway, {@code http://localhost:1/lgsp/r1/<service id>}; a gateway on the path (a network
 * interceptor here) forwards each call to the provider at another host, port and path prefix
 * ({@code http://127.0.0.1:<port>/population/v1}) and adds hop-by-hop headers of its own. The
 * provider still verifies every signature; and when the gateway alters anything end-to-end, the
 * provider refuses with the named check.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class GatewaySignatureTest {
    private static final String ROUTE = "http://localhost:1/lgsp/r1/" + PopulationClient.SERVICE;

    /** A gateway: the agency's route URL forwarded to the provider's mount, then {@code alter}ed. */
    private static Interceptor gateway(KetnoiSandbox sandbox, List<KetnoiRequest> forwarded,
                                       UnaryOperator<KetnoiRequest> alter) {
        String upstream = "http://127.0.0.1:" + sandbox.baseUri().getPort() + "/population/v1";
        return chain -> {
            KetnoiRequest r = chain.request();
            String url = r.uri().toString();
            if (!url.startsWith(ROUTE + "/")) {
                return chain.proceed(r); // token and key set: straight to the provider
            }
            KetnoiRequest f = alter.apply(r.toBuilder().uri(URI.create(upstream + url.substring(ROUTE.length())))
                    .header("Via", "1.1 lgsp-r1").header("X-Forwarded-For", "10.20.30.40")
                    .header("Forwarded", "for=10.20.30.40;proto=https")
                    .header("X-Request-ID", "lgsp-7f3a")
                    .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .removeHeader("Accept-Encoding")
                    .build());
            forwarded.add(f);
            return chain.proceed(f);
        };
    }

    private static PopulationClient through(KetnoiSandbox sandbox, ClientConfig config, List<KetnoiRequest> seen,
                                            UnaryOperator<KetnoiRequest> alter) {
        ClientConfig routed = config.toBuilder().route(PopulationClient.SERVICE, URI.create(ROUTE)).build();
        return Fixtures.clientWith(routed, gateway(sandbox, seen, alter));
    }

    private static VerifyRequest verify(SyntheticCitizen c) {
        return VerifyRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, "VN:canbo.test")).build();
    }

    @Test
    @Requirement(value = "R-4.12", side = Side.SDK)
    @DisplayName("Lookup, verify and household verify at the provider after the gateway changed host, port, path prefix and hop-by-hop headers")
    void signaturesSurviveTheGateway(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        SyntheticCitizen head = sandbox.population().demoCitizen();
        List<KetnoiRequest> seen = new CopyOnWriteArrayList<>();
        try (PopulationClient client = through(sandbox, config, seen, UnaryOperator.identity())) {
            assertEquals(c.idNumber(), client.lookup(Fixtures.lookupOf(c)).idNumber().value());
            assertTrue(client.verify(verify(c)).allMatch());
            assertFalse(client.household(HouseholdRequest.builder().idNumber(head.idNumber())
                    .fullName(head.fullName()).birthDate(head.birthDate()).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test")).build()).members().isEmpty());
            assertEquals(c.idNumber(), client.lookupAsync(Fixtures.lookupOf(c)).join().idNumber().value());
        }
        assertEquals(4, seen.size(), "every call went through the gateway");
        for (KetnoiRequest r : seen) {
            assertEquals("127.0.0.1", r.uri().getHost());
            assertTrue(r.uri().getPath().startsWith("/population/v1/"), r.uri().toString());
        }
    }

    private static String refusedWith(KetnoiSandbox sandbox, ClientConfig config, UnaryOperator<KetnoiRequest> alter) {
        try (PopulationClient client = through(sandbox, config, new CopyOnWriteArrayList<>(), alter)) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            KetnoiException e = assertThrows(KetnoiException.class, () -> client.lookup(Fixtures.lookupOf(c)));
            assertTrue(e instanceof SignatureRejectedException, e.getClass() + ": " + e.getMessage());
            return e.errorCode();
        }
    }

    private static UnaryOperator<KetnoiRequest> path(java.util.function.UnaryOperator<String> change) {
        return r -> r.toBuilder().uri(URI.create(change.apply(r.uri().toString()))).build();
    }

    @Test
    @Requirement(value = "R-4.12", side = Side.SDK)
    @DisplayName("A gateway that alters the service, the path within it, the query, the body or an end-to-end header is refused with the named check")
    void anEndToEndChangeIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        assertEquals("signature.binding-mismatch", refusedWith(sandbox, config,
                path(u -> u.replace("/citizens/lookup", "/citizens/verify"))), "another path within the service");
        assertEquals("signature.binding-mismatch", refusedWith(sandbox, config,
                path(u -> u.replace("/population/v1/", "/edocuments/v1/"))), "another service");
        assertEquals("signature.binding-mismatch", refusedWith(sandbox, config,
                path(u -> u + "?fields=all")), "a query added");
        assertEquals("signature.binding-mismatch", refusedWith(sandbox, config,
                r -> r.toBuilder().header("X-Road-UserId", "VN:someone.else").build()), "X-Road-UserId");
        assertEquals("signature.binding-mismatch", refusedWith(sandbox, config,
                r -> r.toBuilder().header("Ketnoi-Purpose", "STATISTICS").build()), "Ketnoi-Purpose");
        assertEquals("signature.binding-mismatch", refusedWith(sandbox, config,
                r -> r.toBuilder().header("X-Road-Issue", "HS-added-by-gateway").build()), "X-Road-Issue");
        assertEquals("signature.digest-mismatch", refusedWith(sandbox, config,
                r -> r.toBuilder().body((new String(r.body(), StandardCharsets.UTF_8) + " ")
                        .getBytes(StandardCharsets.UTF_8)).build()), "the body, one byte added");
    }
}
