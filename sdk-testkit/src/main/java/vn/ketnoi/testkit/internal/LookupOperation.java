package vn.ketnoi.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticAddress;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testkit.SyntheticIdCard;
import vn.ketnoi.testkit.SyntheticRelative;

/** {@code POST /population/v1/citizens/lookup} (protocol section 8.3). */
public final class LookupOperation {

    private static final int MAX_NAME = 512;

    /** The result: a status with either a success body or a problem code and its errors. */
    private final Supplier<SandboxPopulation> population;
    private final vn.ketnoi.testkit.internal.population.ConsentService consent;
    private volatile java.util.function.BiFunction<String, String, Object> integrated = (id, field) -> null;

    /**
     * @param population the register to answer from
     * @param consent checks consent tokens for the fields that need one (section 8.4)
     */
    public LookupOperation(Supplier<SandboxPopulation> population,
            vn.ketnoi.testkit.internal.population.ConsentService consent) {
        this.population = population;
        this.consent = consent;
    }

    /**
     * Answers the fields agencies push (section 8.11) from this source: (ID number, wire name) to
     * the field's {@code {value, source, asOf}}, or null.
     *
     * @param source the pushed values
     * @return this
     */
    public LookupOperation integrated(java.util.function.BiFunction<String, String, Object> source) {
        this.integrated = source;
        return this;
    }

    /** The value of a field, pushed ones included, or null. */
    public static Object value(SyntheticCitizen c, String field, java.util.function.BiFunction<String, String, Object> integrated) {
        return vn.ketnoi.testkit.internal.population.PushService.FIELDS.containsKey(field)
                ? integrated.apply(c.idNumber(), field) : value(c, field);
    }

    /**
     * Runs one lookup.
     *
     * @param body the request body
     * @param agency the calling agency (for its field grant)
     * @param now the provider's clock reading
     * @param today the provider's calendar day, for "not in the future"
     */
    public ApiRoute.Result handle(byte[] body, SandboxAgency agency, Instant now, LocalDate today) {
        JsonNode req = Json.parse(body);
        List<Map<String, String>> errors = new ArrayList<>();
        if (req == null || !req.isObject()) {
            errors.add(Problems.error("body", "must be a JSON object"));
            return ApiRoute.Result.problem("request.invalid", errors);
        }
        String idNumber = validateId(req.get("idNumber"), today, errors);
        String fullName = validateName(req.get("fullName"), errors);
        int[] birthDate = validateBirthDate(req.get("birthDate"), today, errors);
        Set<String> fields = validateFields(req.get("fields"), errors);
        if (!errors.isEmpty()) {
            return ApiRoute.Result.problem("request.invalid", errors);
        }
        for (String f : fields) {
            if (!agency.grantedFields().contains(f)) {
                errors.add(Problems.error(f, "not granted to this agency"));
            }
        }
        if (!errors.isEmpty()) {
            return ApiRoute.Result.problem("population.field-not-granted", errors);
        }
        JsonNode token = req.get("consentToken");
        if (token != null && !token.isTextual()) {
            return ApiRoute.Result.problem("request.invalid",
                    List.of(Problems.error("consentToken", "must be a string")));
        }
        for (String f : consent.uncovered(token == null ? null : token.asText(), agency.id(), idNumber, fields, now)) {
            errors.add(Problems.error(f, "needs the citizen's consent token"));
        }
        if (!errors.isEmpty()) {
            return ApiRoute.Result.problem("population.consent-required", errors);
        }
        SyntheticCitizen c = population.get().byIdNumber(idNumber).orElse(null);
        if (c == null) {
            return ApiRoute.Result.problem("population.citizen-not-found", null);
        }
        // One answer for either mismatch, so a caller cannot probe which identifier is wrong.
        if (!Texts.foldName(fullName).equals(Texts.foldName(c.fullName()))
                || !PartialDates.matches(birthDate, PartialDates.parse(c.birthDate()))) {
            return ApiRoute.Result.problem("population.identity-mismatch", null);
        }
        Map<String, Object> citizen = new LinkedHashMap<>();
        citizen.put("idNumber", c.idNumber());
        for (String f : fields) {
            Object v = value(c, f, integrated);
            if (v != null) {
                citizen.put(f, v);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("citizen", citizen);
        out.put("retrievedAt", now.truncatedTo(ChronoUnit.SECONDS).toString());
        return ApiRoute.Result.ok(Json.bytes(out));
    }

    public static String validateId(JsonNode n, LocalDate today, List<Map<String, String>> errors) {
        if (n == null || !n.isTextual()) {
            errors.add(Problems.error("idNumber", "is required and must be a string"));
            return null;
        }
        String id = n.asText();
        if (!id.matches("[0-9]{12}")) {
            errors.add(Problems.error("idNumber", "must be 12 ASCII digits"));
            return null;
        }
        if (!Provinces.isKnown(id.substring(0, 3))) {
            errors.add(Problems.error("idNumber", "unknown province code"));
            return null;
        }
        int century = 1900 + (id.charAt(3) - '0') / 2 * 100;
        int year = century + Integer.parseInt(id.substring(4, 6));
        if (year > today.getYear()) {
            errors.add(Problems.error("idNumber", "century digit and year give a birth year in the future"));
            return null;
        }
        return id;
    }

    public static String validateName(JsonNode n, List<Map<String, String>> errors) {
        if (n == null || !n.isTextual()) {
            errors.add(Problems.error("fullName", "is required and must be a string"));
            return null;
        }
        String name = Normalizer.normalize(n.asText(), Normalizer.Form.NFC);
        if (name.isBlank()) {
            errors.add(Problems.error("fullName", "must not be blank"));
            return null;
        }
        if (Texts.codePoints(name) > MAX_NAME) {
            errors.add(Problems.error("fullName", "must be at most 512 characters"));
            return null;
        }
        return name;
    }

    public static int[] validateBirthDate(JsonNode n, LocalDate today, List<Map<String, String>> errors) {
        if (n == null || !n.isTextual()) {
            errors.add(Problems.error("birthDate", "is required and must be a string"));
            return null;
        }
        int[] d = PartialDates.parse(n.asText());
        if (d == null) {
            errors.add(Problems.error("birthDate", "must be a date yyyy, yyyy-MM or yyyy-MM-dd"));
            return null;
        }
        if (PartialDates.isFuture(d, today)) {
            errors.add(Problems.error("birthDate", "must not be in the future"));
            return null;
        }
        return d;
    }

    private static Set<String> validateFields(JsonNode n, List<Map<String, String>> errors) {
        if (n == null || !n.isArray() || n.isEmpty()) {
            errors.add(Problems.error("fields", "must be a non-empty list of field names"));
            return null;
        }
        Set<String> fields = new LinkedHashSet<>();
        boolean ok = true;
        for (JsonNode f : n) {
            if (!f.isTextual() || !SandboxAgency.ALL_FIELDS.contains(f.asText())) {
                ok = false;
            } else {
                fields.add(f.asText());
            }
        }
        if (!ok) {
            errors.add(Problems.error("fields", "contains an unknown field name"));
            return null;
        }
        return fields;
    }

    public static Object value(SyntheticCitizen c, String field) {
        switch (field) {
            case "fullName": return c.fullName();
            case "otherNames": return c.otherNames().isEmpty() ? null : c.otherNames();
            case "birthDate": return c.birthDate();
            case "sex": return c.sex();
            case "placeOfBirth": return address(c.placeOfBirth());
            case "birthRegistrationPlace": return address(c.birthRegistrationPlace());
            case "placeOfOrigin": return address(c.placeOfOrigin());
            case "ethnicity": return c.ethnicity();
            case "religion": return c.religion();
            case "nationality": return c.nationality();
            case "bloodGroup": return c.bloodGroup();
            case "oldIdNumber": return c.oldIdNumber();
            case "idCard": return idCard(c.idCard());
            case "father": return relative(c.father());
            case "mother": return relative(c.mother());
            case "spouse": return relative(c.spouse());
            case "legalRepresentative": return relative(c.legalRepresentative());
            case "permanentResidence": return address(c.permanentResidence());
            case "temporaryResidence": return address(c.temporaryResidence());
            case "currentResidence": return address(c.currentResidence());
            case "household": return household(c);
            case "deathDate": return c.deathDate();
            case "phone": return c.phone();
            case "email": return c.email();
            case "healthInsuranceNumber", "socialInsuranceNumber", "drivingLicence", "educationLevel": return null;
            default: throw new IllegalArgumentException("unknown field " + field);
        }
    }

    public static Map<String, Object> address(SyntheticAddress a) {
        if (a == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", a.text());
        m.put("commune", a.commune());
        // Section 8.2: district appears only in addresses recorded before 1 July 2025.
        if (a.district() != null) {
            m.put("district", a.district());
        }
        m.put("province", a.province());
        return m;
    }

    public static Map<String, Object> idCard(SyntheticIdCard card) {
        if (card == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", card.number());
        m.put("issueDate", card.issueDate());
        if (card.expiryDate() != null) {
            m.put("expiryDate", card.expiryDate());
        }
        return m;
    }

    public static Map<String, Object> relative(SyntheticRelative r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fullName", r.fullName());
        if (r.idNumber() != null) {
            m.put("idNumber", r.idNumber());
        }
        m.put("nationality", r.nationality());
        return m;
    }

    private static Map<String, Object> household(SyntheticCitizen c) {
        if (c.householdId() == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("householdId", c.householdId());
        m.put("headIdNumber", c.headIdNumber());
        m.put("relationshipToHead", c.relationshipToHead());
        return m;
    }
}
