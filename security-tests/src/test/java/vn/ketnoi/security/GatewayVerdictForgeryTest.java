package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.population.FieldVerdict;
import vn.ketnoi.population.VerifyRequest;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Gateway errors are not provider answers (DESIGN15 section 4): a party on the path (a gateway,
 * or anyone who can answer in its place) sends back an unsigned answer. A 2xx without a signature
 * is refused as {@code response.signature-missing}; an error without one is the exchange layer's,
 * typed by its status, and whatever problem document or verdict it carries is never read. Either
 * way the caller gets no data and no provider verdict: it fails closed.
 */
@Requirement(value = "R-6.4", side = Side.SDK)
@ExtendWith(KetnoiSandboxExtension.class)
class GatewayVerdictForgeryTest {
    private static final String OPERATOR = "VN:canbo.test";

    /** Replaces each API answer with an unsigned one of {@code status} and {@code body}. */
    private static Interceptor unsigned(int status, String contentType, byte[] body) {
        return Fixtures.onApiCalls(chain -> {
            KetnoiResponse real = chain.proceed(chain.request());
            HttpHeaders h = HttpHeaders.builder().add("Content-Type", contentType)
                    .add("X-Road-Id", real.request().headers().first("X-Road-Id").orElseThrow()).build();
            return new KetnoiResponse(status, h, body, real.request());
        });
    }

    private static byte[] problem(String code, int status) {
        return ("{\"type\":\"https://ketnoi.vn/problems/" + code + "\",\"title\":\"t\",\"status\":" + status
                + ",\"code\":\"" + code + "\",\"requestId\":\"x\",\"retryable\":false}").getBytes(StandardCharsets.UTF_8);
    }

    private static VerifyRequest verify(SyntheticCitizen c, String fullName) {
        return VerifyRequest.builder().idNumber(c.idNumber()).fullName(fullName).birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, OPERATOR)).build();
    }

    @Test
    @DisplayName("An unsigned 200 carrying a genuine MATCH verdict, in answer to a wrong name, is refused (sync and async)")
    void anUnsignedMatchVerdictIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        AtomicReference<byte[]> match = new AtomicReference<>();
        try (PopulationClient honest = Fixtures.clientWith(config, Fixtures.onApiCalls(chain -> {
            KetnoiResponse r = chain.proceed(chain.request());
            match.set(r.body());
            return r;
        }))) {
            assertTrue(honest.verify(verify(c, c.fullName())).allMatch());
        }
        try (PopulationClient client = Fixtures.clientWith(config, unsigned(200, "application/json", match.get()))) {
            assertEquals("response.signature-missing",
                    assertThrows(KetnoiException.class, () -> client.verify(verify(c, "Sai Tên Khác"))).errorCode());
            assertEquals("response.signature-missing",
                    Fixtures.asyncFailure(client.verifyAsync(verify(c, "Sai Tên Khác"))).errorCode());
        }
    }

    @Test
    @DisplayName("An unsigned 422 carrying a forged population.identity-mismatch is the exchange layer's: no mismatch verdict")
    void anUnsignedIdentityMismatchIsNoVerdict(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient client = Fixtures.clientWith(config,
                unsigned(422, "application/problem+json", problem("population.identity-mismatch", 422)))) {
            for (KetnoiException e : new KetnoiException[] {
                assertThrows(KetnoiException.class, () -> client.lookup(Fixtures.lookupOf(c))),
                Fixtures.asyncFailure(client.lookupAsync(Fixtures.lookupOf(c)))}) {
                assertInstanceOf(ExchangeLayerException.class, e);
                assertFalse(e instanceof KetnoiServiceException, "never a provider verdict: " + e.getClass());
                assertEquals("exchange.gateway-error", e.errorCode());
                assertFalse(e.getMessage().contains("identity-mismatch"), e.getMessage());
            }
        }
    }

    @Test
    @DisplayName("An unsigned 404 carrying a forged population.citizen-not-found says the route is unknown, not that the citizen is")
    void anUnsignedNotFoundIsNoVerdict(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient client = Fixtures.clientWith(config,
                unsigned(404, "application/problem+json", problem("population.citizen-not-found", 404)))) {
            KetnoiException e = assertThrows(KetnoiException.class, () -> client.lookup(Fixtures.lookupOf(c)));
            assertEquals("exchange.route-unknown", e.errorCode());
            assertFalse(e instanceof KetnoiServiceException);
        }
    }

    @Test
    @DisplayName("An unsigned 200 verify verdict of NO_MATCH for the true name is refused as well: no verdict either way")
    void anUnsignedNoMatchIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        AtomicReference<byte[]> noMatch = new AtomicReference<>();
        try (PopulationClient honest = Fixtures.clientWith(config, Fixtures.onApiCalls(chain -> {
            KetnoiResponse r = chain.proceed(chain.request());
            noMatch.set(r.body());
            return r;
        }))) {
            assertEquals(FieldVerdict.NO_MATCH, honest.verify(verify(c, "Sai Tên Khác")).verdicts().values().iterator().next());
        }
        try (PopulationClient client = Fixtures.clientWith(config, unsigned(200, "application/json", noMatch.get()))) {
            assertEquals("response.signature-missing",
                    assertThrows(KetnoiException.class, () -> client.verify(verify(c, c.fullName()))).errorCode());
        }
    }
}
