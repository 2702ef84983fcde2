package vn.ketnoi.testkit.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tiny idempotent write for testing clients under faults, with the semantics protocol section
 * 10.3 gives e-document writes: {@code POST /_sandbox/v1/writes} with {@code Idempotency-Key} and
 * {@code {"ref": "..."}} stores a record once per key (a repeat with the same body answers the
 * original outcome, with another body 409 {@code request.idempotency-conflict}), and
 * {@code GET /_sandbox/v1/operations/{idempotencyKey}} says whether a key was applied. Scope
 * {@code edocuments}. Not part of the protocol: a test fixture.
 */
public final class TestWriteOperation {
    /** The route of the write. */
    public static final String WRITE_PATH = "/_sandbox/v1/writes";

    private record Stored(String bodyHash, byte[] answer, String ref) {
    }

    private final Map<String, Stored> byKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byRef = new ConcurrentHashMap<>();

    /**
     * Registers the two routes.
     *
     * @param handler the sandbox handler
     */
    public void register(SandboxHandler handler) {
        handler.addRoute(new ApiRoute("POST", WRITE_PATH, "edocuments", this::write));
        handler.addRoute(new ApiRoute("GET", "/_sandbox/v1/operations/{idempotencyKey}", "edocuments", this::operation));
    }

    private ApiRoute.Result write(ApiRoute.Call call) {
        String key = call.idempotencyKey();
        JsonNode body;
        try {
            body = Json.parse(call.body());
        } catch (RuntimeException e) {
            body = null;
        }
        if (key == null || body == null || !body.path("ref").isTextual()) {
            return ApiRoute.Result.problem("request.invalid", List.of(Problems.error(
                    key == null ? "Idempotency-Key" : "ref", "is required")));
        }
        String ref = body.get("ref").asText();
        String hash = Texts.sha256B64(call.body());
        Stored s = byKey.computeIfAbsent(key, k -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("writeId", UUID.randomUUID().toString());
            answer.put("ref", ref);
            answer.put("storedAt", call.now().toString());
            byRef.computeIfAbsent(ref, r -> new AtomicLong()).incrementAndGet();
            return new Stored(hash, Json.bytes(answer), ref);
        });
        if (!s.bodyHash().equals(hash)) {
            return ApiRoute.Result.problem("request.idempotency-conflict");
        }
        return ApiRoute.Result.of(201, s.answer());
    }

    private ApiRoute.Result operation(ApiRoute.Call call) {
        Stored s = byKey.get(call.pathParams().get("idempotencyKey"));
        if (s == null) {
            return ApiRoute.Result.problem("request.not-found");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("idempotencyKey", call.pathParams().get("idempotencyKey"));
        m.put("status", "applied");
        m.put("result", Json.parse(s.answer()));
        return ApiRoute.Result.ok(Json.bytes(m));
    }

    /** @return the number of keys applied */
    public long applied() {
        return byKey.size();
    }

    /** @return whether the write with this client reference is stored */
    public boolean hasRef(String ref) {
        return byRef.containsKey(ref);
    }

    /** @return records stored more than once for the same client reference (a client that changed the key on retry) */
    public long duplicates() {
        return byRef.values().stream().mapToLong(n -> Math.max(0, n.get() - 1)).sum();
    }
}
