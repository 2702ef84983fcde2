package vn.ketnoi.chip;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import vn.ketnoi.core.identity.CccdQrCode;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.core.identity.VietnameseNames;

/**
 * Compares the chip's DG13 with other sources of the same facts: its own DG1 (MRZ), the card's QR
 * code, a population record, and the ID number's own digits. Each disagreement names the field and
 * what differs, never the values (they are personal data). An empty list means every field both
 * sides hold agrees. Run these on a {@link ChipVerdict#GENUINE} dump: they show a card that was
 * issued inconsistently, or data that belongs to someone else, not a forgery the signature missed.
 *
 * <p>Names are compared as the ID card states them: exactly (case, spacing and Unicode form aside)
 * between DG13, the QR code and a record, which all carry diacritics; with diacritics ignored
 * against the MRZ, which is ASCII.
 */
public final class CrossCheck {

    /**
     * One field on which two sources disagree.
     *
     * @param field the field, such as {@code birthDate}
     * @param problem what differs, without the values
     */
    public record Disagreement(String field, String problem) {
    }

    private CrossCheck() {
    }

    /**
     * DG13 against DG1: ID number, document number, name (diacritics ignored), date of birth, sex, expiry.
     *
     * @param chip the chip's DG13
     * @param mrz the chip's DG1
     * @return the disagreements, empty when none
     */
    public static List<Disagreement> against(CitizenData chip, Mrz mrz) {
        Objects.requireNonNull(chip, "chip");
        Objects.requireNonNull(mrz, "mrz");
        List<Disagreement> out = new ArrayList<>();
        if (mrz.idNumber().isPresent() && !mrz.idNumber().get().equals(chip.idNumber())) {
            out.add(new Disagreement("idNumber", "the MRZ's optional data holds another ID number"));
        }
        if (!chip.idNumber().endsWith(mrz.documentNumber())) {
            out.add(new Disagreement("documentNumber", "the MRZ's document number is not the ID number's last nine digits"));
        }
        String mrzName = VietnameseNames.comparisonKey(mrz.fullName());
        String chipName = VietnameseNames.comparisonKey(chip.fullName());
        // The MRZ's 30-character name line truncates long names; a prefix of the full name agrees.
        boolean truncated = mrz.surname().length() + mrz.givenNames().length() + 2 >= 28 && chipName.startsWith(mrzName);
        if (!mrzName.equals(chipName) && !truncated) {
            out.add(new Disagreement("fullName", "the MRZ spells another name (diacritics ignored)"));
        }
        birthDate(out, chip.birthDate(), mrz.birthDate(), "the MRZ");
        if (mrz.sex() != Sex.UNKNOWN && mrz.sex() != chip.sex()) {
            out.add(new Disagreement("sex", "the MRZ states the other sex"));
        }
        if (chip.expiryDate().isPresent() && !chip.expiryDate().get().equals(mrz.expiryDate())) {
            out.add(new Disagreement("expiryDate", "the MRZ states another expiry date"));
        }
        return List.copyOf(out);
    }

    /**
     * DG13 against the card's printed QR code: ID number, name, date of birth, sex, residence, issue date.
     *
     * @param chip the chip's DG13
     * @param qr the QR code read from the same card
     * @return the disagreements, empty when none
     */
    public static List<Disagreement> against(CitizenData chip, CccdQrCode qr) {
        Objects.requireNonNull(chip, "chip");
        Objects.requireNonNull(qr, "qr");
        List<Disagreement> out = new ArrayList<>();
        if (!qr.idNumber().value().equals(chip.idNumber())) {
            out.add(new Disagreement("idNumber", "the QR code holds another ID number"));
        }
        if (!VietnameseNames.matchesExactly(chip.fullName(), qr.fullName())) {
            out.add(new Disagreement("fullName", "the QR code spells another name"));
        }
        birthDate(out, chip.birthDate(), qr.birthDate(), "the QR code");
        if (qr.sex() != chip.sex()) {
            out.add(new Disagreement("sex", "the QR code states the other sex"));
        }
        if (chip.residence().isPresent() && !qr.residence().isBlank()
                && !VietnameseNames.comparisonKey(chip.residence().get()).equals(VietnameseNames.comparisonKey(qr.residence()))) {
            out.add(new Disagreement("residence", "the QR code states another residence"));
        }
        if (chip.issueDate().isPresent() && !chip.issueDate().get().equals(qr.issueDate())) {
            out.add(new Disagreement("issueDate", "the QR code states another issue date"));
        }
        return List.copyOf(out);
    }

    /**
     * DG13 against a record from another source, such as the population database's answer for the
     * same ID number: the three facts every source has.
     *
     * @param chip the chip's DG13
     * @param idNumber the record's 12-digit ID number
     * @param fullName the record's full name, with diacritics
     * @param birthDate the record's date of birth, at its precision
     * @return the disagreements, empty when none
     */
    public static List<Disagreement> against(CitizenData chip, String idNumber, String fullName, PartialDate birthDate) {
        Objects.requireNonNull(chip, "chip");
        List<Disagreement> out = new ArrayList<>();
        if (!chip.idNumber().equals(idNumber)) {
            out.add(new Disagreement("idNumber", "the record has another ID number"));
        }
        if (fullName == null || fullName.isBlank() || !VietnameseNames.matchesExactly(chip.fullName(), fullName)) {
            out.add(new Disagreement("fullName", "the record spells another name"));
        }
        if (birthDate == null) {
            out.add(new Disagreement("birthDate", "the record has none"));
        } else {
            birthDate(out, chip.birthDate(), birthDate, "the record");
        }
        return List.copyOf(out);
    }

    /**
     * The ID number's digit {@code G} (century and sex) and {@code YY} against DG13's date of birth
     * and sex.
     *
     * @param chip the chip's DG13
     * @return the disagreements, empty when none
     */
    public static List<Disagreement> idNumberDigits(CitizenData chip) {
        Objects.requireNonNull(chip, "chip");
        List<Disagreement> out = new ArrayList<>();
        String id = chip.idNumber();
        int g = id.charAt(3) - '0';
        int year = 1900 + g / 2 * 100 + Integer.parseInt(id.substring(4, 6));
        if (year != chip.birthDate().year()) {
            out.add(new Disagreement("birthDate", "the ID number's century digit and year give another year of birth"));
        }
        Sex sex = g % 2 == 0 ? Sex.MALE : Sex.FEMALE;
        if (sex != chip.sex()) {
            out.add(new Disagreement("sex", "the ID number's century digit gives the other sex"));
        }
        return List.copyOf(out);
    }

    private static void birthDate(List<Disagreement> out, PartialDate chip, PartialDate other, String source) {
        if (!chip.isCompatibleWith(other)) {
            out.add(new Disagreement("birthDate", source + " states another date of birth"));
        } else if (chip.precision() != other.precision()) {
            out.add(new Disagreement("birthDate", source + " states the date of birth at another precision"));
        }
    }
}
