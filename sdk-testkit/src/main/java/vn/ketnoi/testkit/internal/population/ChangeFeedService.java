package vn.ketnoi.testkit.internal.population;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testkit.internal.ApiRoute;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.LookupOperation;
import vn.ketnoi.testkit.internal.Problems;
import vn.ketnoi.testkit.internal.ProviderKeys;
import vn.ketnoi.testkit.internal.Texts;

/**
 * The change feed (protocol section 8.9) and signed change notifications (section 8.10). The
 * feed starts with a scripted stream of events derived from the seed, the same in every run;
 * tests append more. Events are small and few, so they are kept in memory.
 */
public final class ChangeFeedService {

    /** Events in the scripted stream. */
    public static final int SCRIPTED_EVENTS = 240;
    /** The {@code typ} of a notification signature. */
    public static final String NOTIFICATION_TYP = "ketnoi-notification+jwt";
    private static final Instant SCRIPT_START = Instant.parse("2025-07-01T01:00:00Z");
    private static final List<String> TYPES = List.of("DEATH", "NAME_CHANGE", "NEW_ID_CARD", "RESIDENCE_CHANGE");
    // A type a later protocol version may add (section 7): appended on request only, served without data.
    private static final java.util.regex.Pattern FUTURE_TYPE = java.util.regex.Pattern.compile("[A-Z][A-Z_]{0,63}");
    private static final String[] NEW_GIVEN = {"An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Minh",
        "Ngọc", "Phúc", "Quân", "Thảo", "Trung", "Vy"};

    private record Event(long seq, String eventId, String type, Instant occurredAt, String idNumber,
                         Map<String, Object> data) {
    }

    private final Supplier<SandboxPopulation> population;
    private final long seed;
    private final Clock clock;
    private final ProviderKeys keys;
    private final Supplier<String> issuer;
    private final Function<String, SandboxAgency> agencies;
    private final Map<String, URI> endpoints = new ConcurrentHashMap<>();
    private List<Event> events; // guarded by this; built on first use
    private HttpClient http; // guarded by this; built on first push

    /**
     * @param population the register the events are about
     * @param seed the population seed, which also drives the script
     * @param clock the provider's clock
     * @param keys the keys notifications are signed with
     * @param issuer the provider's issuer identifier
     * @param agencies agency by id
     */
    public ChangeFeedService(Supplier<SandboxPopulation> population, long seed, Clock clock, ProviderKeys keys,
            Supplier<String> issuer, Function<String, SandboxAgency> agencies) {
        this.population = population;
        this.seed = seed;
        this.clock = clock;
        this.keys = keys;
        this.issuer = issuer;
        this.agencies = agencies;
    }

    /** The feed route. */
    public ApiRoute route() {
        return new ApiRoute("GET", "/population/v1/changes", "population", this::read);
    }

    private synchronized List<Event> events() {
        if (events == null) {
            events = new ArrayList<>();
            Random r = new Random(seed ^ 0x5EEDC4A9E5L);
            List<SyntheticCitizen> citizens = population.get().citizens();
            for (int i = 0; i < SCRIPTED_EVENTS; i++) {
                SyntheticCitizen c = citizens.get(r.nextInt(citizens.size()));
                String type = TYPES.get(r.nextInt(TYPES.size()));
                addLocked(type, c, SCRIPT_START.plus(37L * i, ChronoUnit.MINUTES), r);
            }
        }
        return events;
    }

    private Event addLocked(String type, SyntheticCitizen c, Instant at, Random r) {
        long seq = events.size() + 1;
        String eventId = UUID.nameUUIDFromBytes(("ketnoi-change:" + seed + ":" + seq)
                .getBytes(StandardCharsets.UTF_8)).toString();
        Map<String, Object> data = new LinkedHashMap<>();
        String day = LocalDates.isoDay(at);
        switch (type) {
            case "DEATH":
                data.put("deathDate", day);
                break;
            case "NAME_CHANGE":
                String name = c.fullName();
                int sp = name.lastIndexOf(' ');
                data.put("fullName", (sp < 0 ? name : name.substring(0, sp)) + " " + NEW_GIVEN[r.nextInt(NEW_GIVEN.length)]);
                break;
            case "NEW_ID_CARD":
                Map<String, Object> card = new LinkedHashMap<>();
                card.put("number", c.idNumber());
                card.put("issueDate", day);
                card.put("expiryDate", LocalDates.isoDay(at.plus(3650, ChronoUnit.DAYS)));
                data.put("idCard", card);
                break;
            case "RESIDENCE_CHANGE":
                List<SyntheticCitizen> all = population.get().citizens();
                SyntheticCitizen other = all.get(r.nextInt(all.size()));
                data.put("permanentResidence", LookupOperation.address(other.permanentResidence()));
                break;
            default:
                // A future type (append only): its data would be members this version does not define.
                break;
        }
        Event e = new Event(seq, eventId, type, at.truncatedTo(ChronoUnit.SECONDS), c.idNumber(), data);
        events.add(e);
        return e;
    }

    /** The DEATH events of the feed so far, as {idNumber, date of death}: each has a civil-status death registration. */
    public synchronized List<String[]> deaths() {
        List<String[]> out = new ArrayList<>();
        for (Event e : events()) {
            if ("DEATH".equals(e.type())) {
                out.add(new String[] {e.idNumber(), String.valueOf(e.data().get("deathDate"))});
            }
        }
        return out;
    }

    /** Number of events in the feed so far. */
    public synchronized int size() {
        return events().size();
    }

    /**
     * Appends an event about this citizen, now, and pushes it to every registered endpoint.
     *
     * @return the new event's id
     */
    public String append(String type, SyntheticCitizen citizen) {
        if (!TYPES.contains(type) && !FUTURE_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("type must be one of " + TYPES + ", or upper-case letters and _"
                    + " for a type a later protocol version may add");
        }
        Event e;
        synchronized (this) {
            events();
            e = addLocked(type, citizen, clock.instant(), new Random(seed + events.size()));
        }
        for (Map.Entry<String, URI> endpoint : endpoints.entrySet()) {
            push(endpoint.getKey(), endpoint.getValue(), e);
        }
        return e.eventId();
    }

    /** How many of the oldest events are no longer retained (guarded by this). */
    private long forgotten;

    /**
     * Drops the oldest {@code count} events from the retained history, as a provider does after
     * its retention period: a cursor from before them is then expired (410, section 8.9).
     */
    public synchronized void forgetOldest(int count) {
        forgotten = Math.min(events().size(), forgotten + Math.max(0, count));
    }

    /** Registers (or with null, removes) the URL the agency's notifications are POSTed to. */
    public void register(String agencyId, URI endpoint) {
        if (endpoint == null) {
            endpoints.remove(agencyId);
        } else {
            endpoints.put(agencyId, endpoint);
        }
    }

    private ApiRoute.Result read(ApiRoute.Call call) {
        Map<String, String> q = JobService.query(call.query());
        int limit = 100;
        long after = 0;
        try {
            if (q.containsKey("limit")) {
                limit = Integer.parseInt(q.get("limit"));
                if (limit < 1 || limit > 1000) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            return ApiRoute.Result.problem("request.invalid", List.of(Problems.error("limit", "must be 1 to 1000")));
        }
        if (q.containsKey("cursor")) {
            after = decodeCursor(q.get("cursor"));
            if (after < 0) {
                return ApiRoute.Result.problem("request.invalid",
                        List.of(Problems.error("cursor", "is not a cursor of this feed")));
            }
        }
        List<Object> page = new ArrayList<>();
        long last = after;
        boolean more;
        synchronized (this) {
            List<Event> all = events();
            if (!q.containsKey("cursor")) {
                after = forgotten;
            } else if (after < forgotten) {
                return ApiRoute.Result.problem("population.cursor-expired");
            }
            if (after > all.size()) {
                return ApiRoute.Result.problem("request.invalid",
                        List.of(Problems.error("cursor", "is not a cursor of this feed")));
            }
            int from = (int) after;
            int to = Math.min(all.size(), from + limit);
            for (int i = from; i < to; i++) {
                Event e = all.get(i);
                page.add(wire(e, call.agency()));
                last = e.seq();
            }
            more = to < all.size();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", page);
        out.put("nextCursor", encodeCursor(last));
        out.put("hasMore", more);
        return ApiRoute.Result.ok(Json.bytes(out));
    }

    /** An event as the agency sees it: the changed value only when its grant covers the field. */
    private static Map<String, Object> wire(Event e, SandboxAgency agency) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", e.eventId());
        m.put("type", e.type());
        m.put("occurredAt", e.occurredAt().toString());
        m.put("idNumber", e.idNumber());
        Map<String, Object> data = new LinkedHashMap<>();
        e.data().forEach((k, v) -> {
            if (agency.grantedFields().contains(k)) {
                data.put(k, v);
            }
        });
        m.put("data", data);
        return m;
    }

    private static String encodeCursor(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("c1:" + seq).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decodeCursor(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!s.startsWith("c1:")) {
                return -1;
            }
            long v = Long.parseLong(s.substring(3));
            return v < 0 ? -1 : v;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    // ---- notifications (section 8.10) ----

    private void push(String agencyId, URI endpoint, Event e) {
        SandboxAgency agency = agencies.apply(agencyId);
        if (agency == null) {
            return;
        }
        // At-least-once: up to three attempts, each with its own notification id and signature.
        for (int attempt = 0; attempt < 3; attempt++) {
            String notificationId = UUID.randomUUID().toString();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("notificationId", notificationId);
            body.put("sentAt", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            body.put("events", List.of(wire(e, agency)));
            byte[] bytes = Json.bytes(body);
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", issuer.get());
            claims.put("aud", agencyId);
            claims.put("iat", clock.instant().getEpochSecond());
            claims.put("jti", notificationId);
            claims.put("bdh", Texts.sha256B64(bytes));
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Ketnoi-Notification-Signature", keys.sign(NOTIFICATION_TYP, claims))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build();
            try {
                HttpResponse<Void> response = http().send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
            } catch (IOException ex) {
                // Try again; the agency drops duplicates by event id.
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        return http;
    }

    /** Dates as the protocol writes them, in Vietnam's calendar. */
    private static final class LocalDates {
        static String isoDay(Instant at) {
            return java.time.LocalDate.ofInstant(at, java.time.ZoneId.of("Asia/Ho_Chi_Minh")).toString();
        }
    }
}
