package vn.ketnoi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import vn.ketnoi.chip.CrossCheck.Disagreement;
import vn.ketnoi.core.identity.CccdQrCode;

/**
 * Each cross-check field on its own, with a DG13, an MRZ and a QR code made here (synthetic
 * values): the field that differs is the one reported, and nothing else; an agreeing source
 * reports nothing. {@link CrossCheckTest} runs the same checks on the sandbox's cards.
 */
class CrossCheckFieldsTest {
    static final String ID = "001090012345"; // G = 0: a man born in the 1900s, year 90

    /** DG13 as the chip holds it: 6D { SEQUENCE { INTEGER n, UTF8String value } ... }. */
    static CitizenData dg13(String id, String name, String birth, String sex, String residence, String issue,
                            String expiry) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        String[] values = {id, name, birth, sex, null, null, null, null, residence, null, issue, expiry};
        for (int n = 1; n <= values.length; n++) {
            if (values[n - 1] != null) {
                byte[] v = values[n - 1].getBytes(StandardCharsets.UTF_8);
                fields.writeBytes(tlv(0x30, concat(new byte[] {0x02, 0x01, (byte) n}, tlv(0x0C, v))));
            }
        }
        return CitizenData.parseDg13(tlv(0x6D, fields.toByteArray()));
    }

    static CitizenData base() {
        return dg13(ID, "Lê Văn An", "14/05/1990", "Nam", "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", "01/02/2021",
                "14/05/2030");
    }

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else {
            out.write(0x82);
            out.write(value.length >> 8);
            out.write(value.length & 0xFF);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A TD1 MRZ, check digits computed. */
    static Mrz mrz(String optionalId, String document, String birth, char sex, String expiry, String name) {
        String l1 = "IDVNM" + document + Mrz.checkDigit(document) + (optionalId + "<".repeat(15)).substring(0, 15);
        String l2 = birth + Mrz.checkDigit(birth) + sex + expiry + Mrz.checkDigit(expiry) + "VNM" + "<".repeat(11);
        l2 += Mrz.checkDigit(l1.substring(5) + l2.substring(0, 7) + l2.substring(8, 15) + l2.substring(18, 29));
        return Mrz.parse(l1 + l2 + (name + "<".repeat(30)).substring(0, 30));
    }

    static Mrz mrz() {
        return mrz(ID, ID.substring(3), "900514", 'M', "300514", "LE<<VAN<AN");
    }

    static List<String> fields(List<Disagreement> d) {
        return d.stream().map(Disagreement::field).toList();
    }

    static CccdQrCode qr(String id, String name, String birth, String sex, String residence, String issue) {
        return CccdQrCode.parse(String.join("|", id, "", name, birth, sex, residence, issue));
    }

    static CccdQrCode qr() {
        return qr(ID, "Lê Văn An", "14051990", "Nam", "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", "01022021");
    }

    @Test
    void theMrzDisagreesOnTheFieldThatDiffersOnly() {
        CitizenData chip = base();
        assertEquals(List.of(), fields(CrossCheck.against(chip, mrz())));
        assertEquals(List.of("idNumber"), fields(CrossCheck.against(chip,
                mrz("001090099999", ID.substring(3), "900514", 'M', "300514", "LE<<VAN<AN"))));
        assertEquals(List.of("documentNumber"), fields(CrossCheck.against(chip,
                mrz(ID, "090099999", "900514", 'M', "300514", "LE<<VAN<AN"))));
        assertEquals(List.of("fullName"), fields(CrossCheck.against(chip,
                mrz(ID, ID.substring(3), "900514", 'M', "300514", "LE<<VAN<ANH"))));
        assertEquals(List.of("birthDate"), fields(CrossCheck.against(chip,
                mrz(ID, ID.substring(3), "900515", 'M', "300514", "LE<<VAN<AN"))));
        assertEquals(List.of("sex"), fields(CrossCheck.against(chip,
                mrz(ID, ID.substring(3), "900514", 'F', "300514", "LE<<VAN<AN"))));
        assertEquals(List.of("expiryDate"), fields(CrossCheck.against(chip,
                mrz(ID, ID.substring(3), "900514", 'M', "300515", "LE<<VAN<AN"))));
        assertEquals(List.of("idNumber", "documentNumber", "fullName", "birthDate", "sex", "expiryDate"),
                fields(CrossCheck.against(chip, mrz("001090099999", "090099999", "900515", 'F', "300515", "TRAN<<BINH"))));
    }

    @Test
    void anMrzThatStatesNoSexOrACardWithoutExpiryLeavesThoseFieldsUnchecked() {
        assertEquals(List.of(), fields(CrossCheck.against(base(),
                mrz(ID, ID.substring(3), "900514", '<', "300514", "LE<<VAN<AN"))));
        CitizenData noExpiry = dg13(ID, "Lê Văn An", "14/05/1990", "Nam", null, null, "Không thời hạn");
        assertEquals(List.of(), fields(CrossCheck.against(noExpiry,
                mrz(ID, ID.substring(3), "900514", 'M', "991231", "LE<<VAN<AN"))));
    }

    @Test
    void aNameCutByTheFullMrzLineAgreesAndAShortPrefixDoesNot() {
        CitizenData chip = dg13(ID, "Nguyễn Thị Hoàng Phương Thảo", "14/05/1990", "Nam", null, null, null);
        // 28 characters: the line is full (with the two fillers after it), so the name was cut.
        String cut28 = "NGUYEN<<THI<HOANG<PHUONG<THA";
        assertEquals(28, cut28.length());
        assertEquals(List.of(), fields(CrossCheck.against(chip, mrz(ID, ID.substring(3), "900514", 'M', "300514", cut28))));
        // One character shorter: room was left, so a missing end is another name.
        assertEquals(List.of("fullName"), fields(CrossCheck.against(chip,
                mrz(ID, ID.substring(3), "900514", 'M', "300514", cut28.substring(0, 27)))));
        // A full line that is not a prefix of the name is another name.
        assertEquals(List.of("fullName"), fields(CrossCheck.against(chip,
                mrz(ID, ID.substring(3), "900514", 'M', "300514", "NGUYEN<<THI<HOANG<PHUONG<THU"))));
    }

    @Test
    void theQrCodeDisagreesOnTheFieldThatDiffersOnly() {
        CitizenData chip = base();
        assertEquals(List.of(), fields(CrossCheck.against(chip, qr())));
        assertEquals(List.of("sex"), fields(CrossCheck.against(chip,
                qr(ID, "Lê Văn An", "14051990", "Nữ", "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", "01022021"))));
        assertEquals(List.of("residence"), fields(CrossCheck.against(chip,
                qr(ID, "Lê Văn An", "14051990", "Nam", "Số 2 Tràng Tiền, Hoàn Kiếm, Hà Nội", "01022021"))));
        assertEquals(List.of("issueDate"), fields(CrossCheck.against(chip,
                qr(ID, "Lê Văn An", "14051990", "Nam", "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", "02022021"))));
        assertEquals(List.of("idNumber"), fields(CrossCheck.against(chip,
                qr("001090099999", "Lê Văn An", "14051990", "Nam", "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", "01022021"))));
        // Residence compared ignoring case and spacing; not compared when either side has none.
        assertEquals(List.of(), fields(CrossCheck.against(chip,
                qr(ID, "Lê Văn An", "14051990", "Nam", "số 1 tràng tiền,  hoàn kiếm, hà nội", "01022021"))));
        CitizenData noResidence = dg13(ID, "Lê Văn An", "14/05/1990", "Nam", null, "01/02/2021", null);
        assertEquals(List.of(), fields(CrossCheck.against(noResidence, qr())));
    }

    @Test
    void theIdNumbersDigitsGiveCenturySexAndYear() {
        assertEquals(List.of(), fields(CrossCheck.idNumberDigits(base())));
        // G = 3: a woman born in the 2000s, year 05.
        CitizenData woman2005 = dg13("001305012345", "Trần Thị Bình", "14/03/2005", "Nữ", null, null, null);
        assertEquals(List.of(), fields(CrossCheck.idNumberDigits(woman2005)));
        // G = 2 (a man of the 2000s) on a card that says 1905.
        CitizenData wrongCentury = dg13("001205012345", "Trần Văn Bình", "14/03/1905", "Nam", null, null, null);
        assertEquals(List.of("birthDate"), fields(CrossCheck.idNumberDigits(wrongCentury)));
        CitizenData wrongYear = dg13(ID, "Lê Văn An", "14/05/1991", "Nam", null, null, null);
        assertEquals(List.of("birthDate"), fields(CrossCheck.idNumberDigits(wrongYear)));
    }
}
