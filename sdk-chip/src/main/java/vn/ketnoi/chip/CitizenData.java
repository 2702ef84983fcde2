package vn.ketnoi.chip;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.chip.internal.Der;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.core.identity.VietnameseNames;

/**
 * DG13 of the CCCD: the Vietnamese fields the card stores beside the ICAO ones, with their
 * diacritics (UTF-8, kept in Unicode NFC). Each field is an ASN.1 {@code SEQUENCE {INTEGER n,
 * value...}}; the numbers read here are 1 ID number, 2 full name, 3 date of birth, 4 sex,
 * 5 nationality, 6 ethnicity, 7 religion, 8 place of origin, 9 residence, 10 identifying features,
 * 11 issue date, 12 expiry date, 13 father's and mother's names, 14 spouse's name; any other number
 * (15 and 16 on current cards, whose meaning is not public) is kept raw in {@link #otherFields()}.
 * docs/chip.md describes the layout and marks what is assumed.
 *
 * <p>Personal data throughout: {@link #toString()} masks it. Immutable and thread-safe.
 */
public final class CitizenData {
    private static final int TAG_DG13 = 0x6D;
    private static final int MAX_FIELDS = 64;
    /** The expiry a card valid for life states instead of a date. */
    private static final String NO_EXPIRY = "khong thoi han";

    private final String idNumber;
    private final String fullName;
    private final PartialDate birthDate;
    private final Sex sex;
    private final @Nullable String nationality;
    private final @Nullable String ethnicity;
    private final @Nullable String religion;
    private final @Nullable String placeOfOrigin;
    private final @Nullable String residence;
    private final @Nullable String identifyingFeatures;
    private final @Nullable LocalDate issueDate;
    private final @Nullable LocalDate expiryDate;
    private final @Nullable String fatherName;
    private final @Nullable String motherName;
    private final @Nullable String spouseName;
    private final Map<Integer, byte[]> otherFields;

    private CitizenData(Map<Integer, List<String>> f, Map<Integer, byte[]> other) {
        this.idNumber = required(f, 1, "dg13.idNumber");
        if (idNumber.length() != 12 || !idNumber.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ChipFormatException("dg13.idNumber", "is not 12 digits");
        }
        this.fullName = required(f, 2, "dg13.fullName");
        this.birthDate = date(required(f, 3, "dg13.birthDate"), "dg13.birthDate");
        try {
            this.sex = Sex.fromVietnamese(required(f, 4, "dg13.sex"));
        } catch (vn.ketnoi.core.identity.IdentityParseException e) {
            throw new ChipFormatException("dg13.sex", "is not Nam or Nữ", e);
        }
        this.nationality = first(f, 5);
        this.ethnicity = first(f, 6);
        this.religion = first(f, 7);
        this.placeOfOrigin = first(f, 8);
        this.residence = first(f, 9);
        this.identifyingFeatures = first(f, 10);
        String issue = first(f, 11);
        this.issueDate = issue == null ? null : fullDate(issue, "dg13.issueDate");
        String expiry = first(f, 12);
        this.expiryDate = expiry == null || VietnameseNames.comparisonKey(expiry).equals(NO_EXPIRY) ? null
                : fullDate(expiry, "dg13.expiryDate");
        List<String> parents = f.getOrDefault(13, List.of());
        this.fatherName = parents.size() > 0 && !parents.get(0).isEmpty() ? parents.get(0) : null;
        this.motherName = parents.size() > 1 && !parents.get(1).isEmpty() ? parents.get(1) : null;
        this.spouseName = first(f, 14);
        this.otherFields = Collections.unmodifiableMap(other);
    }

    /**
     * Reads DG13 ({@code 6D { SEQUENCE { INTEGER version, OID, SET { SEQUENCE { INTEGER n, value } ... } } }}).
     * Fields are found wherever they sit under the tag, so a card that leaves out the version,
     * the OID or the SET is read too.
     *
     * @param dg13 the file as read from the chip
     * @return the fields
     * @throws ChipFormatException (fields {@code dg13.*}) when the file is malformed, a field is
     *                             not UTF-8, a field appears twice, or the ID number, full name,
     *                             date of birth or sex is missing or invalid
     */
    public static CitizenData parseDg13(byte[] dg13) {
        if (dg13 == null) {
            throw new ChipFormatException("dg13", "is missing");
        }
        Der.Tlv outer = Der.file(dg13, TAG_DG13, "dg13");
        Map<Integer, List<String>> fields = new TreeMap<>();
        Map<Integer, byte[]> other = new TreeMap<>();
        collect(dg13, outer.valueOffset(), outer.end(), fields, other);
        return new CitizenData(fields, other);
    }

    /** Walks the tree; a SEQUENCE that starts with a small INTEGER and holds only strings is a field. */
    private static void collect(byte[] b, int off, int end, Map<Integer, List<String>> fields, Map<Integer, byte[]> other) {
        int p = off;
        while (p < end) {
            Der.Tlv t = Der.read(b, p, end, "dg13");
            if (t.constructed()) {
                Integer n = t.tag() == 0x30 ? fieldNumber(b, t) : null;
                if (n != null) {
                    if (fields.containsKey(n) || other.containsKey(n)) {
                        throw new ChipFormatException("dg13.field" + n, "appears twice");
                    }
                    if (fields.size() + other.size() >= MAX_FIELDS) {
                        throw new ChipFormatException("dg13", "has more than " + MAX_FIELDS + " fields");
                    }
                    if (n >= 1 && n <= 14) {
                        List<String> values = new ArrayList<>();
                        Der.Tlv first = Der.read(b, t.valueOffset(), t.end(), "dg13");
                        strings(b, first.end(), t.end(), values, n);
                        fields.put(n, List.copyOf(values));
                    } else {
                        other.put(n, Arrays.copyOfRange(b, p, t.end()));
                    }
                } else {
                    collect(b, t.valueOffset(), t.end(), fields, other);
                }
            }
            p = t.end();
        }
    }

    /** The n of {@code SEQUENCE {INTEGER n, strings or SEQUENCEs of strings}}, else null. */
    private static @Nullable Integer fieldNumber(byte[] b, Der.Tlv seq) {
        if (seq.length() == 0) {
            return null;
        }
        Der.Tlv first = Der.read(b, seq.valueOffset(), seq.end(), "dg13");
        if (first.tag() != 0x02 || first.length() != 1 || (b[first.valueOffset()] & 0x80) != 0) {
            return null;
        }
        int p = first.end();
        while (p < seq.end()) {
            Der.Tlv t = Der.read(b, p, seq.end(), "dg13");
            if (!isString(t.tag()) && !(t.tag() == 0x30 && allStrings(b, t))) {
                return null;
            }
            p = t.end();
        }
        int n = b[first.valueOffset()];
        return n >= 1 ? n : null;
    }

    private static boolean allStrings(byte[] b, Der.Tlv seq) {
        int p = seq.valueOffset();
        while (p < seq.end()) {
            Der.Tlv t = Der.read(b, p, seq.end(), "dg13");
            if (!isString(t.tag())) {
                return false;
            }
            p = t.end();
        }
        return true;
    }

    private static boolean isString(int tag) {
        return tag == 0x0C || tag == 0x13 || tag == 0x16; // UTF8String, PrintableString, IA5String
    }

    private static void strings(byte[] b, int off, int end, List<String> out, int n) {
        int p = off;
        while (p < end) {
            Der.Tlv t = Der.read(b, p, end, "dg13");
            if (t.tag() == 0x30) {
                strings(b, t.valueOffset(), t.end(), out, n);
            } else {
                out.add(utf8(b, t, "dg13.field" + n));
            }
            p = t.end();
        }
    }

    private static String utf8(byte[] b, Der.Tlv t, String field) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, t.valueOffset(), t.length())).toString();
            return Normalizer.normalize(s.strip(), Normalizer.Form.NFC);
        } catch (CharacterCodingException e) {
            throw new ChipFormatException(field, "is not UTF-8");
        }
    }

    private static String required(Map<Integer, List<String>> f, int n, String field) {
        String v = first(f, n);
        if (v == null) {
            throw new ChipFormatException(field, "is missing");
        }
        return v;
    }

    private static @Nullable String first(Map<Integer, List<String>> f, int n) {
        List<String> v = f.get(n);
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
    }

    private static PartialDate date(String text, String field) {
        try {
            return PartialDate.parseSlashed(text);
        } catch (RuntimeException e) {
            throw new ChipFormatException(field, "is not dd/MM/yyyy, MM/yyyy or yyyy", e);
        }
    }

    private static LocalDate fullDate(String text, String field) {
        return date(text, field).toLocalDate()
                .orElseThrow(() -> new ChipFormatException(field, "is not a full dd/MM/yyyy date"));
    }

    /** {@return the 12-digit personal ID number (field 1); personal data} */
    public String idNumber() {
        return idNumber;
    }

    /** {@return the full name with diacritics, NFC (field 2); personal data} */
    public String fullName() {
        return fullName;
    }

    /** {@return the date of birth, at the precision the card states it (field 3); personal data} */
    public PartialDate birthDate() {
        return birthDate;
    }

    /** {@return the sex (field 4)} */
    public Sex sex() {
        return sex;
    }

    /** {@return the nationality, such as {@code Việt Nam} (field 5)} */
    public Optional<String> nationality() {
        return Optional.ofNullable(nationality);
    }

    /** {@return the ethnic group (field 6); personal data} */
    public Optional<String> ethnicity() {
        return Optional.ofNullable(ethnicity);
    }

    /** {@return the religion (field 7); personal data} */
    public Optional<String> religion() {
        return Optional.ofNullable(religion);
    }

    /** {@return the place of origin, quê quán (field 8); personal data} */
    public Optional<String> placeOfOrigin() {
        return Optional.ofNullable(placeOfOrigin);
    }

    /** {@return the place of residence (field 9); personal data} */
    public Optional<String> residence() {
        return Optional.ofNullable(residence);
    }

    /** {@return the identifying features (field 10); personal data} */
    public Optional<String> identifyingFeatures() {
        return Optional.ofNullable(identifyingFeatures);
    }

    /** {@return the card's issue date (field 11)} */
    public Optional<LocalDate> issueDate() {
        return Optional.ofNullable(issueDate);
    }

    /** {@return the card's expiry date (field 12); empty for a card valid for life or when absent} */
    public Optional<LocalDate> expiryDate() {
        return Optional.ofNullable(expiryDate);
    }

    /** {@return the father's full name (field 13, first value); personal data} */
    public Optional<String> fatherName() {
        return Optional.ofNullable(fatherName);
    }

    /** {@return the mother's full name (field 13, second value); personal data} */
    public Optional<String> motherName() {
        return Optional.ofNullable(motherName);
    }

    /** {@return the spouse's full name (field 14); personal data} */
    public Optional<String> spouseName() {
        return Optional.ofNullable(spouseName);
    }

    /**
     * Fields whose number this version does not read (15 and 16 on current cards), each as the
     * complete DER of its {@code SEQUENCE}, by number.
     *
     * @return copies of the raw fields
     */
    public Map<Integer, byte[]> otherFields() {
        Map<Integer, byte[]> copy = new TreeMap<>();
        otherFields.forEach((k, v) -> copy.put(k, v.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** Masked: the ID number's province code and last digits, the name's initials, the century of birth. */
    @Override
    public String toString() {
        return "CitizenData[" + idNumber.substring(0, 3) + "*******" + idNumber.substring(10) + ", "
                + VietnameseNames.mask(fullName) + ", " + birthDate.masked() + ", " + sex + "]";
    }
}
