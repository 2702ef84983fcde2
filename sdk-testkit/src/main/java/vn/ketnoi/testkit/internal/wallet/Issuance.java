package vn.ketnoi.testkit.internal.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.ketnoi.testkit.internal.ApiRoute.Call;
import vn.ketnoi.testkit.internal.ApiRoute.Result;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.Problems;
import vn.ketnoi.testkit.internal.wallet.DocumentChecks.Checked;
import vn.ketnoi.testkit.internal.wallet.Documents.Doc;

/**
 * The writes of the e-documents API (sections 10.2 and 10.4): issue, batch issue, update (a new
 * version), and the lifecycle actions suspend, reinstate and revoke. Each runs under the store's
 * lock, inside {@link IdempotentWrites}, and records the status-change events it causes.
 */
final class Issuance {
    private static final int MAX_REASON = 500;

    private final Documents documents;
    private final DocumentChecks checks;
    /** New documents and versions wait as PENDING until the citizen's app fetches them. */
    private volatile boolean holdDeliveries;

    Issuance(Documents documents, DocumentChecks checks) {
        this.documents = documents;
        this.checks = checks;
    }

    void holdDeliveries(boolean hold) {
        this.holdDeliveries = hold;
    }

    Result issue(Call call) {
        JsonNode body = Json.parse(call.body());
        Object checked = checks.check(call, body == null ? null : body.get("document"), "document");
        if (checked instanceof Result r) {
            return r;
        }
        return store(call, (Checked) checked);
    }

    private Result store(Call call, Checked c) {
        if (documents.get(call.agency().id(), c.documentId()) != null) {
            return Result.problem("edocuments.duplicate-document");
        }
        if (c.claims().path("ver").asInt() != 1) {
            return Result.problem("edocuments.version-conflict");
        }
        Doc d = new Doc(call.agency().id(), c.documentId(), c.subject(), c.type(), call.now());
        d.versions.add(c.jws());
        d.claims = c.claims();
        d.status = holdDeliveries ? "PENDING" : "DELIVERED";
        d.updatedAt = call.now();
        documents.put(d);
        documents.event(d, null);
        return Result.of(201, Json.bytes(Documents.record(d)));
    }

    Result batch(Call call) {
        JsonNode body = Json.parse(call.body());
        JsonNode items = body == null ? null : body.get("items");
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > 100) {
            return Result.problem("request.invalid", List.of(Problems.error("items", "must hold 1 to 100 items")));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("index", i);
            Object checked = checks.check(call, items.get(i).get("document"), "items[" + i + "].document");
            Result r = checked instanceof Result rr ? rr : store(call, (Checked) checked);
            if (checked instanceof Checked c) {
                out.put("documentId", c.documentId());
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

    Result update(Call call) {
        String id = call.pathParams().get("documentId");
        Doc d = documents.get(call.agency().id(), id);
        if (d == null) {
            return Result.problem("edocuments.document-not-found");
        }
        JsonNode body = Json.parse(call.body());
        Object checked = checks.check(call, body == null ? null : body.get("document"), "document");
        if (checked instanceof Result r) {
            return r;
        }
        Checked c = (Checked) checked;
        if (!c.documentId().equals(id)) {
            return DocumentChecks.invalid("document.jti", "must equal the documentId of the path");
        }
        if (!c.type().equals(d.type) || !c.subject().equals(d.subject)) {
            return DocumentChecks.invalid("document", "an update keeps the type and the subject of the document");
        }
        if (d.status.equals("REVOKED") || d.status.equals("REJECTED")) {
            return Result.problem("edocuments.illegal-status-change");
        }
        if (c.claims().path("ver").asInt() != d.versions.size() + 1) {
            return Result.problem("edocuments.version-conflict");
        }
        d.versions.add(c.jws());
        d.claims = c.claims();
        String previous = d.status;
        d.status = holdDeliveries ? "PENDING" : "DELIVERED";
        d.reason = null;
        d.updatedAt = call.now();
        documents.event(d, previous);
        return Result.ok(Json.bytes(Documents.record(d)));
    }

    /** Suspend, reinstate (to the status before the suspension) or revoke, with a reason. */
    Result lifecycle(Call call, String action) {
        Doc d = documents.get(call.agency().id(), call.pathParams().get("documentId"));
        if (d == null) {
            return Result.problem("edocuments.document-not-found");
        }
        JsonNode body = Json.parse(call.body());
        JsonNode reason = body == null ? null : body.get("reason");
        if (reason == null || !reason.isTextual() || reason.asText().isBlank() || reason.asText().length() > MAX_REASON) {
            return DocumentChecks.invalid("reason", "is required, 1 to 500 characters");
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
        documents.event(d, previous);
        return Result.ok(Json.bytes(Documents.record(d)));
    }
}
