package vn.ketnoi.vneid.edocuments.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** The claims of a document JWS (protocol section 10.1), in a fixed order. */
public final class Claims {
    private Claims() {
    }

    public static Map<String, Object> of(String issuer, String subject, String documentId, int version, String type,
                                         Instant signedAt, LocalDate issueDate, LocalDate validFrom,
                                         LocalDate validUntil, Map<String, Object> payload, String pdfDigest,
                                         long pdfSize) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iss", issuer);
        m.put("sub", subject);
        m.put("jti", documentId);
        m.put("ver", version);
        m.put("type", type);
        m.put("iat", signedAt.getEpochSecond());
        m.put("issueDate", issueDate.toString());
        m.put("validFrom", validFrom.toString());
        if (validUntil != null) {
            m.put("validUntil", validUntil.toString());
        }
        m.put("payload", payload);
        if (pdfDigest != null) {
            Map<String, Object> pdf = new LinkedHashMap<>();
            pdf.put("alg", "S256");
            pdf.put("digest", pdfDigest);
            pdf.put("size", pdfSize);
            m.put("pdf", pdf);
        }
        return m;
    }
}
