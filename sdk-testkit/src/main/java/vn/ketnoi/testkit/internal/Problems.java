package vn.ketnoi.testkit.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The provider error codes of protocol section 11 and their problem+json bodies (section 6.1). */
public final class Problems {

    /** The media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final Map<String, Object[]> CATALOGUE = new LinkedHashMap<>();

    static {
        def("auth.token-missing", 401, false, "Access token missing",
                "The request has no Authorization: Bearer header.");
        def("auth.token-invalid", 401, true, "Access token invalid",
                "The access token is unknown, expired or was issued to another agency.");
        def("auth.forbidden", 403, false, "Forbidden", "The agency has no right to this API.");
        def("signature.missing", 401, false, "Request signature missing",
                "The request must carry exactly one Ketnoi-Signature header.");
        def("signature.malformed", 401, false, "Request signature malformed",
                "The Ketnoi-Signature header is not a well-formed request signature.");
        def("signature.algorithm-not-allowed", 401, false, "Signature algorithm not allowed",
                "The request signature must use ES256 or PS256.");
        def("signature.unknown-key", 401, false, "Unknown signing key",
                "The kid does not name a key registered for this agency.");
        def("signature.invalid", 401, false, "Request signature invalid", "The request signature does not verify.");
        def("signature.stale", 401, true, "Request signature stale",
                "The signing time is more than 60 seconds from the provider's clock.");
        def("signature.binding-mismatch", 401, false, "Request signature binding mismatch",
                "A signed claim does not match the request.");
        def("signature.digest-mismatch", 401, false, "Request body digest mismatch",
                "The body is not the one that was signed.");
        def("signature.replayed", 401, false, "Request signature replayed", "The nonce was already used.");
        def("request.invalid", 400, false, "Invalid request", "The request is malformed; see errors.");
        def("request.too-large", 413, false, "Request too large", "The request body is over 1 MiB.");
        def("request.unsupported-media-type", 415, false, "Unsupported media type",
                "The request body must be application/json.");
        def("request.not-found", 404, false, "Not found", "There is no such path.");
        def("request.method-not-allowed", 405, false, "Method not allowed", "The method is not allowed for this path.");
        def("population.citizen-not-found", 404, false, "Citizen not found", "No record has this ID number.");
        def("population.identity-mismatch", 422, false, "Identity does not match",
                "The ID number exists but the full name or date of birth does not match.");
        def("population.field-not-granted", 403, false, "Field not granted",
                "A requested field is outside the agency's grant; see errors.");
        def("request.idempotency-conflict", 409, false, "Idempotency conflict",
                "The Idempotency-Key was used before with another request.");
        def("civil-status.registration-not-found", 404, false, "Registration not found",
                "The civil-status register has no such registration.");
        def("civil-status.already-registered", 409, false, "Already registered",
                "The event is already registered for this citizen.");
        def("edocuments.document-not-found", 404, false, "Document not found",
                "This agency issued no document with this id.");
        def("edocuments.operation-not-found", 404, false, "Operation not found",
                "No write with this Idempotency-Key was received from this agency in the last 24 hours.");
        def("edocuments.signature-invalid", 422, false, "Document signature invalid",
                "The document's signature does not verify with its signing certificate.");
        def("edocuments.untrusted-issuer", 422, false, "Untrusted issuer",
                "The signing certificate does not chain to a trust anchor, or does not name the calling agency.");
        def("edocuments.certificate-expired", 422, false, "Signing certificate expired",
                "The signing certificate is not valid now.");
        def("edocuments.unknown-type", 422, false, "Unknown document type",
                "The document type is neither built in nor registered for this agency.");
        def("edocuments.subject-not-found", 422, false, "Subject not found",
                "No living citizen in the population register has this ID number.");
        def("edocuments.subject-not-eligible", 422, false, "Subject has no level-2 VNeID account",
                "Documents are delivered only to citizens with a level-2 VNeID account.");
        def("edocuments.illegal-status-change", 409, false, "Illegal status change",
                "The document's status does not allow this change.");
        def("edocuments.version-conflict", 409, false, "Version conflict",
                "The document's version is not the next one.");
        def("edocuments.duplicate-document", 409, false, "Duplicate document",
                "This agency already issued a document with this id.");
        def("server.unavailable", 503, true, "Service unavailable", "The provider is overloaded or in maintenance.");
        def("population.consent-required", 403, false, "Consent required",
                "A requested field needs the citizen's consent token; see errors.");
        def("population.household-not-found", 404, false, "Household not found",
                "The citizen is not registered in a household.");
        def("population.job-not-found", 404, false, "Job not found", "There is no batch job with this id for the agency.");
        def("population.job-conflict", 409, false, "Job conflict",
                "The job is not in a state that allows this, or the chunk does not follow the last one.");
        def("population.job-not-finished", 409, true, "Job not finished",
                "The job's results are not ready; poll its status and retry after Retry-After.");
        def("population.cursor-expired", 410, false, "Cursor expired",
                "The cursor points before the retained change history; start again from a fresh snapshot.");
        def("server.internal", 500, true, "Internal error", "The provider met an unexpected fault.");
        // Resilience: faults the sandbox injects, and the idempotent test-write route.
        def("server.unavailable", 503, true, "Service unavailable", "Maintenance or overload; retry after Retry-After.");
        def("rate-limited", 429, true, "Rate limited", "The agency's quota is spent; retry after Retry-After.");
        def("request.idempotency-conflict", 409, false, "Idempotency key conflict",
                "The Idempotency-Key was used with another body.");
    }

    private Problems() {
    }

    private static void def(String code, int status, boolean retryable, String title, String detail) {
        CATALOGUE.put(code, new Object[] {status, retryable, title, detail});
    }

    /** The HTTP status of a code. */
    public static int status(String code) {
        return (Integer) entry(code)[0];
    }

    /**
     * The problem+json body of a code.
     *
     * @param code a code of section 11
     * @param requestId the X-Road-Id of the request
     * @param errors the {field, problem} entries, or null for none
     * @return UTF-8 JSON bytes
     */
    public static byte[] body(String code, String requestId, List<Map<String, String>> errors) {
        Object[] e = entry(code);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "https://ketnoi.vn/problems/" + code);
        m.put("title", e[2]);
        m.put("status", e[0]);
        m.put("code", code);
        m.put("detail", e[3]);
        m.put("requestId", requestId);
        m.put("retryable", e[1]);
        if (errors != null) {
            m.put("errors", errors);
        }
        return Json.bytes(m);
    }

    /** One entry of {@code errors}. */
    public static Map<String, String> error(String field, String problem) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field", field);
        m.put("problem", problem);
        return m;
    }

    private static Object[] entry(String code) {
        Object[] e = CATALOGUE.get(code);
        if (e == null) {
            throw new IllegalArgumentException("unknown problem code " + code);
        }
        return e;
    }
}
