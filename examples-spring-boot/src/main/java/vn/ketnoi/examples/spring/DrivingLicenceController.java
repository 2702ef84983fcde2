package vn.ketnoi.examples.spring;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.vneid.edocuments.Document;
import vn.ketnoi.vneid.edocuments.DocumentRecord;
import vn.ketnoi.vneid.edocuments.DocumentVerifier;
import vn.ketnoi.vneid.edocuments.DrivingLicence;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;

/**
 * The transport department issues a driving licence into the citizen's VNeID wallet. The
 * e-documents client signs it with the document-signing key of {@code ketnoi.edocuments.signing-key.*},
 * not the agency's API key.
 */
@RestController
public class DrivingLicenceController {
    private final EdocumentsClient edocuments;

    public DrivingLicenceController(EdocumentsClient edocuments) {
        this.edocuments = edocuments;
    }

    /**
     * The licence as the officer's form sends it. {@code validYears} is a primitive: with Jackson 3's
     * defaults (Boot 4), a request with {@code "validYears": null} is refused, not read as 0.
     */
    public record IssueRequest(String idNumber, String licenceNumber, List<String> classes, int validYears) {
    }

    @PostMapping("/api/driving-licences")
    public Map<String, Object> issue(@RequestBody IssueRequest body) {
        LocalDate today = LocalDate.now(DocumentVerifier.VIETNAM);
        DocumentRecord issued = edocuments.issue(Document.builder()
                .documentId("GPLX-" + UUID.randomUUID())
                .subject(body.idNumber())
                .issueDate(today)
                .validUntil(today.plusYears(body.validYears()))
                .payload(DrivingLicence.builder().licenceNumber(body.licenceNumber())
                        .classes(body.classes().toArray(String[]::new)).issuedBy("Sở Xây dựng Hà Nội").build())
                .build());
        return Map.of("documentId", issued.documentId(), "status", issued.status().name());
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidInputException e) {
        return ResponseEntity.badRequest().body(Map.of("field", e.field(), "code", e.errorCode()));
    }
}
