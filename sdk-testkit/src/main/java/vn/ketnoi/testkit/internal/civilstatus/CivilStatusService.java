package vn.ketnoi.testkit.internal.civilstatus;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticAddress;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testkit.SyntheticRelative;
import vn.ketnoi.testkit.internal.ApiRoute;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.LookupOperation;
import vn.ketnoi.testkit.internal.PartialDates;
import vn.ketnoi.testkit.internal.Problems;
import vn.ketnoi.testkit.internal.ProviderKeys;
import vn.ketnoi.testkit.internal.SandboxHandler;
import vn.ketnoi.testkit.internal.ServiceMounts;
import vn.ketnoi.testkit.internal.Texts;

/**
 * The electronic civil-status register (Ministry of Justice, Decree 87/2020), synthetic and in
 * agreement with the sandbox's population: every citizen born in 2016 or later has a birth
 * registration, every citizen recorded dead and every DEATH of the change feed a death
 * registration, and every couple of spouses both in the population a marriage registration.
 * Each registration is an entry of a register book (entry number, book number) made by a
 * commune People's Committee on a date. Built on first use (the population is generated on a
 * thread of its own). Writes ({@code registerBirth}, {@code registerDeath}) take an
 * {@code Idempotency-Key} with the semantics of protocol section 10.3 and are applied exactly
 * once per key; a birth gives the child a personal ID number in the population, a death removes
 * the permanent residence and appends a DEATH to the change feed. Thread-safe.
 */
public final class CivilStatusService {
    /** The service's id; the SDK's {@code CivilStatusClient.SERVICE}. */
    public static final ServiceId SERVICE = ServiceId.parse("VN/GOV/SANDBOX.BTP/HOTICH/civil-status/v1");
    /** Where the sandbox mounts it. */
    public static final String PREFIX = "/civil-status/v1";
    /** The OAuth scope of its operations. */
    public static final String SCOPE = "civil-status";
    /** The {@code typ} of a certified extract ("trích lục"), a JWS the provider signs. */
    public static final String EXTRACT_TYP = "ketnoi-civil-extract+jwt";

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Pattern ID = Pattern.compile("\\d{12}");
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern NUMBER = Pattern.compile("[0-9A-Za-z/.-]{1,20}");
    private static final Pattern AUTHORITY = Pattern.compile("\\d{5}");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** A commune People's Committee that registers: its 5-digit code, name, and the province code of its ID numbers. */
    record Authority(String code, String name, String provinceCode, SyntheticAddress place) {
        Map<String, Object> wire() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", code);
            m.put("name", name);
            return m;
        }
    }

    /** One register entry and its wire form. */
    record Entry(String registrationId, String kind, String entryNumber, String bookNumber, String authorityCode,
                 Map<String, Object> wire) {
    }

    private record Stored(String bodyHash, ApiRoute.Result outcome) {
    }

    /** What a write did at the population, so that the sandbox's own state follows it. */
    public interface PopulationWrites {
        /** Records a citizen (a newborn, or one whose death was registered) in the population. */
        void put(SyntheticCitizen citizen);

        /** Appends an event to the change feed. */
        void change(String type, SyntheticCitizen citizen);
    }

    private final Supplier<SandboxPopulation> population;
    private final Supplier<List<String[]>> feedDeaths;
    private final PopulationWrites writes;
    private final Clock clock;
    private final ProviderKeys keys;
    private final Supplier<String> issuer;
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final Map<String, Entry> byKey = new ConcurrentHashMap<>();
    private final Map<String, Entry> birthOf = new ConcurrentHashMap<>();
    private final Map<String, Entry> deathOf = new ConcurrentHashMap<>();
    private final Map<String, List<Entry>> marriagesOf = new ConcurrentHashMap<>();
    private final Map<String, Authority> authorities = new LinkedHashMap<>();
    private final Map<String, AtomicLong> nextEntry = new ConcurrentHashMap<>();
    private final Map<String, Stored> idempotency = new ConcurrentHashMap<>();
    private final AtomicLong births = new AtomicLong();
    private final AtomicLong deaths = new AtomicLong();
    private final Set<String> usedIds = ConcurrentHashMap.newKeySet();
    private final Random random;
    private volatile boolean built;

    /**
     * @param population the register of citizens
     * @param feedDeaths the DEATH events of the change feed, as {idNumber, yyyy-MM-dd}
     * @param writes what a write changes in the population and the change feed
     * @param clock the provider's clock
     * @param keys the provider's signing keys, which sign certified extracts
     * @param issuer the provider's issuer identifier
     * @param seed the sandbox's seed: the same register in every run
     */
    public CivilStatusService(Supplier<SandboxPopulation> population, Supplier<List<String[]>> feedDeaths,
            PopulationWrites writes, Clock clock, ProviderKeys keys, Supplier<String> issuer, long seed) {
        this.population = population;
        this.feedDeaths = feedDeaths;
        this.writes = writes;
        this.clock = clock;
        this.keys = keys;
        this.issuer = issuer;
        this.random = new Random(seed ^ 0xB1A7L);
    }

    /** Mounts the service and registers its operations. */
    public void register(SandboxHandler handler) {
        handler.mounts().add(new ServiceMounts.Mount(PREFIX, SERVICE));
        for (String kind : List.of("births", "marriages", "deaths")) {
            handler.addRoute(new ApiRoute("POST", PREFIX + "/" + kind + "/lookup", SCOPE, c -> lookup(kind, c)));
        }
        handler.addRoute(new ApiRoute("POST", PREFIX + "/extracts", SCOPE, this::extract));
        handler.addRoute(new ApiRoute("POST", PREFIX + "/births", SCOPE, c -> write(c, this::registerBirth)));
        handler.addRoute(new ApiRoute("POST", PREFIX + "/deaths", SCOPE, c -> write(c, this::registerDeath)));
    }

    // ---- the register, derived from the population ----

    private void build() {
        if (built) {
            return;
        }
        synchronized (this) {
            if (built) {
                return;
            }
            SandboxPopulation pop = population.get();
            List<SyntheticCitizen> all = pop.citizens();
            for (SyntheticCitizen c : all) {
                if (year(c.birthDate()) >= 2016) {
                    Authority a = authorityOf(c);
                    add(birthEntry(c, a, registrationDay(c.birthDate(), 10)));
                }
                if (c.isDeceased()) {
                    add(deathEntry(c, c.deathDate(), authorityOf(c), registrationDay(c.deathDate(), 3), null));
                }
            }
            for (String[] d : feedDeaths.get()) {
                SyntheticCitizen c = pop.byIdNumber(d[0]).orElse(null);
                if (c != null && !deathOf.containsKey(c.idNumber())) {
                    add(deathEntry(c, d[1], authorityOf(c), registrationDay(d[1], 3), null));
                }
            }
            Set<String> married = new HashSet<>();
            for (SyntheticCitizen c : all) {
                SyntheticRelative s = c.spouse();
                if (s == null || s.idNumber() == null || married.contains(c.idNumber())) {
                    continue;
                }
                SyntheticCitizen other = pop.byIdNumber(s.idNumber()).orElse(null);
                if (other == null) {
                    continue;
                }
                married.add(c.idNumber());
                married.add(other.idNumber());
                int year = Math.max(year(c.birthDate()), year(other.birthDate())) + 20 + random.nextInt(6);
                String day = LocalDate.of(Math.min(year, 2025), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString();
                add(marriageEntry(c, other, authorityOf(c), day));
            }
            built = true;
        }
    }

    private static int year(String date) {
        return Integer.parseInt(date.substring(0, 4));
    }

    /** A registration some days after the event; for a partial date, within its year. */
    private String registrationDay(String date, int days) {
        if (date.length() == 10) {
            return LocalDate.parse(date).plusDays(1 + random.nextInt(days)).toString();
        }
        int month = date.length() == 7 ? Integer.parseInt(date.substring(5, 7)) : 12;
        return LocalDate.of(year(date), month, 28).toString();
    }

    /** The People's Committee of the commune where the citizen's birth was registered. */
    private synchronized Authority authorityOf(SyntheticCitizen c) {
        SyntheticAddress place = c.birthRegistrationPlace();
        String key = place.commune() + "|" + place.province();
        String code = String.format("%05d", Math.floorMod(key.hashCode(), 90000) + 10000);
        return authorities.computeIfAbsent(code, k -> new Authority(k, "Ủy ban nhân dân " + place.commune(),
                c.idNumber().substring(0, 3), place));
    }

    private void add(Entry e) {
        byId.put(e.registrationId(), e);
        byKey.put(key(e.kind(), e.entryNumber(), e.bookNumber(), e.authorityCode()), e);
        Map<String, Object> w = e.wire();
        switch (e.kind()) {
            case "BIRTH" -> birthOf.put(id(w.get("child")), e);
            case "DEATH" -> deathOf.put(id(w.get("deceased")), e);
            default -> {
                for (Object p : (List<?>) w.get("spouses")) {
                    marriagesOf.computeIfAbsent(id(p), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(e);
                }
            }
        }
    }

    private static String id(Object person) {
        return (String) ((Map<?, ?>) person).get("idNumber");
    }

    private static String key(String kind, String entry, String book, String authority) {
        return kind + "|" + entry + "|" + book + "|" + authority;
    }

    private Map<String, Object> common(String kind, Authority a, String registrationDate, String[] numbers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("registrationId", UUID.nameUUIDFromBytes((kind + ":" + a.code() + ":" + numbers[1] + ":" + numbers[0])
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        m.put("kind", kind);
        m.put("entryNumber", numbers[0]);
        m.put("bookNumber", numbers[1]);
        m.put("authority", a.wire());
        m.put("registrationDate", registrationDate);
        return m;
    }

    /** The next entry of the authority's book of that kind and year: book "01/2019", entries 1, 2, ... */
    private String[] nextNumbers(String kind, Authority a, String registrationDate) {
        String book = "01/" + registrationDate.substring(0, 4);
        long n = nextEntry.computeIfAbsent(kind + "|" + a.code() + "|" + book, k -> new AtomicLong()).incrementAndGet();
        return new String[] {Long.toString(n), book};
    }

    private static Map<String, Object> person(SyntheticCitizen c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("idNumber", c.idNumber());
        m.put("fullName", c.fullName());
        m.put("birthDate", c.birthDate());
        m.put("sex", c.sex());
        return m;
    }

    private Entry birthEntry(SyntheticCitizen c, Authority a, String day) {
        Map<String, Object> m = common("BIRTH", a, day, nextNumbers("BIRTH", a, day));
        m.put("child", person(c));
        m.put("placeOfBirth", LookupOperation.address(c.placeOfBirth()));
        putIfPresent(m, "mother", LookupOperation.relative(c.mother()));
        putIfPresent(m, "father", LookupOperation.relative(c.father()));
        return entry(m);
    }

    private Entry deathEntry(SyntheticCitizen c, String deathDate, Authority a, String day, String place) {
        Map<String, Object> m = common("DEATH", a, day, nextNumbers("DEATH", a, day));
        m.put("deceased", person(c));
        m.put("deathDate", deathDate);
        putIfPresent(m, "placeOfDeath", place);
        return entry(m);
    }

    private Entry marriageEntry(SyntheticCitizen x, SyntheticCitizen y, Authority a, String day) {
        Map<String, Object> m = common("MARRIAGE", a, day, nextNumbers("MARRIAGE", a, day));
        m.put("spouses", List.of(person(x), person(y)));
        return entry(m);
    }

    private static Entry entry(Map<String, Object> m) {
        return new Entry((String) m.get("registrationId"), (String) m.get("kind"), (String) m.get("entryNumber"),
                (String) m.get("bookNumber"), (String) ((Map<?, ?>) m.get("authority")).get("code"),
                java.util.Collections.unmodifiableMap(m));
    }

    private static void putIfPresent(Map<String, Object> m, String name, Object value) {
        if (value != null) {
            m.put(name, value);
        }
    }

    // ---- operations ----

    private ApiRoute.Result lookup(String kinds, ApiRoute.Call call) {
        build();
        JsonNode body = parse(call.body());
        if (body == null) {
            return invalid("body", "must be a JSON object");
        }
        String kind = switch (kinds) {
            case "births" -> "BIRTH";
            case "deaths" -> "DEATH";
            default -> "MARRIAGE";
        };
        List<Entry> found = new ArrayList<>();
        if (body.has("idNumber")) {
            String id = body.path("idNumber").asText("");
            if (!ID.matcher(id).matches() || body.size() != 1) {
                return invalid("idNumber", "must be 12 digits, alone");
            }
            Entry e = switch (kind) {
                case "BIRTH" -> birthOf.get(id);
                case "DEATH" -> deathOf.get(id);
                default -> null;
            };
            if (e != null) {
                found.add(e);
            }
            if (kind.equals("MARRIAGE")) {
                found.addAll(marriagesOf.getOrDefault(id, List.of()));
            }
        } else {
            String entry = body.path("entryNumber").asText("");
            String book = body.path("bookNumber").asText("");
            String authority = body.path("authorityCode").asText("");
            List<Map<String, String>> errors = new ArrayList<>();
            if (!NUMBER.matcher(entry).matches()) {
                errors.add(Problems.error("entryNumber", "is required: 1 to 20 of [0-9A-Za-z/.-]"));
            }
            if (!NUMBER.matcher(book).matches()) {
                errors.add(Problems.error("bookNumber", "is required: 1 to 20 of [0-9A-Za-z/.-]"));
            }
            if (!AUTHORITY.matcher(authority).matches()) {
                errors.add(Problems.error("authorityCode", "is required: 5 digits"));
            }
            if (!errors.isEmpty()) {
                return ApiRoute.Result.problem("request.invalid", errors);
            }
            Entry e = byKey.get(key(kind, entry, book, authority));
            if (e != null) {
                found.add(e);
            }
        }
        if (found.isEmpty()) {
            return ApiRoute.Result.problem("civil-status.registration-not-found");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("registrations", found.stream().map(Entry::wire).toList());
        return ApiRoute.Result.ok(Json.bytes(out));
    }

    private ApiRoute.Result extract(ApiRoute.Call call) {
        build();
        JsonNode body = parse(call.body());
        String id = body == null ? "" : body.path("registrationId").asText("");
        if (!UUID_FORM.matcher(id).matches()) {
            return invalid("registrationId", "must be a registration's id (a lower-case UUID)");
        }
        Entry e = byId.get(id);
        if (e == null) {
            return ApiRoute.Result.problem("civil-status.registration-not-found");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.get());
        claims.put("aud", call.agency().id());
        claims.put("iat", call.now().getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("registration", e.wire());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("extract", keys.sign(EXTRACT_TYP, claims));
        return ApiRoute.Result.ok(Json.bytes(out));
    }

    /** Section 10.3's semantics: one outcome per key, stored whether it succeeded or was refused. */
    private ApiRoute.Result write(ApiRoute.Call call, java.util.function.Function<ApiRoute.Call, ApiRoute.Result> op) {
        build();
        String key = call.idempotencyKey();
        if (key == null || !UUID_FORM.matcher(key).matches()) {
            return invalid("Idempotency-Key", "is required on a write: a lower-case hyphenated UUID");
        }
        String hash = Texts.sha256B64(call.method() + " " + call.path() + " " + Texts.sha256B64(call.body()));
        String scoped = call.agency().id() + "|" + key;
        Stored s;
        synchronized (this) {
            s = idempotency.get(scoped);
            if (s == null) {
                // Applied once, its outcome (success or refusal) stored; writes run one at a time.
                s = new Stored(hash, op.apply(call));
                idempotency.put(scoped, s);
            }
        }
        if (!s.bodyHash().equals(hash)) {
            return ApiRoute.Result.problem("request.idempotency-conflict");
        }
        return s.outcome();
    }

    private ApiRoute.Result registerBirth(ApiRoute.Call call) {
        JsonNode body = parse(call.body());
        if (body == null) {
            return invalid("body", "must be a JSON object");
        }
        SandboxPopulation pop = population.get();
        List<Map<String, String>> errors = new ArrayList<>();
        JsonNode child = body.path("child");
        String name = child.path("fullName").asText("").strip();
        String birth = child.path("birthDate").asText("");
        String sex = child.path("sex").asText("");
        if (name.isEmpty() || name.length() > 100) {
            errors.add(Problems.error("child.fullName", "is required, at most 100 characters"));
        }
        LocalDate born = null;
        if (!DAY.matcher(birth).matches()) {
            errors.add(Problems.error("child.birthDate", "is required: yyyy-MM-dd"));
        } else {
            born = LocalDate.parse(birth);
            if (born.isAfter(LocalDate.ofInstant(clock.instant(), VIETNAM))) {
                errors.add(Problems.error("child.birthDate", "is in the future"));
            }
        }
        if (!sex.equals("MALE") && !sex.equals("FEMALE")) {
            errors.add(Problems.error("child.sex", "must be MALE or FEMALE"));
        }
        SyntheticCitizen mother = parent(pop, body, "motherIdNumber", errors, true);
        SyntheticCitizen father = parent(pop, body, "fatherIdNumber", errors, false);
        Authority authority = authority(body.path("authorityCode").asText(""), errors);
        if (!errors.isEmpty()) {
            return ApiRoute.Result.problem("request.invalid", errors);
        }
        SyntheticAddress residence = mother.permanentResidence();
        if (residence == null && father != null) {
            residence = father.permanentResidence();
        }
        if (residence == null) {
            return invalid("motherIdNumber", "the parents have no permanent residence to record the child at");
        }
        String id = newIdNumber(authority.provinceCode(), born.getYear(), sex.equals("FEMALE"));
        SyntheticCitizen.Builder b = SyntheticCitizen.builder().idNumber(id).fullName(name).otherNames(List.of())
                .birthDate(birth).sex(sex).placeOfBirth(authority.place()).birthRegistrationPlace(authority.place())
                .placeOfOrigin(mother.placeOfOrigin()).ethnicity(mother.ethnicity()).nationality("VN")
                .mother(new SyntheticRelative(mother.fullName(), mother.idNumber(), "VN"))
                .permanentResidence(residence).currentResidence(residence)
                .householdId(mother.householdId()).headIdNumber(mother.headIdNumber()).relationshipToHead("Con");
        if (father != null) {
            b.father(new SyntheticRelative(father.fullName(), father.idNumber(), "VN"));
        }
        SyntheticCitizen c = b.build();
        writes.put(c);
        String today = LocalDate.ofInstant(call.now(), VIETNAM).toString();
        Entry e = birthEntry(c, authority, today);
        add(e);
        births.incrementAndGet();
        return ApiRoute.Result.of(201, Json.bytes(e.wire()));
    }

    private ApiRoute.Result registerDeath(ApiRoute.Call call) {
        JsonNode body = parse(call.body());
        if (body == null) {
            return invalid("body", "must be a JSON object");
        }
        List<Map<String, String>> errors = new ArrayList<>();
        String id = body.path("idNumber").asText("");
        String deathDate = body.path("deathDate").asText("");
        SyntheticCitizen c = null;
        if (!ID.matcher(id).matches()) {
            errors.add(Problems.error("idNumber", "is required: 12 digits"));
        } else {
            c = population.get().byIdNumber(id).orElse(null);
            if (c == null) {
                return ApiRoute.Result.problem("population.citizen-not-found");
            }
        }
        if (!DAY.matcher(deathDate).matches()) {
            errors.add(Problems.error("deathDate", "is required: yyyy-MM-dd"));
        } else if (LocalDate.parse(deathDate).isAfter(LocalDate.ofInstant(clock.instant(), VIETNAM))) {
            errors.add(Problems.error("deathDate", "is in the future"));
        }
        Authority authority = authority(body.path("authorityCode").asText(""), errors);
        String place = body.path("placeOfDeath").isTextual() ? body.path("placeOfDeath").asText() : null;
        if (!errors.isEmpty()) {
            return ApiRoute.Result.problem("request.invalid", errors);
        }
        if (c.isDeceased() || deathOf.containsKey(id)) {
            return ApiRoute.Result.problem("civil-status.already-registered");
        }
        SyntheticCitizen dead = SyntheticCitizen.builder().idNumber(c.idNumber()).fullName(c.fullName())
                .otherNames(c.otherNames()).birthDate(c.birthDate()).sex(c.sex()).placeOfBirth(c.placeOfBirth())
                .birthRegistrationPlace(c.birthRegistrationPlace()).placeOfOrigin(c.placeOfOrigin())
                .ethnicity(c.ethnicity()).religion(c.religion()).nationality(c.nationality())
                .bloodGroup(c.bloodGroup()).oldIdNumber(c.oldIdNumber()).idCard(c.idCard()).father(c.father())
                .mother(c.mother()).spouse(c.spouse()).legalRepresentative(c.legalRepresentative())
                // Decree 63/2024's death flow: the permanent residence is removed with the death.
                .permanentResidence(null).currentResidence(null).householdId(c.householdId())
                .headIdNumber(c.headIdNumber()).relationshipToHead(c.relationshipToHead()).deathDate(deathDate)
                .build();
        writes.put(dead);
        writes.change("DEATH", dead);
        Entry e = deathEntry(dead, deathDate, authority, LocalDate.ofInstant(call.now(), VIETNAM).toString(), place);
        add(e);
        deaths.incrementAndGet();
        return ApiRoute.Result.of(201, Json.bytes(e.wire()));
    }

    private static SyntheticCitizen parent(SandboxPopulation pop, JsonNode body, String field,
            List<Map<String, String>> errors, boolean required) {
        if (!body.has(field) && !required) {
            return null;
        }
        String id = body.path(field).asText("");
        if (!ID.matcher(id).matches()) {
            errors.add(Problems.error(field, "must be 12 digits"));
            return null;
        }
        SyntheticCitizen c = pop.byIdNumber(id).orElse(null);
        if (c == null || c.isDeceased()) {
            errors.add(Problems.error(field, "names no living citizen in the population"));
            return null;
        }
        return c;
    }

    private Authority authority(String code, List<Map<String, String>> errors) {
        Authority a;
        synchronized (this) {
            a = authorities.get(code);
        }
        if (a == null) {
            errors.add(Problems.error("authorityCode", "names no registering authority (5 digits)"));
        }
        return a;
    }

    private String newIdNumber(String province, int year, boolean female) {
        String prefix = province + ((year < 2000 ? 0 : 2) + (female ? 1 : 0)) + String.format("%02d", year % 100);
        while (true) {
            String id = prefix + String.format("%06d", random.nextInt(1_000_000));
            if (usedIds.add(id) && population.get().byIdNumber(id).isEmpty()) {
                return id;
            }
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = Json.parse(body);
            return n != null && n.isObject() ? n : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ApiRoute.Result invalid(String field, String problem) {
        return ApiRoute.Result.problem("request.invalid", List.of(Problems.error(field, problem)));
    }

    // ---- test-facing views ----

    /** {@return the registration of that kind for the citizen, as wire JSON} */
    public java.util.Optional<Map<String, Object>> registrationOf(String kind, String idNumber) {
        build();
        Entry e = switch (kind) {
            case "BIRTH" -> birthOf.get(idNumber);
            case "DEATH" -> deathOf.get(idNumber);
            default -> marriagesOf.getOrDefault(idNumber, List.of()).stream().findFirst().orElse(null);
        };
        return java.util.Optional.ofNullable(e == null ? null : e.wire());
    }

    /** {@return births registered through the API (each key once)} */
    public long birthsRegistered() {
        return births.get();
    }

    /** {@return deaths registered through the API (each key once)} */
    public long deathsRegistered() {
        return deaths.get();
    }

    /** {@return the code of a registering authority, for tests that register} */
    public String anyAuthorityCode() {
        build();
        synchronized (this) {
            return authorities.keySet().iterator().next();
        }
    }
}
