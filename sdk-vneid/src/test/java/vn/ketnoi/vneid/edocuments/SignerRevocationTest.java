package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.RevocationOptions;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxTopology;

/**
 * The signer of a presented document is asked about at its CA, by OCSP or CRL, against the
 * sandbox's responder: revoked is {@link Verdict#SIGNER_REVOKED}; an unknown status is
 * {@link Verdict#STATUS_UNAVAILABLE} whatever the configuration's policy (signers are always
 * hard-fail); answers are cached. A sandbox of its own, since faults are put on its responder.
 */
class SignerRevocationTest {
    private KetnoiSandbox sandbox;
    private EdocumentsClient edocs;

    @BeforeEach
    void start() {
        sandbox = KetnoiSandbox.builder().populationSize(200).build().start();
        edocs = EdocumentsClientTest.client(sandbox, config(RevocationOptions.defaults()));
    }

    @AfterEach
    void stop() {
        edocs.close();
        sandbox.close();
    }

    private ClientConfig config(RevocationOptions revocation) {
        return SandboxClients.configFor(sandbox, sandbox.defaultAgency(), SandboxTopology.DIRECT).toBuilder()
                .revocation(revocation).build();
    }

    private DocumentVerifier verifier(RevocationOptions revocation) {
        return DocumentVerifier.builder(config(revocation)).trustAnchors(sandbox.wallet().trustAnchors()).build();
    }

    private String presentation() {
        Document d = EdocumentsClientTest.licence(EdocumentsClientTest.newId(), EdocumentsClientTest.level2(sandbox));
        edocs.issue(d);
        return sandbox.wallet().presentation(sandbox.defaultAgency().id(), d.documentId());
    }

    @Test
    void aGoodSignerIsAskedAboutOnceAndTheDocumentIsValid() {
        String first = presentation();
        String second = presentation();
        try (DocumentVerifier verifier = verifier(RevocationOptions.defaults())) {
            VerificationResult r = verifier.verify(first);
            assertEquals(Verdict.VALID, r.verdict(), r.reason());
            assertEquals(Verdict.VALID, verifier.verify(second).verdict());
            assertEquals(Verdict.VALID, verifier.verify(first).verdict());
        }
        assertEquals(1, sandbox.revocation().ocspRequests(), "one signer, one answer, cached until its nextUpdate");
    }

    @Test
    void aSignerTheCaRevokedIsRefusedEvenForADocumentTheProviderAccepted() {
        String genuine = presentation();
        try (DocumentVerifier verifier = verifier(RevocationOptions.defaults())) {
            VerificationResult before = verifier.verify(genuine);
            assertEquals(Verdict.VALID, before.verdict(), before.reason());
            sandbox.revocation().revoke(before.document().orElseThrow().signingCertificate());
        }
        try (DocumentVerifier verifier = verifier(RevocationOptions.defaults())) {
            VerificationResult r = verifier.verify(genuine);
            assertEquals(Verdict.SIGNER_REVOKED, r.verdict(), r.reason());
            assertTrue(r.document().isEmpty(), "nothing of a revoked signer's document is handed out");
        }
    }

    @Test
    void aRevokedSignerIsFoundInTheCrlWhenOcspIsDown() {
        String genuine = presentation();
        try (DocumentVerifier verifier = verifier(RevocationOptions.defaults())) {
            sandbox.revocation().revoke(verifier.verify(genuine).document().orElseThrow().signingCertificate());
        }
        sandbox.revocation().ocspUnreachable(true);
        try (DocumentVerifier verifier = verifier(RevocationOptions.defaults())) {
            assertEquals(Verdict.SIGNER_REVOKED, verifier.verify(genuine).verdict());
        }
        assertTrue(sandbox.revocation().crlRequests() >= 1);
    }

    @Test
    void anUnreachableResponderIsHardFailForSignersWhateverThePolicy() {
        String genuine = presentation();
        sandbox.revocation().unreachable(true);
        for (RevocationOptions configured : new RevocationOptions[] {RevocationOptions.defaults(), RevocationOptions.disabled()}) {
            try (DocumentVerifier verifier = verifier(configured)) {
                VerificationResult r = verifier.verify(genuine);
                assertEquals(Verdict.STATUS_UNAVAILABLE, r.verdict(), configured + ": " + r.reason());
                assertTrue(r.reason().contains("revocation status"), r.reason());
            }
        }
        sandbox.revocation().unreachable(false);
        try (DocumentVerifier verifier = verifier(RevocationOptions.defaults())) {
            assertEquals(Verdict.VALID, verifier.verify(genuine).verdict(), "back when the responder is");
        }
    }

    @Test
    void aSlowResponderIsGivenUpOnAtTheTimeout() {
        String genuine = presentation();
        sandbox.revocation().slow(Duration.ofSeconds(20));
        try (DocumentVerifier verifier = verifier(RevocationOptions.builder().timeout(Duration.ofMillis(300)).build())) {
            long start = System.nanoTime();
            VerificationResult r = verifier.verify(genuine);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Verdict.STATUS_UNAVAILABLE, r.verdict(), r.reason());
            assertTrue(millis < 5_000, "gave up after " + millis + " ms");
        } finally {
            sandbox.revocation().slow(Duration.ZERO);
        }
    }
}
