package vn.ketnoi.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.tracing.TraceParent;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.CitizenNotFoundException;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;

/** Spans of real calls to the sandbox, collected by the OpenTelemetry SDK's in-memory exporter. */
@ExtendWith(KetnoiSandboxExtension.class)
class KetnoiTracingTest {
    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    private static LookupRequest lookup(String idNumber, String name, String birthDate) {
        return LookupRequest.builder().idNumber(idNumber).fullName(name).birthDate(birthDate)
                .fields(CitizenField.SEX).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:otel.test")).build();
    }

    private static Interceptor recorder(List<String> seen) {
        return chain -> {
            if (chain.request().uri().getPath().startsWith("/population/")) {
                seen.add(chain.request().headers().first(TraceParent.HEADER).orElse("(none)"));
            }
            return chain.proceed(chain.request());
        };
    }

    private static void noPersonalData(SpanData span, SyntheticCitizen c) {
        String all = span.getName() + span.getAttributes() + span.getStatus() + span.getEvents();
        assertFalse(all.contains(c.idNumber()), "the ID number leaked into the span: " + all);
        assertFalse(all.contains(c.fullName()), "the name leaked into the span");
        assertFalse(all.contains(c.birthDate()), "the birth date leaked into the span");
    }

    @Test
    void aCallIsAClientSpanUnderTheCallersSpanAndTheProviderGetsItsContext(KetnoiSandbox sandbox, ClientConfig config) {
        List<String> seen = new CopyOnWriteArrayList<>();
        ClientConfig traced = KetnoiTracing.create(OTEL.getOpenTelemetry()).instrument(config.toBuilder())
                .addNetworkInterceptor(recorder(seen)).build();
        SyntheticCitizen c = sandbox.population().anyLiving();
        Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("handle request").startSpan();
        try (PopulationClient client = PopulationClient.create(traced); Scope ignored = parent.makeCurrent()) {
            client.lookup(lookup(c.idNumber(), c.fullName(), c.birthDate()));
        } finally {
            parent.end();
        }
        SpanData span = OTEL.getSpans().stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertEquals("population.lookup", span.getName());
        assertEquals(parent.getSpanContext().getSpanId(), span.getParentSpanId());
        assertEquals(parent.getSpanContext().getTraceId(), span.getTraceId());
        assertEquals(200L, span.getAttributes().get(KetnoiTracing.STATUS));
        assertEquals("POST", span.getAttributes().get(KetnoiTracing.METHOD));
        String requestId = span.getAttributes().get(KetnoiTracing.REQUEST_ID);
        assertTrue(requestId != null && requestId.matches("[0-9a-f-]{36}"), "request id: " + requestId);
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        noPersonalData(span, c);

        assertEquals(1, seen.size());
        TraceParent sent = TraceParent.parse(seen.get(0)).orElseThrow();
        assertEquals(span.getTraceId(), sent.traceId());
        assertEquals(span.getSpanId(), sent.parentId(), "the provider sees our client span as its parent");
    }

    @Test
    void aFailedCallRecordsItsErrorCodeAndRequestIdButNoPersonalData(KetnoiSandbox sandbox, ClientConfig config) {
        ClientConfig traced = KetnoiTracing.create(OTEL.getOpenTelemetry()).instrument(config.toBuilder()).build();
        SyntheticCitizen c = sandbox.population().anyLiving();
        // A valid ID number nobody holds.
        String unknown = c.idNumber().substring(0, 6) + "999999";
        if (sandbox.population().byIdNumber(unknown).isPresent()) {
            unknown = c.idNumber().substring(0, 6) + "999998";
        }
        String nobody = unknown;
        SyntheticCitizen probe = c;
        CitizenNotFoundException e;
        try (PopulationClient client = PopulationClient.create(traced)) {
            e = assertThrows(CitizenNotFoundException.class,
                    () -> client.lookup(lookup(nobody, probe.fullName(), probe.birthDate())));
        }
        SpanData span = OTEL.getSpans().stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals(e.errorCode(), span.getAttributes().get(KetnoiTracing.ERROR_CODE));
        assertEquals(e.requestId(), span.getAttributes().get(KetnoiTracing.REQUEST_ID));
        assertEquals((long) e.statusCode(), span.getAttributes().get(KetnoiTracing.STATUS));
        assertFalse((span.getAttributes().toString() + span.getStatus()).contains(nobody));
        noPersonalData(span, c);
    }
}
