package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.SigningAlgorithm;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxWallet.CertificateDefect;
import vn.ketnoi.vneid.edocuments.internal.DocumentJws;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;
import vn.ketnoi.testsupport.TestClock;

/**
 * Documents that a holder of a document-signing key makes without the provider: back-dated with
 * a revoked or expired key, never submitted, or signed under a certificate that cannot sign
 * documents. Each is verified over HTTP against the sandbox's signed status list, and none is
 * VALID (issue 13, findings 3, 4 and 7).
 */
@ExtendWith(KetnoiSandboxExtension.class)
class DocumentForgeryTest {

    private static DocumentVerifier verifier(KetnoiSandbox sandbox, ClientConfig config) {
        return DocumentVerifier.builder(config).trustAnchors(sandbox.wallet().trustAnchors())
                .statusListMaxAge(Duration.ZERO).build();
    }

    private static EdocumentsClient client(ClientConfig config, AgencyCredentials signing) {
        return EdocumentsClient.builder(config).signingKey(DocumentSigningKey.of(signing)).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build();
    }

    private static void assertNotIssued(VerificationResult r) {
        assertEquals(Verdict.NOT_ISSUED, r.verdict(), r.reason());
        assertTrue(r.document().isEmpty(), "content the provider never accepted is not handed out");
        assertTrue(r.statusAsOf().isPresent(), "a fresh list decided");
    }

    @Test
    @DisplayName("Finding 3: a document back-dated under a revoked signing certificate is NOT_ISSUED")
    @Requirement(value = "R-10.5.1", side = Side.SDK)
    void backDatedWithARevokedSigner(KetnoiSandbox sandbox, ClientConfig config) {
        String agency = sandbox.defaultAgency().id();
        String subject = EdocumentsClientTest.level2(sandbox);
        AgencyCredentials key = sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency());
        Document real = EdocumentsClientTest.licence(EdocumentsClientTest.newId(), subject);
        try (EdocumentsClient edocs = client(config, key); DocumentVerifier verifier = verifier(sandbox, config)) {
            edocs.issue(real);
            String genuine = sandbox.wallet().presentation(agency, real.documentId());
            sandbox.wallet().revokeSigningCertificate(key.certificateChain().get(0));

            // The provider refuses the revoked certificate from now on...
            DocumentRefusedException refused = assertThrows(DocumentRefusedException.class,
                    () -> edocs.issue(EdocumentsClientTest.licence(EdocumentsClientTest.newId(), subject)));
            assertEquals("edocuments.untrusted-issuer", refused.errorCode());
            // ...so whoever keeps the key signs offline, dated to when the certificate was good.
            Instant backDated = Instant.now().minus(Duration.ofHours(20));
            assertNotIssued(verifier.verify(Forger.sign(key, Forger.licence(agency, subject,
                    EdocumentsClientTest.newId(), 1, backDated))));
            // A real document's id, at its version, with other content: the list's digest tells them apart.
            assertNotIssued(verifier.verify(Forger.sign(key, Forger.licence(agency, subject,
                    real.documentId(), 1, backDated))));
            // What the provider accepted before the revocation stays valid.
            VerificationResult r = verifier.verify(genuine);
            assertEquals(Verdict.VALID, r.verdict(), r.reason());
        }
    }

    @Test
    @DisplayName("Finding 3: a document back-dated into an expired certificate's validity is NOT_ISSUED")
    void backDatedWithAnExpiredSigner(KetnoiSandbox sandbox, ClientConfig config) {
        Instant now = Instant.now();
        AgencyCredentials expired = sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency(),
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35)));
        try (DocumentVerifier verifier = verifier(sandbox, config)) {
            String forged = Forger.sign(expired, Forger.licence(sandbox.defaultAgency().id(),
                    EdocumentsClientTest.level2(sandbox), EdocumentsClientTest.newId(), 1, now.minus(Duration.ofDays(100))));
            assertNotIssued(verifier.verify(forged));
        }
    }

    @Test
    @DisplayName("Finding 3: a document the fresh status list does not list is NOT_ISSUED, even under a good key")
    @Requirement(value = "R-10.5.1", side = Side.SDK)
    void neverSubmitted(KetnoiSandbox sandbox, ClientConfig config) {
        String agency = sandbox.defaultAgency().id();
        String subject = EdocumentsClientTest.level2(sandbox);
        AgencyCredentials key = sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency());
        try (DocumentVerifier verifier = verifier(sandbox, config)) {
            assertNotIssued(verifier.verify(Forger.sign(key, Forger.licence(agency, subject,
                    EdocumentsClientTest.newId(), 1, Instant.now().minus(Duration.ofHours(1))))));
            // Signed this instant: no list can hold it yet, so the status is unknown, and still not VALID.
            VerificationResult justSigned = verifier.verify(Forger.sign(key, Forger.licence(agency, subject,
                    EdocumentsClientTest.newId(), 1, Instant.now())));
            assertEquals(Verdict.STATUS_UNAVAILABLE, justSigned.verdict(), justSigned.reason());
        }
    }

    @Test
    @DisplayName("Finding 3: a version above the list's is NOT_ISSUED, not VALID")
    void aVersionTheProviderNeverAccepted(KetnoiSandbox sandbox, ClientConfig config) {
        String agency = sandbox.defaultAgency().id();
        String subject = EdocumentsClientTest.level2(sandbox);
        AgencyCredentials key = sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency());
        Document real = EdocumentsClientTest.licence(EdocumentsClientTest.newId(), subject);
        try (EdocumentsClient edocs = client(config, key); DocumentVerifier verifier = verifier(sandbox, config)) {
            edocs.issue(real);
            assertNotIssued(verifier.verify(Forger.sign(key, Forger.licence(agency, subject, real.documentId(), 2,
                    Instant.now().minus(Duration.ofHours(1))))));
        }
    }

    @Test
    @DisplayName("Finding 3: an offline checkpoint's cached list refuses a back-dated document; a newer document makes it fetch")
    void offlineCheckpoint(KetnoiSandbox sandbox, ClientConfig config) {
        String agency = sandbox.defaultAgency().id();
        String subject = EdocumentsClientTest.level2(sandbox);
        AgencyCredentials revoked = sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency());
        TestClock clock = TestClock.fixedAt(Instant.now());
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config);
             DocumentVerifier checkpoint = DocumentVerifier.builder(config.toBuilder().clock(clock).build())
                     .trustAnchors(sandbox.wallet().trustAnchors()).statusListGrace(Duration.ofHours(1)).build()) {
            Document first = EdocumentsClientTest.licence(EdocumentsClientTest.newId(), subject);
            edocs.issue(first);
            assertEquals(Verdict.VALID, checkpoint.verify(sandbox.wallet().presentation(agency, first.documentId())).verdict());
            // Issued after the checkpoint cached its list: it is newer than the list, so the list is fetched again.
            Document second = EdocumentsClientTest.licence(EdocumentsClientTest.newId(), subject);
            edocs.issue(second);
            clock.advance(vn.ketnoi.vneid.edocuments.internal.StatusLists.RETRY_FLOOR.plusSeconds(1));
            VerificationResult r = checkpoint.verify(sandbox.wallet().presentation(agency, second.documentId()));
            assertEquals(Verdict.VALID, r.verdict(), r.reason());

            // Ten minutes on, every list the provider serves looks out of date to this clock: the checkpoint is offline.
            clock.advance(Duration.ofMinutes(10));
            sandbox.wallet().revokeSigningCertificate(revoked.certificateChain().get(0));
            String forged = Forger.sign(revoked, Forger.licence(agency, subject, EdocumentsClientTest.newId(), 1,
                    Instant.now().minus(Duration.ofHours(20))));
            VerificationResult offline = checkpoint.verify(forged);
            assertEquals(Verdict.NOT_ISSUED, offline.verdict(), offline.reason());
            assertTrue(offline.document().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(value = CertificateDefect.class, names = {"NO_DOCUMENT_SIGNING_EKU", "CA_CERTIFICATE", "KEY_ENCIPHERMENT_ONLY"})
    @DisplayName("Finding 4: a certificate of the agency that cannot sign documents signs nothing valid")
    @Requirement(value = "R-10.1.4", side = Side.SDK)
    void certificatesThatCannotSignDocuments(CertificateDefect defect, KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        assertRefusedEverywhere(sandbox, config, defect, defect == CertificateDefect.NO_DOCUMENT_SIGNING_EKU
                ? "1.3.6.1.5.5.7.3.36" : defect == CertificateDefect.CA_CERTIFICATE ? "CA" : "digitalSignature");
    }

    @Test
    @DisplayName("Finding 7: a subject with two common names binds to no agency")
    void twoCommonNames(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        assertRefusedEverywhere(sandbox, config, CertificateDefect.TWO_COMMON_NAMES, "exactly one common name");
    }

    @Test
    @DisplayName("Finding 4: an RSA signing key under 2048 bits signs nothing valid, even certified by the document CA")
    void aShortRsaKey(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair weak = g.generateKeyPair();
        Instant now = Instant.now();
        X509Certificate cert = sandbox.wallet().certify(sandbox.defaultAgency().id(), weak,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        String forged = DocumentJws.sign(Forger.licence(sandbox.defaultAgency().id(), EdocumentsClientTest.level2(sandbox),
                EdocumentsClientTest.newId(), 1, now.minus(Duration.ofMinutes(5))), SigningAlgorithm.PS256, List.of(cert),
                (input, digest) -> {
                    Signature s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    s.initSign(weak.getPrivate());
                    s.update(input);
                    return s.sign();
                });
        try (DocumentVerifier verifier = verifier(sandbox, config)) {
            VerificationResult r = verifier.verify(forged);
            assertEquals(Verdict.UNTRUSTED_ISSUER, r.verdict(), r.reason());
            assertTrue(r.reason().contains("2048"), r.reason());
        }
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            DocumentRefusedException e = assertThrows(DocumentRefusedException.class, () -> edocs.issue(
                    PreparedWrite.restore(JWSObject.parse(forged).getPayload().toJSONObject().get("jti").toString(),
                            UUID.randomUUID().toString(), forged)));
            assertEquals("edocuments.untrusted-issuer", e.errorCode());
        }
    }

    /** The verifier says UNTRUSTED_ISSUER naming why, the SDK will not sign with it, and the wallet refuses it. */
    private static void assertRefusedEverywhere(KetnoiSandbox sandbox, ClientConfig config, CertificateDefect defect,
                                                String why) throws Exception {
        String agency = sandbox.defaultAgency().id();
        String subject = EdocumentsClientTest.level2(sandbox);
        KeyPair key = Forger.newKey();
        X509Certificate cert = sandbox.wallet().certifyWithDefect(agency, key, defect);
        String documentId = EdocumentsClientTest.newId();
        String forged = Forger.sign(key, cert, Forger.licence(agency, subject, documentId, 1,
                Instant.now().minus(Duration.ofMinutes(5))));
        try (DocumentVerifier verifier = verifier(sandbox, config)) {
            VerificationResult r = verifier.verify(forged);
            assertEquals(Verdict.UNTRUSTED_ISSUER, r.verdict(), r.reason());
            assertTrue(r.reason().contains(why), r.reason());
            assertTrue(r.document().isEmpty());
        }
        InvalidInputException notFit = assertThrows(InvalidInputException.class, () -> DocumentSigningKey.of(
                AgencyCredentials.of("doc", key.getPrivate(), List.of(cert))));
        assertEquals("signingKey.certificate", notFit.field());
        assertTrue(notFit.getMessage().contains(why), notFit.getMessage());
        assertThrows(InvalidInputException.class, () -> DocumentSigningKey.external(SigningAlgorithm.ES256, List.of(cert),
                (input, digest) -> new byte[64]));
        // Submitted anyway, through a client whose own key is fine: the wallet refuses it too.
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            DocumentRefusedException e = assertThrows(DocumentRefusedException.class,
                    () -> edocs.issue(PreparedWrite.restore(documentId, UUID.randomUUID().toString(), forged)));
            assertEquals("edocuments.untrusted-issuer", e.errorCode());
        }
    }

    @Test
    @DisplayName("A PDF rendition is read in its one form (S256, a textual digest, a whole size); any other form is MALFORMED")
    void theFormOfAPdfRendition(KetnoiSandbox sandbox, ClientConfig config) {
        String agency = sandbox.defaultAgency().id();
        String subject = EdocumentsClientTest.level2(sandbox);
        AgencyCredentials key = sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency());
        try (DocumentVerifier verifier = verifier(sandbox, config)) {
            // Well formed and never submitted: read through to the status list, which does not list it.
            assertNotIssued(verifier.verify(withPdf(key, agency, subject, "S256", "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", 1234)));
            for (Object[] bad : new Object[][] {{"SHA1", "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", 1234},
                    {"S256", 42, 1234}, {"S256", "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", "big"}}) {
                VerificationResult r = verifier.verify(withPdf(key, agency, subject, bad[0], bad[1], bad[2]));
                assertEquals(Verdict.MALFORMED, r.verdict(), r.reason());
                assertTrue(r.document().isEmpty());
            }
        }
    }

    private static String withPdf(AgencyCredentials key, String agency, String subject, Object alg, Object digest,
                                  Object size) {
        Map<String, Object> claims = new LinkedHashMap<>(Forger.licence(agency, subject, EdocumentsClientTest.newId(), 1,
                Instant.now().minus(Duration.ofHours(1))));
        Map<String, Object> pdf = new LinkedHashMap<>();
        pdf.put("alg", alg);
        pdf.put("digest", digest);
        pdf.put("size", size);
        claims.put("pdf", pdf);
        return Forger.sign(key, claims);
    }

    @Test
    @DisplayName("A document without x5c, or with a certificate that cannot be read, is MALFORMED")
    void aMissingOrUnreadableChain(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        KeyPair key = Forger.newKey();
        Map<String, Object> claims = Forger.licence(sandbox.defaultAgency().id(), EdocumentsClientTest.level2(sandbox),
                EdocumentsClientTest.newId(), 1, Instant.now().minus(Duration.ofHours(1)));
        try (DocumentVerifier verifier = verifier(sandbox, config)) {
            for (List<com.nimbusds.jose.util.Base64> x5c : List.of(List.<com.nimbusds.jose.util.Base64>of(),
                    List.of(com.nimbusds.jose.util.Base64.encode("not a certificate")))) {
                com.nimbusds.jose.JWSHeader.Builder h = new com.nimbusds.jose.JWSHeader.Builder(
                        com.nimbusds.jose.JWSAlgorithm.ES256).type(new com.nimbusds.jose.JOSEObjectType("ketnoi-edoc+jwt"));
                if (!x5c.isEmpty()) {
                    h.x509CertChain(x5c);
                }
                JWSObject jws = new JWSObject(h.build(), new com.nimbusds.jose.Payload(claims));
                jws.sign(new com.nimbusds.jose.crypto.ECDSASigner((java.security.interfaces.ECPrivateKey) key.getPrivate()));
                VerificationResult r = verifier.verify(jws.serialize());
                assertEquals(Verdict.MALFORMED, r.verdict(), r.reason());
                assertTrue(r.reason().contains("x5c"), r.reason());
            }
        }
    }

    @Test
    @DisplayName("A document of exactly the longest presentation (a version-40 QR code) is read, not refused as too long")
    void aDocumentOfExactlyTheLongestPresentation(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        String agency = sandbox.defaultAgency().id();
        String subject = EdocumentsClientTest.level2(sandbox);
        String exact = null;
        // base64url skips some lengths; a new certificate shifts the header until the total can be hit.
        for (int attempt = 0; attempt < 20 && exact == null; attempt++) {
            KeyPair key = Forger.newKey();
            Instant now = Instant.now();
            X509Certificate cert = sandbox.wallet().certify(agency, key, now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(30)));
            String documentId = EdocumentsClientTest.newId();
            int base = padded(key, cert, agency, subject, documentId, 0).length();
            int guess = (DocumentVerifier.MAX_PRESENTATION_BYTES - base) * 3 / 4;
            for (int n = Math.max(0, guess - 4); n <= guess + 4 && exact == null; n++) {
                String p = padded(key, cert, agency, subject, documentId, n);
                if (p.length() == DocumentVerifier.MAX_PRESENTATION_BYTES) {
                    exact = p;
                }
            }
        }
        assertTrue(exact != null, "no document of exactly the limit could be made");
        try (DocumentVerifier verifier = verifier(sandbox, config)) {
            assertNotIssued(verifier.verify(exact));
            VerificationResult longer = verifier.verify(exact + "A");
            assertEquals(Verdict.MALFORMED, longer.verdict(), longer.reason());
        }
    }

    private static String padded(KeyPair key, X509Certificate cert, String agency, String subject, String documentId,
                                 int n) {
        Map<String, Object> claims = new LinkedHashMap<>(Forger.licence(agency, subject, documentId, 1,
                Instant.now().minus(Duration.ofHours(1))));
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = new LinkedHashMap<>((Map<String, Object>) claims.get("payload"));
        payload.put("note", "n".repeat(n));
        claims.put("payload", payload);
        return Forger.sign(key, cert, claims);
    }
}
