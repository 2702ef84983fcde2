package vn.ketnoi.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.AccessDeniedException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.InvalidRequestException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.SignatureRejectedException;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * The generic client against the running sandbox, over HTTP (and, in the build's other
 * executions, through one gateway and through two): every operation and outcome.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class ExchangeClientTest {
    static final ServiceId CIVIL_STATUS = ServiceId.parse("VN/GOV/SANDBOX.BTP/HOTICH/civil-status/v1");
    static final ServiceId POPULATION = ServiceId.parse("VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1");
    static final String OPERATOR = "VN:canbo.test";

    static ExchangeClient client(ClientConfig config) {
        return ExchangeClient.builder(config).mount(CIVIL_STATUS, "/civil-status/v1").build();
    }

    static SyntheticCitizen bornSince2016(KetnoiSandbox sandbox) {
        return sandbox.population().find(c -> Integer.parseInt(c.birthDate().substring(0, 4)) >= 2016).orElseThrow();
    }

    static SyntheticCitizen mother(KetnoiSandbox sandbox) {
        return sandbox.population().find(c -> c.sex().equals("FEMALE") && !c.isDeceased()
                && c.permanentResidence() != null && Integer.parseInt(c.birthDate().substring(0, 4)) < 2000).orElseThrow();
    }

    static Map<String, Object> birth(KetnoiSandbox sandbox, String name) {
        return Map.of("child", Map.of("fullName", name, "birthDate", LocalDate.now().minusDays(2).toString(), "sex", "FEMALE"),
                "motherIdNumber", mother(sandbox).idNumber(), "authorityCode", sandbox.civilStatus().anyAuthorityCode());
    }

    /** A caller's own classes, bound with Jackson's annotations. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Catalogue(@JsonProperty("services") List<Service> list) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Service(@JsonProperty("serviceId") String id, @JsonProperty("title") String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Found(@JsonProperty("registrations") List<Registration> all) {
    }

    record Registration(@JsonProperty("entryNumber") String entry, @JsonProperty("bookNumber") String book,
                        @JsonProperty("child") Map<String, Object> child) {
    }

    @Test
    @Requirement(value = "R-13.1", side = Side.SDK)
    @Requirement(value = "R-13.1", side = Side.PROVIDER)
    void theCatalogueListsEachServiceWithItsOperationsAndSchemas(ClientConfig config) {
        try (ExchangeClient exchange = client(config)) {
            List<ServiceDescription> services = exchange.catalogue();

            assertEquals(Set.of("VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1", "VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1",
                    CIVIL_STATUS.toString(), ExchangeClient.CATALOGUE.toString(),
                    "VN/GOV/SANDBOX.BCA/CSDLQGDC/chip-verification/v1"),
                    services.stream().map(s -> s.serviceId().toString()).collect(Collectors.toSet()));
            ServiceDescription civil = services.stream().filter(s -> s.serviceId().equals(CIVIL_STATUS)).findFirst()
                    .orElseThrow();
            assertEquals("Ministry of Justice", civil.provider());
            ServiceDescription.Operation lookup = civil.operations().stream()
                    .filter(o -> o.name().equals("births.lookup")).findFirst().orElseThrow();
            assertEquals("POST", lookup.method());
            assertEquals("/births/lookup", lookup.path());
            JsonValue schema = JsonValue.parse(lookup.requestSchema());
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
            assertEquals(2, schema.get("oneOf").size(), "by ID number, or by entry, book and authority");
            assertTrue(JsonValue.parse(lookup.responseSchema()).at("/properties/registrations").isPresent());
            // A read without a body has no request schema.
            assertEquals("", services.stream().filter(s -> s.serviceId().equals(ExchangeClient.CATALOGUE)).findFirst()
                    .orElseThrow().operations().get(0).requestSchema());
        }
    }

    @Test
    void aGetIsBoundToTheCallersClassOrReadAsATree(ClientConfig config) {
        try (ExchangeClient exchange = client(config)) {
            ExchangeRequest get = ExchangeRequest.get(ExchangeClient.CATALOGUE, "/services")
                    .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();

            ExchangeResponse<Catalogue> bound = exchange.call(get, Catalogue.class);
            ExchangeResponse<JsonValue> tree = exchange.call(get);

            assertEquals(200, bound.status());
            assertNotNull(bound.requestId());
            assertEquals(5, bound.body().list().size());
            assertEquals(bound.body().list().get(0).id(), tree.body().at("/services/0/serviceId").asText());
            assertEquals(JsonValue.Kind.MISSING, tree.body().at("/services/99/serviceId").kind());
        }
    }

    @Test
    void aPostIsBoundToTheCallersClassOrReadAsATree(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen child = bornSince2016(sandbox);
        try (ExchangeClient exchange = client(config)) {
            ExchangeRequest post = ExchangeRequest.postRead(CIVIL_STATUS, "/births/lookup",
                    Map.of("idNumber", child.idNumber())).context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();

            JsonValue tree = exchange.call(post).body();
            Found bound = exchange.call(post, Found.class).body();

            assertEquals(child.idNumber(), tree.at("/registrations/0/child/idNumber").asText());
            assertEquals(tree.at("/registrations/0/entryNumber").asText(), bound.all().get(0).entry());
            assertEquals(child.fullName(), bound.all().get(0).child().get("fullName"));
            assertFalse(post.isWrite(), "a lookup sent as POST is a read");
            assertNull(post.idempotencyKey());
        }
    }

    @Test
    void aLookupSentAsPostThatLosesItsAnswersIsAFailedReadNotAWriteOfUnknownOutcome(KetnoiSandbox sandbox,
                                                                                  ClientConfig config) {
        List<String> keys = new CopyOnWriteArrayList<>();
        ClientConfig recording = config.toBuilder()
                .resilience(ResilienceOptions.builder().maxAttempts(2).backoff(Duration.ofMillis(5), Duration.ofMillis(10))
                        .circuitBreaker(false).build())
                .addNetworkInterceptor(chain -> {
                    if (chain.request().uri().getPath().endsWith("/births/lookup")) {
                        keys.add(chain.request().headers().first("Idempotency-Key").orElse("none"));
                    }
                    return chain.proceed(chain.request());
                }).build();
        sandbox.faults().add("/civil-status/v1/births/lookup", SandboxFault.resetAfterApply());
        try (ExchangeClient exchange = client(recording)) {
            ExchangeRequest lookup = ExchangeRequest.postRead(CIVIL_STATUS, "/births/lookup",
                    Map.of("idNumber", bornSince2016(sandbox).idNumber())).context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();

            KetnoiException e = assertThrows(KetnoiException.class, () -> exchange.call(lookup));

            assertNotEquals("write.outcome-unknown", e.errorCode(), "nothing was written");
            assertEquals(List.of("none", "none"), keys, "retried as a read, without a key");
        } finally {
            sandbox.faults().clear();
        }
    }

    @Test
    @Requirement(value = "R-14.1", side = Side.SDK)
    void aWriteRetriedAfterALostAnswerReusesItsKeyAndIsAppliedOnce(KetnoiSandbox sandbox, ClientConfig config) {
        List<String> keys = new CopyOnWriteArrayList<>();
        ClientConfig recording = config.toBuilder()
                .resilience(ResilienceOptions.builder().maxAttempts(4).backoff(Duration.ofMillis(5), Duration.ofMillis(20))
                        .circuitBreaker(false).build())
                .addNetworkInterceptor(chain -> {
                    if (!chain.request().uri().getPath().endsWith("/births")) {
                        return chain.proceed(chain.request());
                    }
                    keys.add(chain.request().headers().first("Idempotency-Key").orElse("none"));
                    try {
                        return chain.proceed(chain.request());
                    } finally {
                        sandbox.faults().clear(); // the first answer is lost, the repeat's arrives
                    }
                }).build();
        long before = sandbox.civilStatus().birthsRegistered();
        sandbox.faults().add("/civil-status/v1/births", SandboxFault.resetAfterApply());
        try (ExchangeClient exchange = client(recording)) {
            ExchangeRequest write = ExchangeRequest.post(CIVIL_STATUS, "/births", birth(sandbox, "Lê Thị Mai"))
                    .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();

            ExchangeResponse<JsonValue> r = exchange.call(write);

            assertEquals(201, r.status());
            assertEquals(2, keys.size(), "the first answer was lost after the write was applied; one repeat");
            assertEquals(Set.of(write.idempotencyKey()), Set.copyOf(keys), "every attempt carries the one key");
            assertEquals(before + 1, sandbox.civilStatus().birthsRegistered(), "applied exactly once");
        } finally {
            sandbox.faults().clear();
        }
    }

    @Test
    @Requirement(value = "R-14.1", side = Side.PROVIDER)
    void theSameRequestSentAgainIsTheSameWrite(KetnoiSandbox sandbox, ClientConfig config) {
        try (ExchangeClient exchange = client(config)) {
            ExchangeRequest write = ExchangeRequest.post(CIVIL_STATUS, "/births", birth(sandbox, "Phạm Văn Khôi"))
                    .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();
            long before = sandbox.civilStatus().birthsRegistered();

            JsonValue first = exchange.call(write).body();
            JsonValue again = exchange.call(write).body();

            assertEquals(first, again, "the stored outcome, not a second child");
            assertEquals(before + 1, sandbox.civilStatus().birthsRegistered());
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent(KetnoiSandbox sandbox, ClientConfig config) {
        try (ExchangeClient exchange = client(config)) {
            long sent = sandbox.stats().apiRequests();

            assertEquals("path", assertThrows(InvalidInputException.class,
                    () -> ExchangeRequest.get(CIVIL_STATUS, "/births/../deaths")).field());
            assertEquals("path", assertThrows(InvalidInputException.class,
                    () -> ExchangeRequest.get(CIVIL_STATUS, "births?x=1")).field());
            assertEquals("service", assertThrows(InvalidInputException.class,
                    () -> ExchangeRequest.get(null, "/x")).field());
            assertEquals("query", assertThrows(InvalidInputException.class,
                    () -> ExchangeRequest.get(CIVIL_STATUS, "/x").query("a b", "1")).field());
            assertEquals("body", assertThrows(InvalidInputException.class,
                    () -> ExchangeRequest.post(CIVIL_STATUS, "/births", null)).field());
            // Neither the request nor the client has a context: refused at the call, before sending.
            ExchangeRequest noContext = ExchangeRequest.get(CIVIL_STATUS, "/x").build();
            assertEquals("context", assertThrows(InvalidInputException.class, () -> exchange.call(noContext)).field());
            assertEquals("context", assertThrows(java.util.concurrent.CompletionException.class,
                    () -> exchange.callAsync(noContext, JsonValue.class).join()).getCause() instanceof InvalidInputException i
                    ? i.field() : "not refused as input");
            assertEquals("idempotencyKey", assertThrows(InvalidInputException.class,
                    () -> ExchangeRequest.post(CIVIL_STATUS, "/births", Map.of()).context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).idempotencyKey("not-a-uuid").build()).field());
            assertEquals("idempotencyKey", assertThrows(InvalidInputException.class,
                    () -> ExchangeRequest.get(CIVIL_STATUS, "/x").context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR))
                            .idempotencyKey(java.util.UUID.randomUUID().toString()).build()).field());
            // A service with no route and no known mount: the client cannot know where it is.
            ServiceId unknown = ServiceId.parse("VN/GOV/SANDBOX.BYT/SUCKHOE/health/v1");
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> exchange.call(
                    ExchangeRequest.get(unknown, "/cards").context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build()));
            assertEquals("service", e.field());
            // A body the caller's class cannot be bound from is the answer's fault, typed.
            assertEquals("type", assertThrows(InvalidInputException.class, () -> exchange.call(
                    ExchangeRequest.get(ExchangeClient.CATALOGUE, "/services").context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build(), null)).field());

            assertEquals(sent, sandbox.stats().apiRequests(), "nothing reached the provider");
        }
    }

    /** An answer that does not fit the caller's class. */
    record Wrong(@JsonProperty("services") int services) {
    }

    @Test
    void providerRefusalsAndUnfitAnswersAreTyped(KetnoiSandbox sandbox, ClientConfig config) {
        try (ExchangeClient exchange = client(config)) {
            InvalidRequestException invalid = assertThrows(InvalidRequestException.class, () -> exchange.call(
                    ExchangeRequest.post(CIVIL_STATUS, "/births/lookup", Map.of("idNumber", "12345"))
                            .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build()));
            assertEquals("request.invalid", invalid.errorCode());
            assertEquals("idNumber", invalid.fieldErrors().get(0).field());

            KetnoiServiceException notFound = assertThrows(KetnoiServiceException.class, () -> exchange.call(
                    ExchangeRequest.post(CIVIL_STATUS, "/deaths/lookup", Map.of("entryNumber", "999999",
                            "bookNumber", "01/1900", "authorityCode", "00000"))
                            .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build()));
            assertEquals("civil-status.registration-not-found", notFound.errorCode());
            assertEquals(404, notFound.statusCode());

            KetnoiServiceException noPath = assertThrows(KetnoiServiceException.class, () -> exchange.call(
                    ExchangeRequest.get(CIVIL_STATUS, "/adoptions").context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build()));
            assertEquals("request.not-found", noPath.errorCode());

            ResponseVerificationException unfit = assertThrows(ResponseVerificationException.class, () -> exchange.call(
                    ExchangeRequest.get(ExchangeClient.CATALOGUE, "/services").context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build(), Wrong.class));
            assertEquals("response.malformed", unfit.errorCode());
        }
        // An agency granted the population only: the catalogue is not its to read.
        try (ExchangeClient limited = client(SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            AccessDeniedException denied = assertThrows(AccessDeniedException.class, limited::catalogue);
            assertEquals("auth.forbidden", denied.errorCode());
        }
    }

    @Test
    void theProviderRefusesASignatureForAnotherServiceThanTheOneReached(KetnoiSandbox sandbox, ClientConfig config) {
        // Misrouted: the population's id sent to the catalogue's mount. The path within the service
        // is right for the catalogue, so only srv tells the provider the call was meant elsewhere.
        ClientConfig misrouted = config.toBuilder()
                .route(POPULATION, URI.create(sandbox.baseUri() + "/catalogue/v1")).build();
        try (ExchangeClient exchange = client(misrouted)) {
            SignatureRejectedException e = assertThrows(SignatureRejectedException.class, () -> exchange.call(
                    ExchangeRequest.get(POPULATION, "/services").context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR))
                            .build()));
            assertEquals("signature.binding-mismatch", e.errorCode());
        }
    }

    @Test
    void theSandboxExtensionHandsATestAReadyClient(ExchangeClient exchange) {
        // KetnoiSandboxExtension builds it as it builds the typed clients: builder(config), build().
        assertTrue(exchange.catalogue().stream().anyMatch(s -> s.serviceId().equals(CIVIL_STATUS)));
    }

    @Test
    void healthIsASnapshotThatSendsNothing(KetnoiSandbox sandbox, ClientConfig config) {
        try (ExchangeClient exchange = client(config)) {
            long sent = sandbox.stats().apiRequests();
            assertNotNull(exchange.health());
            assertEquals(sent, sandbox.stats().apiRequests());
        }
    }

    @Test
    void requestsAndAnswersNeverShowTheirContentInToString(KetnoiSandbox sandbox) {
        SyntheticCitizen c = bornSince2016(sandbox);
        ExchangeRequest r = ExchangeRequest.post(CIVIL_STATUS, "/births/lookup", Map.of("idNumber", c.idNumber()))
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();
        JsonValue v = JsonValue.of(Map.of("idNumber", c.idNumber()));
        assertFalse(r.toString().contains(c.idNumber()), r.toString());
        assertFalse(v.toString().contains(c.idNumber()), v.toString());
        assertEquals("JsonValue[OBJECT, 1 members]", v.toString());
        assertTrue(v.toJson().contains(c.idNumber()), "toJson gives the text on purpose");
    }
}
