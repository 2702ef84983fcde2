package vn.ketnoi.chip;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.chip.internal.Der;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.Sex;

/**
 * DG1: the card's machine-readable zone, a TD1 MRZ of three lines of 30 characters (ICAO 9303 part
 * 5), with every check digit verified. On the CCCD the 12-digit personal ID number sits in the
 * first optional-data field, and the two-digit birth year is resolved with the ID number's century
 * digit ({@code G}: 0/1 the 1900s, 2/3 the 2000s, ...), never by guessing from today's date.
 *
 * <p>The MRZ is the key to the chip (BAC) and personal data: {@link #toString()} shows only the
 * document code and issuing state. Immutable and thread-safe.
 */
public final class Mrz {
    private static final int TAG_DG1 = 0x61;
    private static final int TAG_MRZ = 0x5F1F;

    private final String documentCode;
    private final String issuingState;
    private final String documentNumber;
    private final @Nullable String idNumber;
    private final PartialDate birthDate;
    private final Sex sex;
    private final LocalDate expiryDate;
    private final String nationality;
    private final String surname;
    private final String givenNames;

    private Mrz(String documentCode, String issuingState, String documentNumber, @Nullable String idNumber,
                PartialDate birthDate, Sex sex, LocalDate expiryDate, String nationality, String surname,
                String givenNames) {
        this.documentCode = documentCode;
        this.issuingState = issuingState;
        this.documentNumber = documentNumber;
        this.idNumber = idNumber;
        this.birthDate = birthDate;
        this.sex = sex;
        this.expiryDate = expiryDate;
        this.nationality = nationality;
        this.surname = surname;
        this.givenNames = givenNames;
    }

    /**
     * Reads DG1 ({@code 61 { 5F1F mrz }}).
     *
     * @param dg1 the file as read from the chip
     * @return the MRZ
     * @throws ChipFormatException (fields {@code dg1.*}) when the file is not a TD1 MRZ or a check digit fails
     */
    public static Mrz parseDg1(byte[] dg1) {
        if (dg1 == null) {
            throw new ChipFormatException("dg1", "is missing");
        }
        Der.Tlv outer = Der.file(dg1, TAG_DG1, "dg1");
        Der.Tlv inner = Der.read(dg1, outer.valueOffset(), outer.end(), "dg1");
        if (inner.tag() != TAG_MRZ) {
            throw new ChipFormatException("dg1", "does not hold an MRZ (tag 5F1F)");
        }
        return parse(new String(dg1, inner.valueOffset(), inner.length(), StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads the 90 characters of a TD1 MRZ (line breaks, if any, removed first).
     *
     * @param text the MRZ
     * @return the MRZ
     * @throws ChipFormatException (fields {@code dg1.*}) when it is not a TD1 MRZ or a check digit fails
     */
    public static Mrz parse(String text) {
        if (text == null) {
            throw new ChipFormatException("dg1.mrz", "is missing");
        }
        String m = text.replace("\r", "").replace("\n", "");
        if (m.length() != 90) {
            throw new ChipFormatException("dg1.mrz", "is not 90 characters (a TD1 MRZ has three lines of 30)");
        }
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == '<')) {
                throw new ChipFormatException("dg1.mrz", "has a character outside 0-9, A-Z and <");
            }
        }
        String l1 = m.substring(0, 30);
        String l2 = m.substring(30, 60);
        String l3 = m.substring(60, 90);
        String documentNumber = l1.substring(5, 14);
        check(documentNumber, l1.charAt(14), "dg1.documentNumber");
        check(l2.substring(0, 6), l2.charAt(6), "dg1.birthDate");
        check(l2.substring(8, 14), l2.charAt(14), "dg1.expiryDate");
        check(l1.substring(5, 30) + l2.substring(0, 7) + l2.substring(8, 15) + l2.substring(18, 29), l2.charAt(29),
                "dg1.composite");

        String optional = l1.substring(15, 30);
        String idNumber = null;
        if (optional.length() >= 12 && optional.substring(0, 12).chars().allMatch(c -> c >= '0' && c <= '9')) {
            idNumber = optional.substring(0, 12);
        }
        PartialDate birthDate = birthDate(l2.substring(0, 6), idNumber);
        Sex sex = switch (l2.charAt(7)) {
            case 'M' -> Sex.MALE;
            case 'F' -> Sex.FEMALE;
            case '<', 'X' -> Sex.UNKNOWN;
            default -> throw new ChipFormatException("dg1.sex", "is not M, F, X or <");
        };
        LocalDate expiry = fullDate(2000, l2.substring(8, 14), "dg1.expiryDate");
        String[] names = l3.split("<<", 2);
        String surname = names[0].replace('<', ' ').strip();
        String given = names.length > 1 ? names[1].replace('<', ' ').strip().replaceAll(" +", " ") : "";
        return new Mrz(l1.substring(0, 2).replace("<", ""), l1.substring(2, 5).replace("<", ""),
                documentNumber.replace("<", ""), idNumber, birthDate, sex, expiry,
                l2.substring(15, 18).replace("<", ""), surname, given);
    }

    /** ICAO 9303 part 3 check digit: weights 7, 3, 1; A-Z are 10-35, the filler is 0. */
    static int checkDigit(String s) {
        int[] w = {7, 3, 1};
        int sum = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int v = c == '<' ? 0 : c <= '9' ? c - '0' : c - 'A' + 10;
            sum += v * w[i % 3];
        }
        return sum % 10;
    }

    private static void check(String data, char digit, String field) {
        int expected = checkDigit(data);
        int given = digit == '<' ? 0 : digit - '0';
        if (digit != '<' && (digit < '0' || digit > '9') || given != expected) {
            throw new ChipFormatException(field, "does not match its check digit");
        }
    }

    /** YYMMDD with the century from the ID number's digit G; {@code <<} for an unknown day or month. */
    private static PartialDate birthDate(String yymmdd, @Nullable String idNumber) {
        if (!yymmdd.substring(0, 2).chars().allMatch(Character::isDigit)) {
            throw new ChipFormatException("dg1.birthDate", "has no year");
        }
        int yy = Integer.parseInt(yymmdd.substring(0, 2));
        int year;
        if (idNumber != null) {
            int century = 1900 + (idNumber.charAt(3) - '0') / 2 * 100;
            year = century + yy;
        } else {
            // No ID number to resolve it: the most recent year not in the future (ICAO's usual rule).
            int now = LocalDate.now(java.time.ZoneOffset.UTC).getYear();
            year = 2000 + yy > now ? 1900 + yy : 2000 + yy;
        }
        String mm = yymmdd.substring(2, 4);
        String dd = yymmdd.substring(4, 6);
        try {
            if (mm.equals("<<")) {
                return PartialDate.ofYear(year);
            }
            if (dd.equals("<<")) {
                return PartialDate.ofYearMonth(year, digits(mm, "dg1.birthDate"));
            }
            return PartialDate.of(year, digits(mm, "dg1.birthDate"), digits(dd, "dg1.birthDate"));
        } catch (ChipFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ChipFormatException("dg1.birthDate", "is not a date", e);
        }
    }

    private static LocalDate fullDate(int century, String yymmdd, String field) {
        try {
            return LocalDate.of(century + digits(yymmdd.substring(0, 2), field), digits(yymmdd.substring(2, 4), field),
                    digits(yymmdd.substring(4, 6), field));
        } catch (DateTimeException e) {
            throw new ChipFormatException(field, "is not a date", e);
        }
    }

    private static int digits(String s, String field) {
        if (!s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ChipFormatException(field, "is not a date");
        }
        return Integer.parseInt(s);
    }

    /** {@return the document code, {@code ID} on the CCCD} */
    public String documentCode() {
        return documentCode;
    }

    /** {@return the issuing state, {@code VNM} on the CCCD} */
    public String issuingState() {
        return issuingState;
    }

    /** {@return the 9-character document number (on the CCCD, the ID number's last nine digits); personal data} */
    public String documentNumber() {
        return documentNumber;
    }

    /** {@return the 12-digit personal ID number of the optional-data field, when it holds one; personal data} */
    public Optional<String> idNumber() {
        return Optional.ofNullable(idNumber);
    }

    /** {@return the date of birth, its century taken from the ID number; personal data} */
    public PartialDate birthDate() {
        return birthDate;
    }

    /** {@return the sex; {@link Sex#UNKNOWN} for {@code <} or {@code X}} */
    public Sex sex() {
        return sex;
    }

    /** {@return the card's expiry date} */
    public LocalDate expiryDate() {
        return expiryDate;
    }

    /** {@return the nationality, {@code VNM} for a citizen} */
    public String nationality() {
        return nationality;
    }

    /** {@return the surname in the MRZ's ASCII (no diacritics); personal data} */
    public String surname() {
        return surname;
    }

    /** {@return the given names in the MRZ's ASCII, separated by single spaces; personal data} */
    public String givenNames() {
        return givenNames;
    }

    /** {@return surname and given names, as the MRZ spells them; personal data} */
    public String fullName() {
        return givenNames.isEmpty() ? surname : surname + " " + givenNames;
    }

    /** The document code and issuing state only: the MRZ opens the chip and is personal data. */
    @Override
    public String toString() {
        return "Mrz[" + documentCode + ", " + issuingState + ", ***]";
    }
}
