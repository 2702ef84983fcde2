package vn.ketnoi.testkit.internal.population;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticAddress;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testkit.SyntheticHousehold;
import vn.ketnoi.testkit.internal.ApiRoute;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.LookupOperation;
import vn.ketnoi.testkit.internal.PartialDates;
import vn.ketnoi.testkit.internal.Problems;
import vn.ketnoi.testkit.internal.Texts;

/**
 * Verify (8.5), household (8.6) and the per-item work of batches and jobs (8.7, 8.8). Stateless
 * apart from a lazily built household index; thread-safe.
 */
public final class PopulationOps {

    /** Claims a verify request may carry, each needing the grant of the field of the same name. */
    public static final List<String> VERIFY_CLAIMS = List.of("fullName", "birthDate", "sex", "placeOfOrigin",
            "permanentResidence", "currentResidence", "oldIdNumber", "ethnicity", "nationality");
    private static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern PUNCTUATION = Pattern.compile("[,.;]+");

    private final Supplier<SandboxPopulation> population;
    private final ConsentService consent;
    private volatile Map<String, SyntheticHousehold> households;
    private volatile java.util.function.BiFunction<String, String, Object> integrated = (id, field) -> null;

    /**
     * @param population the register
     * @param consent consent-token checks for lookups
     */
    public PopulationOps(Supplier<SandboxPopulation> population, ConsentService consent) {
        this.population = population;
        this.consent = consent;
    }

    /**
     * Answers the pushed fields (section 8.11) of lookup items from this source.
     *
     * @param source (ID number, wire name) to the field's {@code {value, source, asOf}}, or null
     */
    public void integrated(java.util.function.BiFunction<String, String, Object> source) {
        this.integrated = source;
    }

    /** The outcome of one lookup or verify: a success object or a problem code with its errors. */
    public record Outcome(int status, Map<String, Object> value, String code, List<Map<String, String>> errors) {
        static Outcome ok(Map<String, Object> value) {
            return new Outcome(200, value, null, null);
        }

        static Outcome problem(String code, List<Map<String, String>> errors) {
            return new Outcome(Problems.status(code), null, code, errors);
        }

        /** As a route result. */
        public ApiRoute.Result toResult() {
            return code == null ? ApiRoute.Result.ok(Json.bytes(value)) : ApiRoute.Result.problem(code, errors);
        }

        /** As one entry of a batch or job result list. */
        public Map<String, Object> toItem(String itemId, long index) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("itemId", itemId);
            if (index >= 0) {
                m.put("index", index);
            }
            m.put("status", status);
            if (code == null) {
                m.putAll(value);
            } else {
                m.put("code", code);
                if (errors != null) {
                    m.put("errors", errors);
                }
            }
            return m;
        }

        /** Whether the item succeeded. */
        public boolean succeeded() {
            return code == null;
        }
    }

    // ---- verify ----

    /** {@code POST /population/v1/citizens/verify}. */
    public ApiRoute.Result verifyRoute(ApiRoute.Call call) {
        JsonNode req = Json.parse(call.body());
        if (req == null || !req.isObject()) {
            return ApiRoute.Result.problem("request.invalid", List.of(Problems.error("body", "must be a JSON object")));
        }
        Outcome o = verify(req, call.agency(), call.today());
        if (o.succeeded()) {
            o.value().put("verifiedAt", call.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        return o.toResult();
    }

    /** One verification: per-claim verdicts, never a value from the register. */
    public Outcome verify(JsonNode req, SandboxAgency agency, LocalDate today) {
        List<Map<String, String>> errors = new ArrayList<>();
        String id = LookupOperation.validateId(req.get("idNumber"), today, errors);
        LookupOperation.validateName(req.get("fullName"), errors);
        int[] birth = LookupOperation.validateBirthDate(req.get("birthDate"), today, errors);
        for (String claim : VERIFY_CLAIMS.subList(2, VERIFY_CLAIMS.size())) {
            JsonNode n = req.get(claim);
            if (n == null) {
                continue;
            }
            if (!n.isTextual() || n.asText().isBlank() || Texts.codePoints(n.asText()) > 512) {
                errors.add(Problems.error(claim, "must be a non-blank string of at most 512 characters"));
            } else if (claim.equals("sex") && !n.asText().equals("MALE") && !n.asText().equals("FEMALE")) {
                errors.add(Problems.error("sex", "must be MALE or FEMALE"));
            }
        }
        if (!errors.isEmpty()) {
            return Outcome.problem("request.invalid", errors);
        }
        for (String claim : VERIFY_CLAIMS) {
            if (req.has(claim) && !agency.grantedFields().contains(claim)) {
                errors.add(Problems.error(claim, "not granted to this agency"));
            }
        }
        if (!errors.isEmpty()) {
            return Outcome.problem("population.field-not-granted", errors);
        }
        SyntheticCitizen c = population.get().byIdNumber(id).orElse(null);
        if (c == null) {
            return Outcome.problem("population.citizen-not-found", null);
        }
        Map<String, Object> verdicts = new LinkedHashMap<>();
        for (String claim : VERIFY_CLAIMS) {
            JsonNode n = req.get(claim);
            if (n != null) {
                verdicts.put(claim, verdict(c, claim, n.asText(), birth));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("idNumber", c.idNumber());
        out.put("verdicts", verdicts);
        return Outcome.ok(out);
    }

    private static String verdict(SyntheticCitizen c, String claim, String held, int[] birth) {
        Object onRecord = claim.equals("birthDate") ? c.birthDate() : LookupOperation.value(c, claim);
        if (onRecord == null) {
            return "NOT_ON_RECORD";
        }
        boolean match;
        switch (claim) {
            case "birthDate":
                match = PartialDates.matches(birth, PartialDates.parse(c.birthDate()));
                break;
            case "sex":
                match = held.equals(c.sex());
                break;
            case "placeOfOrigin":
                match = sameAddress(held, c.placeOfOrigin());
                break;
            case "permanentResidence":
                match = sameAddress(held, c.permanentResidence());
                break;
            case "currentResidence":
                match = sameAddress(held, c.currentResidence());
                break;
            default:
                match = Texts.foldName(held).equals(Texts.foldName(onRecord.toString()));
        }
        return match ? "MATCH" : "NO_MATCH";
    }

    private static boolean sameAddress(String held, SyntheticAddress a) {
        return foldAddress(held).equals(foldAddress(a.text()));
    }

    private static String foldAddress(String text) {
        return Texts.foldName(PUNCTUATION.matcher(text).replaceAll(" "));
    }

    // ---- lookup items (batch and jobs) ----

    /** One lookup item of a batch or job; the fields and their grant were checked for the whole batch. */
    public Outcome lookup(JsonNode item, Set<String> fields, SandboxAgency agency, Instant now, LocalDate today) {
        List<Map<String, String>> errors = new ArrayList<>();
        String id = LookupOperation.validateId(item.get("idNumber"), today, errors);
        String name = LookupOperation.validateName(item.get("fullName"), errors);
        int[] birth = LookupOperation.validateBirthDate(item.get("birthDate"), today, errors);
        JsonNode token = item.get("consentToken");
        if (token != null && !token.isTextual()) {
            errors.add(Problems.error("consentToken", "must be a string"));
        }
        if (!errors.isEmpty()) {
            return Outcome.problem("request.invalid", errors);
        }
        for (String f : consent.uncovered(token == null ? null : token.asText(), agency.id(), id, fields, now)) {
            errors.add(Problems.error(f, "needs the citizen's consent token"));
        }
        if (!errors.isEmpty()) {
            return Outcome.problem("population.consent-required", errors);
        }
        SyntheticCitizen c = population.get().byIdNumber(id).orElse(null);
        if (c == null) {
            return Outcome.problem("population.citizen-not-found", null);
        }
        if (!Texts.foldName(name).equals(Texts.foldName(c.fullName()))
                || !PartialDates.matches(birth, PartialDates.parse(c.birthDate()))) {
            return Outcome.problem("population.identity-mismatch", null);
        }
        Map<String, Object> citizen = new LinkedHashMap<>();
        citizen.put("idNumber", c.idNumber());
        for (String f : fields) {
            Object v = LookupOperation.value(c, f, integrated);
            if (v != null) {
                citizen.put(f, v);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("citizen", citizen);
        return Outcome.ok(out);
    }

    /**
     * Checks the operation and fields of a batch or job: the parsed spec, or a problem.
     *
     * @param req the body holding {@code operation} and, for lookups, {@code fields}
     * @param agency the agency, for its grant
     * @param problem receives the problem result when the spec is refused
     */
    public Spec spec(JsonNode req, SandboxAgency agency, ApiRoute.Result[] problem) {
        String op = req.path("operation").asText("");
        if (!op.equals("lookup") && !op.equals("verify")) {
            problem[0] = ApiRoute.Result.problem("request.invalid",
                    List.of(Problems.error("operation", "must be lookup or verify")));
            return null;
        }
        Set<String> fields = new LinkedHashSet<>();
        if (op.equals("lookup")) {
            JsonNode f = req.get("fields");
            if (f == null || !f.isArray() || f.isEmpty()) {
                problem[0] = ApiRoute.Result.problem("request.invalid",
                        List.of(Problems.error("fields", "must be a non-empty list of field names")));
                return null;
            }
            for (JsonNode n : f) {
                if (!n.isTextual() || !SandboxAgency.ALL_FIELDS.contains(n.asText())) {
                    problem[0] = ApiRoute.Result.problem("request.invalid",
                            List.of(Problems.error("fields", "contains an unknown field name")));
                    return null;
                }
                fields.add(n.asText());
            }
            List<Map<String, String>> errors = new ArrayList<>();
            for (String name : fields) {
                if (!agency.grantedFields().contains(name)) {
                    errors.add(Problems.error(name, "not granted to this agency"));
                }
            }
            if (!errors.isEmpty()) {
                problem[0] = ApiRoute.Result.problem("population.field-not-granted", errors);
                return null;
            }
        }
        return new Spec(op, fields);
    }

    /** What a batch or job does to each item. */
    public record Spec(String operation, Set<String> fields) {
    }

    /** Runs one item of a batch or job. */
    public Outcome item(Spec spec, JsonNode item, SandboxAgency agency, Instant now, LocalDate today) {
        if (item == null || !item.isObject()) {
            return Outcome.problem("request.invalid", List.of(Problems.error("item", "must be a JSON object")));
        }
        return spec.operation().equals("lookup") ? lookup(item, spec.fields(), agency, now, today)
                : verify(item, agency, today);
    }

    /** The item's id, or its index when it has none or a malformed one is refused by {@code itemIdProblem}. */
    public static String itemId(JsonNode item, long index) {
        JsonNode n = item == null ? null : item.get("itemId");
        return n != null && n.isTextual() && ITEM_ID.matcher(n.asText()).matches() ? n.asText() : Long.toString(index);
    }

    // ---- batch ----

    /** {@code POST /population/v1/batch} (section 8.7). */
    public ApiRoute.Result batchRoute(ApiRoute.Call call) {
        JsonNode req = Json.parse(call.body());
        if (req == null || !req.isObject()) {
            return ApiRoute.Result.problem("request.invalid", List.of(Problems.error("body", "must be a JSON object")));
        }
        ApiRoute.Result[] problem = new ApiRoute.Result[1];
        Spec spec = spec(req, call.agency(), problem);
        if (spec == null) {
            return problem[0];
        }
        JsonNode items = req.get("items");
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > 100) {
            return ApiRoute.Result.problem("request.invalid",
                    List.of(Problems.error("items", "must hold 1 to 100 items; use a job for more")));
        }
        List<Object> results = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String itemId = itemId(item, i);
            Outcome o;
            if (item != null && item.has("itemId") && !itemId.equals(item.get("itemId").asText())) {
                o = Outcome.problem("request.invalid",
                        List.of(Problems.error("itemId", "must be 1 to 64 characters of A-Z a-z 0-9 . _ : -")));
            } else if (!seen.add(itemId)) {
                o = Outcome.problem("request.invalid", List.of(Problems.error("itemId", "is used twice in the batch")));
            } else {
                o = item(spec, item, call.agency(), call.now(), call.today());
            }
            results.add(o.toItem(itemId, -1));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("results", results);
        out.put("processedAt", call.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return ApiRoute.Result.ok(Json.bytes(out));
    }

    // ---- household ----

    /** {@code POST /population/v1/households/lookup} (section 8.6). */
    public ApiRoute.Result householdRoute(ApiRoute.Call call) {
        JsonNode req = Json.parse(call.body());
        if (req == null || !req.isObject()) {
            return ApiRoute.Result.problem("request.invalid", List.of(Problems.error("body", "must be a JSON object")));
        }
        List<Map<String, String>> errors = new ArrayList<>();
        String id = LookupOperation.validateId(req.get("idNumber"), call.today(), errors);
        String name = LookupOperation.validateName(req.get("fullName"), errors);
        int[] birth = LookupOperation.validateBirthDate(req.get("birthDate"), call.today(), errors);
        if (!errors.isEmpty()) {
            return ApiRoute.Result.problem("request.invalid", errors);
        }
        Set<String> granted = call.agency().grantedFields();
        if (!granted.contains("household")) {
            return ApiRoute.Result.problem("population.field-not-granted",
                    List.of(Problems.error("household", "not granted to this agency")));
        }
        SandboxPopulation pop = population.get();
        SyntheticCitizen c = pop.byIdNumber(id).orElse(null);
        if (c == null) {
            return ApiRoute.Result.problem("population.citizen-not-found");
        }
        if (!Texts.foldName(name).equals(Texts.foldName(c.fullName()))
                || !PartialDates.matches(birth, PartialDates.parse(c.birthDate()))) {
            return ApiRoute.Result.problem("population.identity-mismatch");
        }
        SyntheticHousehold h = c.householdId() == null ? null : households(pop).get(c.householdId());
        if (h == null) {
            return ApiRoute.Result.problem("population.household-not-found");
        }
        List<Object> members = new ArrayList<>();
        for (String memberId : h.memberIdNumbers()) {
            SyntheticCitizen m = pop.byIdNumber(memberId).orElse(null);
            if (m == null) {
                continue;
            }
            // Minimisation: a member's personal fields only as far as the grant reaches.
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("idNumber", m.idNumber());
            member.put("relationshipToHead", m.relationshipToHead());
            if (granted.contains("fullName")) {
                member.put("fullName", m.fullName());
            }
            if (granted.contains("birthDate")) {
                member.put("birthDate", m.birthDate());
            }
            if (granted.contains("sex")) {
                member.put("sex", m.sex());
            }
            if (granted.contains("deathDate") && m.deathDate() != null) {
                member.put("deathDate", m.deathDate());
            }
            members.add(member);
        }
        Map<String, Object> household = new LinkedHashMap<>();
        household.put("householdId", h.householdId());
        household.put("headIdNumber", h.headIdNumber());
        household.put("members", members);
        SyntheticCitizen head = pop.byIdNumber(h.headIdNumber()).orElse(c);
        if (granted.contains("permanentResidence") && head.permanentResidence() != null) {
            household.put("residence", LookupOperation.address(head.permanentResidence()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("household", household);
        out.put("retrievedAt", call.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return ApiRoute.Result.ok(Json.bytes(out));
    }

    private Map<String, SyntheticHousehold> households(SandboxPopulation pop) {
        Map<String, SyntheticHousehold> h = households;
        if (h == null) {
            Map<String, SyntheticHousehold> m = new HashMap<>();
            for (SyntheticHousehold x : pop.households()) {
                m.put(x.householdId(), x);
            }
            h = Map.copyOf(m);
            households = h;
        }
        return h;
    }
}
