package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/** Section 8.3 outcomes over real HTTP, with every response signature verified. */
class LookupTest {

    static final String PS256_AGENCY = "VN:GOV:000.00.01.H01";

    static KetnoiSandbox sandbox;
    static TestClient client;
    static SandboxAgency agency;
    static String token;
    static SyntheticCitizen citizen;

    @BeforeAll
    static void start() throws Exception {
        sandbox = KetnoiSandbox.builder()
                .addAgency(PS256_AGENCY, SandboxAgency.PS256, Set.of("fullName", "sex"))
                .build().start();
        client = new TestClient(sandbox);
        agency = sandbox.defaultAgency();
        token = client.token(agency);
        citizen = sandbox.population().anyLiving();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static TestClient.Exchange lookup(SandboxAgency a, String tok, Map<String, Object> body) throws Exception {
        return client.send(client.call(a, tok).json(body));
    }

    private static JsonNode ok(TestClient.Exchange x, SandboxAgency a) throws Exception {
        assertEquals(200, x.status(), () -> new String(x.response().body()));
        assertTrue(x.header("Content-Type").startsWith("application/json"));
        client.verifyResponse(x, a.id());
        return x.json();
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    @Requirement(value = {"R-8.3.1", "R-5.2", "R-5.3", "R-5.4", "R-5.5", "R-5.6", "R-5.7", "R-5.8", "R-5.9", "R-5.10", "R-5.11"}, side = Side.PROVIDER)
    void happyPathReturnsExactlyTheRequestedFields() throws Exception {
        TestClient.Exchange x = lookup(agency, token,
                TestClient.lookupBody(citizen, "fullName", "birthDate", "sex", "permanentResidence"));
        JsonNode body = ok(x, agency);
        JsonNode c = body.get("citizen");
        assertEquals(List.of("idNumber", "fullName", "birthDate", "sex", "permanentResidence"), names(c));
        assertEquals(citizen.idNumber(), c.get("idNumber").asText());
        assertEquals(citizen.fullName(), c.get("fullName").asText());
        assertEquals(citizen.birthDate(), c.get("birthDate").asText());
        assertEquals(citizen.sex(), c.get("sex").asText());
        JsonNode address = c.get("permanentResidence");
        assertEquals(citizen.permanentResidence().text(), address.get("text").asText());
        assertEquals(citizen.permanentResidence().province(), address.get("province").asText());
        assertEquals(citizen.permanentResidence().hasDistrict(), address.has("district"));
        Instant retrieved = Instant.parse(body.get("retrievedAt").asText());
        assertTrue(Math.abs(retrieved.getEpochSecond() - Instant.now().getEpochSecond()) < 60);
    }

    @Test
    @Requirement(value = "R-8.3.1", side = Side.PROVIDER)
    void omitsRequestedFieldsWithoutAValue() throws Exception {
        SyntheticCitizen noDeath = citizen;
        JsonNode c = ok(lookup(agency, token, TestClient.lookupBody(noDeath, "deathDate", "sex")), agency).get("citizen");
        assertEquals(List.of("idNumber", "sex"), names(c));
    }

    @Test
    void returnsStructuredFieldsInTheirWireShape() throws Exception {
        SyntheticCitizen child = sandbox.population().find(p -> p.father() != null && p.idCard() != null
                && p.householdId() != null && p.hasFullBirthDate() && !p.isDeceased()).orElseThrow();
        JsonNode c = ok(lookup(agency, token, TestClient.lookupBody(child, "father", "idCard", "household")), agency)
                .get("citizen");
        assertEquals(child.father().idNumber(), c.get("father").get("idNumber").asText());
        assertEquals("VN", c.get("father").get("nationality").asText());
        assertEquals(child.idNumber(), c.get("idCard").get("number").asText());
        assertTrue(c.get("idCard").get("issueDate").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertEquals(child.headIdNumber(), c.get("household").get("headIdNumber").asText());
        assertEquals(child.relationshipToHead(), c.get("household").get("relationshipToHead").asText());
    }

    @Test
    @Requirement(value = {"R-8.3.3", "R-6.1"}, side = Side.PROVIDER)
    void citizenNotFound() throws Exception {
        int n = 0;
        String unknown = "001089000000";
        while (sandbox.population().byIdNumber(unknown).isPresent()) {
            unknown = "001089" + String.format("%06d", ++n);
        }
        TestClient.Exchange x = lookup(agency, token,
                TestClient.lookupBody(unknown, "Nguyễn Văn An", "1989-05-12", "fullName"));
        client.verifyProblem(x, 404, "population.citizen-not-found");
    }

    @Test
    @Requirement(value = "R-8.3.4", side = Side.PROVIDER)
    void identityMismatchOnTheNameOrTheDateWithoutSayingWhich() throws Exception {
        TestClient.Exchange byName = lookup(agency, token,
                TestClient.lookupBody(citizen.idNumber(), citizen.fullName() + " Khác", citizen.birthDate(), "sex"));
        client.verifyProblem(byName, 422, "population.identity-mismatch");
        String otherYear = Integer.toString(Integer.parseInt(citizen.birthDate().substring(0, 4)) - 1);
        TestClient.Exchange byDate = lookup(agency, token,
                TestClient.lookupBody(citizen.idNumber(), citizen.fullName(), otherYear, "sex"));
        client.verifyProblem(byDate, 422, "population.identity-mismatch");
        assertEquals(byName.json().get("detail"), byDate.json().get("detail"));
        assertFalse(byName.json().has("errors"));
    }

    @Test
    @Requirement(value = "R-8.1.5", side = Side.PROVIDER)
    void matchesTheNameWithoutAccentsOrCase() throws Exception {
        String folded = Normalizer.normalize(citizen.fullName(), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").replace('đ', 'd').replace('Đ', 'D')
                .toUpperCase(Locale.ROOT).replace(" ", "   ");
        assertNotEquals(citizen.fullName(), folded);
        JsonNode c = ok(lookup(agency, token,
                TestClient.lookupBody(citizen.idNumber(), " " + folded + " ", citizen.birthDate(), "fullName")), agency)
                .get("citizen");
        assertEquals(citizen.fullName(), c.get("fullName").asText(), "the answer keeps the recorded diacritics");
    }

    @Test
    @Requirement(value = "R-8.1.6", side = Side.PROVIDER)
    void matchesAPartialQueryDateAgainstAFullRecord() throws Exception {
        String year = citizen.birthDate().substring(0, 4);
        String yearMonth = citizen.birthDate().substring(0, 7);
        ok(lookup(agency, token, TestClient.lookupBody(citizen.idNumber(), citizen.fullName(), year, "sex")), agency);
        ok(lookup(agency, token, TestClient.lookupBody(citizen.idNumber(), citizen.fullName(), yearMonth, "sex")),
                agency);
    }

    @Test
    @Requirement(value = "R-8.1.6", side = Side.PROVIDER)
    void matchesAFullQueryDateAgainstAPartialRecord() throws Exception {
        SyntheticCitizen partial = sandbox.population().withPartialBirthDate();
        String full = partial.birthDate().length() == 4 ? partial.birthDate() + "-06-15" : partial.birthDate() + "-15";
        JsonNode c = ok(lookup(agency, token,
                TestClient.lookupBody(partial.idNumber(), partial.fullName(), full, "birthDate")), agency).get("citizen");
        assertEquals(partial.birthDate(), c.get("birthDate").asText());
    }

    @Test
    @Requirement(value = {"R-8.3.5", "R-6.1"}, side = Side.PROVIDER)
    void fieldNotGrantedNamesTheFields() throws Exception {
        SandboxAgency limited = sandbox.limitedAgency();
        String limitedToken = client.token(limited);
        TestClient.Exchange x = lookup(limited, limitedToken,
                TestClient.lookupBody(citizen, "fullName", "phone", "spouse"));
        client.verifyProblem(x, 403, "population.field-not-granted");
        List<String> fields = new ArrayList<>();
        x.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(List.of("phone", "spouse"), fields);
        JsonNode granted = ok(lookup(limited, limitedToken,
                TestClient.lookupBody(citizen, "fullName", "permanentResidence")), limited);
        assertEquals(citizen.fullName(), granted.get("citizen").get("fullName").asText());
    }

    @Test
    @Requirement(value = {"R-8.1.1", "R-8.1.2", "R-8.1.3", "R-8.1.4", "R-6.1"}, side = Side.PROVIDER)
    void requestInvalidListsEveryBadField() throws Exception {
        Map<String, Object> body = TestClient.lookupBody("00108901234", "   ", "2999-01-01", "fullName", "shoeSize");
        TestClient.Exchange x = lookup(agency, token, body);
        client.verifyProblem(x, 400, "request.invalid");
        List<String> fields = new ArrayList<>();
        x.json().get("errors").forEach(e -> {
            fields.add(e.get("field").asText());
            assertTrue(e.get("problem").isTextual());
        });
        assertEquals(List.of("idNumber", "fullName", "birthDate", "fields"), fields);
    }

    @Test
    @Requirement(value = "R-8.1.1", side = Side.PROVIDER)
    void requestInvalidOnAnUnknownProvinceAndAFutureBirthYearInTheId() throws Exception {
        client.verifyProblem(lookup(agency, token, TestClient.lookupBody("003089012345", "An", "1989", "sex")),
                400, "request.invalid");
        client.verifyProblem(lookup(agency, token, TestClient.lookupBody("001299012345", "An", "1989", "sex")),
                400, "request.invalid");
        client.verifyProblem(lookup(agency, token, TestClient.lookupBody("001089012345", "An", "1989-02-30", "sex")),
                400, "request.invalid");
    }

    @Test
    @Requirement(value = "R-8.1.4", side = Side.PROVIDER)
    void requestInvalidOnAnEmptyFieldList() throws Exception {
        TestClient.Exchange x = lookup(agency, token, TestClient.lookupBody(citizen));
        client.verifyProblem(x, 400, "request.invalid");
        assertEquals("fields", x.json().get("errors").get(0).get("field").asText());
    }

    @Test
    void ps256AgencyIsServedEndToEnd() throws Exception {
        SandboxAgency ps = sandbox.agency(PS256_AGENCY);
        assertEquals("PS256", ps.algorithm());
        String psToken = client.token(ps);
        JsonNode c = ok(lookup(ps, psToken, TestClient.lookupBody(citizen, "sex")), ps).get("citizen");
        assertEquals(citizen.sex(), c.get("sex").asText());
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        TestClient.Call c = client.call(agency, token).json(TestClient.lookupBody(citizen, "sex"));
        c.contentType = "text/plain";
        client.verifyProblem(client.send(c), 415, "request.unsupported-media-type");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        TestClient.Call missing = client.call(agency, token).json(TestClient.lookupBody(citizen, "sex"));
        missing.pathAndQuery = "/population/v1/citizens/search";
        client.verifyProblem(client.send(missing), 404, "request.not-found");
        TestClient.Call get = client.call(agency, token);
        get.method = "GET";
        TestClient.Exchange x = client.send(get);
        client.verifyProblem(x, 405, "request.method-not-allowed");
        assertEquals("POST", x.header("Allow"));
    }

    @Test
    void bodyOverOneMebibyteIs413() throws Exception {
        TestClient.Call c = client.call(agency, token);
        c.body = new byte[1024 * 1024 + 1];
        client.verifyProblem(client.send(c), 413, "request.too-large");
    }

    @Test
    @Requirement(value = "R-2.14", side = Side.PROVIDER)
    void oneTokenServesManyCalls() throws Exception {
        String mine = client.token(agency);
        for (int i = 0; i < 3; i++) {
            ok(lookup(agency, mine, TestClient.lookupBody(citizen, "sex")), agency);
        }
    }

    @Test
    @Requirement(value = {"R-2.15", "R-2.16"}, side = Side.PROVIDER)
    void expiredTokensAreRefusedAndANewOneWorks() throws Exception {
        String mine = client.token(agency);
        sandbox.expireAllTokens();
        client.verifyProblem(lookup(agency, mine, TestClient.lookupBody(citizen, "sex")), 401, "auth.token-invalid");
        String fresh = client.token(agency);
        ok(lookup(agency, fresh, TestClient.lookupBody(citizen, "sex")), agency);
        token = fresh;
    }
}
