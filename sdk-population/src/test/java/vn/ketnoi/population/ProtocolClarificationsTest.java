package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.AuthenticationException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;
import vn.ketnoi.testsupport.TestClock;

/**
 * The SDK's side of the rules docs/protocol.md spells out for what an implementer used to guess:
 * dates judged in Vietnam, lengths in code points, the token endpoint's answers, the syntax and
 * count of the exchange headers, the request jti, and the response typ.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class ProtocolClarificationsTest {

    private static final Pattern JTI = Pattern.compile("[A-Za-z0-9_-]{22,64}");
    /** U+21A38, the Nôm character for "chữ": one code point, two UTF-16 units. */
    private static final String NOM = new String(Character.toChars(0x21A38));

    private static boolean isApiCall(KetnoiRequest r) {
        return r.uri().getPath().contains("/population/");
    }

    private static boolean isTokenCall(KetnoiRequest r) {
        return r.uri().getPath().endsWith("/oauth2/token");
    }

    private static LookupRequest lookupOf(SyntheticCitizen c) {
        return PopulationLookupTest.requestFor(c).fields(CitizenField.SEX).build();
    }

    /** A request for the unit checks, which send nothing. */
    private static LookupRequest.Builder offline() {
        return LookupRequest.builder().idNumber("001089012345").fullName("Nguyễn Văn An").birthDate("1989-05-12")
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test"));
    }

    private static Clock utcAt(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    private static PopulationClient clientWith(ClientConfig config, Interceptor network) {
        return PopulationClient.create(config.toBuilder().addNetworkInterceptor(network).build());
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = p.indexOf('=');
            m.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    /** Rewrites the token endpoint's JSON answer as the test says; fails if the rewrite changed nothing. */
    private static Interceptor tokenAnswer(UnaryOperator<String> change) {
        return chain -> {
            KetnoiResponse r = chain.proceed(chain.request());
            if (!isTokenCall(chain.request())) {
                return r;
            }
            String body = new String(r.body(), StandardCharsets.UTF_8);
            String changed = change.apply(body);
            assertNotEquals(body, changed, "the rewrite did not apply: the test would prove nothing");
            return new KetnoiResponse(r.status(), r.headers(), changed.getBytes(StandardCharsets.UTF_8), r.request());
        };
    }

    // ---- section 1: today in Vietnam, lengths in code points ----

    @Test
    @Requirement(value = {"R-1.1", "R-8.1.3"}, side = Side.SDK)
    void aBirthDateThatIsTodayInVietnamIsNotInTheFutureWhileUtcIsStillYesterday() {
        // 18:30 UTC on 14 March is 01:30 on 15 March in Vietnam.
        Clock clock = utcAt("2026-03-14T18:30:00Z");
        LookupRequest r = offline().clock(clock).birthDate("2026-03-15")
                .fields(CitizenField.SEX).build();
        assertEquals(PartialDate.parseIso("2026-03-15"), r.birthDate());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> offline().clock(clock).birthDate("2026-03-16").fields(CitizenField.SEX).build());
        assertEquals("birthDate", e.field());
        // And the other way round: at 16:30 UTC it is 23:30 in Vietnam, 15 March is still tomorrow.
        assertThrows(InvalidInputException.class, () -> offline()
                .clock(utcAt("2026-03-14T16:30:00Z")).birthDate("2026-03-15").fields(CitizenField.SEX).build());
    }

    @Test
    @Requirement(value = {"R-1.1", "R-8.1.1"}, side = Side.SDK)
    void anIdNumberBornThisYearInVietnamIsValidOnNewYearsEveInUtc() {
        // Province 001, century digit 2 (a man born 2000-2099), year 26: born in 2026.
        String bornIn2026 = "001226012345";
        LookupRequest r = offline().clock(utcAt("2025-12-31T17:30:00Z"))
                .idNumber(bornIn2026).birthDate("2026-01-01").fields(CitizenField.SEX).build();
        assertEquals(bornIn2026, r.idNumber().value());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> offline().clock(utcAt("2025-12-31T16:30:00Z")).idNumber(bornIn2026)
                .birthDate("2025").fields(CitizenField.SEX).build());
        assertEquals("idNumber", e.field());
    }


    @Test
    @Requirement(value = {"R-1.2", "R-8.1.2"}, side = Side.SDK)
    void aNameOf512NomCharactersIsSentAndTheProviderCountsItTheSameWay(KetnoiSandbox sandbox,
            PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        String name512 = NOM.repeat(512);
        assertEquals(1024, name512.length(), "two UTF-16 units per character: a length in units would refuse it");
        // Sent, and refused by the provider only for not matching: it counted 512, as the SDK did.
        assertThrows(IdentityMismatchException.class, () -> population.lookup(
                PopulationLookupTest.requestFor(c).fullName(name512).fields(CitizenField.SEX).build()));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PopulationLookupTest.requestFor(c)
                .fullName(NOM.repeat(513)).fields(CitizenField.SEX).build());
        assertEquals("fullName", e.field());
    }

    // ---- section 2: the token endpoint ----

    @ParameterizedTest
    @ValueSource(strings = {"absent", "zero", "string", "fraction", "negative"})
    @Requirement(value = "R-2.19", side = Side.SDK)
    void aTokenAnswerWithoutAPositiveIntegerLifetimeIsRefused(String how, KetnoiSandbox sandbox, ClientConfig config) {
        UnaryOperator<String> change = switch (how) {
            case "absent" -> b -> b.replaceAll(",?\"expires_in\"\\s*:\\s*\\d+", "");
            case "zero" -> b -> b.replaceAll("\"expires_in\"\\s*:\\s*\\d+", "\"expires_in\":0");
            case "string" -> b -> b.replaceAll("\"expires_in\"\\s*:\\s*(\\d+)", "\"expires_in\":\"$1\"");
            case "fraction" -> b -> b.replaceAll("\"expires_in\"\\s*:\\s*(\\d+)", "\"expires_in\":$1.5");
            default -> b -> b.replaceAll("\"expires_in\"\\s*:\\s*\\d+", "\"expires_in\":-300");
        };
        try (PopulationClient client = clientWith(config, tokenAnswer(change))) {
            KetnoiException e = assertThrows(KetnoiException.class,
                    () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            assertEquals("response.malformed", e.errorCode(), e.getMessage());
        }
    }

    @Test
    @Requirement(value = "R-2.14", side = Side.SDK)
    void aFortySecondTokenIsKeptForTwentySecondsNotRefreshedOnEveryCall(KetnoiSandbox sandbox, ClientConfig config) {
        sandbox.setTokenLifetime(Duration.ofSeconds(40));
        TestClock clock = TestClock.systemShifted();
        try (PopulationClient client = PopulationClient.create(config.toBuilder().clock(clock).build())) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            client.lookup(lookupOf(c));
            long before = sandbox.stats().tokenRequests();
            // 15 s into a 40 s life: 25 s remain, under the 30 s margin, but the first half is not over.
            clock.shift(Duration.ofSeconds(15));
            client.lookup(lookupOf(c));
            client.lookup(lookupOf(c));
            assertEquals(0, sandbox.stats().tokenRequests() - before, "no refresh in the first half of the life");
            clock.shift(Duration.ofSeconds(21));
            client.lookup(lookupOf(c));
            client.lookup(lookupOf(c));
            assertEquals(1, sandbox.stats().tokenRequests() - before, "one refresh after half the life");
        } finally {
            sandbox.setTokenLifetime(Duration.ofSeconds(300));
        }
    }

    @Test
    @Requirement(value = "R-2.14", side = Side.SDK)
    void aTwentySecondTokenIsRefreshedAfterTenSeconds(KetnoiSandbox sandbox, ClientConfig config) {
        sandbox.setTokenLifetime(Duration.ofSeconds(20));
        TestClock clock = TestClock.systemShifted();
        try (PopulationClient client = PopulationClient.create(config.toBuilder().clock(clock).build())) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            client.lookup(lookupOf(c));
            long before = sandbox.stats().tokenRequests();
            clock.shift(Duration.ofSeconds(9));
            client.lookup(lookupOf(c));
            client.lookup(lookupOf(c));
            assertEquals(0, sandbox.stats().tokenRequests() - before);
            clock.shift(Duration.ofSeconds(11));
            client.lookup(lookupOf(c));
            assertEquals(1, sandbox.stats().tokenRequests() - before);
        } finally {
            sandbox.setTokenLifetime(Duration.ofSeconds(300));
        }
    }

    @Test
    @Requirement(value = "R-2.17", side = Side.SDK)
    void aRefusedClientAuthenticationIsReportedOnceAndNotRetried(KetnoiSandbox sandbox, ClientConfig config) {
        // Spoils what the SDK sent, as a misconfigured proxy would: the provider's verdict is invalid_client.
        Interceptor wrongType = chain -> {
            KetnoiRequest r = chain.request();
            if (!isTokenCall(r)) {
                return chain.proceed(r);
            }
            String body = new String(r.body(), StandardCharsets.US_ASCII)
                    .replace("jwt-bearer", "saml2-bearer");
            return chain.proceed(r.toBuilder().body(body.getBytes(StandardCharsets.US_ASCII)).build());
        };
        long before = sandbox.stats().tokenRequests();
        try (PopulationClient client = clientWith(Fixture.noRetries(config), wrongType)) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            assertEquals("token.invalid_client", e.errorCode());
            assertEquals(401, e.statusCode());
            assertFalse(e.isRetryable());
        }
        assertEquals(1, sandbox.stats().tokenRequests() - before, "one token request, not repeated");
    }

    @Test
    @Requirement(value = "R-2.18", side = Side.SDK)
    void everyTokenRequestCarriesANewAssertionEvenAfterAFailedOne(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        List<String> jtis = new CopyOnWriteArrayList<>();
        AtomicBoolean failFirst = new AtomicBoolean(true);
        Interceptor recordAndLoseFirstAnswer = chain -> {
            KetnoiRequest r = chain.request();
            if (!isTokenCall(r)) {
                return chain.proceed(r);
            }
            try {
                jtis.add(SignedJWT.parse(form(r.body()).get("client_assertion")).getJWTClaimsSet().getJWTID());
            } catch (java.text.ParseException e) {
                throw new AssertionError(e);
            }
            KetnoiResponse answer = chain.proceed(r);
            // The provider accepted (and remembered) the first assertion; its answer is lost on the way back.
            return failFirst.getAndSet(false)
                    ? new KetnoiResponse(503, HttpHeaders.empty(), new byte[0], r) : answer;
        };
        try (PopulationClient client = clientWith(config, recordAndLoseFirstAnswer)) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            // The call is retried after the lost answer; the retry asks for a token afresh.
            client.lookup(lookupOf(c));
        }
        assertEquals(2, jtis.size());
        assertNotEquals(jtis.get(0), jtis.get(1), "the retry makes a new assertion: the provider remembers the first");
    }

    // ---- section 3: exchange headers ----

    @ParameterizedTest
    @ValueSource(strings = {"VN", "canbo.test", "VN canbo", "VN:cán.bộ", "VN\tx"})
    @Requirement(value = "R-3.2", side = Side.SDK)
    void anOperatorIdOutsideTheSyntaxIsRefusedBeforeSending(String operatorId) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RequestContext.of(Purpose.PUBLIC_SERVICE, operatorId));
        assertEquals("operatorId", e.field());
    }

    @Test
    @Requirement(value = "R-3.2", side = Side.SDK)
    void theOperatorIdAndPurposeLimitsAreThoseOfTheProtocol() {
        String longest = "VN" + "a".repeat(126);
        assertEquals(longest, RequestContext.of(Purpose.PUBLIC_SERVICE, longest).operatorId());
        assertThrows(InvalidInputException.class, () -> RequestContext.of(Purpose.PUBLIC_SERVICE, longest + "a"));
        assertEquals("X_1", Purpose.of("X_1").code());
        assertEquals(64, Purpose.of("P" + "_".repeat(63)).code().length());
        for (String bad : new String[] {"P", "public_service", "PUBLIC SERVICE", "1PUBLIC", "P" + "_".repeat(64)}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Purpose.of(bad));
            assertEquals("purpose", e.field());
        }
    }

    @Test
    @Requirement(value = "R-3.3", side = Side.SDK)
    void aSignatureStrippedOnThePathIsTheProvidersSignedVerdictNotAnExchangeError(KetnoiSandbox sandbox,
            ClientConfig config) {
        Interceptor strip = chain -> isApiCall(chain.request())
                ? chain.proceed(chain.request().toBuilder().removeHeader("Ketnoi-Signature").build())
                : chain.proceed(chain.request());
        try (PopulationClient client = clientWith(Fixture.noRetries(config), strip)) {
            KetnoiServiceException e = assertThrows(KetnoiServiceException.class,
                    () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            assertEquals("signature.missing", e.errorCode());
            assertEquals(401, e.statusCode());
            // A KetnoiServiceException, not an ExchangeLayerException: a signed provider answer, verified as one.
        }
    }

    @Test
    @Requirement(value = "R-3.3", side = Side.SDK)
    void aDoubledAuthorizationIsTheProvidersSignedTokenMissing(KetnoiSandbox sandbox, ClientConfig config) {
        Interceptor doubled = chain -> {
            KetnoiRequest r = chain.request();
            return isApiCall(r) ? chain.proceed(r.toBuilder()
                    .addHeader("Authorization", r.headers().first("Authorization").orElseThrow()).build())
                    : chain.proceed(r);
        };
        try (PopulationClient client = clientWith(Fixture.noRetries(config), doubled)) {
            KetnoiServiceException e = assertThrows(KetnoiServiceException.class,
                    () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            assertEquals("auth.token-missing", e.errorCode());
        }
    }

    @Test
    @Requirement(value = {"R-3.3", "R-3.4", "R-4.13"}, side = Side.SDK)
    void readsCarryEachHeaderOnceNoIdempotencyKeyAndAJtiOfTheProtocolsForm(KetnoiSandbox sandbox,
            ClientConfig config) throws Exception {
        List<KetnoiRequest> seen = new CopyOnWriteArrayList<>();
        Interceptor record = chain -> {
            seen.add(chain.request());
            return chain.proceed(chain.request());
        };
        try (PopulationClient client = clientWith(config, record)) {
            SyntheticCitizen c = sandbox.population().find(x -> !x.isDeceased() && x.householdId() != null)
                    .orElseThrow();
            client.lookup(lookupOf(c));
            client.verify(VerifyRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                    .birthDate(c.birthDate()).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test")).build());
            client.household(HouseholdRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                    .birthDate(c.birthDate()).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test")).build());
        }
        List<KetnoiRequest> calls = seen.stream().filter(ProtocolClarificationsTest::isApiCall).toList();
        assertEquals(3, calls.size());
        for (KetnoiRequest r : calls) {
            assertEquals(List.of(), r.headers().all("Idempotency-Key"), "a read carries no Idempotency-Key");
            for (String h : List.of("Authorization", "Ketnoi-Signature", "X-Road-Client", "X-Road-Id",
                    "X-Road-UserId", "Ketnoi-Purpose")) {
                assertEquals(1, r.headers().all(h).size(), h + " exactly once");
            }
            assertTrue(r.headers().all("X-Road-Issue").size() <= 1);
            String jti = SignedJWT.parse(r.headers().first("Ketnoi-Signature").orElseThrow())
                    .getJWTClaimsSet().getJWTID();
            assertTrue(JTI.matcher(jti).matches(), "jti of section 4's form");
            assertFalse(SignedJWT.parse(r.headers().first("Ketnoi-Signature").orElseThrow())
                    .getJWTClaimsSet().getClaims().containsKey("idk"));
        }
    }

    // ---- section 5: the response typ ----

    /** Re-signs each API answer with the provider's key under the given typ, the claims unchanged. */
    private static Interceptor resignedWithTyp(KetnoiSandbox sandbox, String typ) {
        return chain -> {
            KetnoiResponse r = chain.proceed(chain.request());
            if (!isApiCall(chain.request())) {
                return r;
            }
            try {
                Map<String, Object> claims = new LinkedHashMap<>(SignedJWT.parse(
                        r.headers().first("Ketnoi-Signature").orElseThrow()).getPayload().toJSONObject());
                String sig = sandbox.signAsProvider(typ, claims);
                return new KetnoiResponse(r.status(), r.headers().toBuilder().set("Ketnoi-Signature", sig).build(),
                        r.body(), r.request());
            } catch (java.text.ParseException e) {
                throw new AssertionError(e);
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/ketnoi-response+jwt", "Ketnoi-Response+JWT"})
    @Requirement(value = "R-5.2", side = Side.SDK)
    void theResponseTypIsComparedAsAMediaType(String typ, KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient client = clientWith(config, resignedWithTyp(sandbox, typ))) {
            assertEquals(c.idNumber(), client.lookup(lookupOf(c)).idNumber().value());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "ketnoi-request+jwt", "application/jwt", "ketnoi-response"})
    @Requirement(value = "R-5.2", side = Side.SDK)
    void anotherTypSignedWithTheProvidersOwnKeyIsSignatureInvalid(String typ, KetnoiSandbox sandbox,
            ClientConfig config) {
        try (PopulationClient client = clientWith(Fixture.noRetries(config), resignedWithTyp(sandbox, typ))) {
            KetnoiException e = assertThrows(KetnoiException.class,
                    () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            assertEquals("response.signature-invalid", e.errorCode());
        }
    }

    // ---- section 8.1: a record held to the month ----

    @Test
    @Requirement(value = "R-8.1.6", side = Side.SDK)
    void aRecordHeldToTheMonthMatchesEveryDayOfThatMonthAndNoOther(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().find(x -> x.birthDate().length() == 7 && !x.isDeceased())
                .orElseThrow(() -> new AssertionError("no month-precision citizen: the test would prove nothing"));
        PartialDate month = PartialDate.parseIso(c.birthDate());
        int m = month.month().orElseThrow();
        Citizen found = population.lookup(PopulationLookupTest.requestFor(c)
                .birthDate(PartialDate.of(month.year(), m, 28)).fields(CitizenField.BIRTH_DATE).build());
        assertEquals(month, found.birthDate().orElseThrow(), "the record's own precision comes back");
        int other = m == 12 ? 11 : m + 1;
        assertThrows(IdentityMismatchException.class, () -> population.lookup(PopulationLookupTest.requestFor(c)
                .birthDate(PartialDate.of(month.year(), other, 1)).fields(CitizenField.SEX).build()));
        assertThrows(IdentityMismatchException.class, () -> population.lookup(PopulationLookupTest.requestFor(c)
                .birthDate(PartialDate.ofYearMonth(month.year(), other)).fields(CitizenField.SEX).build()));
    }

    /** Clients that fail at once, so a test sees the first answer. */
    private static final class Fixture {
        static ClientConfig noRetries(ClientConfig config) {
            return config.toBuilder().resilience(vn.ketnoi.core.ResilienceOptions.builder().maxAttempts(1).build())
                    .build();
        }
    }
}
