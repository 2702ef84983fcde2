package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.ExternalSigner;
import vn.ketnoi.core.credential.SigningAlgorithm;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.identity.IdentityParseException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

@ExtendWith(KetnoiSandboxExtension.class)
class EdocumentsClientTest {
    private static final AtomicInteger SEQ = new AtomicInteger();

    static String newId() {
        return "GPLX-" + System.nanoTime() + "-" + SEQ.incrementAndGet();
    }

    static EdocumentsClient client(KetnoiSandbox sandbox, ClientConfig config) {
        return EdocumentsClient.builder(config)
                .signingKey(DocumentSigningKey.of(sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency())))
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678"))
                .build();
    }

    static Document licence(String id, String subject) {
        return Document.builder()
                .documentId(id)
                .subject(subject)
                .issueDate(LocalDate.of(2025, 7, 1))
                .validUntil(LocalDate.of(2035, 7, 1))
                .payload(DrivingLicence.builder().licenceNumber("010203040506").classes("A1", "B")
                        .issuedBy("Sở Giao thông vận tải Hà Nội").build())
                .build();
    }

    static String level2(KetnoiSandbox sandbox) {
        return sandbox.population().withVneidLevel(2).idNumber();
    }

    @Test
    void issuesAndReadsStatus(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = client(sandbox, config)) {
            String id = newId();
            DocumentRecord issued = edocs.issue(licence(id, level2(sandbox)));
            assertEquals(id, issued.documentId());
            assertEquals(DocumentStatus.DELIVERED, issued.status());
            assertEquals(1, issued.version());
            assertEquals(DocumentType.DRIVING_LICENCE, issued.type());
            assertEquals(sandbox.defaultAgency().id(), issued.issuer());
            assertEquals(issued.signedDocument(), sandbox.wallet().presentation(sandbox.defaultAgency().id(), id));
            DocumentRecord read = edocs.status(id);
            assertEquals(DocumentStatus.DELIVERED, read.status());
            assertFalse(issued.toString().contains(level2(sandbox)));
        }
    }

    @Test
    @DisplayName("A view's context replaces the client's default as a whole; without either a call is refused before sending")
    void aViewCarriesItsOwnContextAndAClientWithoutADefaultRefusesToSend(KetnoiSandbox sandbox, ClientConfig config) {
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ClientConfig watched = config.toBuilder().addNetworkInterceptor(chain -> {
            var h = chain.request().headers();
            h.first("X-Road-UserId").ifPresent(op -> sent.add(op + " " + h.first("Ketnoi-Purpose").orElse("-")
                    + " " + h.first("X-Road-Issue").orElse("-")));
            return chain.proceed(chain.request());
        }).build();
        RequestContext officer = RequestContext.of(Purpose.LAW_ENFORCEMENT, "VN:canbo.an").withCaseNumber("HS-7");
        String id = newId();
        try (EdocumentsClient edocs = client(sandbox, watched)) {
            edocs.issue(licence(id, level2(sandbox)));
            assertEquals(List.of("VN012345678 PUBLIC_SERVICE -"), sent);
            sent.clear();
            try (EdocumentsClient asOfficer = edocs.withContext(officer)) {
                assertEquals(id, asOfficer.status(id).documentId());
            }
            assertEquals(List.of("VN:canbo.an LAW_ENFORCEMENT HS-7"), sent);
            sent.clear();
            // Closing the view closed nothing: the client goes on, in its default.
            assertEquals(id, edocs.status(id).documentId());
            assertEquals(List.of("VN012345678 PUBLIC_SERVICE -"), sent);
        }

        sent.clear();
        long before = sandbox.stats().apiRequests();
        try (EdocumentsClient bare = EdocumentsClient.builder(watched)
                .signingKey(DocumentSigningKey.of(sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency())))
                .build()) {
            assertEquals("context", assertThrows(InvalidInputException.class, () -> bare.status(id)).field());
            assertEquals("context", assertThrows(InvalidInputException.class,
                    () -> bare.issue(licence(newId(), level2(sandbox)))).field());
            java.util.concurrent.CompletionException async = assertThrows(java.util.concurrent.CompletionException.class,
                    () -> bare.revokeAsync(id, "no context").join());
            assertEquals("context", ((InvalidInputException) async.getCause()).field());
            assertEquals(id, bare.withContext(officer).status(id).documentId());
        }
        assertEquals(before + 1, sandbox.stats().apiRequests(), "only the call with a context was sent");
        assertEquals(List.of("VN:canbo.an LAW_ENFORCEMENT HS-7"), sent);
    }

    @Test
    void everyStatusIsReported(KetnoiSandbox sandbox, ClientConfig config) {
        String agency = sandbox.defaultAgency().id();
        try (EdocumentsClient edocs = client(sandbox, config)) {
            sandbox.wallet().holdDeliveries(true);
            String id = newId();
            try {
                assertEquals(DocumentStatus.PENDING, edocs.issue(licence(id, level2(sandbox))).status());
            } finally {
                sandbox.wallet().holdDeliveries(false);
            }
            assertEquals(DocumentStatus.PENDING, edocs.status(id).status());
            sandbox.wallet().deliver(agency, id);
            assertEquals(DocumentStatus.DELIVERED, edocs.status(id).status());
            sandbox.wallet().citizenAccepts(agency, id);
            assertEquals(DocumentStatus.ACCEPTED, edocs.status(id).status());
            DocumentRecord suspended = edocs.suspend(id, "licence holder under investigation");
            assertEquals(DocumentStatus.SUSPENDED, suspended.status());
            assertEquals("licence holder under investigation", suspended.statusReason().orElseThrow());
            assertEquals(DocumentStatus.ACCEPTED, edocs.reinstate(id, "investigation closed").status());
            assertEquals(DocumentStatus.REVOKED, edocs.revoke(id, "licence withdrawn by court order").status());
            assertEquals(DocumentStatus.REVOKED, edocs.status(id).status());

            String other = newId();
            edocs.issue(licence(other, level2(sandbox)));
            sandbox.wallet().citizenRejects(agency, other, "not my licence");
            assertEquals(DocumentStatus.REJECTED, edocs.status(other).status());
        }
    }

    @Test
    void illegalStatusChangesAreRefused(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = client(sandbox, config)) {
            String id = newId();
            edocs.issue(licence(id, level2(sandbox)));
            DocumentConflictException e = assertThrows(DocumentConflictException.class,
                    () -> edocs.reinstate(id, "was never suspended"));
            assertEquals("edocuments.illegal-status-change", e.errorCode());
            edocs.revoke(id, "issued in error");
            assertThrows(DocumentConflictException.class, () -> edocs.suspend(id, "too late"));
            assertThrows(InvalidInputException.class, () -> edocs.revoke(id, " "));
            assertThrows(InvalidInputException.class, () -> edocs.revoke(id, "x".repeat(501)));
        }
    }

    @Test
    void unknownDocumentIsNotFound(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = client(sandbox, config)) {
            DocumentNotFoundException e = assertThrows(DocumentNotFoundException.class, () -> edocs.status("no-such-doc"));
            assertEquals("edocuments.document-not-found", e.errorCode());
            assertEquals(404, e.statusCode());
        }
    }

    @Test
    void updateMakesANewVersionThatSupersedesTheOld(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = client(sandbox, config)) {
            String id = newId();
            Document v1 = licence(id, level2(sandbox));
            DocumentRecord first = edocs.issue(v1);
            Document v2 = v1.toBuilder().version(2).payload(DrivingLicence.builder().licenceNumber("010203040506")
                    .classes("A1", "B", "C1").issuedBy("Sở Giao thông vận tải Hà Nội").build()).build();
            DocumentRecord second = edocs.update(v2);
            assertEquals(2, second.version());
            assertFalse(second.signedDocument().equals(first.signedDocument()));
            assertEquals(2, edocs.status(id).version());
            DocumentConflictException e = assertThrows(DocumentConflictException.class,
                    () -> edocs.update(v1.toBuilder().version(4).build()));
            assertEquals("edocuments.version-conflict", e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-10.2.10", side = Side.SDK)
    void duplicateDocumentIdIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = client(sandbox, config)) {
            String id = newId();
            edocs.issue(licence(id, level2(sandbox)));
            DocumentConflictException e = assertThrows(DocumentConflictException.class,
                    () -> edocs.issue(licence(id, level2(sandbox))));
            assertEquals("edocuments.duplicate-document", e.errorCode());
        }
    }

    @Test
    void listsACitizensDocumentsPageByPage(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen citizen = sandbox.population().find(c -> !c.isDeceased() && c.hasFullBirthDate()
                && sandbox.population().vneidLevel(c) == 2 && !c.idNumber().equals(level2(sandbox))).orElseThrow();
        try (EdocumentsClient edocs = client(sandbox, config)) {
            Set<String> issued = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                issued.add(edocs.issue(licence(newId(), citizen.idNumber())).documentId());
            }
            PersonalIdNumber subject = PersonalIdNumber.parse(citizen.idNumber());
            String search = "/edocuments/v1/documents:search";
            sandbox.faults().resetCounts();
            Paginator<DocumentRecord> documents = edocs.list(subject, 2);
            assertEquals(0, sandbox.faults().callsTo(search), "nothing is fetched before iteration");

            Iterator<DocumentRecord> it = documents.iterator();
            it.next();
            it.next();
            assertEquals(1, sandbox.faults().callsTo(search), "the second page is fetched only when reached");
            it.next();
            assertEquals(2, sandbox.faults().callsTo(search));

            Set<String> seen = new HashSet<>();
            documents.forEach(d -> seen.add(d.documentId()));
            assertEquals(issued, seen, "a new iteration starts again from the first page");
            List<Paginator.Page<DocumentRecord>> pages = new ArrayList<>();
            documents.pages().forEach(pages::add);
            assertEquals(List.of(2, 2, 1), pages.stream().map(p -> p.items().size()).toList());
            assertTrue(pages.get(2).nextCursor().isEmpty() && !pages.get(2).hasMore());

            // The page-at-a-time call resumes from a token kept by the caller.
            Paginator.Page<DocumentRecord> third = edocs.listPage(subject, 2, pages.get(1).nextCursor().orElseThrow());
            assertEquals(pages.get(2).items().get(0).documentId(), third.items().get(0).documentId());
        }
    }

    @Test
    void aCitizenWithoutDocumentsListsNothingInOneCall(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen nobody = sandbox.population().find(c -> !c.isDeceased()
                && sandbox.population().vneidLevel(c) == 1).orElseThrow();
        try (EdocumentsClient edocs = client(sandbox, config)) {
            sandbox.faults().resetCounts();
            Paginator<DocumentRecord> none = edocs.list(PersonalIdNumber.parse(nobody.idNumber()), 10);
            assertEquals(0, none.stream().count());
            assertFalse(none.iterator().hasNext());
            assertEquals(2, sandbox.faults().callsTo("/edocuments/v1/documents:search"), "one call per iteration");
            assertEquals(List.of(0), StreamSupport.stream(none.pages().spliterator(), false)
                    .map(p -> p.items().size()).toList(), "one empty last page");
            InvalidInputException bad = assertThrows(InvalidInputException.class,
                    () -> edocs.list(PersonalIdNumber.parse(nobody.idNumber()), 0));
            assertEquals("pageSize", bad.field(), "bad input fails when the paginator is made, not when it is read");
        }
    }

    @Test
    void batchIssuesEachItemAlone(KetnoiSandbox sandbox, ClientConfig config) {
        String level1 = sandbox.population().withVneidLevel(1).idNumber();
        try (EdocumentsClient edocs = client(sandbox, config)) {
            List<Document> docs = new ArrayList<>();
            docs.add(licence(newId(), level2(sandbox)));
            docs.add(licence(newId(), level1));
            docs.add(licence(newId(), level2(sandbox)));
            BatchIssuance result = edocs.issueBatch(docs);
            assertEquals(3, result.items().size());
            assertEquals(2, result.issuedCount());
            assertTrue(result.items().get(0).isIssued());
            BatchIssuanceItem refused = result.items().get(1);
            assertFalse(refused.isIssued());
            assertEquals(422, refused.status());
            assertEquals("edocuments.subject-not-eligible", refused.errorCode().orElseThrow());
            assertEquals(docs.get(2).documentId(), result.items().get(2).document().orElseThrow().documentId());
        }
    }

    @Test
    @Requirement(value = {"R-10.2.6", "R-10.2.8"}, side = Side.SDK)
    void refusesBadInputBeforeSending(KetnoiSandbox sandbox) {
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> DrivingLicence.builder().licenceNumber("010203040506").classes("B").build());
        assertEquals("payload.issuedBy", missing.field());
        assertThrows(IdentityParseException.class, () -> Document.builder().subject("12345"));
        InvalidInputException badId = assertThrows(InvalidInputException.class,
                () -> Document.builder().documentId("has space").subject(level2(sandbox)).issueDate(LocalDate.now())
                        .payload(HealthInsuranceCard.builder().insuranceNumber("0123456789").facilityCode("01001")
                                .benefitLevel(4).build()).build());
        assertEquals("documentId", badId.field());
    }

    @Test
    @Requirement(value = "R-10.2.9", side = Side.SDK)
    void refusesSubjectsTheWalletCannotServe(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = client(sandbox, config)) {
            // Well-formed, but nobody in the register has it.
            String absent = PersonalIdNumber.of("001", vn.ketnoi.core.identity.Sex.MALE, 1990, 999_999).value();
            DocumentRefusedException notFound = assertThrows(DocumentRefusedException.class,
                    () -> edocs.issue(licence(newId(), absent)));
            assertEquals("edocuments.subject-not-found", notFound.errorCode());
            DocumentRefusedException level1 = assertThrows(DocumentRefusedException.class,
                    () -> edocs.issue(licence(newId(), sandbox.population().withVneidLevel(1).idNumber())));
            assertEquals("edocuments.subject-not-eligible", level1.errorCode());
            assertFalse(level1.getMessage().contains(sandbox.population().withVneidLevel(1).idNumber()));
        }
    }

    @Test
    @Requirement(value = "R-10.2.5", side = Side.SDK)
    void refusesAnExpiredSigningCertificateBeforeSending(KetnoiSandbox sandbox, ClientConfig config) {
        Instant now = Instant.now();
        AgencyCredentials expired = sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency(),
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35)));
        try (EdocumentsClient edocs = EdocumentsClient.builder(config).signingKey(DocumentSigningKey.of(expired))
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> edocs.issue(licence(newId(), level2(sandbox))));
            assertEquals("signingKey.certificate", e.field());
        }
    }

    @Test
    @Requirement(value = "R-10.2.4", side = Side.SDK)
    void refusesAKeyOutsideTheTrustAnchors(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        // A self-signed document-signing certificate: right name and profile, but no chain to the wallet's anchors.
        KeyPair self = Forger.newKey();
        AgencyCredentials selfSigned = AgencyCredentials.of("self", self.getPrivate(),
                List.of(Forger.selfSigned(sandbox.defaultAgency().id(), self)));
        try (EdocumentsClient edocs = EdocumentsClient.builder(config).signingKey(DocumentSigningKey.of(selfSigned))
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build()) {
            String subject = level2(sandbox);
            int before = sandbox.wallet().countDocuments(subject);
            DocumentRefusedException e = assertThrows(DocumentRefusedException.class,
                    () -> edocs.issue(licence(newId(), subject)));
            assertEquals("edocuments.untrusted-issuer", e.errorCode());
            assertEquals(before, sandbox.wallet().countDocuments(subject));
        }
    }

    @Test
    @DisplayName("Finding 4: the agency's API certificate, or another agency's, is refused as a document-signing key when built")
    void refusesACertificateThatCannotSignThisAgencysDocuments(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        AgencyCredentials api = AgencyCredentials.of("api", sandbox.defaultAgency().privateKey(),
                sandbox.defaultAgency().certificateChain());
        InvalidInputException notSigning = assertThrows(InvalidInputException.class, () -> DocumentSigningKey.of(api));
        assertEquals("signingKey.certificate", notSigning.field());
        assertTrue(notSigning.getMessage().contains(DocumentSigningKey.DOCUMENT_SIGNING_EKU)
                || notSigning.getMessage().contains("digitalSignature"), notSigning.getMessage());

        DocumentSigningKey limited = DocumentSigningKey.of(sandbox.wallet().documentSigningCredentials(sandbox.limitedAgency()));
        InvalidInputException otherAgency = assertThrows(InvalidInputException.class, () -> EdocumentsClient.builder(config)
                .signingKey(limited).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build());
        assertEquals("signingKey.certificate", otherAgency.field());
    }

    @Test
    @Requirement(value = "R-10.2.2", side = Side.SDK)
    void refusesATamperedDocument(KetnoiSandbox sandbox, ClientConfig config) {
        // An interceptor before the request signature swaps the document's payload after the agency signed it.
        ClientConfig tampering = config.toBuilder().addInterceptor(chain -> {
            vn.ketnoi.core.pipeline.KetnoiRequest r = chain.request();
            if (!r.method().equals("POST") || !r.uri().getPath().endsWith("/documents")) {
                return chain.proceed(r);
            }
            String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            String jws = body.substring(body.indexOf(":\"") + 2, body.lastIndexOf('"'));
            String[] parts = jws.split("\\.");
            String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"A1\",\"B\"", "\"A1\",\"B\",\"D\"");
            String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
            return chain.proceed(r.toBuilder().body(("{\"document\":\"" + forged + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
        }).build();
        try (EdocumentsClient edocs = client(sandbox, tampering)) {
            DocumentRefusedException e = assertThrows(DocumentRefusedException.class,
                    () -> edocs.issue(licence(newId(), level2(sandbox))));
            assertEquals("edocuments.signature-invalid", e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-10.2.7", side = Side.SDK)
    void refusesAnUnknownTypeAndAcceptsARegisteredExtension(KetnoiSandbox sandbox, ClientConfig config) {
        DocumentType fishing = DocumentType.extension("x-h29-fishing-licence");
        DocumentPayload payload = new DocumentPayload() {
            @Override
            public DocumentType type() {
                return fishing;
            }

            @Override
            public java.util.Map<String, Object> fields() {
                return java.util.Map.of("licenceNumber", "FL-2025-0001", "waters", "Hồ Tây");
            }
        };
        try (EdocumentsClient edocs = client(sandbox, config)) {
            Document doc = Document.builder().documentId(newId()).subject(level2(sandbox))
                    .issueDate(LocalDate.of(2025, 7, 1)).payload(payload).build();
            DocumentRefusedException e = assertThrows(DocumentRefusedException.class, () -> edocs.issue(doc));
            assertEquals("edocuments.unknown-type", e.errorCode());
            sandbox.wallet().registerExtensionType("x-h29-fishing-licence");
            Document again = doc.toBuilder().documentId(newId()).build();
            assertEquals(fishing, edocs.issue(again).type());
        }
    }

    @Test
    void externalSignerWrapsAKeyHeldElsewhere(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        // Stands in for an HSM: the key lives in this object; the SDK sees only the certificate and the callback.
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair hsmKey = g.generateKeyPair();
        AtomicInteger calls = new AtomicInteger();
        ExternalSigner hsm = (input, digest) -> {
            calls.incrementAndGet();
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(hsmKey.getPrivate());
            s.update(input);
            return s.sign(); // DER, as a PKCS#11 provider returns it
        };
        Instant now = Instant.now();
        var cert = sandbox.wallet().certify(sandbox.defaultAgency().id(), hsmKey, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        DocumentSigningKey key = DocumentSigningKey.external(SigningAlgorithm.ES256, List.of(cert), hsm);
        try (EdocumentsClient edocs = EdocumentsClient.builder(config).signingKey(key).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build()) {
            DocumentRecord r = edocs.issue(licence(newId(), level2(sandbox)));
            assertEquals(DocumentStatus.DELIVERED, r.status());
            assertEquals(1, calls.get());
        }
        // A callback that signs with another key is caught before anything is sent.
        KeyPair wrong = g.generateKeyPair();
        DocumentSigningKey bad = DocumentSigningKey.external(SigningAlgorithm.ES256, List.of(cert), (input, digest) -> {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(wrong.getPrivate());
            s.update(input);
            return s.sign();
        });
        try (EdocumentsClient edocs = EdocumentsClient.builder(config).signingKey(bad).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build()) {
            vn.ketnoi.core.exception.KetnoiException e = assertThrows(vn.ketnoi.core.exception.KetnoiException.class,
                    () -> edocs.prepare(licence(newId(), level2(sandbox))));
            assertEquals("signing.failed", e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-10.3.3", side = Side.SDK)
    void sameKeyWithAnotherBodyIsAConflict(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = client(sandbox, config)) {
            PreparedWrite first = edocs.prepare(licence(newId(), level2(sandbox)));
            edocs.issue(first);
            PreparedWrite other = edocs.prepare(licence(newId(), level2(sandbox)));
            PreparedWrite reusedKey = PreparedWrite.restore(other.documentId(), first.idempotencyKey(),
                    other.signedDocument());
            KetnoiServiceException e = assertThrows(KetnoiServiceException.class, () -> edocs.issue(reusedKey));
            assertEquals("request.idempotency-conflict", e.errorCode());
            assertEquals(409, e.statusCode());
        }
    }
}
