package vn.ketnoi.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.AccessDeniedException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.InvalidRequestException;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;

/**
 * What an {@link ExchangeRequest} becomes on the wire, and what the answer becomes: the query in
 * its order and percent-encoded, the case number, the request id of the answer, the token's scopes,
 * and the same through {@link ExchangeClient#callAsync}. Seen by a network interceptor (the last
 * hop before HTTP) and by what the sandbox does with it.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class RequestOnTheWireTest {
    static final ServiceId POPULATION = ExchangeClientTest.POPULATION;
    static final String OPERATOR = ExchangeClientTest.OPERATOR;

    /** The requests as sent and the answers as received, at the network end of the pipeline. */
    static final class Wire {
        final List<KetnoiRequest> sent = new ArrayList<>();
        final List<KetnoiResponse> received = new ArrayList<>();

        ClientConfig on(ClientConfig config) {
            return config.toBuilder().addNetworkInterceptor(chain -> {
                KetnoiRequest r = chain.request();
                KetnoiResponse a = chain.proceed(r);
                if (r.service().isEmpty()) {
                    return a; // the token request
                }
                synchronized (this) {
                    sent.add(r);
                    received.add(a);
                }
                return a;
            }).build();
        }

        synchronized KetnoiRequest lastSent() {
            return sent.get(sent.size() - 1);
        }

        synchronized KetnoiResponse lastReceived() {
            return received.get(received.size() - 1);
        }
    }

    static ExchangeRequest.Builder changes() {
        return ExchangeRequest.get(POPULATION, "/changes").context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR));
    }

    @Test
    void theQueryIsSentInOrderPercentEncodedAndReadByTheProvider(ClientConfig config) {
        Wire wire = new Wire();
        try (ExchangeClient exchange = ExchangeClient.builder(wire.on(config)).build()) {
            ExchangeResponse<JsonValue> r = exchange.call(changes().query("limit", "1").query("note", "a b+c/đ").build());

            assertEquals(200, r.status());
            assertEquals("limit=1&note=a%20b%2Bc%2F%C4%91", wire.lastSent().uri().getRawQuery());
            assertTrue(r.body().get("events").elements().size() <= 1);
            // The provider reads it: a limit it refuses is refused by name.
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> exchange.call(changes().query("limit", "0").build()));
            assertEquals("limit", e.fieldErrors().get(0).field());
        }
    }

    @Test
    void aQueryParameterNeedsANameAndAValue() {
        assertEquals("query", assertThrows(InvalidInputException.class, () -> changes().query(null, "1")).field());
        assertEquals("query", assertThrows(InvalidInputException.class, () -> changes().query("", "1")).field());
        assertEquals("query", assertThrows(InvalidInputException.class, () -> changes().query("x".repeat(65), "1")).field());
        assertEquals("query.limit", assertThrows(InvalidInputException.class, () -> changes().query("limit", null)).field());
        assertEquals(List.of(java.util.Map.entry("a", "1"), java.util.Map.entry("b", "")),
                changes().query("a", "1").query("b", "").build().query());
    }

    @Test
    void theCaseNumberAndTheOperationGoWithTheRequest(ClientConfig config) {
        Wire wire = new Wire();
        try (ExchangeClient exchange = ExchangeClient.builder(wire.on(config)).build()) {
            exchange.call(changes().context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR).withCaseNumber("HS-2026-001"))
                    .operation("agency.feed").build());
            assertEquals("HS-2026-001", wire.lastSent().headers().first("X-Road-Issue").orElseThrow());
            assertEquals("agency.feed", wire.lastSent().operation());

            exchange.call(changes().build());
            assertFalse(wire.lastSent().headers().first("X-Road-Issue").isPresent(), "no case, no header");
            assertEquals("exchange.get population", wire.lastSent().operation());
        }
        String hundred = "o".repeat(100);
        assertEquals(hundred, changes().operation(hundred).build().operation());
        assertEquals("operation", assertThrows(InvalidInputException.class,
                () -> changes().operation(hundred + "o").build()).field());
        assertEquals("operation", assertThrows(InvalidInputException.class, () -> changes().operation(" ").build()).field());
    }

    @Test
    void theAnswersRequestIdIsTheProvidersXRoadId(ClientConfig config) {
        Wire wire = new Wire();
        try (ExchangeClient exchange = ExchangeClient.builder(wire.on(config)).build()) {
            ExchangeResponse<JsonValue> r = exchange.call(changes().build());
            String sent = wire.lastReceived().headers().first("X-Road-Id").orElseThrow();
            assertFalse(sent.isEmpty());
            assertEquals(sent, r.requestId());
        }
    }

    @Test
    void theTokenAsksForTheScopesGivenAndOnlyThose(ClientConfig config) {
        try (ExchangeClient populationOnly = ExchangeClient.builder(config).scopes("population").build()) {
            assertEquals(200, populationOnly.call(changes().build()).status());
            assertEquals("auth.forbidden", assertThrows(AccessDeniedException.class, populationOnly::catalogue).errorCode());
        }
        try (ExchangeClient both = ExchangeClient.builder(config).scopes("population", "catalogue").build()) {
            assertFalse(both.catalogue().isEmpty());
        }
        for (String[] bad : new String[][] {null, {"a b"}, {""}, {"x".repeat(65)}, {"population", null}}) {
            assertEquals("scopes", assertThrows(InvalidInputException.class,
                    () -> ExchangeClient.builder(config).scopes(bad)).field());
        }
    }

    /** The catalogue, bound to a class of the caller's. */
    record Services(@com.fasterxml.jackson.annotation.JsonProperty("services") List<Object> services) {
    }

    @Test
    void anAsynchronousCallGivesTheSameAnswerAndTheSameTypedRefusals(ClientConfig config) throws Exception {
        Wire wire = new Wire();
        try (ExchangeClient exchange = ExchangeClient.builder(wire.on(config)).build()) {
            ExchangeRequest catalogue = ExchangeRequest.get(ExchangeClient.CATALOGUE, "/services")
                    .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();
            ExchangeResponse<Services> r = exchange.callAsync(catalogue, Services.class).get(30, TimeUnit.SECONDS);
            assertEquals(200, r.status());
            assertEquals(exchange.catalogue().size(), r.body().services().size());
            assertEquals(wire.received.get(0).headers().first("X-Road-Id").orElseThrow(), r.requestId());
            ExchangeResponse<JsonValue> tree = exchange.callAsync(catalogue, JsonValue.class).get(30, TimeUnit.SECONDS);
            assertEquals(r.body().services().size(), tree.body().get("services").elements().size());

            CompletionException refused = assertThrows(CompletionException.class,
                    () -> exchange.callAsync(changes().query("limit", "0").build(), JsonValue.class).join());
            assertInstanceOf(InvalidRequestException.class, refused.getCause());
            int before = wire.sent.size();
            CompletionException noType = assertThrows(CompletionException.class,
                    () -> exchange.callAsync(catalogue, null).join());
            assertEquals("type", ((InvalidInputException) noType.getCause()).field());
            assertEquals(before, wire.sent.size(), "nothing sent");
        }
    }
}
