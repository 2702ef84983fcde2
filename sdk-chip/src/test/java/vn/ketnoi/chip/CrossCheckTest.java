package vn.ketnoi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.chip.CrossCheck.Disagreement;
import vn.ketnoi.core.identity.CccdQrCode;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxChip;
import vn.ketnoi.testkit.SyntheticCitizen;

/** DG13 against DG1, the QR code, a population record and the ID number's own digits: each disagreement by field. */
@ExtendWith(KetnoiSandboxExtension.class)
class CrossCheckTest {

    static SyntheticCitizen citizen(KetnoiSandbox sandbox) {
        return sandbox.population().find(c -> c.idCard() != null && c.hasFullBirthDate() && c.oldIdNumber() == null)
                .orElseThrow();
    }

    static String qr(SyntheticCitizen c, String name, String birthDate) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("ddMMyyyy");
        return String.join("|", c.idNumber(), "", name, LocalDate.parse(birthDate).format(f),
                c.sex().equals("FEMALE") ? "Nữ" : "Nam", c.permanentResidence().text(),
                LocalDate.parse(c.idCard().issueDate()).format(f));
    }

    @Test
    void aGenuineCardAgreesWithItselfItsQrCodeAndTheRegister(KetnoiSandbox sandbox) {
        SyntheticCitizen c = citizen(sandbox);
        SandboxChip chip = sandbox.chips().chip(c);
        CitizenData dg13 = CitizenData.parseDg13(chip.file("dg13"));
        assertEquals(List.of(), CrossCheck.against(dg13, Mrz.parseDg1(chip.file("dg1"))));
        assertEquals(List.of(), CrossCheck.against(dg13, CccdQrCode.parse(qr(c, c.fullName(), c.birthDate()))));
        assertEquals(List.of(), CrossCheck.against(dg13, c.idNumber(), c.fullName(), PartialDate.parseIso(c.birthDate())));
        assertEquals(List.of(), CrossCheck.idNumberDigits(dg13));
    }

    @Test
    void eachDisagreementIsReportedByField(KetnoiSandbox sandbox) {
        SyntheticCitizen c = citizen(sandbox);
        CitizenData dg13 = CitizenData.parseDg13(sandbox.chips().chip(c).file("dg13"));
        String otherDay = LocalDate.parse(c.birthDate()).plusDays(1).toString();

        List<Disagreement> qr = CrossCheck.against(dg13, CccdQrCode.parse(qr(c, c.fullName() + " Anh", otherDay)));
        assertEquals(List.of("fullName", "birthDate"), qr.stream().map(Disagreement::field).toList());

        // A tone mark is a different name for identity: "Hà" is not "Hạ".
        String retoned = c.fullName().replace("a", "ạ").replace("A", "Ạ");
        List<Disagreement> record = CrossCheck.against(dg13, c.idNumber(), retoned, PartialDate.parseIso(c.birthDate()));
        assertEquals(c.fullName().equals(retoned) ? List.of() : List.of("fullName"),
                record.stream().map(Disagreement::field).toList());

        List<Disagreement> yearOnly = CrossCheck.against(dg13, c.idNumber(), c.fullName(),
                PartialDate.ofYear(dg13.birthDate().year()));
        assertEquals(List.of("birthDate"), yearOnly.stream().map(Disagreement::field).toList(), "another precision");
    }

    @Test
    void theIdNumbersCenturyAndSexDigitIsCheckedAgainstDg13(KetnoiSandbox sandbox) {
        SyntheticCitizen c = citizen(sandbox);
        SandboxChip chip = sandbox.chips().chip(c);
        // The same card with digit G flipped between male and female of the same century.
        String id = c.idNumber();
        char g = id.charAt(3);
        String flipped = id.substring(0, 3) + (char) (g % 2 == 0 ? g + 1 : g - 1) + id.substring(4);
        byte[] dg13 = chip.file("dg13");
        byte[] from = id.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] to = flipped.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= dg13.length; i++) {
            if (java.util.Arrays.equals(dg13, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, dg13, i, to.length);
                break;
            }
        }
        assertEquals(List.of("sex"), CrossCheck.idNumberDigits(CitizenData.parseDg13(dg13)).stream()
                .map(Disagreement::field).toList());
    }
}
