package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;
import vn.ketnoi.testsupport.TestClock;

/**
 * The provider's side of the rules docs/protocol.md spells out for what an implementer used to
 * guess, driven with the suite's own raw client: the order of checks (section 6.3), the token
 * endpoint's errors and memory, the exchange headers' syntax and counts, the request jti, dates in
 * Vietnam and lengths in code points.
 */
class ProtocolClarificationsTest {

    /** U+21A38, the Nôm character for "chữ": one code point, two UTF-16 units. */
    private static final String NOM = new String(Character.toChars(0x21A38));

    static KetnoiSandbox sandbox;
    static TestClient client;
    static SandboxAgency agency;
    static String token;
    static SyntheticCitizen citizen;

    @BeforeAll
    static void start() throws Exception {
        sandbox = KetnoiSandbox.builder().populationSize(300).build().start();
        client = new TestClient(sandbox);
        agency = sandbox.defaultAgency();
        token = client.token(agency); // scope population only
        citizen = sandbox.population().anyLiving();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static TestClient.Call lookup() {
        return client.call(agency, token).json(TestClient.lookupBody(citizen, "fullName"));
    }

    private static String problem(TestClient.Call c, int status, String code) throws Exception {
        return client.verifyProblem(client.send(c), status, code);
    }

    private static void exchangeRefuses(Consumer<TestClient.Call> spoil) throws Exception {
        TestClient.Call c = lookup();
        spoil.accept(c);
        TestClient.Exchange x = client.send(c);
        assertEquals(400, x.status(), () -> new String(x.response().body()));
        assertEquals("Client.InvalidHeaders", x.header("X-Road-Error"));
        assertNull(x.header("Ketnoi-Signature"), "an exchange-layer error is unsigned");
    }

    private static void passes(Consumer<TestClient.Call> change) throws Exception {
        TestClient.Call c = lookup();
        change.accept(c);
        TestClient.Exchange x = client.send(c);
        assertEquals(200, x.status(), () -> new String(x.response().body()));
        client.verifyResponse(x, agency.id());
    }

    // ---- section 6.3: the order of checks ----

    @Test
    @Requirement(value = "R-6.3.1", side = Side.PROVIDER)
    void exchangeHeadersComeFirstThenTheBodySizeThenTheToken() throws Exception {
        exchangeRefuses(c -> {
            c.removeHeader("Ketnoi-Purpose");
            c.token = null;
            c.body = new byte[1024 * 1024 + 1];
        });
        TestClient.Call tooLarge = lookup();
        tooLarge.token = null;
        tooLarge.rawSignatures = List.of();
        tooLarge.body = new byte[1024 * 1024 + 1];
        problem(tooLarge, 413, "request.too-large");
    }

    @Test
    @Requirement(value = "R-6.3.1", side = Side.PROVIDER)
    void theTokenComesBeforeTheSignatureAndTheSignatureBeforeThePath() throws Exception {
        TestClient.Call noTokenNoSignature = lookup();
        noTokenNoSignature.token = null;
        noTokenNoSignature.rawSignatures = List.of();
        noTokenNoSignature.pathAndQuery = "/population/v1/nowhere";
        problem(noTokenNoSignature, 401, "auth.token-missing");

        TestClient.Call unsigned = lookup();
        unsigned.rawSignatures = List.of();
        unsigned.pathAndQuery = "/population/v1/nowhere";
        problem(unsigned, 401, "signature.missing");
    }

    @Test
    @Requirement(value = "R-6.3.1", side = Side.PROVIDER)
    void thePathAndTheMethodComeBeforeTheScopeAndTheScopeBeforeTheMediaType() throws Exception {
        // The token is for population only: every e-documents call fails step 7, unless an earlier step fails.
        TestClient.Call nowhere = lookup();
        nowhere.pathAndQuery = "/edocuments/v1/nowhere";
        problem(nowhere, 404, "request.not-found");

        TestClient.Call wrongMethod = client.call(agency, token);
        wrongMethod.method = "GET";
        wrongMethod.pathAndQuery = "/edocuments/v1/documents:search";
        TestClient.Exchange x = client.send(wrongMethod);
        client.verifyProblem(x, 405, "request.method-not-allowed");
        assertEquals("POST", x.header("Allow"));

        TestClient.Call textPlain = lookup();
        textPlain.pathAndQuery = "/edocuments/v1/documents:search";
        textPlain.contentType = "text/plain";
        problem(textPlain, 403, "auth.forbidden");
    }

    @Test
    @Requirement(value = "R-6.3.1", side = Side.PROVIDER)
    void theMediaTypeComesBeforeTheOperationsOwnChecks() throws Exception {
        TestClient.Call c = client.call(agency, token);
        c.body = "{\"idNumber\": 42}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        c.contentType = "text/plain";
        problem(c, 415, "request.unsupported-media-type");
        c.contentType = "application/json";
        problem(c, 400, "request.invalid");
    }

    // ---- section 2: the token endpoint ----

    private static void tokenError(Map<String, String> form, int status, String error) throws Exception {
        HttpResponse<String> r = client.tokenRequest(form);
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, TestClient.JSON.readTree(r.body()).get("error").asText());
        assertFalse(r.headers().firstValue("Ketnoi-Signature").isPresent());
    }

    @Test
    @Requirement(value = "R-2.17", side = Side.PROVIDER)
    void everyFailureOfClientAuthenticationIsInvalidClient() throws Exception {
        Map<String, String> noType = TestClient.form(client.assertion(agency), "population");
        noType.remove("client_assertion_type");
        tokenError(noType, 401, "invalid_client");
        Map<String, String> noAssertion = TestClient.form(client.assertion(agency), "population");
        noAssertion.remove("client_assertion");
        tokenError(noAssertion, 401, "invalid_client");
        Map<String, String> samlType = TestClient.form(client.assertion(agency), "population");
        samlType.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
        tokenError(samlType, 401, "invalid_client");
        tokenError(TestClient.form("not-a-jwt", "population"), 401, "invalid_client");
        tokenError(TestClient.form("a.b.c", "population"), 401, "invalid_client");
        tokenError(TestClient.form(client.assertion(agency, h -> { }, c -> c.jwtID(null)), "population"),
                401, "invalid_client");
        tokenError(TestClient.form(client.assertion(agency, h -> { }, c -> c.issuer(null)), "population"),
                401, "invalid_client");
        tokenError(TestClient.form(client.assertion(agency, h -> { }, c -> c.subject("VN:GOV:someone.else")),
                "population"), 401, "invalid_client");
    }

    @Test
    @Requirement(value = "R-2.17", side = Side.PROVIDER)
    void aFormThatIsNotAFormIsInvalidRequest() throws Exception {
        HttpResponse<String> json = client.http.send(java.net.http.HttpRequest.newBuilder(sandbox.tokenEndpoint())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, json.statusCode());
        assertEquals("invalid_request", TestClient.JSON.readTree(json.body()).get("error").asText());
        HttpResponse<String> doubled = client.http.send(java.net.http.HttpRequest.newBuilder(sandbox.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&grant_type=client_credentials"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, doubled.statusCode());
        assertEquals("invalid_request", TestClient.JSON.readTree(doubled.body()).get("error").asText());
    }

    @Test
    @Requirement(value = {"R-2.18", "R-2.9"}, side = Side.PROVIDER)
    void anAcceptedAssertionsJtiIsRememberedUntilItsExp() throws Exception {
        TestClock clock = TestClock.systemShifted();
        try (KetnoiSandbox own = KetnoiSandbox.builder().populationSize(20).clock(clock).build().start()) {
            TestClient raw = new TestClient(own);
            SandboxAgency a = own.defaultAgency();
            Instant now = Instant.now();
            String jti = TestClient.nonce();
            String assertion = raw.assertion(a, h -> { }, c -> c.jwtID(jti).issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(300))));
            assertEquals(200, raw.tokenRequest(assertion).statusCode());
            // 290 s later by the provider's clock, 10 s before the assertion's exp.
            clock.shift(Duration.ofSeconds(290));
            HttpResponse<String> replay = raw.tokenRequest(raw.assertion(a, h -> { }, c -> c.jwtID(jti)
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))));
            assertEquals(401, replay.statusCode(), replay.body());
            assertEquals("invalid_client", TestClient.JSON.readTree(replay.body()).get("error").asText());
            // The control: the same assertion with a new jti is accepted at that moment.
            assertEquals(200, raw.tokenRequest(raw.assertion(a, h -> { }, c -> c.issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(300))))).statusCode());
        }
    }

    @Test
    @Requirement(value = "R-2.19", side = Side.PROVIDER)
    void theTokenAnswerCarriesTheTokenItsTypeAndAnIntegerLifetime() throws Exception {
        sandbox.setTokenLifetime(Duration.ofSeconds(77));
        try {
            HttpResponse<String> r = client.tokenRequest(client.assertion(agency));
            assertEquals(200, r.statusCode());
            JsonNode b = TestClient.JSON.readTree(r.body());
            assertFalse(b.get("access_token").asText().isEmpty());
            assertEquals("bearer", b.get("token_type").asText().toLowerCase(java.util.Locale.ROOT));
            assertTrue(b.get("expires_in").isIntegralNumber(), "an integer, not a string or a fraction");
            assertEquals(77, b.get("expires_in").asLong());
        } finally {
            sandbox.setTokenLifetime(Duration.ofSeconds(300));
        }
    }

    @Test
    void withoutScopeTheTokenCarriesEveryScopeGranted() throws Exception {
        Map<String, String> form = TestClient.form(client.assertion(agency), null);
        HttpResponse<String> r = client.tokenRequest(form);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(String.join(" ", agency.scopes()), TestClient.JSON.readTree(r.body()).get("scope").asText());
    }

    // ---- section 3: header syntax and counts ----

    @Test
    @Requirement(value = {"R-3.2", "R-3.1"}, side = Side.PROVIDER)
    void theExchangeLayerRefusesAnOperatorIdOrPurposeOutsideTheSyntax() throws Exception {
        exchangeRefuses(c -> c.header("X-Road-UserId", "VN"));
        exchangeRefuses(c -> c.header("X-Road-UserId", "VN canbo"));
        exchangeRefuses(c -> c.header("X-Road-UserId", "VN" + "a".repeat(127)));
        exchangeRefuses(c -> c.header("Ketnoi-Purpose", "public_service"));
        exchangeRefuses(c -> c.header("Ketnoi-Purpose", "P"));
        exchangeRefuses(c -> c.header("Ketnoi-Purpose", "1PUBLIC"));
        exchangeRefuses(c -> c.header("Ketnoi-Purpose", "PUBLIC-SERVICE"));
        exchangeRefuses(c -> c.addHeader("Ketnoi-Purpose", "PUBLIC_SERVICE"));
        exchangeRefuses(c -> c.addHeader("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .addHeader("Idempotency-Key", java.util.UUID.randomUUID().toString()));
    }

    @Test
    @Requirement(value = "R-3.2", side = Side.PROVIDER)
    void theLongestOperatorIdAndAnUnknownPurposeCodePassTheExchangeLayer() throws Exception {
        passes(c -> c.header("X-Road-UserId", "VN" + "a".repeat(126)));
        passes(c -> c.header("X-Road-UserId", "VN:canbo.nguyen-van_an~1"));
        passes(c -> c.header("Ketnoi-Purpose", "X_NEW_PURPOSE_2027"));
    }

    @Test
    @Requirement(value = "R-3.3", side = Side.PROVIDER)
    void aMissingSignatureOrADoubledTokenIsTheProvidersSignedAnswerNotTheExchangeLayers() throws Exception {
        TestClient.Call unsigned = lookup();
        unsigned.rawSignatures = List.of();
        TestClient.Exchange x = client.send(unsigned);
        client.verifyProblem(x, 401, "signature.missing");
        assertNull(x.header("X-Road-Error"));

        TestClient.Call twoTokens = lookup();
        twoTokens.addHeader("Authorization", "Bearer " + token);
        TestClient.Exchange y = client.send(twoTokens);
        client.verifyProblem(y, 401, "auth.token-missing");
        assertNull(y.header("X-Road-Error"));
    }

    @Test
    @Requirement(value = "R-3.4", side = Side.PROVIDER)
    void anIdempotencyKeyOnAReadIsNeitherStoredNorReplayed() throws Exception {
        String key = java.util.UUID.randomUUID().toString();
        TestClient.Call first = client.call(agency, token).header("Idempotency-Key", key)
                .json(TestClient.lookupBody(citizen, "fullName"));
        JsonNode a = client.send(first).json();
        TestClient.Call second = client.call(agency, token).header("Idempotency-Key", key)
                .json(TestClient.lookupBody(citizen, "sex"));
        TestClient.Exchange x = client.send(second);
        assertEquals(200, x.status(), () -> new String(x.response().body()));
        client.verifyResponse(x, agency.id());
        JsonNode b = x.json();
        assertTrue(a.get("citizen").has("fullName") && !a.get("citizen").has("sex"));
        assertTrue(b.get("citizen").has("sex") && !b.get("citizen").has("fullName"), "answered afresh, not replayed");
    }

    // ---- section 4: the request jti ----

    @Test
    @Requirement(value = "R-4.13", side = Side.PROVIDER)
    void aJtiNotOfTheProtocolsFormIsMalformed() throws Exception {
        for (String jti : List.of("abc", "a".repeat(21), "a".repeat(65), "AAAAAAAAAAAAAAAAAAAAAA==",
                "AAAAAAAAAAAA+AAAAAAAAAA/", "AAAAAAAAAAAA AAAAAAAAAA")) {
            TestClient.Call c = lookup();
            c.claims.put("jti", jti);
            problem(c, 401, "signature.malformed");
        }
        passes(c -> c.claims.put("jti", "a".repeat(22)));
        passes(c -> c.claims.put("jti", "Zz09-_".repeat(10) + "abcd"));
    }

    // ---- section 1: today in Vietnam, lengths in code points ----

    @Test
    @Requirement(value = {"R-1.1", "R-8.1.3"}, side = Side.PROVIDER)
    void aBirthDateThatIsTodayInVietnamIsNotInTheFutureWhileUtcIsStillYesterday() throws Exception {
        // Move the provider's clock to 00:30 tomorrow in Vietnam (17:30 UTC today, or tomorrow if past).
        Instant real = Instant.now();
        Instant target = LocalDate.ofInstant(real, ZoneOffset.UTC).atTime(17, 30).toInstant(ZoneOffset.UTC);
        if (target.isBefore(real)) {
            target = target.plus(Duration.ofDays(1));
        }
        long shift = Duration.between(real, target).toSeconds();
        TestClock clock = TestClock.systemShifted();
        clock.shift(Duration.ofSeconds(shift));
        LocalDate vietnamToday = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Ho_Chi_Minh"));
        assertNotEquals(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), vietnamToday, "the test's premise");
        try (KetnoiSandbox own = KetnoiSandbox.builder().populationSize(20).clock(clock).build().start()) {
            TestClient raw = new TestClient(own);
            SandboxAgency a = own.defaultAgency();
            Instant shifted = clock.instant();
            HttpResponse<String> t = raw.tokenRequest(raw.assertion(a, h -> { }, c -> c.issueTime(Date.from(shifted))
                    .expirationTime(Date.from(shifted.plusSeconds(120)))));
            String ownToken = TestClient.JSON.readTree(t.body()).get("access_token").asText();
            SyntheticCitizen someone = own.population().anyLiving();

            TestClient.Call today = raw.call(a, ownToken).json(TestClient.lookupBody(someone.idNumber(),
                    someone.fullName(), vietnamToday.toString(), "sex"));
            today.iatOffsetSeconds = shift;
            // Not request.invalid: the date is valid, it just is not this citizen's.
            assertEquals("population.identity-mismatch", raw.send(today).code());

            TestClient.Call tomorrow = raw.call(a, ownToken).json(TestClient.lookupBody(someone.idNumber(),
                    someone.fullName(), vietnamToday.plusDays(1).toString(), "sex"));
            tomorrow.iatOffsetSeconds = shift;
            TestClient.Exchange x = raw.send(tomorrow);
            assertEquals("request.invalid", x.code());
            assertEquals("birthDate", x.json().get("errors").get(0).get("field").asText());
        }
    }

    @Test
    @Requirement(value = {"R-1.2", "R-8.1.2"}, side = Side.PROVIDER)
    void aNameIsCountedInCodePointsAfterNfc() throws Exception {
        String nom512 = NOM.repeat(512);
        assertEquals(1024, nom512.length());
        assertEquals("population.identity-mismatch", client.send(client.call(agency, token).json(
                TestClient.lookupBody(citizen.idNumber(), nom512, citizen.birthDate(), "sex"))).code());
        TestClient.Exchange x = client.send(client.call(agency, token).json(
                TestClient.lookupBody(citizen.idNumber(), NOM.repeat(513), citizen.birthDate(), "sex")));
        client.verifyProblem(x, 400, "request.invalid");
        assertEquals("fullName", x.json().get("errors").get(0).get("field").asText());
        // 512 letters typed decomposed: 1,536 code points as sent, 512 after NFC.
        String decomposed = Normalizer.normalize("ễ".repeat(512), Normalizer.Form.NFD);
        assertEquals(1536, decomposed.codePointCount(0, decomposed.length()));
        assertEquals("population.identity-mismatch", client.send(client.call(agency, token).json(
                TestClient.lookupBody(citizen.idNumber(), decomposed, citizen.birthDate(), "sex"))).code());
    }

    @Test
    @Requirement(value = "R-1.2", side = Side.PROVIDER)
    void aVerifyClaimIsCountedInCodePointsToo() throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("idNumber", citizen.idNumber());
        body.put("fullName", citizen.fullName());
        body.put("birthDate", citizen.birthDate());
        body.put("permanentResidence", NOM.repeat(512));
        TestClient.Call c = client.call(agency, token).json(body);
        c.pathAndQuery = "/population/v1/citizens/verify";
        TestClient.Exchange x = client.send(c);
        assertEquals(200, x.status(), () -> new String(x.response().body()));
        assertEquals("NO_MATCH", x.json().get("verdicts").get("permanentResidence").asText());
        body.put("permanentResidence", NOM.repeat(513));
        TestClient.Call d = client.call(agency, token).json(body);
        d.pathAndQuery = "/population/v1/citizens/verify";
        TestClient.Exchange y = client.send(d);
        client.verifyProblem(y, 400, "request.invalid");
    }

    // ---- section 8.1: a record held to the month ----

    @Test
    @Requirement(value = "R-8.1.6", side = Side.PROVIDER)
    void aRecordHeldToTheMonthMatchesEveryDayOfThatMonthAndNoOther() throws Exception {
        try (KetnoiSandbox big = KetnoiSandbox.builder().populationSize(3000).build().start()) {
            TestClient raw = new TestClient(big);
            SandboxAgency a = big.defaultAgency();
            String t = raw.token(a);
            SyntheticCitizen c = big.population().find(x -> x.birthDate().length() == 7 && !x.isDeceased())
                    .orElseThrow(() -> new AssertionError("no month-precision citizen: the test would prove nothing"));
            String month = c.birthDate();
            int m = Integer.parseInt(month.substring(5));
            String otherMonth = month.substring(0, 5) + String.format("%02d", m == 12 ? 11 : m + 1);
            for (String asked : List.of(month.substring(0, 4), month, month + "-01", month + "-28")) {
                TestClient.Exchange x = raw.send(raw.call(a, t).json(TestClient.lookupBody(c.idNumber(),
                        c.fullName(), asked, "birthDate")));
                assertEquals(200, x.status(), asked);
                assertEquals(month, x.json().get("citizen").get("birthDate").asText());
            }
            for (String asked : List.of(otherMonth, otherMonth + "-01")) {
                assertEquals("population.identity-mismatch", raw.send(raw.call(a, t).json(TestClient.lookupBody(
                        c.idNumber(), c.fullName(), asked, "birthDate"))).code(), asked);
            }
        }
    }
}
