package vn.ketnoi.vneid.edocuments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * How a verifier reads and keeps a status list that the provider signed, for what no server in the
 * sandbox produces: a provider that signs a malformed entry or an overlong expiry. The signature
 * itself is checked by {@link ProviderSigned} (tested over HTTP); here it is taken as verified.
 */
class StatusListsTest {
    private static final String AGENCY = "VN:GOV:000.00.15.H29";
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T02:00:00Z"));
    private ProviderSigned provider;

    @BeforeEach
    void provider() {
        provider = mock(ProviderSigned.class);
        ClientConfig config = mock(ClientConfig.class);
        when(config.endpoint()).thenReturn(URI.create("https://provider.example.vn"));
        when(config.serviceId(anyString(), any())).thenAnswer(i -> i.getArgument(1));
        when(config.serviceUrl(any(), anyString())).thenReturn(URI.create("https://provider.example.vn/edocuments/v1"));
        when(config.providerIssuer()).thenReturn("https://provider.example.vn");
        when(config.clockSkew()).thenReturn(Duration.ofSeconds(60));
        when(provider.config()).thenReturn(config);
        when(provider.clock()).thenAnswer(i -> Clock.fixed(now.get(), ZoneOffset.UTC));
    }

    /** The provider answers with a list holding these {@code documents}, signed now, valid for {@code ttl}. */
    private void serves(String documents, Duration ttl) throws Exception {
        long iat = now.get().getEpochSecond();
        String claims = "{\"iss\":\"https://provider.example.vn\",\"agency\":\"" + AGENCY + "\",\"iat\":" + iat
                + ",\"exp\":" + (iat + ttl.toSeconds()) + ",\"documents\":" + documents + "}";
        KetnoiResponse answer = new KetnoiResponse(200, HttpHeaders.empty(), "x.y.z".getBytes(StandardCharsets.US_ASCII),
                KetnoiRequest.builder("GET", URI.create("https://provider.example.vn/edocuments/v1/status-lists/x")).build());
        when(provider.get(any(), anyString(), anyString())).thenReturn(answer);
        when(provider.verify(anyString(), anyString())).thenReturn(claims.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("Finding 3: an entry without status, version or digest makes the whole list unusable, never VALID by default")
    @Requirement(value = "R-10.6.1", side = Side.SDK)
    void incompleteEntriesAreRefused() throws Exception {
        StatusLists lists = new StatusLists(provider, Duration.ZERO, Duration.ofHours(1));
        for (String entry : new String[] {"{\"version\":1,\"digest\":\"d\"}", "{\"status\":\"VALID\",\"digest\":\"d\"}",
                "{\"status\":\"VALID\",\"version\":1}", "{\"status\":\"VALID\",\"version\":0,\"digest\":\"d\"}", "{}"}) {
            serves("{\"GPLX-1\":" + entry + "}", Duration.ofMinutes(5));
            now.set(now.get().plus(StatusLists.RETRY_FLOOR).plusSeconds(1));
            assertThrows(StatusLists.Unavailable.class, () -> lists.get(AGENCY, null), entry);
        }
    }

    @Test
    @DisplayName("Finding 3: a list signed for a month is relied on for at most 24 hours after its iat, plus the grace")
    void theAgeOfAListIsBoundedWhateverItsExpiry() throws Exception {
        StatusLists lists = new StatusLists(provider, Duration.ofMinutes(5), Duration.ofHours(1));
        serves("{\"GPLX-1\":{\"status\":\"VALID\",\"version\":1,\"digest\":\"d\"}}", Duration.ofDays(30));
        StatusLists.Snapshot first = lists.get(AGENCY, null);
        when(provider.get(any(), anyString(), anyString())).thenThrow(new KetnoiException("offline", 0, "network.unreachable",
                null, true, null));
        now.set(now.get().plus(Duration.ofHours(24)).plus(Duration.ofMinutes(59)));
        assertSame(first, lists.get(AGENCY, null), "within 24 hours and the grace, the offline verifier keeps it");
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThrows(StatusLists.Unavailable.class, () -> lists.get(AGENCY, null));
    }

    @Test
    @DisplayName("Finding 3: a document newer than the cached list makes one fetch, at most one per retry floor")
    void aNewerListIsFetchedWhenAsked() throws Exception {
        StatusLists lists = new StatusLists(provider, Duration.ofMinutes(5), Duration.ofHours(1));
        serves("{}", Duration.ofMinutes(5));
        StatusLists.Snapshot first = lists.get(AGENCY, null);
        assertSame(first, lists.get(AGENCY, now.get()), "fetched moments ago: not fetched again");
        now.set(now.get().plus(StatusLists.RETRY_FLOOR).plusSeconds(1));
        assertSame(first, lists.get(AGENCY, null), "fresh enough when nothing newer is needed");
        serves("{}", Duration.ofMinutes(5));
        StatusLists.Snapshot newer = lists.get(AGENCY, first.issuedAt());
        assertEquals(now.get().getEpochSecond(), newer.issuedAt().getEpochSecond());
        verify(provider, times(2)).get(any(), anyString(), anyString());
    }

    @Test
    @DisplayName("Finding 3: after a failed fetch the last good list is kept, the provider is asked again after the retry floor and no sooner")
    void aFailedFetchIsRetriedAfterTheFloor() throws Exception {
        StatusLists lists = new StatusLists(provider, Duration.ZERO, Duration.ofHours(1));
        serves("{}", Duration.ofMinutes(5));
        StatusLists.Snapshot first = lists.get(AGENCY, null);
        KetnoiResponse answer = new KetnoiResponse(200, HttpHeaders.empty(), "x.y.z".getBytes(StandardCharsets.US_ASCII),
                KetnoiRequest.builder("GET", URI.create("https://provider.example.vn/edocuments/v1/status-lists/x")).build());
        doThrow(new KetnoiException("offline", 0, "network.unreachable", null, true, null))
                .when(provider).get(any(), anyString(), anyString());
        now.set(now.get().plusSeconds(1));
        assertSame(first, lists.get(AGENCY, null), "the fetch failed: the last good list, within its grace");
        doReturn(answer).when(provider).get(any(), anyString(), anyString());
        assertSame(first, lists.get(AGENCY, null), "failed moments ago: not asked again yet");
        now.set(now.get().plus(StatusLists.RETRY_FLOOR).plusSeconds(1));
        assertNotSame(first, lists.get(AGENCY, null), "past the retry floor: the recovered provider's list");
        verify(provider, times(3)).get(any(), anyString(), anyString());
    }

    @Test
    @DisplayName("Finding 3: one issuer's list does not push another's out of the cache (its grace survives an outage)")
    void issuersDoNotEvictEachOther() throws Exception {
        String other = "VN:GOV:000.00.16.H29";
        AtomicReference<String> asked = new AtomicReference<>();
        KetnoiResponse answer = new KetnoiResponse(200, HttpHeaders.empty(), "x.y.z".getBytes(StandardCharsets.US_ASCII),
                KetnoiRequest.builder("GET", URI.create("https://provider.example.vn/edocuments/v1/status-lists/x")).build());
        doAnswer(i -> {
            asked.set(i.getArgument(0, URI.class).toString().contains("16.H29") ? other : AGENCY);
            return answer;
        }).when(provider).get(any(), anyString(), anyString());
        doAnswer(i -> {
            long iat = now.get().getEpochSecond();
            return ("{\"iss\":\"https://provider.example.vn\",\"agency\":\"" + asked.get() + "\",\"iat\":" + iat
                    + ",\"exp\":" + (iat + 300) + ",\"documents\":{}}").getBytes(StandardCharsets.UTF_8);
        }).when(provider).verify(anyString(), anyString());
        StatusLists lists = new StatusLists(provider, Duration.ZERO, Duration.ofHours(1));
        StatusLists.Snapshot first = lists.get(AGENCY, null);
        lists.get(other, null);
        doThrow(new KetnoiException("offline", 0, "network.unreachable", null, true, null))
                .when(provider).get(any(), anyString(), anyString());
        now.set(now.get().plusSeconds(1));
        assertSame(first, lists.get(AGENCY, null));
    }

    @Test
    @DisplayName("The list's URL is under the e-documents service's URL: the route when one is set (the exchange layer), else the endpoint's")
    void theListIsReadWhereTheServiceIsRouted() {
        when(provider.config().serviceUrl(EdocumentsClient.SERVICE, "/edocuments/v1"))
                .thenReturn(URI.create("https://lgsp.example.vn/r1/VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1"));
        assertEquals(URI.create("https://lgsp.example.vn/r1/VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1/status-lists/VN%3AGOV%3A000.00.15.H29"),
                new StatusLists(provider, Duration.ZERO, Duration.ZERO).uri(AGENCY));
    }
}
