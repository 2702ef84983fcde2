package vn.ketnoi.vneid.edocuments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.exception.FieldError;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.core.spi.ApiClient;

/**
 * The wallet's answers read into the e-document models: a record, a page of records, a batch's
 * results, a stored operation's outcome. Beside the models because their constructors are
 * package-private. An answer that cannot be read is {@code response.malformed}, never a half-filled
 * model.
 */
final class EdocumentsAnswers {
    private EdocumentsAnswers() {
    }

    static Paginator.Page<DocumentRecord> page(KetnoiResponse r) {
        JsonNode n = ApiClient.fromJson(r, JsonNode.class);
        try {
            List<DocumentRecord> docs = new ArrayList<>();
            for (JsonNode d : n.path("documents")) {
                docs.add(DocumentRecord.fromJson(d));
            }
            String next = n.hasNonNull("nextPageToken") ? n.get("nextPageToken").asText() : null;
            if (next != null && (docs.isEmpty() || next.isBlank())) {
                throw new IllegalArgumentException("an empty page or token that is not the last");
            }
            return Paginator.Page.of(docs, next, next != null);
        } catch (RuntimeException e) {
            throw malformed(r, e);
        }
    }

    static OperationOutcome outcome(KetnoiResponse r) {
        JsonNode n = ApiClient.fromJson(r, JsonNode.class);
        try {
            JsonNode result = n.path("response");
            DocumentRecord doc = result.isObject() && result.hasNonNull("documentId") ? DocumentRecord.fromJson(result) : null;
            return new OperationOutcome(n.path("idempotencyKey").asText(), n.path("operation").asText(),
                    n.path("status").asInt(), Instant.parse(n.path("completedAt").asText()), doc);
        } catch (RuntimeException e) {
            throw malformed(r, e);
        }
    }

    static DocumentRecord record(KetnoiResponse r) {
        JsonNode n = ApiClient.fromJson(r, JsonNode.class);
        try {
            return DocumentRecord.fromJson(n);
        } catch (RuntimeException e) {
            throw malformed(r, e);
        }
    }

    static BatchIssuance batch(KetnoiResponse r) {
        String key = r.request().headers().first("Idempotency-Key").orElseThrow();
        JsonNode n = ApiClient.fromJson(r, JsonNode.class);
        try {
            List<BatchIssuanceItem> items = new ArrayList<>();
            for (JsonNode item : n.path("results")) {
                int status = item.path("status").asInt();
                DocumentRecord doc = item.hasNonNull("document") ? DocumentRecord.fromJson(item.get("document")) : null;
                JsonNode p = item.path("problem");
                List<FieldError> fields = new ArrayList<>();
                for (JsonNode e : p.path("errors")) {
                    fields.add(new FieldError(e.path("field").asText(), e.path("problem").asText()));
                }
                items.add(new BatchIssuanceItem(item.path("index").asInt(), item.path("documentId").asText(), status, doc,
                        p.hasNonNull("code") ? p.get("code").asText() : null,
                        p.hasNonNull("detail") ? p.get("detail").asText() : null, fields));
            }
            return new BatchIssuance(key, items);
        } catch (RuntimeException e) {
            throw malformed(r, e);
        }
    }

    static ResponseVerificationException malformed(KetnoiResponse r, Exception cause) {
        return ApiClient.malformed(r, "the e-documents answer cannot be read (" + cause.getClass().getSimpleName() + ")");
    }
}
