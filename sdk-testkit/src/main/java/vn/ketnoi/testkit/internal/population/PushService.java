package vn.ketnoi.testkit.internal.population;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.internal.ApiRoute;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.LookupOperation;
import vn.ketnoi.testkit.internal.Problems;
import vn.ketnoi.testkit.internal.Texts;

/**
 * Fields an agency is the source of, pushed into the register (protocol section 8.11). Each value
 * is held with its source agency and as-of time; an older as-of never replaces a newer one. The
 * source is the authenticated caller, never a member of the body. The synchronous route keeps the
 * outcome of each {@code Idempotency-Key} as the e-documents writes do (section 10.3); jobs call
 * {@link #apply} once per record. Thread-safe: writes run one at a time.
 */
public final class PushService {

    /** The wire names of the fields that can be pushed, each with the form of its value. */
    public static final Map<String, Pattern> FIELDS = Map.of(
            "healthInsuranceNumber", Pattern.compile("[A-Z]{2}[1-5][0-9]{12}"),
            "socialInsuranceNumber", Pattern.compile("[0-9]{10}"),
            "drivingLicence", Pattern.compile("[0-9]{12}"),
            "educationLevel", Pattern.compile("NONE|PRIMARY|LOWER_SECONDARY|UPPER_SECONDARY|VOCATIONAL|COLLEGE"
                    + "|UNIVERSITY|MASTER|DOCTORATE"));
    /** Most items in one synchronous push. */
    public static final int MAX_ITEMS = 100;
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** A held value. */
    private record Held(String value, String source, Instant asOf) {
    }

    private record Stored(String bodyHash, ApiRoute.Result result) {
    }

    private final Supplier<SandboxPopulation> population;
    private final Runnable onApplied;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Stored> operations = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    /**
     * @param population the register
     * @param onApplied called once for every value written (a counter for tests of exactly-once)
     */
    public PushService(Supplier<SandboxPopulation> population, Runnable onApplied) {
        this.population = population;
        this.onApplied = onApplied;
    }

    /** {@return the route of the synchronous push} */
    public ApiRoute route() {
        return new ApiRoute("POST", "/population/v1/pushes", "population", this::push);
    }

    /**
     * The integrated field as a lookup returns it, {@code {value, source, asOf}}, or null.
     *
     * @param idNumber the citizen
     * @param field a wire name of {@link #FIELDS}
     */
    public Map<String, Object> integrated(String idNumber, String field) {
        Held h = held.get(idNumber + "|" + field);
        if (h == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", h.value());
        m.put("source", h.source());
        m.put("asOf", h.asOf().toString());
        return m;
    }

    private ApiRoute.Result push(ApiRoute.Call call) {
        if (call.idempotencyKey() == null || !UUID.matcher(call.idempotencyKey()).matches()) {
            return ApiRoute.Result.problem("request.invalid", List.of(Problems.error("Idempotency-Key",
                    "is required on every push: a lower-case hyphenated UUID")));
        }
        String key = call.agency().id() + "|" + call.idempotencyKey();
        String hash = Texts.sha256B64(call.body());
        synchronized (lock) {
            Stored s = operations.get(key);
            if (s != null) {
                return s.bodyHash().equals(hash) ? s.result() : ApiRoute.Result.problem("request.idempotency-conflict");
            }
            ApiRoute.Result result = batch(call);
            operations.put(key, new Stored(hash, result));
            return result;
        }
    }

    private ApiRoute.Result batch(ApiRoute.Call call) {
        JsonNode req = Json.parse(call.body());
        JsonNode items = req == null || !req.isObject() ? null : req.get("items");
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_ITEMS) {
            return ApiRoute.Result.problem("request.invalid",
                    List.of(Problems.error("items", "must hold 1 to " + MAX_ITEMS + " items; use a job for more")));
        }
        List<Object> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            results.add(apply(items.get(i), i, call.agency(), call.now(), call.today()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("results", results);
        out.put("processedAt", call.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return ApiRoute.Result.ok(Json.bytes(out));
    }

    /**
     * Checks and applies one pushed record: its result entry, with the verdict.
     *
     * @param item the record
     * @param index its position in the batch or job
     * @param agency the caller, the source of the value
     * @param now the provider's clock
     * @param today the provider's calendar day
     */
    public Map<String, Object> apply(JsonNode item, long index, SandboxAgency agency, Instant now, LocalDate today) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("index", index);
        List<Map<String, String>> errors = new ArrayList<>();
        if (item == null || !item.isObject()) {
            return rejected(r, "request.invalid", List.of(Problems.error("item", "must be a JSON object")));
        }
        String id = LookupOperation.validateId(item.get("idNumber"), today, errors);
        if (id != null) {
            r.put("idNumber", id);
        }
        JsonNode f = item.get("field");
        Pattern form = f != null && f.isTextual() ? FIELDS.get(f.asText()) : null;
        if (form == null) {
            errors.add(Problems.error("field", "must be one of " + FIELDS.keySet().stream().sorted().toList()));
        } else {
            r.put("field", f.asText());
            JsonNode v = item.get("value");
            if (v == null || !v.isTextual() || !form.matcher(v.asText()).matches()) {
                errors.add(Problems.error("value", "is not a value of " + f.asText()));
            }
        }
        Instant asOf = null;
        try {
            JsonNode a = item.get("asOf");
            asOf = a != null && a.isTextual() ? Instant.parse(a.asText()) : null;
        } catch (DateTimeParseException e) {
            asOf = null;
        }
        if (asOf == null) {
            errors.add(Problems.error("asOf", "must be an RFC 3339 time in UTC"));
        } else if (asOf.isAfter(now.plus(SKEW))) {
            errors.add(Problems.error("asOf", "must not be in the future"));
        }
        if (!errors.isEmpty()) {
            return rejected(r, "request.invalid", errors);
        }
        String field = f.asText();
        // The sandbox's register of sources: an agency is the source of the pushable fields it is granted.
        if (!agency.grantedFields().contains(field)) {
            return rejected(r, "population.field-not-granted",
                    List.of(Problems.error(field, "this agency is not a source of this field")));
        }
        if (population.get().byIdNumber(id).isEmpty()) {
            return rejected(r, "population.citizen-not-found", null);
        }
        String value = item.get("value").asText();
        Instant incoming = asOf;
        String[] verdict = new String[1];
        Instant[] newer = new Instant[1];
        held.compute(id + "|" + field, (k, h) -> {
            if (h == null || incoming.isAfter(h.asOf()) && !value.equals(h.value())) {
                verdict[0] = "APPLIED";
                return new Held(value, agency.id(), incoming);
            }
            if (value.equals(h.value())) {
                verdict[0] = "UNCHANGED";
                // The same value confirmed later: the later as-of is kept, nothing else changes.
                return incoming.isAfter(h.asOf()) ? new Held(h.value(), h.source(), incoming) : h;
            }
            verdict[0] = "CONFLICT";
            newer[0] = h.asOf();
            return h;
        });
        r.put("verdict", verdict[0]);
        if (newer[0] != null) {
            r.put("heldAsOf", newer[0].toString());
        }
        if (verdict[0].equals("APPLIED")) {
            onApplied.run();
        }
        return r;
    }

    private static Map<String, Object> rejected(Map<String, Object> r, String code, List<Map<String, String>> errors) {
        r.put("verdict", "REJECTED");
        r.put("reason", code);
        if (errors != null) {
            r.put("errors", errors);
        }
        return r;
    }
}
