package vn.ketnoi.testkit.internal.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.ketnoi.testkit.internal.ApiRoute.Call;
import vn.ketnoi.testkit.internal.ApiRoute.Result;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.wallet.Documents.Doc;

/**
 * The reads of the e-documents API (section 10.4): one document of the calling agency, and the
 * agency's documents of one citizen, newest first, a page at a time (the page token is the
 * offset, opaque to the client).
 */
final class Lookups {
    private final Documents documents;

    Lookups(Documents documents) {
        this.documents = documents;
    }

    Result get(Call call) {
        synchronized (documents.lock) {
            Doc d = documents.get(call.agency().id(), call.pathParams().get("documentId"));
            return d == null ? Result.problem("edocuments.document-not-found") : Result.ok(Json.bytes(Documents.record(d)));
        }
    }

    Result search(Call call) {
        JsonNode body = Json.parse(call.body());
        String subject = body == null ? null : body.path("subjectIdNumber").asText(null);
        if (subject == null || !DocumentChecks.ID_NUMBER.matcher(subject).matches()) {
            return DocumentChecks.invalid("subjectIdNumber", "must be 12 digits");
        }
        int size = body.path("pageSize").asInt(20);
        if (size < 1 || size > 100) {
            return DocumentChecks.invalid("pageSize", "must be 1 to 100");
        }
        int offset = 0;
        if (body.hasNonNull("pageToken")) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(body.get("pageToken").asText()),
                        StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                return DocumentChecks.invalid("pageToken", "is not a token of this list");
            }
        }
        List<Map<String, Object>> page = new ArrayList<>();
        boolean more;
        synchronized (documents.lock) {
            List<Doc> all = documents.all().stream()
                    .filter(d -> d.agencyId.equals(call.agency().id()) && d.subject.equals(subject))
                    .sorted(Comparator.comparing((Doc d) -> d.createdAt).reversed().thenComparing(d -> d.documentId))
                    .toList();
            for (int i = offset; i < Math.min(all.size(), offset + size); i++) {
                page.add(Documents.record(all.get(i)));
            }
            more = offset + size < all.size();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("documents", page);
        if (more) {
            out.put("nextPageToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(offset + size).getBytes(StandardCharsets.US_ASCII)));
        }
        return Result.ok(Json.bytes(out));
    }
}
