package vn.ketnoi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxChip;
import vn.ketnoi.testkit.SyntheticCitizen;

/** The data-group parsers on their own: what each reads, what each refuses, and what none ever shows. */
@ExtendWith(KetnoiSandboxExtension.class)
class LdsParsersTest {

    /** A TD1 MRZ as DG1 holds it, check digits computed. */
    static String mrz(String idNumber, String yymmdd, char sex, String name) {
        String doc = idNumber.substring(3);
        String l1 = "IDVNM" + doc + Mrz.checkDigit(doc) + (idNumber + "<<<").substring(0, 15);
        String l2 = yymmdd + Mrz.checkDigit(yymmdd) + sex + "310101" + Mrz.checkDigit("310101") + "VNM" + "<".repeat(11);
        l2 += Mrz.checkDigit(l1.substring(5) + l2.substring(0, 7) + l2.substring(8, 15) + l2.substring(18, 29));
        return l1 + l2 + (name + "<".repeat(30)).substring(0, 30);
    }

    @Test
    void theMrzsTwoDigitYearTakesItsCenturyFromTheIdNumber() {
        // G = 2: born in the 2000s, although "05" alone could be 1905.
        Mrz born2005 = Mrz.parse(mrz("001205012345", "050314", 'M', "NGUYEN<<VAN<AN"));
        assertEquals(PartialDate.of(2005, 3, 14), born2005.birthDate());
        // G = 1: born in the 1900s, although "25" alone could be 2025.
        Mrz born1925 = Mrz.parse(mrz("001125012345", "250314", 'F', "TRAN<<THI<BINH"));
        assertEquals(PartialDate.of(1925, 3, 14), born1925.birthDate());
        assertEquals(Sex.FEMALE, born1925.sex());
        assertEquals("TRAN THI BINH", born1925.fullName());
        assertEquals("001125012345", born1925.idNumber().orElseThrow());
    }

    @Test
    void anUnknownDayOrMonthInTheMrzGivesAPartialDate() {
        assertEquals(PartialDate.ofYearMonth(1990, 5), Mrz.parse(mrz("001090012345", "9005<<", 'M', "LE<<AN")).birthDate());
        assertEquals(PartialDate.ofYear(1990), Mrz.parse(mrz("001090012345", "90<<<<", 'M', "LE<<AN")).birthDate());
    }

    @Test
    void everyCheckDigitIsChecked() {
        String good = mrz("001090012345", "900514", 'M', "LE<<AN");
        for (int at : new int[] {14, 36, 44, 59}) { // document number, birth date, expiry, composite
            char[] c = good.toCharArray();
            c[at] = c[at] == '9' ? '0' : (char) (c[at] + 1);
            ChipFormatException e = assertThrows(ChipFormatException.class, () -> Mrz.parse(new String(c)));
            assertTrue(e.problem().contains("check digit"), e.getMessage());
        }
        assertThrows(ChipFormatException.class, () -> Mrz.parse(good.substring(1)));
        assertThrows(ChipFormatException.class, () -> Mrz.parse(good.replace('L', 'l')));
    }

    @Test
    void dg13ReadsEveryVietnameseField(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().find(x -> x.idCard() != null && x.spouse() != null
                && x.oldIdNumber() != null).orElseThrow();
        CitizenData d = CitizenData.parseDg13(sandbox.chips().chip(c).file("dg13"));
        assertEquals(c.fullName(), d.fullName());
        assertEquals("Việt Nam", d.nationality().orElseThrow());
        assertEquals(c.ethnicity(), d.ethnicity().orElseThrow());
        assertEquals(c.religion(), d.religion().orElseThrow());
        assertEquals(c.placeOfOrigin().text(), d.placeOfOrigin().orElseThrow());
        assertTrue(d.identifyingFeatures().isPresent());
        assertEquals(c.spouse().fullName(), d.spouseName().orElseThrow());
        assertEquals(c.idCard().expiryDate() == null, d.expiryDate().isEmpty(), "Không thời hạn is no expiry date");
        // Field 16, kept raw: SEQUENCE { INTEGER 16, UTF8String }.
        byte[] raw16 = d.otherFields().get(16);
        assertTrue(new String(raw16, StandardCharsets.UTF_8).endsWith(c.oldIdNumber()));
    }

    @Test
    void dg13WithAPartialDateOfBirthKeepsItsPrecision(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().find(x -> x.idCard() != null && !x.hasFullBirthDate()).orElseThrow();
        assertEquals(PartialDate.parseIso(c.birthDate()), CitizenData.parseDg13(sandbox.chips().chip(c).file("dg13")).birthDate());
    }

    @Test
    void dg13WithoutItsRequiredFieldsIsRefusedByName() {
        byte[] onlyName = {0x6D, 0x0A, 0x30, 0x08, 0x02, 0x01, 0x02, 0x0C, 0x03, 'A', 'n', 'h'};
        ChipFormatException e = assertThrows(ChipFormatException.class, () -> CitizenData.parseDg13(onlyName));
        assertEquals("dg13.idNumber", e.field());
    }

    @Test
    void dg2GivesTheImageBytesAndFormatUndecoded(KetnoiSandbox sandbox) {
        FaceImage face = FaceImage.parseDg2(sandbox.chips().chip(sandbox.population().find(x -> x.idCard() != null)
                .orElseThrow()).file("dg2"));
        assertEquals(FaceImage.Format.JPEG, face.format());
        byte[] b = face.bytes();
        assertEquals((byte) 0xFF, b[0]);
        assertEquals((byte) 0xD8, b[1]);
        assertEquals(480, face.width());
    }

    @Test
    void efComListsTheDataGroups(KetnoiSandbox sandbox) {
        EfCom com = EfCom.parse(sandbox.chips().chip(sandbox.population().find(x -> x.idCard() != null)
                .orElseThrow()).file("com"));
        assertEquals("0107", com.ldsVersion());
        assertEquals(List.of(1, 2, 13, 14, 15), com.dataGroups());
    }

    @Test
    void dg14AndDg15GiveTheActiveAuthenticationAlgorithmAndKey(KetnoiSandbox sandbox) {
        SandboxChip chip = sandbox.chips().chip(sandbox.population().find(x -> x.idCard() != null).orElseThrow());
        assertEquals("0.4.0.127.0.7.1.1.4.1.3",
                ChipSecurityInfos.parseDg14(chip.file("dg14")).activeAuthenticationAlgorithm().orElseThrow());
        assertEquals("EC", ActiveAuthenticationKey.parseDg15(chip.file("dg15")).algorithm());
    }

    @Test
    void theAppsJsonIsReadStrictly() {
        assertEquals("dump.dg1", assertThrows(ChipFormatException.class,
                () -> ChipDump.fromJson("{\"dg1\":\"not base64!\"}")).field());
        assertThrows(ChipFormatException.class, () -> ChipDump.fromJson("{\"dg1\":\"AA==\",\"dg1\":\"AA==\"}"));
        assertThrows(ChipFormatException.class, () -> ChipDump.fromJson("[]"));
        assertThrows(ChipFormatException.class, () -> ChipDump.fromJson("{\"dg1\":{\"x\":1}}"));
        assertEquals(java.util.Set.of(1), ChipDump.fromJson("{\"dg1\":\"YQA=\",\"appVersion\":\"2.1\"}").dataGroupNumbers());
        assertThrows(ChipFormatException.class, () -> ChipDump.builder().dataGroup(2, new byte[ChipDump.MAX_FACE_BYTES + 1]));
    }

    /** The face, the MRZ and the citizen's fields never reach toString() or an exception message. */
    @Test
    void neitherTheFaceNorTheMrzNorTheFieldsAreEverShown(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().find(x -> x.idCard() != null).orElseThrow();
        SandboxChip chip = sandbox.chips().chip(c);
        ChipDump dump = ChipDump.fromJson(chip.json());
        ChipVerification v = ChipVerifier.builder().clock(sandbox.clock())
                .trust(ChipTrust.builder().addCsca(sandbox.chips().csca()).build()).build().verify(dump);
        String mrzText = new String(chip.file("dg1"), 5, 90, StandardCharsets.US_ASCII);
        String shown = String.join("\n", dump.toString(), v.toString(), v.mrz().orElseThrow().toString(),
                v.citizen().orElseThrow().toString(), FaceImage.parseDg2(chip.file("dg2")).toString(), chip.toString());
        for (String secret : new String[] {c.idNumber(), c.idNumber().substring(3), c.fullName(), mrzText,
                mrzText.substring(60), c.birthDate(), java.util.Base64.getEncoder().encodeToString(chip.file("dg2"))}) {
            assertFalse(shown.contains(secret), "shown: " + secret.length() + " characters of personal data");
        }
        // A refusal names the field, never the value.
        byte[] bad = chip.file("dg1");
        bad[5 + 30 + 6] = (byte) (bad[5 + 30 + 6] == '9' ? '0' : bad[5 + 30 + 6] + 1);
        ChipFormatException e = assertThrows(ChipFormatException.class, () -> Mrz.parseDg1(bad));
        assertEquals("dg1.birthDate", e.field());
        assertFalse(e.getMessage().contains(mrzText.substring(30, 36)));
        assertFalse(e.getMessage().contains(c.idNumber()));
    }
}
