package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ClientHealth;
import vn.ketnoi.core.ResilienceEvent;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.tracing.TraceParent;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SyntheticCitizen;

/** The traceparent every call carries, and the health snapshot, against the sandbox. */
@ExtendWith(KetnoiSandboxExtension.class)
class TraceAndHealthTest {

    private static LookupRequest lookupOf(SyntheticCitizen c) {
        return PopulationLookupTest.requestFor(c).fields(CitizenField.SEX).build();
    }

    /** Records the traceparent of each provider API exchange as it goes on the wire. */
    private static Interceptor recorder(List<String> seen) {
        return chain -> {
            if (chain.request().uri().getPath().contains("/population/v1/")) { // directly or under a gateway route
                seen.add(chain.request().headers().first(TraceParent.HEADER).orElse("(none)"));
            }
            return chain.proceed(chain.request());
        };
    }

    @Test
    void everyCallStartsItsOwnTraceAndKeepsItAcrossRetries(KetnoiSandbox sandbox, ClientConfig config) {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (PopulationClient client = PopulationClient.create(config.toBuilder().addNetworkInterceptor(recorder(seen)).build())) {
            client.lookup(lookupOf(sandbox.population().anyLiving()));
            client.lookup(lookupOf(sandbox.population().anyLiving()));
            assertEquals(2, seen.size());
            TraceParent first = TraceParent.parse(seen.get(0)).orElseThrow();
            TraceParent second = TraceParent.parse(seen.get(1)).orElseThrow();
            assertFalse(first.traceId().equals(second.traceId()), "each call is a trace of its own");

            seen.clear();
            sandbox.faults().add("/population/", SandboxFault.serviceUnavailable(Duration.ZERO));
            try {
                assertThrows(KetnoiException.class, () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            } finally {
                sandbox.faults().clear();
            }
            assertTrue(seen.size() >= 2, "the failing call was retried: " + seen.size());
            Set<String> traces = seen.stream().map(v -> TraceParent.parse(v).orElseThrow().traceId())
                    .collect(Collectors.toSet());
            assertEquals(1, traces.size(), "the attempts of one call share its trace");
        }
    }

    @Test
    void aTraceContextSetByTheApplicationIsForwardedUnchanged(KetnoiSandbox sandbox, ClientConfig config) {
        TraceParent mine = TraceParent.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true);
        List<String> seen = new CopyOnWriteArrayList<>();
        ClientConfig traced = config.toBuilder()
                .addInterceptor(chain -> chain.proceed(chain.request().toBuilder()
                        .header(TraceParent.HEADER, mine.headerValue()).build()))
                .addNetworkInterceptor(recorder(seen))
                .build();
        try (PopulationClient client = PopulationClient.create(traced)) {
            client.lookup(lookupOf(sandbox.population().anyLiving()));
        }
        assertEquals(List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), seen);
    }

    @Test
    void malformedTraceParentsAreRefusedByTheParser() {
        assertTrue(TraceParent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01").isEmpty());
        assertTrue(TraceParent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").isEmpty());
        assertTrue(TraceParent.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01").isEmpty());
        assertTrue(TraceParent.parse(null).isEmpty());
        assertTrue(TraceParent.random().headerValue().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"));
    }

    @Test
    void healthShowsTheBreakerTheTokenAndTheCertificate(KetnoiSandbox sandbox, ClientConfig config) {
        SandboxAgency agency = sandbox.defaultAgency();
        ClientConfig withChain = config.toBuilder()
                .credentials(AgencyCredentials.of(agency.keyId(), agency.privateKey(), agency.certificateChain()))
                .build();
        try (PopulationClient client = PopulationClient.create(withChain)) {
            ClientHealth before = client.health();
            assertEquals("population", before.service());
            assertEquals(ResilienceEvent.CircuitState.CLOSED, before.circuitState().orElseThrow());
            assertTrue(before.tokenExpiresAt().isEmpty(), "no token before the first call");
            assertFalse(before.tokenFresh());
            assertEquals(agency.certificateChain().get(0).getNotAfter().toInstant(),
                    before.certificateNotAfter().orElseThrow());
            assertTrue(before.isUp());

            client.lookup(lookupOf(sandbox.population().anyLiving()));
            ClientHealth after = client.health();
            assertTrue(after.tokenFresh(), after.toString());
            assertTrue(after.tokenExpiresAt().orElseThrow().isAfter(after.checkedAt()));
        }
    }
}
