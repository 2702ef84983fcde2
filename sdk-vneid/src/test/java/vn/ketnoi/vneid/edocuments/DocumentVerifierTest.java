package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;
import vn.ketnoi.testsupport.TestClock;

/** Every verdict of the verifier, on documents the sandbox wallet holds and presents. */
@ExtendWith(KetnoiSandboxExtension.class)
class DocumentVerifierTest {

    private static DocumentVerifier verifier(KetnoiSandbox sandbox, ClientConfig config, Duration maxAge) {
        return DocumentVerifier.builder(config).trustAnchors(sandbox.wallet().trustAnchors())
                .statusListMaxAge(maxAge).build();
    }

    /** Issues a driving licence and returns what the citizen's wallet presents. */
    private static String issued(KetnoiSandbox sandbox, EdocumentsClient edocs, Document d) {
        edocs.issue(d);
        return sandbox.wallet().presentation(sandbox.defaultAgency().id(), d.documentId());
    }

    private static Document licence(KetnoiSandbox sandbox) {
        return EdocumentsClientTest.licence(EdocumentsClientTest.newId(), EdocumentsClientTest.level2(sandbox));
    }

    @Test
    void validDocumentFitsAQrCodeAndCarriesItsContent(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config);
             DocumentVerifier verifier = verifier(sandbox, config, Duration.ofMinutes(5))) {
            Document d = licence(sandbox);
            String presentation = issued(sandbox, edocs, d);
            int bytes = presentation.getBytes(StandardCharsets.UTF_8).length;
            System.out.println("Presentation of a driving licence (ES256, leaf-only x5c): " + bytes + " bytes");
            assertTrue(bytes <= 1663, "fits a version-40 QR code at error-correction level Q: " + bytes);

            VerificationResult r = verifier.verify(presentation);
            assertEquals(Verdict.VALID, r.verdict(), r.reason());
            assertTrue(r.isValid());
            PresentedDocument doc = r.document().orElseThrow();
            assertEquals(d.documentId(), doc.documentId());
            assertEquals(DocumentType.DRIVING_LICENCE, doc.type());
            assertEquals(sandbox.defaultAgency().id(), doc.issuer());
            assertEquals(d.subject(), doc.subject());
            assertEquals(1, doc.version());
            assertEquals(LocalDate.of(2035, 7, 1), doc.validUntil().orElseThrow());
            assertEquals("010203040506", doc.payload().get("licenceNumber"));
            assertThrows(UnsupportedOperationException.class, () -> doc.payload().put("licenceNumber", "x"));
            assertTrue(r.statusAsOf().isPresent());
            assertFalse(r.toString().contains(d.subject().value()), "the subject is masked");
        }
    }

    @Test
    @Requirement(value = "R-10.1.2", side = Side.SDK)
    void aDocumentTooLargeForAQrCodeIsRefusedBeforeSending(KetnoiSandbox sandbox, ClientConfig config) {
        DocumentPayload bulky = new DocumentPayload() {
            @Override
            public DocumentType type() {
                return DocumentType.extension("x-h29-permit");
            }

            @Override
            public java.util.Map<String, Object> fields() {
                return java.util.Map.of("conditions", "Điều kiện ".repeat(200));
            }
        };
        Document d = Document.builder().documentId(EdocumentsClientTest.newId()).subject(EdocumentsClientTest.level2(sandbox))
                .issueDate(LocalDate.of(2025, 7, 1)).payload(bulky).build();
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            int before = sandbox.wallet().countDocuments();
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> edocs.issue(d));
            assertTrue(e.getMessage().contains("document"), e.getMessage());
            assertEquals(before, sandbox.wallet().countDocuments());
        }
    }

    @Test
    void revokedSuspendedAndSupersededFollowTheStatusList(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config);
             DocumentVerifier fresh = verifier(sandbox, config, Duration.ZERO)) {
            Document revoked = licence(sandbox);
            String p1 = issued(sandbox, edocs, revoked);
            edocs.revoke(revoked.documentId(), "licence withdrawn by court order");
            VerificationResult r1 = fresh.verify(p1);
            assertEquals(Verdict.REVOKED, r1.verdict(), r1.reason());
            assertEquals(revoked.documentId(), r1.document().orElseThrow().documentId());

            Document suspended = licence(sandbox);
            String p2 = issued(sandbox, edocs, suspended);
            edocs.suspend(suspended.documentId(), "holder under investigation");
            assertEquals(Verdict.SUSPENDED, fresh.verify(p2).verdict());
            edocs.reinstate(suspended.documentId(), "investigation closed");
            assertEquals(Verdict.VALID, fresh.verify(p2).verdict());

            Document old = licence(sandbox);
            String v1 = issued(sandbox, edocs, old);
            edocs.update(old.toBuilder().version(2).validUntil(LocalDate.of(2036, 1, 1)).build());
            VerificationResult r3 = fresh.verify(v1);
            assertEquals(Verdict.SUPERSEDED, r3.verdict(), r3.reason());
            String v2 = sandbox.wallet().presentation(sandbox.defaultAgency().id(), old.documentId());
            assertEquals(Verdict.VALID, fresh.verify(v2).verdict());
        }
    }

    @Test
    void aCachedStatusListIsUsedWithinItsMaxAge(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config);
             DocumentVerifier cached = verifier(sandbox, config, Duration.ofMinutes(5));
             DocumentVerifier fresh = verifier(sandbox, config, Duration.ZERO)) {
            Document d = licence(sandbox);
            String p = issued(sandbox, edocs, d);
            assertEquals(Verdict.VALID, cached.verify(p).verdict());
            edocs.revoke(d.documentId(), "licence withdrawn");
            // The list fetched a moment ago still decides: revocation reaches offline verifiers within the max age.
            assertEquals(Verdict.VALID, cached.verify(p).verdict());
            assertEquals(Verdict.REVOKED, fresh.verify(p).verdict());
        }
    }

    @Test
    void expiredAndNotYetValid(KetnoiSandbox sandbox, ClientConfig config) {
        String subject = EdocumentsClientTest.level2(sandbox);
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config);
             DocumentVerifier verifier = verifier(sandbox, config, Duration.ofMinutes(5))) {
            Document expired = EdocumentsClientTest.licence(EdocumentsClientTest.newId(), subject).toBuilder()
                    .issueDate(LocalDate.of(2010, 1, 1)).validFrom(LocalDate.of(2010, 1, 1)).validUntil(LocalDate.of(2020, 1, 1)).build();
            VerificationResult r = verifier.verify(issued(sandbox, edocs, expired));
            assertEquals(Verdict.EXPIRED, r.verdict());
            assertTrue(r.reason().contains("2020-01-01"), r.reason());
            assertTrue(r.document().isPresent(), "an authentic expired document is still shown");

            Document future = EdocumentsClientTest.licence(EdocumentsClientTest.newId(), subject).toBuilder()
                    .validFrom(LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).plusYears(1)).build();
            assertEquals(Verdict.NOT_YET_VALID, verifier.verify(issued(sandbox, edocs, future)).verdict());
        }
    }

    @Test
    void tamperedPayloadIsDetected(KetnoiSandbox sandbox, ClientConfig config) {
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config);
             DocumentVerifier verifier = verifier(sandbox, config, Duration.ofMinutes(5))) {
            String p = issued(sandbox, edocs, licence(sandbox));
            String[] parts = p.split("\\.");
            String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            assertTrue(claims.contains("\"B\""));
            String forged = claims.replace("\"B\"", "\"D\"");
            String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
            VerificationResult r = verifier.verify(tampered);
            assertEquals(Verdict.TAMPERED, r.verdict());
            assertTrue(r.document().isEmpty(), "tampered content is never handed out");
        }
    }

    @Test
    void untrustedIssuers(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        String agency = sandbox.defaultAgency().id();
        String subject = EdocumentsClientTest.level2(sandbox);
        // A self-signed certificate: the right name and profile, no chain to the anchors.
        KeyPair self = Forger.newKey();
        String selfSigned = Forger.sign(self, Forger.selfSigned(agency, self),
                Forger.licence(agency, subject, EdocumentsClientTest.newId(), 1, Instant.now()));
        // A certificate from the trusted CA, but issued to another agency than the document's issuer.
        KeyPair other = Forger.newKey();
        Instant now = Instant.now();
        String otherAgency = Forger.sign(other, sandbox.wallet().certify(KetnoiSandbox.LIMITED_AGENCY_ID, other,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))),
                Forger.licence(agency, subject, EdocumentsClientTest.newId(), 1, now));
        // The agency's own API certificate: the right name, but not a document-signing certificate.
        String apiKey = Forger.sign(AgencyCredentials.of("api", sandbox.defaultAgency().privateKey(),
                sandbox.defaultAgency().certificateChain()), Forger.licence(agency, subject, EdocumentsClientTest.newId(), 1, now));
        try (DocumentVerifier verifier = verifier(sandbox, config, Duration.ofMinutes(5))) {
            for (String forged : List.of(selfSigned, otherAgency, apiKey)) {
                VerificationResult r = verifier.verify(forged);
                assertEquals(Verdict.UNTRUSTED_ISSUER, r.verdict(), r.reason());
                assertTrue(r.document().isEmpty());
            }
        }
    }

    private static String fetch(URI uri) throws Exception {
        return HttpClient.newBuilder().proxy(ProxySelector.of(null)).build()
                .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void malformedPresentations(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        try (DocumentVerifier verifier = verifier(sandbox, config, Duration.ofMinutes(5))) {
            // A real provider-signed JWS, but a status list, not a document.
            String statusList = fetch(sandbox.wallet().statusListUri(sandbox.defaultAgency().id()));
            for (String bad : List.of("", "   ", "hello", "a.b.c", "x".repeat(4000), statusList)) {
                VerificationResult r = verifier.verify(bad);
                assertEquals(Verdict.MALFORMED, r.verdict(), r.reason());
                assertTrue(r.document().isEmpty());
            }
            assertThrows(InvalidInputException.class, () -> verifier.verify(null));
        }
        assertThrows(InvalidInputException.class, () -> DocumentVerifier.builder(config).build());
        assertThrows(InvalidInputException.class, () -> DocumentVerifier.builder(config).statusListMaxAge(Duration.ofDays(2)));
        // The limits themselves are allowed: a day's cache, a week's grace.
        DocumentVerifier.builder(config).statusListMaxAge(Duration.ofHours(24)).statusListGrace(Duration.ofDays(7));
        assertThrows(InvalidInputException.class,
                () -> DocumentVerifier.builder(config).statusListMaxAge(Duration.ofHours(24).plusNanos(1)));
        assertThrows(InvalidInputException.class,
                () -> DocumentVerifier.builder(config).statusListGrace(Duration.ofDays(7).plusNanos(1)));
    }

    @Test
    void statusUnavailableWhenTheListCannotBeFetched(KetnoiSandbox sandbox, ClientConfig config) {
        String p;
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            p = issued(sandbox, edocs, licence(sandbox));
        }
        URI nowhere = URI.create("http://127.0.0.1:1");
        ClientConfig offline = config.toBuilder().endpoint(nowhere).jwksUri(URI.create(nowhere + "/.well-known/jwks.json"))
                .tokenEndpoint(URI.create(nowhere + "/oauth2/token")).build();
        try (DocumentVerifier verifier = verifier(sandbox, offline, Duration.ofMinutes(5))) {
            VerificationResult r = verifier.verify(p);
            assertEquals(Verdict.STATUS_UNAVAILABLE, r.verdict(), r.reason());
            assertTrue(r.document().isPresent(), "the signature and dates were still checked offline");
        }
    }

    @Test
    void anExpiredListIsUsedWithinTheGraceAndNotAfter(KetnoiSandbox sandbox, ClientConfig config) {
        String p;
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            p = issued(sandbox, edocs, licence(sandbox));
        }
        TestClock clock = TestClock.fixedAt(Instant.now());
        ClientConfig moving = config.toBuilder().clock(clock).build();
        try (DocumentVerifier verifier = DocumentVerifier.builder(moving).trustAnchors(sandbox.wallet().trustAnchors())
                .statusListGrace(Duration.ofHours(1)).build()) {
            VerificationResult first = verifier.verify(p);
            assertEquals(Verdict.VALID, first.verdict(), first.reason());
            // Ten minutes on, every list the provider serves looks out of date to this clock, as if offline.
            clock.advance(Duration.ofMinutes(10));
            VerificationResult stale = verifier.verify(p);
            assertEquals(Verdict.VALID, stale.verdict(), stale.reason());
            assertEquals(first.statusAsOf(), stale.statusAsOf());
            clock.advance(Duration.ofHours(2));
            assertEquals(Verdict.STATUS_UNAVAILABLE, verifier.verify(p).verdict());
        }
    }
}
