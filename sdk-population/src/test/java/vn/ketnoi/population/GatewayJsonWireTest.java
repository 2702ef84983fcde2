package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Integrity;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.audit.AuditEvent;
import vn.ketnoi.core.audit.SubjectHasher;
import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.GatewayUnavailableException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.QuotaExceededException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exchange.GatewayCredentials;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.population.wire.GatewayJsonWire;
import vn.ketnoi.population.wire.PopulationWire;
import vn.ketnoi.population.wire.WireProfileException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxGatewayJson;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The {@code gateway-json} wire profile against the sandbox's LGSP-style gateway, over HTTP: the
 * same typed operations as the Ketnoi protocol, the gateway's token instead of the agency's
 * signatures, the gateway's error codes as the SDK's exceptions, and never a silent downgrade:
 * the client refuses the profile unless told, and every result and audit event says
 * {@link Integrity#TRANSPORT_ONLY}.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class GatewayJsonWireTest {
    private static final String OPERATOR = "VN:canbo.test";

    /** The configuration of an agency reaching the population service through the gateway-json profile. */
    static ClientConfig.Builder configThrough(KetnoiSandbox sandbox, SandboxGatewayJson.Application app) {
        return SandboxClients.configFor(sandbox, sandbox.agency(app.agencyId())).toBuilder()
                .gateway(app.gateway("lgsp"))
                .route(PopulationClient.SERVICE, sandbox.gatewayJson().url())
                // One attempt: what a test sees is the gateway's one answer.
                .resilience("population", ResilienceOptions.disabled());
    }

    static PopulationClient gatewayClient(ClientConfig config) {
        return PopulationClient.builder(config).wire(GatewayJsonWire.create(config)).acceptTransportOnlyIntegrity()
                .build();
    }

    static PopulationClient gatewayClient(KetnoiSandbox sandbox) {
        return gatewayClient(configThrough(sandbox, sandbox.gatewayJson().application(KetnoiSandbox.DEFAULT_AGENCY_ID))
                .build());
    }

    static LookupRequest.Builder lookupOf(SyntheticCitizen c) {
        return LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR));
    }

    static VerifyRequest.Builder verifyOf(SyntheticCitizen c) {
        return VerifyRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, OPERATOR));
    }

    // ---- the operations ----

    @Test
    @DisplayName("Lookup: the fields asked for, transport-only, carried with the gateway token and nothing of the protocol")
    void lookupReturnsTheFieldsAskedForWithTransportOnlyIntegrity(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        List<KetnoiRequest> sent = Collections.synchronizedList(new ArrayList<>());
        ClientConfig config = configThrough(sandbox, sandbox.gatewayJson().application(KetnoiSandbox.DEFAULT_AGENCY_ID))
                .addNetworkInterceptor(chain -> {
                    sent.add(chain.request());
                    return chain.proceed(chain.request());
                }).build();
        try (PopulationClient population = gatewayClient(config)) {
            Citizen citizen = population.lookup(lookupOf(c)
                    .fields(CitizenField.FULL_NAME, CitizenField.BIRTH_DATE, CitizenField.PERMANENT_RESIDENCE).build());

            assertEquals(c.idNumber(), citizen.idNumber().value());
            assertEquals(EnumSet.of(CitizenField.FULL_NAME, CitizenField.BIRTH_DATE, CitizenField.PERMANENT_RESIDENCE),
                    citizen.fields());
            assertEquals(c.fullName(), citizen.fullName().orElseThrow());
            assertEquals(PartialDate.parseIso(c.birthDate()), citizen.birthDate().orElseThrow());
            assertEquals(c.permanentResidence().text(), citizen.permanentResidence().orElseThrow().text());
            assertEquals(Integrity.TRANSPORT_ONLY, citizen.integrity());
            assertEquals(Integrity.TRANSPORT_ONLY, population.integrity());
            assertEquals(GatewayJsonWire.PROFILE, population.profile());
        }
        KetnoiRequest call = sent.stream().filter(r -> r.uri().getPath().endsWith("/tra-cuu-cong-dan")).findFirst()
                .orElseThrow(() -> new AssertionError("no call by name at the gateway: " + sent));
        assertEquals("/gw-json/api/csdlqgdc/v1/tra-cuu-cong-dan", call.uri().getPath());
        assertTrue(call.headers().first("Authorization").orElse("").startsWith("Bearer "),
                "no gateway token in Authorization");
        assertTrue(call.headers().first("Ketnoi-Signature").isEmpty(), "a Ketnoi signature was sent");
        assertTrue(call.headers().first("X-Road-Client").isEmpty(), "the protocol's exchange headers were sent");
        String body = new String(call.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"soDinhDanh\"") && body.contains("\"hoVaTen\"") && body.contains("\"truongYeuCau\""),
                "the body does not use the gateway's names");
        assertFalse(body.contains("\"idNumber\""), "the body uses the protocol's names");
    }

    @Test
    @DisplayName("Verify: a verdict per claim, match and mismatch, transport-only")
    void verifyGivesVerdictsMatchAndMismatch(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        String name = c.fullName();
        char last = name.charAt(name.length() - 1);
        String oneLetterOff = name.substring(0, name.length() - 1) + (last == 'x' ? 'y' : 'x');
        try (PopulationClient population = gatewayClient(sandbox)) {
            IdentityVerification match = population.verify(verifyOf(c).build());
            assertTrue(match.allMatch());
            assertEquals(Integrity.TRANSPORT_ONLY, match.integrity());

            IdentityVerification mismatch = population.verify(verifyOf(c).fullName(oneLetterOff).build());
            assertEquals(FieldVerdict.NO_MATCH, mismatch.verdict(CitizenField.FULL_NAME).orElseThrow());
            assertEquals(FieldVerdict.MATCH, mismatch.verdict(CitizenField.BIRTH_DATE).orElseThrow());
            assertFalse(mismatch.allMatch());
        }
    }

    @Test
    @DisplayName("Household: head, members and residence, transport-only")
    void householdListsTheMembers(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().find(x -> !x.isDeceased() && x.hasFullBirthDate()
                && x.headIdNumber() != null && !x.headIdNumber().equals(x.idNumber())).orElseThrow();
        try (PopulationClient population = gatewayClient(sandbox)) {
            Household h = population.household(HouseholdRequest.builder().idNumber(c.idNumber())
                    .fullName(c.fullName()).birthDate(c.birthDate()).context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build());
            assertEquals(c.householdId(), h.householdId());
            assertEquals(c.headIdNumber(), h.headIdNumber().value());
            assertEquals(c.relationshipToHead(), h.members().stream()
                    .filter(m -> m.idNumber().value().equals(c.idNumber())).findFirst().orElseThrow().relationshipToHead());
            SyntheticCitizen head = sandbox.population().byIdNumber(c.headIdNumber()).orElseThrow();
            assertEquals(head.permanentResidence().text(), h.residence().orElseThrow().text());
            assertEquals(Integrity.TRANSPORT_ONLY, h.integrity());
        }
    }

    @Test
    @DisplayName("The async twins answer the same, transport-only")
    void asyncOperationsAnswerTheSame(KetnoiSandbox sandbox) throws Exception {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient population = gatewayClient(sandbox)) {
            Citizen citizen = population.lookupAsync(lookupOf(c).fields(CitizenField.SEX).build()).get(30, TimeUnit.SECONDS);
            assertEquals(c.idNumber(), citizen.idNumber().value());
            assertEquals(Integrity.TRANSPORT_ONLY, citizen.integrity());
            assertTrue(population.verifyAsync(verifyOf(c).build()).get(30, TimeUnit.SECONDS).allMatch());
        }
    }

    // ---- the register's outcomes, from the gateway's codes ----

    @Test
    @DisplayName("maLoi 01, 02 and 03 are not found, identity mismatch and field not granted")
    void theRegistersOutcomesAreTheSdksExceptions(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient population = gatewayClient(sandbox)) {
            CitizenNotFoundException notFound = assertThrows(CitizenNotFoundException.class, () -> population.lookup(
                    lookupOf(c).idNumber(PopulationOperationsTest.unknownId(sandbox, c)).fields(CitizenField.SEX).build()));
            assertEquals("population.citizen-not-found", notFound.errorCode());
            assertFalse(notFound.getMessage().contains(c.idNumber()));

            IdentityMismatchException mismatch = assertThrows(IdentityMismatchException.class, () -> population.lookup(
                    lookupOf(c).fullName(c.fullName() + " X").fields(CitizenField.SEX).build()));
            assertEquals("population.identity-mismatch", mismatch.errorCode());
        }
        SandboxGatewayJson.Application limited = sandbox.gatewayJson().application(KetnoiSandbox.LIMITED_AGENCY_ID);
        try (PopulationClient population = gatewayClient(configThrough(sandbox, limited).build())) {
            FieldNotGrantedException e = assertThrows(FieldNotGrantedException.class,
                    () -> population.lookup(lookupOf(c).fields(CitizenField.RELIGION).build()));
            assertEquals("population.field-not-granted", e.errorCode());
        }
    }

    // ---- the gateway's own refusals ----

    @Test
    @DisplayName("A wrong application secret is the gateway credential refused, and nothing reaches the service")
    void aBadKeyOrSecretIsTheGatewayCredentialRefused(KetnoiSandbox sandbox) {
        SandboxGatewayJson.Application app = sandbox.gatewayJson().application(KetnoiSandbox.DEFAULT_AGENCY_ID);
        GatewayCredentials wrong = GatewayCredentials.keyAndSecret(sandbox.gatewayJson().tokenUrl(), app.key(),
                app.secret() + "x").withHeader("Authorization");
        ClientConfig config = configThrough(sandbox, app)
                .gateway(vn.ketnoi.core.exchange.Gateway.builder().name("lgsp").url(sandbox.gatewayJson().url())
                        .credentials(wrong).build())
                .build();
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient population = gatewayClient(config)) {
            ExchangeLayerException e = assertThrows(ExchangeLayerException.class,
                    () -> population.lookup(lookupOf(c).fields(CitizenField.SEX).build()));
            assertEquals("exchange.gateway-credential-refused", e.errorCode());
            assertFalse(e.isRetryable());
            assertFalse(e.getMessage().contains(app.secret()), "the secret reached a message");
        }
    }

    @Test
    @DisplayName("Over the application's quota: QuotaExceededException with the gateway's Retry-After")
    void overTheQuotaIsQuotaExceeded(KetnoiSandbox sandbox) {
        SandboxGatewayJson.Application app = sandbox.gatewayJson().application(KetnoiSandbox.DEFAULT_AGENCY_ID, 2);
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient population = gatewayClient(configThrough(sandbox, app).build())) {
            population.verify(verifyOf(c).build());
            population.verify(verifyOf(c).build());
            QuotaExceededException e = assertThrows(QuotaExceededException.class,
                    () -> population.verify(verifyOf(c).build()));
            assertEquals("exchange.quota-exceeded", e.errorCode());
            assertEquals(429, e.statusCode());
            assertEquals(Duration.ofSeconds(60), e.retryAfter().orElseThrow());
            assertTrue(e.isRetryable(), "a read over quota is retryable later");
        }
    }

    // ---- fail closed on what does not parse ----

    /** A client whose answers an attacker on the path, or a broken gateway, rewrites. */
    static PopulationClient rewriting(KetnoiSandbox sandbox, UnaryOperator<KetnoiResponse> rewrite) {
        ClientConfig config = configThrough(sandbox, sandbox.gatewayJson().application(KetnoiSandbox.DEFAULT_AGENCY_ID))
                .addNetworkInterceptor(chain -> {
                    KetnoiResponse r = chain.proceed(chain.request());
                    return r.request().uri().getPath().contains("/api/") ? rewrite.apply(r) : r;
                }).build();
        return gatewayClient(config);
    }

    static KetnoiResponse body(KetnoiResponse r, int status, String contentType, String body) {
        return new KetnoiResponse(status, HttpHeaders.builder().add("Content-Type", contentType).build(),
                body.getBytes(StandardCharsets.UTF_8), r.request());
    }

    @Test
    @DisplayName("Malformed answers are response.malformed: not JSON, success without data, another request's answer")
    void malformedAnswersFailClosed(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        LookupRequest lookup = lookupOf(c).fields(CitizenField.SEX).build();
        List<UnaryOperator<KetnoiResponse>> rewrites = List.of(
                r -> body(r, 200, "text/html", "<html><body>OK</body></html>"),
                r -> body(r, 200, "application/json", "{\"maLoi\":\"0\",\"moTaLoi\":\"Thành công\"}"),
                r -> body(r, 200, "application/json", new String(r.body(), StandardCharsets.UTF_8)
                        .replaceAll("\"duLieu\":\\{.*\\}\\}$", "\"duLieu\":{}}")),
                r -> body(r, 200, "application/json", new String(r.body(), StandardCharsets.UTF_8)
                        .replaceAll("\"maYeuCau\":\"[^\"]*\"", "\"maYeuCau\":\"00000000-0000-0000-0000-000000000000\"")),
                r -> body(r, 200, "application/json", new String(r.body(), StandardCharsets.UTF_8)
                        .replace(c.idNumber(), PopulationOperationsTest.unknownId(sandbox, c))));
        for (int i = 0; i < rewrites.size(); i++) {
            try (PopulationClient population = rewriting(sandbox, rewrites.get(i))) {
                ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                        () -> population.lookup(lookup), "rewrite " + i + " was taken as an answer");
                assertEquals("response.malformed", e.errorCode());
                assertFalse(e.getMessage().contains(c.idNumber()), "personal data reached the message");
            }
        }
    }

    @Test
    @DisplayName("A gateway's HTML error page is the gateway unavailable, never data and never quoted")
    void anHtmlErrorPageIsTheGatewayUnavailable(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient population = rewriting(sandbox,
                r -> body(r, 502, "text/html", "<html><title>502 Bad Gateway</title>secret-ish</html>"))) {
            GatewayUnavailableException e = assertThrows(GatewayUnavailableException.class,
                    () -> population.lookup(lookupOf(c).fields(CitizenField.SEX).build()));
            assertEquals("exchange.gateway-unavailable", e.errorCode());
            assertFalse(e.getMessage().contains("secret-ish"), "the gateway's page was quoted");
        }
    }

    // ---- never silently ----

    @Test
    @DisplayName("Without acceptTransportOnlyIntegrity() the client refuses the profile, and closes it")
    void theClientRefusesATransportOnlyProfileUnlessAccepted(KetnoiSandbox sandbox) {
        ClientConfig config = configThrough(sandbox, sandbox.gatewayJson().application(KetnoiSandbox.DEFAULT_AGENCY_ID))
                .build();
        boolean[] closed = {false};
        PopulationWire wire = GatewayJsonWire.create(config);
        PopulationWire watched = new PopulationWire() {
            @Override public String profile() { return wire.profile(); }
            @Override public Integrity integrity() { return wire.integrity(); }
            @Override public Citizen lookup(LookupRequest r, RequestContext c) { return wire.lookup(r, c); }
            @Override public java.util.concurrent.CompletableFuture<Citizen> lookupAsync(LookupRequest r, RequestContext c) { return wire.lookupAsync(r, c); }
            @Override public IdentityVerification verify(VerifyRequest r, RequestContext c) { return wire.verify(r, c); }
            @Override public java.util.concurrent.CompletableFuture<IdentityVerification> verifyAsync(VerifyRequest r, RequestContext c) { return wire.verifyAsync(r, c); }
            @Override public Household household(HouseholdRequest r, RequestContext c) { return wire.household(r, c); }
            @Override public java.util.concurrent.CompletableFuture<Household> householdAsync(HouseholdRequest r, RequestContext c) { return wire.householdAsync(r, c); }
            @Override public void close() { closed[0] = true; wire.close(); }
        };
        WireProfileException e = assertThrows(WireProfileException.class,
                () -> PopulationClient.builder(config).wire(watched).build());
        assertEquals(WireProfileException.TRANSPORT_ONLY_REFUSED, e.errorCode());
        assertEquals(GatewayJsonWire.PROFILE, e.profile());
        assertTrue(closed[0], "the refused profile was left open");
        assertThrows(WireProfileException.class, () -> PopulationClient.builder(config).wire(GatewayJsonWire.PROFILE).build());
        try (PopulationClient byName = PopulationClient.builder(config).wire(GatewayJsonWire.PROFILE)
                .acceptTransportOnlyIntegrity().build()) {
            assertEquals(Integrity.TRANSPORT_ONLY, byName.integrity());
        }
    }

    @Test
    @DisplayName("The profile needs a gateway covering the service with its token in Authorization")
    void theProfileNeedsAnAuthorizationGateway(KetnoiSandbox sandbox) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> GatewayJsonWire.create(SandboxClients.configFor(sandbox)));
        assertEquals("gateways", e.field());
    }

    @Test
    @DisplayName("Operations only the protocol carries are refused by name, before anything is sent")
    void otherOperationsAreRefusedByName(KetnoiSandbox sandbox) {
        try (PopulationClient population = gatewayClient(sandbox)) {
            BatchRequest spec = BatchRequest.lookup(CitizenField.FULL_NAME).context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR)).build();
            SyntheticCitizen c = sandbox.population().anyLiving();
            WireProfileException e = assertThrows(WireProfileException.class, () -> population.batch(spec,
                    List.of(BatchRecord.of("a", c.idNumber(), c.fullName(), c.birthDate()))));
            assertEquals(WireProfileException.OPERATION_UNSUPPORTED, e.errorCode());
            assertTrue(e.getMessage().contains("population.batch") && e.getMessage().contains(GatewayJsonWire.PROFILE));
            CompletionException async = assertThrows(CompletionException.class, () -> population.batchAsync(spec,
                    List.of(BatchRecord.of("a", c.idNumber(), c.fullName(), c.birthDate()))).join());
            assertEquals(WireProfileException.OPERATION_UNSUPPORTED, ((KetnoiException) async.getCause()).errorCode());
            assertThrows(WireProfileException.class, () -> population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR)));
        }
    }

    // ---- audit ----

    @Test
    @DisplayName("Audit events say which integrity the answer had: transport-only here, end-to-end signed by default")
    void auditEventsRecordTheIntegrity(KetnoiSandbox sandbox) {
        List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());
        SubjectHasher hasher = SubjectHasher.hmacSha256("an audit key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));
        SyntheticCitizen c = sandbox.population().anyLiving();
        ClientConfig config = configThrough(sandbox, sandbox.gatewayJson().application(KetnoiSandbox.DEFAULT_AGENCY_ID))
                .audit(events::add, hasher).build();
        try (PopulationClient population = gatewayClient(config)) {
            population.lookup(lookupOf(c).fields(CitizenField.SEX).build());
            assertThrows(IdentityMismatchException.class,
                    () -> population.lookup(lookupOf(c).fullName(c.fullName() + " X").fields(CitizenField.SEX).build()));
        }
        try (PopulationClient signed = PopulationClient.create(SandboxClients.configFor(sandbox).toBuilder()
                .audit(events::add, hasher).build())) {
            Citizen citizen = signed.lookup(lookupOf(c).fields(CitizenField.SEX).build());
            assertEquals(Integrity.END_TO_END_SIGNED, citizen.integrity());
            assertEquals(Integrity.END_TO_END_SIGNED, signed.integrity());
            assertEquals("ketnoi", signed.profile());
        }
        assertEquals(3, events.size(), events.toString());
        AuditEvent ok = events.get(0);
        assertEquals(Integrity.TRANSPORT_ONLY, ok.integrity());
        assertEquals("population.lookup", ok.operation());
        assertEquals(AuditEvent.OK, ok.outcome());
        assertEquals(List.of(hasher.hash(c.idNumber())), ok.subjects());
        assertEquals(List.of("sex"), ok.fields());
        assertEquals("population.identity-mismatch", events.get(1).outcome());
        assertEquals(Integrity.TRANSPORT_ONLY, events.get(1).integrity());
        assertEquals(Integrity.END_TO_END_SIGNED, events.get(2).integrity());
    }
}
