package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.population.BatchRecord;
import vn.ketnoi.population.BatchRequest;
import vn.ketnoi.population.ChangeCursor;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.HouseholdRequest;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.population.VerifyRequest;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.vneid.edocuments.Document;
import vn.ketnoi.vneid.edocuments.DocumentSigningKey;
import vn.ketnoi.vneid.edocuments.DrivingLicence;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Finding 1 of the fail-closed review: an {@code X-Road-Error} header is not a licence to skip
 * verification. Anyone on the path can add the header; only the exchange layer's own errors, with the
 * statuses {@code docs/protocol.md} §6.2 allows, go unsigned, and they never yield data. Any other
 * answer, above all a 2xx, is verified in full, on the sync and the async path alike.
 */
@Requirement(value = "R-6.3", side = Side.SDK)
@ExtendWith(KetnoiSandboxExtension.class)
class ExchangeLayerForgeryTest {
    private static final String OPERATOR = "VN:canbo.test";
    private static final int KEEP = 0;

    /** Turns each API answer into {@code status}, unsigned, with an {@code X-Road-Error} header, and {@code body}. */
    private static Interceptor exchangeErrorForgery(int status, String type, Function<KetnoiResponse, byte[]> body) {
        return Fixtures.onApiCalls(chain -> {
            KetnoiResponse real = chain.proceed(chain.request());
            HttpHeaders headers = real.headers().toBuilder().remove("Ketnoi-Signature").add("X-Road-Error", type).build();
            return new KetnoiResponse(status == KEEP ? real.status() : status, headers, body.apply(real), real.request());
        });
    }

    /** The same answer, stripped of its signature and marked as an exchange-layer error, status kept. */
    private static Interceptor strippedAndMarked() {
        return exchangeErrorForgery(KEEP, "Server.ServerProxy.Timeout", KetnoiResponse::body);
    }

    private static LookupRequest lookup(String id, SyntheticCitizen c) {
        return LookupRequest.builder().idNumber(id).fullName(c.fullName()).birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).fields(CitizenField.SEX).build();
    }

    private static String unknownId(KetnoiSandbox sandbox, SyntheticCitizen near) {
        for (int i = 999_999; ; i--) {
            String id = near.idNumber().substring(0, 6) + i;
            if (sandbox.population().byIdNumber(id).isEmpty()) {
                return id;
            }
        }
    }

    private static PopulationClient attacked(ClientConfig config, Interceptor attack) {
        return Fixtures.clientWith(config, attack);
    }

    @Test
    @DisplayName("Finding 1: a forged citizen for an unknown ID number, sent as a 200 with X-Road-Error, is refused (sync and async)")
    void aForgedCitizenForAnUnknownIdNumberIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen real = sandbox.population().anyLiving();
        AtomicReference<byte[]> genuineBody = new AtomicReference<>();
        try (PopulationClient honest = Fixtures.clientWith(config, Fixtures.onApiCalls(chain -> {
            KetnoiResponse r = chain.proceed(chain.request());
            genuineBody.set(r.body());
            return r;
        }))) {
            honest.lookup(lookup(real.idNumber(), real));
        }
        // The answer for an ID number the register does not hold (a signed 404) is replaced by a 200
        // carrying another citizen's record, unsigned, "from the exchange layer".
        Interceptor forge = exchangeErrorForgery(200, "Server.ServerProxy.Timeout", r -> genuineBody.get());
        String unknown = unknownId(sandbox, real);
        try (PopulationClient client = attacked(config, forge)) {
            assertEquals("response.signature-missing",
                    assertThrows(KetnoiException.class, () -> client.lookup(lookup(unknown, real))).errorCode());
            assertEquals("response.signature-missing",
                    Fixtures.asyncFailure(client.lookupAsync(lookup(unknown, real))).errorCode());
        }
    }

    @Test
    @DisplayName("Finding 1: verify verdicts, households, change-feed events and batch results stripped of their signature are refused")
    void everyPopulationAnswerIsVerifiedWhateverItsHeaders(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        VerifyRequest verify = VerifyRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                .birthDate(c.birthDate()).context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, OPERATOR)).build();
        HouseholdRequest household = HouseholdRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                .birthDate(c.birthDate()).context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();
        BatchRequest batch = BatchRequest.lookup(CitizenField.FULL_NAME).context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR)).build();
        List<BatchRecord> records = List.of(BatchRecord.of("r1", c.idNumber(), c.fullName(), c.birthDate()));
        try (PopulationClient client = attacked(config, strippedAndMarked())) {
            assertRefused(() -> client.verify(verify));
            assertRefused(() -> client.verifyAsync(verify).join());
            assertRefused(() -> client.household(household));
            assertRefused(() -> client.householdAsync(household).join());
            assertRefused(() -> client.batch(batch, records));
            assertRefused(() -> client.batchAsync(batch, records).join());
            assertRefused(() -> client.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"))
                    .read(ChangeCursor.beginning(), 10));
            assertRefused(() -> client.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"))
                    .readAsync(ChangeCursor.beginning(), 10).join());
        }
    }

    @Test
    @DisplayName("Finding 1: an e-document record stripped of its signature and marked X-Road-Error is refused")
    void anEdocumentRecordIsVerifiedWhateverItsHeaders(KetnoiSandbox sandbox, ClientConfig config) {
        DocumentSigningKey key = DocumentSigningKey.of(sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency()));
        String id = "GPLX-forgery-" + System.nanoTime();
        try (EdocumentsClient honest = EdocumentsClient.builder(config).signingKey(key).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build()) {
            honest.issue(Document.builder().documentId(id).subject(sandbox.population().withVneidLevel(2).idNumber())
                    .issueDate(LocalDate.of(2025, 7, 1)).validUntil(LocalDate.of(2035, 7, 1))
                    .payload(DrivingLicence.builder().licenceNumber("010203040506").classes("B")
                            .issuedBy("Sở Giao thông vận tải Hà Nội").build())
                    .build());
        }
        try (EdocumentsClient edocs = EdocumentsClient.builder(Fixtures.noRetries(config)
                .addNetworkInterceptor(strippedAndMarked()).build()).signingKey(key).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build()) {
            assertRefused(() -> edocs.status(id));
            assertRefused(() -> edocs.statusAsync(id).join());
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
            "200, Client.InvalidHeaders",
            "200, Server.ServerProxy.Timeout",
            "201, Server.ServerProxy.Timeout",
            "401, Client.InvalidHeaders",
            "404, Client.InvalidHeaders",
            "500, Server.ServerProxy.Timeout",
            "400, Server.ServerProxy.Timeout",
            "503, Client.InvalidHeaders",
            "503, 'Server.Bad Type'",
            "503, Provider.Whatever",
    })
    @DisplayName("Finding 1: X-Road-Error with a status or type the protocol does not allow is no X-Road error: a 2xx is verified, an unsigned error is the gateway's by its status")
    void aStatusTheProtocolDoesNotAllowIsVerified(int status, String type, KetnoiSandbox sandbox, ClientConfig config) {
        try (PopulationClient client = attacked(config, exchangeErrorForgery(status, type, KetnoiResponse::body))) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            KetnoiException e = assertThrows(KetnoiException.class, () -> client.lookup(lookup(c.idNumber(), c)));
            if (status < 300) {
                assertEquals("response.signature-missing", e.errorCode());
            } else {
                // Unsigned and not 2xx: a gateway's own error (DESIGN15 section 4), typed by its
                // status; the forged type is not taken, and nothing of the body is data.
                assertInstanceOf(ExchangeLayerException.class, e);
                assertNotEquals("exchange." + type, e.errorCode());
                assertEquals(status, e.statusCode());
            }
        }
    }

    @Test
    @DisplayName("Finding 1: two X-Road-Error headers are not an exchange-layer error")
    void aDoubledExchangeErrorHeaderIsVerified(KetnoiSandbox sandbox, ClientConfig config) {
        Interceptor doubled = Fixtures.onApiCalls(chain -> {
            KetnoiResponse real = chain.proceed(chain.request());
            HttpHeaders h = real.headers().toBuilder().remove("Ketnoi-Signature")
                    .add("X-Road-Error", "Server.ServerProxy.Timeout").add("X-Road-Error", "Server.ServerProxy.Timeout").build();
            return new KetnoiResponse(real.status(), h, real.body(), real.request());
        });
        try (PopulationClient client = attacked(config, doubled)) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            assertEquals("response.signature-missing",
                    assertThrows(KetnoiException.class, () -> client.lookup(lookup(c.idNumber(), c))).errorCode());
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"400, Client.InvalidHeaders", "502, Server.ClientProxy.NetworkError",
            "503, Server.ServerProxy.ServiceUnavailable", "504, Server.ServerProxy.Timeout"})
    @DisplayName("Finding 1: the exchange layer's own errors, with the statuses §6.2 allows, are reported as such and yield nothing")
    void theExchangeLayersOwnErrorsAreStillReported(int status, String type, KetnoiSandbox sandbox, ClientConfig config) {
        byte[] body = ("{\"type\":\"" + type + "\",\"message\":\"refused\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (PopulationClient client = attacked(config, exchangeErrorForgery(status, type, r -> body))) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            ExchangeLayerException e = assertThrows(ExchangeLayerException.class, () -> client.lookup(lookup(c.idNumber(), c)));
            assertEquals("exchange." + type, e.errorCode());
            assertEquals(status, e.statusCode());
        }
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable call) {
        Throwable t = assertThrows(Throwable.class, call);
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        KetnoiException k = assertInstanceOf(KetnoiException.class, cause);
        assertEquals("response.signature-missing", k.errorCode());
    }
}
