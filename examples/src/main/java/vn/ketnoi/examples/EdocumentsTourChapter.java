package vn.ketnoi.examples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.vneid.edocuments.Document;
import vn.ketnoi.vneid.edocuments.DocumentRecord;
import vn.ketnoi.vneid.edocuments.DocumentSigningKey;
import vn.ketnoi.vneid.edocuments.DocumentVerifier;
import vn.ketnoi.vneid.edocuments.DrivingLicence;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;
import vn.ketnoi.vneid.edocuments.PreparedWrite;
import vn.ketnoi.vneid.edocuments.VerificationResult;

/**
 * The tour's e-documents chapter: issue a driving licence into a citizen's VNeID wallet, read its
 * status, show what the wallet presents as a QR code, verify it offline, revoke it, verify again.
 * Personal data is printed masked.
 */
public final class EdocumentsTourChapter {
    private EdocumentsTourChapter() {
    }

    /**
     * Runs the chapter.
     *
     * @param sandbox a started sandbox
     * @param config the agency's configuration for it
     * @param out where to write
     */
    public static void run(KetnoiSandbox sandbox, ClientConfig config, PrintStream out) {
        // Documents go only into level-2 VNeID wallets (Decree 69/2024).
        String subject = sandbox.population().withVneidLevel(2).idNumber();
        // The agency's document-signing key and certificate; in production a PKCS#12 file or an HSM.
        DocumentSigningKey key = DocumentSigningKey.of(sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency()));
        String documentId = "GPLX-TOUR-" + Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT);

        try (EdocumentsClient edocs = EdocumentsClient.builder(config).signingKey(key)
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.tour")).build();
             // Zero max age: the verifier fetches the status list for each check, so the revocation shows at once.
             // Built from the client, it shares its connections and the provider's keys.
             DocumentVerifier verifier = DocumentVerifier.builder(edocs).trustAnchors(sandbox.wallet().trustAnchors())
                     .statusListMaxAge(Duration.ZERO).build()) {
            out.println("   e-documents: issue a driving licence into the citizen's VNeID wallet");
            Document licence = Document.builder()
                    .documentId(documentId)
                    .subject(subject)
                    .issueDate(LocalDate.of(2025, 7, 1))
                    .validUntil(LocalDate.of(2035, 7, 1))
                    .payload(DrivingLicence.builder().licenceNumber("010203040506").classes("A1", "B")
                            .issuedBy("Sở Xây dựng Hà Nội").build())
                    .build();
            PreparedWrite write = edocs.prepare(licence);
            DocumentRecord issued = edocs.issue(write);
            out.printf("   issued %s v%d to %s: %s (idempotency key %s, safe to resend)%n", issued.documentId(),
                    issued.version(), licence.subject().masked(), issued.status(), write.idempotencyKey());
            out.printf("   status read back: %s%n", edocs.status(documentId).status());

            String presentation = sandbox.wallet().presentation(sandbox.defaultAgency().id(), documentId);
            int bytes = presentation.getBytes(StandardCharsets.UTF_8).length;
            out.printf("   the wallet presents the issuer's signed JWS as a QR code: %,d bytes (a version-40 QR code"
                    + " holds 1,663 at level Q, 2,953 at level L)%n", bytes);

            VerificationResult first = verifier.verify(presentation);
            out.printf("   verified offline: %s (%s); holder %s%n", first.verdict(), first.reason(),
                    first.document().map(d -> d.subject().masked()).orElse("-"));

            DocumentRecord revoked = edocs.revoke(documentId, "licence withdrawn by court order");
            out.printf("   revoked: %s, reason '%s'%n", revoked.status(), revoked.statusReason().orElse(""));
            VerificationResult second = verifier.verify(presentation);
            out.printf("   verified again: %s (%s)%n", second.verdict(), second.reason());
        }
    }
}
