package vn.ketnoi.testkit.internal.wallet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import vn.ketnoi.testkit.internal.ApiRoute.Call;
import vn.ketnoi.testkit.internal.ApiRoute.Result;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.Problems;
import vn.ketnoi.testkit.internal.Texts;

/**
 * Idempotency of the wallet's writes (section 10.3): every write carries an
 * {@code Idempotency-Key}; its outcome (below 500) is stored by agency and key, replayed to a
 * retry of the same request and refused to a different one, and readable at
 * {@code /operations/{key}}. Also applies the faults a test injects into issuances, after the
 * document is stored, so the retry that follows finds the stored outcome.
 */
final class IdempotentWrites {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** One write of the API, run under the store's lock. */
    interface Write {
        Result handle(Call call);
    }

    private record Stored(String method, String path, String bodyHash, String operation, Result result,
                          Instant completedAt) {
    }

    private final Documents documents;
    /** Sends each status-change event of a write once the lock is released. */
    private final Consumer<Map<String, Object>> events;
    private final Map<String, Stored> operations = new HashMap<>(); // guarded by documents.lock
    private WalletService.Fault fault; // the fault fields: guarded by documents.lock
    private int faultCount;
    private Duration faultDelay = Duration.ZERO;

    IdempotentWrites(Documents documents, Consumer<Map<String, Object>> events) {
        this.documents = documents;
        this.events = events;
    }

    void injectFault(WalletService.Fault f, int count, Duration delay) {
        synchronized (documents.lock) {
            this.fault = f;
            this.faultCount = count;
            this.faultDelay = delay == null ? Duration.ZERO : delay;
        }
    }

    /** Idempotency (section 10.3), then the write, then any injected fault. */
    Result write(Call call, String operation, Write body) {
        if (call.idempotencyKey() == null || !call.idempotencyKey().matches(UUID)) {
            return Result.problem("request.invalid", List.of(Problems.error("Idempotency-Key",
                    "is required on every write: a lower-case hyphenated UUID")));
        }
        String key = call.agency().id() + "|" + call.idempotencyKey();
        String hash = Texts.sha256B64(call.body());
        WalletService.Fault f = null;
        Duration delay = Duration.ZERO;
        Result result;
        List<Map<String, Object>> changes = new ArrayList<>();
        synchronized (documents.lock) {
            Stored s = operations.get(key);
            if (s != null) {
                if (s.method().equals(call.method()) && s.path().equals(call.path()) && s.bodyHash().equals(hash)) {
                    return s.result();
                }
                return Result.problem("request.idempotency-conflict");
            }
            documents.beginWrite(changes);
            try {
                result = body.handle(call);
            } finally {
                documents.endWrite();
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
        changes.forEach(events);
        if (f == WalletService.Fault.DROP_CONNECTION) {
            return Result.dropConnection();
        }
        if (f == WalletService.Fault.UNAVAILABLE) {
            return Result.problem("server.unavailable").withHeader("Retry-After", "0");
        }
        if (f == WalletService.Fault.DELAY) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return result;
    }

    /** {@code GET /operations/{idempotencyKey}}: the stored outcome of a write. */
    Result operation(Call call) {
        Stored s;
        synchronized (documents.lock) {
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
}
