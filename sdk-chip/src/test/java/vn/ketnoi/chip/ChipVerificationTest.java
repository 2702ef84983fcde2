package vn.ketnoi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.chip.internal.Sod;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxChip;
import vn.ketnoi.testkit.SandboxChips;
import vn.ketnoi.testkit.SandboxChips.Variant;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.TestClock;

/**
 * Passive and active authentication of the sandbox's chips: a genuine chip is GENUINE and yields
 * its citizen's data; each broken variant gives the verdict naming what is broken, and no data.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class ChipVerificationTest {

    static SyntheticCitizen withCard(KetnoiSandbox sandbox) {
        return sandbox.population().find(c -> c.idCard() != null && c.father() != null && c.mother() != null
                && c.hasFullBirthDate()).orElseThrow();
    }

    static ChipVerifier verifier(KetnoiSandbox sandbox) {
        SandboxChips chips = sandbox.chips();
        return ChipVerifier.builder().clock(sandbox.clock())
                .trust(ChipTrust.builder().addCsca(chips.csca()).addCrl(chips.crl()).build()).build();
    }

    static ChipVerification verify(KetnoiSandbox sandbox, Variant variant) {
        SandboxChip chip = sandbox.chips().chip(withCard(sandbox), variant, false);
        return verifier(sandbox).verify(ChipDump.fromJson(chip.json()));
    }

    /** The chip's files without one data group, as an app that did not read it would send them. */
    static ChipDump without(SandboxChip chip, String dataGroup) {
        ChipDump.Builder b = ChipDump.builder().sod(chip.file("sod"));
        for (Map.Entry<String, byte[]> e : chip.files().entrySet()) {
            if (e.getKey().startsWith("dg") && !e.getKey().equals(dataGroup)) {
                b.dataGroup(Integer.parseInt(e.getKey().substring(2)), e.getValue());
            }
        }
        return b.build();
    }

    @Test
    void aGenuineChipIsGenuineAndGivesItsCitizensData(KetnoiSandbox sandbox) {
        SyntheticCitizen c = withCard(sandbox);
        ChipVerification v = verifier(sandbox).verify(ChipDump.fromJson(sandbox.chips().chip(c).json()));

        assertEquals(ChipVerdict.GENUINE, v.verdict(), v.reason());
        assertFalse(v.isActivelyAuthenticated(), "no challenge was answered");
        CitizenData d = v.citizen().orElseThrow();
        assertEquals(c.idNumber(), d.idNumber());
        assertEquals(c.fullName(), d.fullName());
        assertEquals(PartialDate.parseIso(c.birthDate()), d.birthDate());
        assertEquals(Sex.valueOf(c.sex()), d.sex());
        assertEquals(c.permanentResidence().text(), d.residence().orElseThrow());
        assertEquals(c.father().fullName(), d.fatherName().orElseThrow());
        assertEquals(c.mother().fullName(), d.motherName().orElseThrow());
        assertEquals(java.time.LocalDate.parse(c.idCard().issueDate()), d.issueDate().orElseThrow());
        assertTrue(d.otherFields().containsKey(15) && d.otherFields().containsKey(16), "fields 15 and 16 are kept raw");
        Mrz mrz = v.mrz().orElseThrow();
        assertEquals(c.idNumber(), mrz.idNumber().orElseThrow());
        assertEquals(d.birthDate(), mrz.birthDate(), "the MRZ's two-digit year resolved with the ID number's century");
    }

    @Test
    void anIcaoMasterListCanBeTheTrustList(KetnoiSandbox sandbox) {
        ChipVerifier v = ChipVerifier.builder().clock(sandbox.clock())
                .trust(ChipTrust.builder().addMasterList(sandbox.chips().masterList()).build()).build();
        assertEquals(ChipVerdict.GENUINE, v.verify(ChipDump.fromJson(sandbox.chips().chip(withCard(sandbox)).json())).verdict());
    }

    @Test
    void aDataGroupChangedAfterSigningIsAltered(KetnoiSandbox sandbox) {
        ChipVerification v = verify(sandbox, Variant.ALTERED_DATA_GROUP);
        assertEquals(ChipVerdict.DATA_GROUP_ALTERED, v.verdict());
        assertTrue(v.reason().contains("dg13"), v.reason());
        assertTrue(v.citizen().isEmpty() && v.mrz().isEmpty(), "no data from a chip that is not genuine");
    }

    @Test
    void aDataGroupTheSodDoesNotListIsAltered(KetnoiSandbox sandbox) {
        SandboxChip chip = sandbox.chips().chip(withCard(sandbox));
        ChipDump.Builder b = ChipDump.builder().sod(chip.file("sod")).dataGroup(1, chip.file("dg1"))
                .dataGroup(11, new byte[] {0x6B, 0x00});
        assertEquals(ChipVerdict.DATA_GROUP_ALTERED, verifier(sandbox).verify(b.build()).verdict());
    }

    @Test
    void aFlippedBitInTheSignatureIsAnInvalidSignature(KetnoiSandbox sandbox) {
        assertEquals(ChipVerdict.SIGNATURE_INVALID, verify(sandbox, Variant.BAD_SIGNATURE).verdict());
    }

    @Test
    void aSignerUnderAnotherCscaIsUntrusted(KetnoiSandbox sandbox) {
        assertEquals(ChipVerdict.UNTRUSTED_CSCA, verify(sandbox, Variant.UNKNOWN_CSCA).verdict());
    }

    @Test
    void aSignerExpiredWhenItSignedIsRefused(KetnoiSandbox sandbox) {
        assertEquals(ChipVerdict.SIGNER_EXPIRED, verify(sandbox, Variant.EXPIRED_SIGNER).verdict());
    }

    @Test
    void aSignerThatExpiredAfterSigningStillVouchesForWhatItSigned(KetnoiSandbox sandbox) {
        // A card outlives its document signer's certificate: validity is judged at the SOD's signed
        // signing time, not today. Today is after both the signer and the CSCA expired.
        SandboxChip chip = sandbox.chips().chip(withCard(sandbox));
        X509Certificate signer = Sod.parse(chip.file("sod")).certificates().get(0);
        Date last = signer.getNotAfter().after(sandbox.chips().csca().getNotAfter()) ? signer.getNotAfter()
                : sandbox.chips().csca().getNotAfter();
        ChipVerifier later = ChipVerifier.builder().clock(TestClock.fixedAt(last.toInstant().plus(Duration.ofDays(1))))
                .trust(ChipTrust.builder().addCsca(sandbox.chips().csca()).build()).build();

        ChipVerification v = later.verify(ChipDump.fromJson(chip.json()));

        assertEquals(ChipVerdict.GENUINE, v.verdict(), v.reason());
    }

    @Test
    void aCscaThatHadExpiredWhenTheSodWasSignedIsRefused(KetnoiSandbox sandbox) throws Exception {
        // The sandbox CSCA's name and key in a certificate valid 2014 to 2016: the agency's copy of
        // a CSCA certificate that ended before these cards were signed. (A trust anchor's own
        // signature is not what makes it trusted; configuring it is.)
        X509Certificate csca = sandbox.chips().csca();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        X500Name name = X500Name.getInstance(
                csca.getSubjectX500Principal().getEncoded());
        X509CertificateHolder ended = new X509v3CertificateBuilder(name,
                BigInteger.TEN, Date.from(Instant.parse("2014-01-01T00:00:00Z")),
                Date.from(Instant.parse("2016-01-01T00:00:00Z")), name,
                SubjectPublicKeyInfo.getInstance(csca.getPublicKey().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .build(g.generateKeyPair().getPrivate()));
        ChipVerifier v = ChipVerifier.builder().clock(sandbox.clock()).trust(ChipTrust.builder()
                .addCsca(new JcaX509CertificateConverter().getCertificate(ended)).build())
                .build();

        ChipVerification r = v.verify(ChipDump.fromJson(sandbox.chips().chip(withCard(sandbox)).json()));

        assertEquals(ChipVerdict.SIGNER_EXPIRED, r.verdict(), r.reason());
    }

    @Test
    void aSignerOnTheConfiguredCrlIsRevoked(KetnoiSandbox sandbox) {
        assertEquals(ChipVerdict.SIGNER_REVOKED, verify(sandbox, Variant.REVOKED_SIGNER).verdict());
        // The CRL is what finds it: without one configured, the same chip passes.
        ChipVerifier noCrl = ChipVerifier.builder().clock(sandbox.clock())
                .trust(ChipTrust.builder().addCsca(sandbox.chips().csca()).build()).build();
        SandboxChip chip = sandbox.chips().chip(withCard(sandbox), Variant.REVOKED_SIGNER, false);
        assertEquals(ChipVerdict.GENUINE, noCrl.verify(ChipDump.fromJson(chip.json())).verdict());
    }

    @Test
    void aCrlInTheCscasNameThatTheCscaDidNotSignIsIgnored(KetnoiSandbox sandbox) throws Exception {
        // Listing the revoked signer, issued in the CSCA's name, signed by someone else's key.
        SandboxChip revoked = sandbox.chips().chip(withCard(sandbox), Variant.REVOKED_SIGNER, false);
        X509Certificate signer = Sod.parse(revoked.file("sod")).certificates().get(0);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        Date now = Date.from(sandbox.clock().instant());
        X509v2CRLBuilder crl = new X509v2CRLBuilder(
                X500Name.getInstance(sandbox.chips().csca().getSubjectX500Principal().getEncoded()), now);
        crl.setNextUpdate(Date.from(sandbox.clock().instant().plus(Duration.ofDays(30))));
        crl.addCRLEntry(signer.getSerialNumber(), now, CRLReason.keyCompromise);
        X509CRL forged = new JcaX509CRLConverter().getCRL(
                crl.build(new JcaContentSignerBuilder("SHA256withECDSA").build(g.generateKeyPair().getPrivate())));
        ChipVerifier v = ChipVerifier.builder().clock(sandbox.clock())
                .trust(ChipTrust.builder().addCsca(sandbox.chips().csca()).addCrl(forged).build()).build();

        assertEquals(ChipVerdict.GENUINE, v.verify(ChipDump.fromJson(revoked.json())).verdict(),
                "only the CSCA's own CRLs speak for its signers");
    }

    @Test
    void aStaleCrlLeavesTheStatusUnknown(KetnoiSandbox sandbox) {
        TestClock later = TestClock.fixedAt(sandbox.clock().instant().plus(Duration.ofDays(31)));
        ChipVerifier v = ChipVerifier.builder().clock(later)
                .trust(ChipTrust.builder().addCsca(sandbox.chips().csca()).addCrl(sandbox.chips().crl()).build()).build();
        ChipVerification r = v.verify(ChipDump.fromJson(sandbox.chips().chip(withCard(sandbox)).json()));
        assertEquals(ChipVerdict.REVOCATION_UNKNOWN, r.verdict());
    }

    @Test
    void noSodOrAnUnreadableSodIsMalformed(KetnoiSandbox sandbox) {
        SandboxChip chip = sandbox.chips().chip(withCard(sandbox));
        assertEquals(ChipVerdict.MALFORMED, verifier(sandbox).verify(
                ChipDump.builder().dataGroup(1, chip.file("dg1")).build()).verdict());
        byte[] sod = java.util.Arrays.copyOf(chip.file("sod"), chip.file("sod").length - 1);
        ChipVerification v = verifier(sandbox).verify(ChipDump.builder().sod(sod).dataGroup(1, chip.file("dg1")).build());
        assertEquals(ChipVerdict.MALFORMED, v.verdict());
        assertTrue(v.reason().startsWith("sod"), v.reason());
    }

    @Test
    void theChipAnsweringAFreshChallengeIsActivelyAuthenticated(KetnoiSandbox sandbox) {
        ChipVerifier verifier = verifier(sandbox);
        for (boolean rsa : new boolean[] {false, true}) {
            SandboxChip chip = sandbox.chips().chip(withCard(sandbox), Variant.GENUINE, rsa);
            Challenge challenge = verifier.issueChallenge();
            ChipVerification v = verifier.verify(ChipDump.fromJson(chip.json()), challenge.bytes(),
                    chip.answer(challenge.bytes()));
            assertEquals(ChipVerdict.GENUINE, v.verdict(), (rsa ? "RSA: " : "ECDSA: ") + v.reason());
            assertTrue(v.isActivelyAuthenticated());
        }
    }

    @Test
    void aCloneFailsActiveAuthentication(KetnoiSandbox sandbox) {
        ChipVerifier verifier = verifier(sandbox);
        for (boolean rsa : new boolean[] {false, true}) {
            SandboxChip clone = sandbox.chips().chip(withCard(sandbox), Variant.CLONE, rsa);
            ChipDump dump = ChipDump.fromJson(clone.json());
            assertEquals(ChipVerdict.GENUINE, verifier.verify(dump).verdict(), "a clone's data is genuine data");
            Challenge challenge = verifier.issueChallenge();
            ChipVerification v = verifier.verify(dump, challenge.bytes(), clone.answer(challenge.bytes()));
            assertEquals(ChipVerdict.CLONE_SUSPECTED, v.verdict(), rsa ? "RSA" : "ECDSA");
            assertTrue(v.citizen().isEmpty());
        }
    }

    @Test
    void theChipsAnswerToAnotherChallengeIsNoAnswerToThisOne(KetnoiSandbox sandbox) {
        ChipVerifier verifier = verifier(sandbox);
        for (boolean rsa : new boolean[] {false, true}) {
            SandboxChip chip = sandbox.chips().chip(withCard(sandbox), Variant.GENUINE, rsa);
            Challenge asked = verifier.issueChallenge();
            byte[] earlier = verifier.issueChallenge().bytes();
            ChipVerification v = verifier.verify(ChipDump.fromJson(chip.json()), asked.bytes(), chip.answer(earlier));
            assertEquals(ChipVerdict.CLONE_SUSPECTED, v.verdict(), rsa ? "RSA" : "ECDSA");
        }
    }

    @Test
    void withoutDg14EveryEcdsaHashIsTried(KetnoiSandbox sandbox) {
        SandboxChip chip = sandbox.chips().chip(withCard(sandbox), Variant.GENUINE, false);
        ChipVerifier verifier = verifier(sandbox);
        Challenge challenge = verifier.issueChallenge();
        ChipVerification v = verifier.verify(without(chip, "dg14"), challenge.bytes(), chip.answer(challenge.bytes()));
        assertEquals(ChipVerdict.GENUINE, v.verdict(), v.reason());
        assertTrue(v.isActivelyAuthenticated());
    }

    @Test
    void aReplayedStaleOrUnknownChallengeIsRefused(KetnoiSandbox sandbox) {
        TestClock clock = TestClock.fixedAt(sandbox.clock().instant());
        ChipVerifier verifier = ChipVerifier.builder().clock(clock)
                .trust(ChipTrust.builder().addCsca(sandbox.chips().csca()).build()).build();
        SandboxChip chip = sandbox.chips().chip(withCard(sandbox));
        ChipDump dump = ChipDump.fromJson(chip.json());

        Challenge once = verifier.issueChallenge();
        byte[] answer = chip.answer(once.bytes());
        assertEquals(ChipVerdict.GENUINE, verifier.verify(dump, once.bytes(), answer).verdict());
        assertEquals(ChipVerdict.CHALLENGE_REFUSED, verifier.verify(dump, once.bytes(), answer).verdict(), "replayed");

        Challenge stale = verifier.issueChallenge();
        clock.advance(Duration.ofMinutes(1));
        assertEquals(ChipVerdict.CHALLENGE_REFUSED,
                verifier.verify(dump, stale.bytes(), chip.answer(stale.bytes())).verdict(), "expired");

        byte[] own = {1, 2, 3, 4, 5, 6, 7, 8};
        assertEquals(ChipVerdict.CHALLENGE_REFUSED, verifier.verify(dump, own, chip.answer(own)).verdict(), "never issued");
    }

    @Test
    void activeAuthenticationWithoutDg15IsUnavailable(KetnoiSandbox sandbox) {
        SandboxChip chip = sandbox.chips().chip(withCard(sandbox));
        ChipVerifier verifier = verifier(sandbox);
        Challenge challenge = verifier.issueChallenge();
        assertEquals(ChipVerdict.ACTIVE_AUTHENTICATION_UNAVAILABLE,
                verifier.verify(without(chip, "dg15"), challenge.bytes(), chip.answer(challenge.bytes())).verdict());
    }
}
