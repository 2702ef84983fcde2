package vn.ketnoi.testkit.internal.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testkit.internal.ApiRoute;
import vn.ketnoi.testkit.internal.ApiRoute.Call;
import vn.ketnoi.testkit.internal.ApiRoute.Result;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.Problems;
import vn.ketnoi.testkit.internal.ProviderKeys;
import vn.ketnoi.testkit.internal.SandboxHandler;
import vn.ketnoi.testkit.internal.Texts;

/**
 * The sandbox's VNeID wallet (protocol section 10): stores and versions documents, checks their
 * signatures and issuers, enforces idempotency keys, publishes status lists and sends signed
 * status callbacks. Writes are processed one at a time under a lock, so a retry that arrives
 * while its first attempt is still being answered finds the stored outcome.
 */
public final class WalletService {
    /** Built-in document types and their required payload members. */
    static final Map<String, List<String>> BUILT_IN = Map.of(
            "DRIVING_LICENCE", List.of("licenceNumber", "classes", "issuedBy"),
            "HEALTH_INSURANCE_CARD", List.of("insuranceNumber", "facilityCode", "benefitLevel"),
            "VEHICLE_REGISTRATION", List.of("plateNumber", "vehicleKind", "make", "chassisNumber", "engineNumber"),
            "BIRTH_REGISTRATION", List.of("registrationNumber", "registeredBy", "registrationDate", "childName", "birthDate"),
            "MARRIAGE_REGISTRATION", List.of("registrationNumber", "registeredBy", "registrationDate", "spouseName",
                    "spouseIdNumber"),
            "JUDICIAL_RECORD", List.of("certificateNumber", "form", "hasCriminalRecord"));
    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ID_NUMBER = Pattern.compile("\\d{12}");
    private static final String TYP = "ketnoi-edoc+jwt";
    private static final int STATUS_LIST_TTL = 300;
    private static final int MAX_REASON = 500;
    /** What a QR code of version 40 holds in byte mode at level L (section 10.5). */
    private static final int MAX_DOCUMENT = 2953;

    /** A fault to apply to the next issuances, after the document is stored. */
    public enum Fault { DROP_CONNECTION, UNAVAILABLE, DELAY }

    private record Stored(String method, String path, String bodyHash, String operation, Result result,
                          Instant completedAt) {
    }

    /** One stored document: every version's JWS, the current status. Guarded by the service lock. */
    static final class Doc {
        final String agencyId;
        final String documentId;
        final String subject;
        final String type;
        final Instant createdAt;
        final List<String> versions = new ArrayList<>();
        JsonNode claims;
        String status;
        String statusBeforeSuspension;
        String reason;
        Instant updatedAt;

        Doc(String agencyId, String documentId, String subject, String type, Instant createdAt) {
            this.agencyId = agencyId;
            this.documentId = documentId;
            this.subject = subject;
            this.type = type;
            this.createdAt = createdAt;
        }
    }

    private final Supplier<SandboxPopulation> population;
    private final Clock clock;
    private final Supplier<String> issuer;
    private final ProviderKeys providerKeys;
    private final Object lock = new Object();
    private final Map<String, Doc> documents = new LinkedHashMap<>();
    private final Map<String, Stored> operations = new HashMap<>();
    private final Set<String> extensionTypes = new CopyOnWriteArraySet<>();
    private final Map<String, URI> callbacks = new ConcurrentHashMap<>();
    private final List<X509Certificate> anchors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<X509Certificate> revokedSigners = new CopyOnWriteArraySet<>();
    private volatile DocumentCa ca;
    private volatile boolean holdDeliveries;
    private Fault fault;
    private int faultCount;
    private Duration faultDelay = Duration.ZERO;
    private volatile ExecutorService callbackSender;
    private volatile HttpClient http;

    private final vn.ketnoi.testkit.internal.RevocationResponder revocation;

    public WalletService(Supplier<SandboxPopulation> population, Clock clock, Supplier<String> issuer,
                         ProviderKeys providerKeys, vn.ketnoi.testkit.internal.RevocationResponder revocation) {
        this.revocation = revocation;
        this.population = population;
        this.clock = clock;
        this.issuer = issuer;
        this.providerKeys = providerKeys;
    }

    /** Registers the routes and the public status-list path on the handler. */
    public void register(SandboxHandler handler) {
        String v1 = "/edocuments/v1";
        handler.addRoute(new ApiRoute("POST", v1 + "/documents", "edocuments", c -> write(c, "issue", this::issue)));
        handler.addRoute(new ApiRoute("POST", v1 + "/documents:batchIssue", "edocuments",
                c -> write(c, "batch-issue", this::batch)));
        handler.addRoute(new ApiRoute("POST", v1 + "/documents:search", "edocuments", this::search));
        handler.addRoute(new ApiRoute("GET", v1 + "/documents/{documentId}", "edocuments", this::get));
        handler.addRoute(new ApiRoute("PUT", v1 + "/documents/{documentId}", "edocuments",
                c -> write(c, "update", this::update)));
        for (String action : List.of("suspend", "reinstate", "revoke")) {
            handler.addRoute(new ApiRoute("POST", v1 + "/documents/{documentId}/" + action, "edocuments",
                    c -> write(c, action, call -> lifecycle(call, action))));
        }
        handler.addRoute(new ApiRoute("GET", v1 + "/operations/{idempotencyKey}", "edocuments", this::operation));
        handler.addRawPrefix(v1 + "/status-lists/", this::statusList);
    }

    // ---- controller (SandboxWallet) ----

    public DocumentCa ca() {
        DocumentCa c = ca;
        if (c == null) {
            synchronized (this) {
                c = ca;
                if (c == null) {
                    c = new DocumentCa(clock.instant(), revocation);
                    anchors.add(0, c.root());
                    ca = c;
                }
            }
        }
        return c;
    }

    public List<X509Certificate> trustAnchors() {
        ca();
        return List.copyOf(anchors);
    }

    /** From now on, documents signed under this certificate are refused as from an untrusted issuer. */
    public void revokeSigner(X509Certificate certificate) {
        revokedSigners.add(certificate);
    }

    public void addTrustAnchor(X509Certificate anchor) {
        ca();
        anchors.add(anchor);
    }

    public void registerExtensionType(String type) {
        extensionTypes.add(type);
    }

    public void registerCallback(String agencyId, URI url) {
        callbacks.put(agencyId, url);
    }

    public void holdDeliveries(boolean hold) {
        this.holdDeliveries = hold;
    }

    public void injectFault(Fault f, int count, Duration delay) {
        synchronized (lock) {
            this.fault = f;
            this.faultCount = count;
            this.faultDelay = delay == null ? Duration.ZERO : delay;
        }
    }

    public int countDocuments(String subjectIdNumber) {
        synchronized (lock) {
            return (int) documents.values().stream().filter(d -> d.subject.equals(subjectIdNumber)).count();
        }
    }

    public int countDocuments() {
        synchronized (lock) {
            return documents.size();
        }
    }

    public String presentation(String agencyId, String documentId) {
        synchronized (lock) {
            Doc d = documents.get(agencyId + "|" + documentId);
            if (d == null) {
                throw new IllegalArgumentException("no such document");
            }
            return d.versions.get(d.versions.size() - 1);
        }
    }

    public String status(String agencyId, String documentId) {
        synchronized (lock) {
            Doc d = documents.get(agencyId + "|" + documentId);
            if (d == null) {
                throw new IllegalArgumentException("no such document");
            }
            return d.status;
        }
    }

    /** The citizen's side: delivery of a pending document, acceptance, rejection. */
    public void citizenAction(String agencyId, String documentId, String newStatus, String reason) {
        Map<String, Object> event;
        synchronized (lock) {
            Doc d = documents.get(agencyId + "|" + documentId);
            if (d == null) {
                throw new IllegalArgumentException("no such document");
            }
            boolean ok = switch (newStatus) {
                case "DELIVERED" -> d.status.equals("PENDING");
                case "ACCEPTED", "REJECTED" -> d.status.equals("DELIVERED");
                default -> false;
            };
            if (!ok) {
                throw new IllegalStateException("a " + d.status + " document cannot become " + newStatus);
            }
            event = change(d, newStatus, reason);
        }
        sendCallback(event);
    }

    public URI statusListUri(String agencyId) {
        return URI.create(issuer.get() + "/edocuments/v1/status-lists/" + URLEncoder.encode(agencyId, StandardCharsets.UTF_8));
    }

    // ---- writes ----

    private interface Body {
        Result handle(Call call);
    }

    /** Idempotency (section 10.3), then the write, then any injected fault. */
    private Result write(Call call, String operation, Body body) {
        if (call.idempotencyKey() == null || !call.idempotencyKey().matches(
                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return Result.problem("request.invalid", List.of(Problems.error("Idempotency-Key",
                    "is required on every write: a lower-case hyphenated UUID")));
        }
        String key = call.agency().id() + "|" + call.idempotencyKey();
        String hash = Texts.sha256B64(call.body());
        Fault f = null;
        Duration delay = Duration.ZERO;
        Result result;
        List<Map<String, Object>> events = new ArrayList<>();
        synchronized (lock) {
            Stored s = operations.get(key);
            if (s != null) {
                if (s.method().equals(call.method()) && s.path().equals(call.path()) && s.bodyHash().equals(hash)) {
                    return s.result();
                }
                return Result.problem("request.idempotency-conflict");
            }
            pendingEvents = events;
            try {
                result = body.handle(call);
            } finally {
                pendingEvents = null;
            }
            if (result.status() < 500) {
                operations.put(key, new Stored(call.method(), call.path(), hash, operation, result, call.now()));
            }
            boolean issuance = operation.equals("issue") || operation.equals("batch-issue");
            if (issuance && faultCount > 0 && result.code() == null) {
                faultCount--;
                f = fault;
                delay = faultDelay;
            }
        }
        events.forEach(this::sendCallback);
        if (f == Fault.DROP_CONNECTION) {
            return Result.dropConnection();
        }
        if (f == Fault.UNAVAILABLE) {
            return Result.problem("server.unavailable").withHeader("Retry-After", "0");
        }
        if (f == Fault.DELAY) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return result;
    }

    private List<Map<String, Object>> pendingEvents; // guarded by lock, set during a write

    private Result issue(Call call) {
        JsonNode body = Json.parse(call.body());
        Object checked = check(call, body == null ? null : body.get("document"), "document");
        if (checked instanceof Result r) {
            return r;
        }
        Result r = store(call, (Checked) checked);
        return r;
    }

    private Result store(Call call, Checked c) {
        String key = call.agency().id() + "|" + c.documentId;
        if (documents.containsKey(key)) {
            return Result.problem("edocuments.duplicate-document");
        }
        if (c.claims.path("ver").asInt() != 1) {
            return Result.problem("edocuments.version-conflict");
        }
        Doc d = new Doc(call.agency().id(), c.documentId, c.subject, c.type, call.now());
        d.versions.add(c.jws);
        d.claims = c.claims;
        d.status = holdDeliveries ? "PENDING" : "DELIVERED";
        d.updatedAt = call.now();
        documents.put(key, d);
        event(d, null);
        return Result.of(201, Json.bytes(record(d)));
    }

    private Result batch(Call call) {
        JsonNode body = Json.parse(call.body());
        JsonNode items = body == null ? null : body.get("items");
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > 100) {
            return Result.problem("request.invalid", List.of(Problems.error("items", "must hold 1 to 100 items")));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("index", i);
            Object checked = check(call, items.get(i).get("document"), "items[" + i + "].document");
            Result r = checked instanceof Result rr ? rr : store(call, (Checked) checked);
            if (checked instanceof Checked c) {
                out.put("documentId", c.documentId);
            }
            out.put("status", r.status());
            if (r.code() == null) {
                out.put("document", Json.parse(r.body()));
            } else {
                out.put("problem", Json.parse(Problems.body(r.code(), call.requestId(), r.errors())));
            }
            results.add(out);
        }
        return Result.ok(Json.bytes(Map.of("results", results)));
    }

    private Result update(Call call) {
        String id = call.pathParams().get("documentId");
        Doc d = documents.get(call.agency().id() + "|" + id);
        if (d == null) {
            return Result.problem("edocuments.document-not-found");
        }
        JsonNode body = Json.parse(call.body());
        Object checked = check(call, body == null ? null : body.get("document"), "document");
        if (checked instanceof Result r) {
            return r;
        }
        Checked c = (Checked) checked;
        if (!c.documentId.equals(id)) {
            return Result.problem("request.invalid", List.of(Problems.error("document.jti", "must equal the documentId of the path")));
        }
        if (!c.type.equals(d.type) || !c.subject.equals(d.subject)) {
            return Result.problem("request.invalid", List.of(Problems.error("document",
                    "an update keeps the type and the subject of the document")));
        }
        if (d.status.equals("REVOKED") || d.status.equals("REJECTED")) {
            return Result.problem("edocuments.illegal-status-change");
        }
        if (c.claims.path("ver").asInt() != d.versions.size() + 1) {
            return Result.problem("edocuments.version-conflict");
        }
        d.versions.add(c.jws);
        d.claims = c.claims;
        String previous = d.status;
        d.status = holdDeliveries ? "PENDING" : "DELIVERED";
        d.reason = null;
        d.updatedAt = call.now();
        event(d, previous);
        return Result.ok(Json.bytes(record(d)));
    }

    private Result lifecycle(Call call, String action) {
        Doc d = documents.get(call.agency().id() + "|" + call.pathParams().get("documentId"));
        if (d == null) {
            return Result.problem("edocuments.document-not-found");
        }
        JsonNode body = Json.parse(call.body());
        JsonNode reason = body == null ? null : body.get("reason");
        if (reason == null || !reason.isTextual() || reason.asText().isBlank() || reason.asText().length() > MAX_REASON) {
            return Result.problem("request.invalid", List.of(Problems.error("reason", "is required, 1 to 500 characters")));
        }
        String next;
        switch (action) {
            case "suspend" -> {
                if (!Set.of("PENDING", "DELIVERED", "ACCEPTED").contains(d.status)) {
                    return Result.problem("edocuments.illegal-status-change");
                }
                d.statusBeforeSuspension = d.status;
                next = "SUSPENDED";
            }
            case "reinstate" -> {
                if (!d.status.equals("SUSPENDED")) {
                    return Result.problem("edocuments.illegal-status-change");
                }
                next = d.statusBeforeSuspension;
            }
            default -> {
                if (d.status.equals("REVOKED")) {
                    return Result.problem("edocuments.illegal-status-change");
                }
                next = "REVOKED";
            }
        }
        String previous = d.status;
        d.status = next;
        d.reason = reason.asText().strip();
        d.updatedAt = call.now();
        event(d, previous);
        return Result.ok(Json.bytes(record(d)));
    }

    // ---- reads ----

    private Result get(Call call) {
        synchronized (lock) {
            Doc d = documents.get(call.agency().id() + "|" + call.pathParams().get("documentId"));
            return d == null ? Result.problem("edocuments.document-not-found") : Result.ok(Json.bytes(record(d)));
        }
    }

    private Result search(Call call) {
        JsonNode body = Json.parse(call.body());
        String subject = body == null ? null : body.path("subjectIdNumber").asText(null);
        if (subject == null || !ID_NUMBER.matcher(subject).matches()) {
            return Result.problem("request.invalid", List.of(Problems.error("subjectIdNumber", "must be 12 digits")));
        }
        int size = body.path("pageSize").asInt(20);
        if (size < 1 || size > 100) {
            return Result.problem("request.invalid", List.of(Problems.error("pageSize", "must be 1 to 100")));
        }
        int offset = 0;
        if (body.hasNonNull("pageToken")) {
            try {
                offset = Integer.parseInt(new String(java.util.Base64.getUrlDecoder().decode(body.get("pageToken").asText()),
                        StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                return Result.problem("request.invalid", List.of(Problems.error("pageToken", "is not a token of this list")));
            }
        }
        List<Map<String, Object>> page = new ArrayList<>();
        boolean more;
        synchronized (lock) {
            List<Doc> all = documents.values().stream()
                    .filter(d -> d.agencyId.equals(call.agency().id()) && d.subject.equals(subject))
                    .sorted(Comparator.comparing((Doc d) -> d.createdAt).reversed().thenComparing(d -> d.documentId))
                    .toList();
            for (int i = offset; i < Math.min(all.size(), offset + size); i++) {
                page.add(record(all.get(i)));
            }
            more = offset + size < all.size();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("documents", page);
        if (more) {
            out.put("nextPageToken", java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(offset + size).getBytes(StandardCharsets.US_ASCII)));
        }
        return Result.ok(Json.bytes(out));
    }

    private Result operation(Call call) {
        Stored s;
        synchronized (lock) {
            s = operations.get(call.agency().id() + "|" + call.pathParams().get("idempotencyKey"));
        }
        if (s == null) {
            return Result.problem("edocuments.operation-not-found");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("idempotencyKey", call.pathParams().get("idempotencyKey"));
        out.put("operation", s.operation());
        out.put("status", s.result().status());
        out.put("completedAt", s.completedAt().toString());
        out.put("response", s.result().code() == null ? Json.parse(s.result().body())
                : Json.parse(Problems.body(s.result().code(), call.requestId(), s.result().errors())));
        return Result.ok(Json.bytes(out));
    }

    // ---- status list (public, section 10.6) ----

    private void statusList(ClassicHttpRequest request, ClassicHttpResponse response, org.apache.hc.core5.http.protocol.HttpContext ctx) {
        if (!"GET".equals(request.getMethod())) {
            response.setCode(405);
            response.setHeader("Allow", "GET");
            return;
        }
        String path = request.getRequestUri();
        int q = path.indexOf('?');
        String raw = (q < 0 ? path : path.substring(0, q)).substring("/edocuments/v1/status-lists/".length());
        String agencyId = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        if (!agencyId.startsWith("VN:")) {
            response.setCode(404);
            return;
        }
        Instant now = clock.instant();
        // Every document the wallet accepted, with the digest of its current version: a document
        // missing from the list, or differing from its digest, was never accepted (section 10.6).
        Map<String, Object> entries = new LinkedHashMap<>();
        synchronized (lock) {
            for (Doc d : documents.values()) {
                if (d.agencyId.equals(agencyId)) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("status", d.status.equals("SUSPENDED") || d.status.equals("REVOKED") ? d.status : "VALID");
                    e.put("version", d.versions.size());
                    e.put("digest", Texts.sha256B64(d.versions.get(d.versions.size() - 1).getBytes(StandardCharsets.US_ASCII)));
                    entries.put(d.documentId, e);
                }
            }
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.get());
        claims.put("sub", statusListUri(agencyId).toString());
        claims.put("agency", agencyId);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + STATUS_LIST_TTL);
        claims.put("ttl", STATUS_LIST_TTL);
        claims.put("documents", entries);
        response.setCode(200);
        response.setHeader("Cache-Control", "public, max-age=" + STATUS_LIST_TTL);
        response.setEntity(new ByteArrayEntity(providerKeys.sign("statuslist+jwt", claims).getBytes(StandardCharsets.US_ASCII),
                ContentType.create("application/statuslist+jwt")));
    }

    // ---- document checks ----

    private record Checked(String jws, JsonNode claims, String documentId, String subject, String type) {
    }

    /** A {@link Checked} document, or the {@link Result} refusing it. */
    private Object check(Call call, JsonNode node, String field) {
        if (node == null || !node.isTextual()) {
            return invalid(field, "is required: the signed document as a compact JWS");
        }
        if (node.asText().length() > MAX_DOCUMENT) {
            return invalid(field, "is over " + MAX_DOCUMENT + " bytes: the wallet could not show it as a QR code");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(node.asText());
        } catch (java.text.ParseException e) {
            return invalid(field, "is not a compact JWS");
        }
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        if (jws.getHeader().getType() == null || !TYP.equals(jws.getHeader().getType().getType())) {
            return invalid(field + ".typ", "must be " + TYP);
        }
        if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.PS256.equals(alg)) {
            return invalid(field + ".alg", "must be ES256 or PS256");
        }
        List<Base64> x5c = jws.getHeader().getX509CertChain();
        if (x5c == null || x5c.isEmpty()) {
            return invalid(field + ".x5c", "is required: the signing certificate chain, leaf first");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Base64 b : x5c) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.decode())));
            }
        } catch (GeneralSecurityException e) {
            return invalid(field + ".x5c", "holds a certificate that cannot be read");
        }
        JsonNode claims = Json.parse(jws.getPayload().toBytes());
        if (claims == null || !claims.isObject()) {
            return invalid(field, "the payload is not a JSON object");
        }
        // Signature first: nothing else in the document can be trusted until it verifies.
        try {
            JWSVerifier v = chain.get(0).getPublicKey() instanceof ECPublicKey ec ? new ECDSAVerifier(ec)
                    : new RSASSAVerifier((RSAPublicKey) chain.get(0).getPublicKey());
            if (!jws.verify(v)) {
                return Result.problem("edocuments.signature-invalid");
            }
        } catch (com.nimbusds.jose.JOSEException | ClassCastException | IllegalStateException e) {
            return Result.problem("edocuments.signature-invalid");
        }
        List<Map<String, String>> errors = new ArrayList<>();
        for (String c : List.of("iss", "sub", "jti", "ver", "type", "iat", "issueDate", "validFrom", "payload")) {
            if (!claims.hasNonNull(c)) {
                errors.add(Problems.error(field + "." + c, "is required"));
            }
        }
        if (!errors.isEmpty()) {
            return Result.problem("request.invalid", errors);
        }
        if (!claims.get("iss").asText().equals(call.agency().id()) || !chainTrusted(chain, call.agency().id())) {
            return Result.problem("edocuments.untrusted-issuer");
        }
        Instant now = call.now();
        X509Certificate leaf = chain.get(0);
        if (now.isAfter(leaf.getNotAfter().toInstant()) || now.isBefore(leaf.getNotBefore().toInstant())) {
            return Result.problem("edocuments.certificate-expired");
        }
        String documentId = claims.get("jti").asText();
        if (!DOCUMENT_ID.matcher(documentId).matches() || documentId.equals("batch") || documentId.equals("search")) {
            return invalid(field + ".jti", "must be 1 to 64 letters, digits, '.', '_' or '-', and not a reserved word");
        }
        String type = claims.get("type").asText();
        List<String> required = BUILT_IN.get(type);
        if (required == null && !extensionTypes.contains(type)) {
            return Result.problem("edocuments.unknown-type");
        }
        JsonNode payload = claims.get("payload");
        if (!payload.isObject()) {
            return invalid(field + ".payload", "must be a JSON object");
        }
        for (String m : required == null ? List.<String>of() : required) {
            if (!payload.hasNonNull(m) || (payload.get(m).isTextual() && payload.get(m).asText().isBlank())) {
                errors.add(Problems.error("payload." + m, "is required"));
            }
        }
        for (String d : List.of("issueDate", "validFrom", "validUntil")) {
            if (claims.hasNonNull(d)) {
                try {
                    LocalDate.parse(claims.get(d).asText());
                } catch (java.time.DateTimeException e) {
                    errors.add(Problems.error(field + "." + d, "must be a date yyyy-MM-dd"));
                }
            }
        }
        if (!errors.isEmpty()) {
            return Result.problem("request.invalid", errors);
        }
        String subject = claims.get("sub").asText();
        if (!ID_NUMBER.matcher(subject).matches()) {
            return invalid(field + ".sub", "must be a 12-digit personal ID number");
        }
        SandboxPopulation pop = population.get();
        SyntheticCitizen citizen = pop.byIdNumber(subject).orElse(null);
        if (citizen == null || citizen.isDeceased()) {
            return Result.problem("edocuments.subject-not-found");
        }
        if (pop.vneidLevel(citizen) != 2) {
            return Result.problem("edocuments.subject-not-eligible");
        }
        return new Checked(node.asText(), claims, documentId, subject, type);
    }

    /**
     * The chain runs leaf first to a configured anchor, each certificate signed by the next; the
     * leaf names exactly the agency, can sign documents (section 10.1) and is not revoked.
     */
    private boolean chainTrusted(List<X509Certificate> chain, String agencyId) {
        X509Certificate leaf = chain.get(0);
        if (!agencyId.equals(onlyCommonName(leaf)) || !signsDocuments(leaf) || revokedSigners.contains(leaf)) {
            return false;
        }
        try {
            for (int i = 0; i + 1 < chain.size(); i++) {
                chain.get(i).verify(chain.get(i + 1).getPublicKey());
            }
            X509Certificate last = chain.get(chain.size() - 1);
            for (X509Certificate anchor : trustAnchors()) {
                if (last.equals(anchor)) {
                    return true;
                }
                if (last.getIssuerX500Principal().equals(anchor.getSubjectX500Principal())) {
                    try {
                        last.verify(anchor.getPublicKey());
                        return true;
                    } catch (GeneralSecurityException e) {
                        // another anchor may have the same name
                    }
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The subject's only CN, or null when it has none or several (one could name another agency). */
    private static String onlyCommonName(X509Certificate c) {
        List<String> names = new ArrayList<>();
        for (RDN rdn : X500Name.getInstance(c.getSubjectX500Principal().getEncoded()).getRDNs()) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                if (BCStyle.CN.equals(tv.getType())) {
                    names.add(tv.getValue() instanceof ASN1String s ? s.getString() : null);
                }
            }
        }
        return names.size() == 1 ? names.get(0) : null;
    }

    /**
     * Not a CA, digitalSignature or nonRepudiation, id-kp-documentSigning, RSA of 2048 bits or
     * more: not a TLS or request-signing certificate (section 10.1).
     */
    private static boolean signsDocuments(X509Certificate c) {
        boolean[] ku = c.getKeyUsage();
        if (c.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            return false;
        }
        try {
            return c.getBasicConstraints() == -1 && ku != null && (ku[0] || ku[1]) && c.getExtendedKeyUsage() != null
                    && c.getExtendedKeyUsage().contains(DocumentCa.DOCUMENT_SIGNING);
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }

    private static Result invalid(String field, String problem) {
        return Result.problem("request.invalid", List.of(Problems.error(field, problem)));
    }

    // ---- records, events, callbacks ----

    private static Map<String, Object> record(Doc d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("documentId", d.documentId);
        m.put("type", d.type);
        m.put("issuer", d.agencyId);
        m.put("version", d.versions.size());
        m.put("status", d.status);
        if (d.reason != null) {
            m.put("statusReason", d.reason);
        }
        m.put("issueDate", d.claims.get("issueDate").asText());
        m.put("validFrom", d.claims.get("validFrom").asText());
        if (d.claims.hasNonNull("validUntil")) {
            m.put("validUntil", d.claims.get("validUntil").asText());
        }
        m.put("createdAt", d.createdAt.toString());
        m.put("updatedAt", d.updatedAt.toString());
        m.put("document", d.versions.get(d.versions.size() - 1));
        return m;
    }

    private void event(Doc d, String previous) {
        Map<String, Object> e = change(d, d.status, d.reason);
        if (previous == null) {
            e.remove("previousStatus");
        } else {
            e.put("previousStatus", previous);
        }
        if (pendingEvents != null) {
            pendingEvents.add(e);
        }
    }

    private Map<String, Object> change(Doc d, String status, String reason) {
        String previous = d.status;
        d.status = status;
        d.reason = reason;
        d.updatedAt = clock.instant();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("event", "document.status-changed");
        e.put("agency", d.agencyId);
        e.put("documentId", d.documentId);
        e.put("version", d.versions.size());
        e.put("status", status);
        e.put("previousStatus", previous);
        if (reason != null) {
            e.put("reason", reason);
        }
        e.put("occurredAt", d.updatedAt.toString());
        return e;
    }

    private void sendCallback(Map<String, Object> event) {
        String agency = (String) event.get("agency");
        URI url = callbacks.get(agency);
        if (url == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>(event);
        body.remove("agency");
        byte[] bytes = Json.bytes(body);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.get());
        claims.put("aud", agency);
        claims.put("iat", clock.instant().getEpochSecond());
        claims.put("jti", event.get("eventId"));
        claims.put("bdh", Texts.sha256B64(bytes));
        String signature = providerKeys.sign("ketnoi-callback+jwt", claims);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").header("Ketnoi-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        sender().execute(() -> {
            try {
                http().send(request, HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException e) {
                // A callback that cannot be delivered is dropped: the agency can always read the status.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private synchronized ExecutorService sender() {
        if (callbackSender == null) {
            callbackSender = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ketnoi-sandbox-callbacks");
                t.setDaemon(true);
                return t;
            });
        }
        return callbackSender;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).proxy(java.net.ProxySelector.of(null)).build();
        }
        return http;
    }

    /** Stops the callback sender. */
    public synchronized void close() {
        if (callbackSender != null) {
            callbackSender.shutdownNow();
        }
    }
}
