package vn.ketnoi.core.identity;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The text of the QR code printed on the chip-based ID card (CCCD): UTF-8, fields separated by
 * {@code |}.
 *
 * <table>
 * <caption>Fields</caption>
 * <tr><th>index</th><th>field</th><th>format</th></tr>
 * <tr><td>0</td><td>personal ID number</td><td>12 digits</td></tr>
 * <tr><td>1</td><td>old 9-digit ID number</td><td>may be empty</td></tr>
 * <tr><td>2</td><td>full name</td><td>with diacritics</td></tr>
 * <tr><td>3</td><td>date of birth</td><td>{@code ddMMyyyy}</td></tr>
 * <tr><td>4</td><td>sex</td><td>{@code Nam} / {@code Nữ}</td></tr>
 * <tr><td>5</td><td>permanent residence</td><td>free text</td></tr>
 * <tr><td>6</td><td>card issue date</td><td>{@code ddMMyyyy}</td></tr>
 * <tr><td>7..</td><td>extras (seen empty)</td><td>kept verbatim</td></tr>
 * </table>
 *
 * <p>Parsers published elsewhere that expect 6 fields drop the old ID number and read every later
 * field from the wrong index; this one keeps index 1 as the old number. The date of birth is read
 * strictly as {@code ddMMyyyy}: a card carrying only a year there would be refused rather than
 * guessed. The QR carries no expiry date.
 *
 * <p>Immutable. {@link #toString()} is masked: no ID number, name, date of birth or address in
 * clear.
 */
public final class CccdQrCode {

    private static final String FIELD = "qr";
    private static final int MIN_FIELDS = 7;

    private final PersonalIdNumber idNumber;
    private final OldIdNumber oldIdNumber;
    private final String fullName;
    private final PartialDate birthDate;
    private final Sex sex;
    private final String residence;
    private final LocalDate issueDate;
    private final List<String> extras;

    private CccdQrCode(PersonalIdNumber idNumber, OldIdNumber oldIdNumber, String fullName,
                       PartialDate birthDate, Sex sex, String residence, LocalDate issueDate,
                       List<String> extras) {
        this.idNumber = idNumber;
        this.oldIdNumber = oldIdNumber;
        this.fullName = fullName;
        this.birthDate = birthDate;
        this.sex = sex;
        this.residence = residence;
        this.issueDate = issueDate;
        this.extras = extras;
    }

    /**
     * Parses QR text, judging the ID number's birth year against today in Vietnam.
     *
     * @param text the decoded QR text; a leading byte-order mark and trailing CR/LF are ignored
     * @return the parsed content
     * @throws IdentityParseException field {@code qr} when there are fewer than 7 fields, or
     *                                {@code qr.<field>} naming the field that is malformed
     */
    public static CccdQrCode parse(String text) {
        return parse(text, Clock.system(ZoneId.of("Asia/Ho_Chi_Minh")));
    }

    /**
     * Parses QR text, judging the ID number's birth year against the given clock.
     *
     * @param text  the decoded QR text
     * @param clock the clock giving the current year
     * @return the parsed content
     * @throws IdentityParseException as for {@link #parse(String)}
     */
    public static CccdQrCode parse(String text, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        if (text == null) {
            throw new IdentityParseException(FIELD, "is missing");
        }
        String s = text;
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) {
            end--;
        }
        // -1 keeps trailing empty fields: they count towards the 7 and are kept as extras.
        String[] f = s.substring(0, end).split("\\|", -1);
        if (f.length < MIN_FIELDS) {
            throw new IdentityParseException(FIELD,
                    "must have at least 7 fields separated by '|', found " + f.length);
        }
        PersonalIdNumber id;
        try {
            id = PersonalIdNumber.parse(f[0], clock);
        } catch (IdentityParseException e) {
            throw nested("idNumber", e);
        }
        OldIdNumber old = null;
        if (!f[1].isEmpty()) {
            try {
                old = OldIdNumber.parse(f[1]);
            } catch (IdentityParseException e) {
                throw nested("oldIdNumber", e);
            }
        }
        String name;
        try {
            name = VietnameseNames.normalize(f[2]);
        } catch (IdentityParseException e) {
            throw nested("fullName", e);
        }
        PartialDate birth;
        try {
            birth = PartialDate.parseDayFirst(f[3]);
        } catch (IdentityParseException e) {
            throw nested("birthDate", e);
        }
        Sex sex;
        try {
            sex = Sex.fromVietnamese(f[4]);
        } catch (IdentityParseException e) {
            throw nested("sex", e);
        }
        LocalDate issued;
        try {
            issued = PartialDate.parseDayFirst(f[6]).toLocalDate().orElseThrow();
        } catch (IdentityParseException e) {
            throw nested("issueDate", e);
        }
        List<String> extras = List.copyOf(Arrays.asList(f).subList(MIN_FIELDS, f.length));
        return new CccdQrCode(id, old, name, birth, sex, f[5], issued, extras);
    }

    private static IdentityParseException nested(String field, IdentityParseException e) {
        return new IdentityParseException(FIELD + "." + field, e.problem(), e);
    }

    /**
     * The personal ID number (index 0).
     *
     * @return the number
     */
    public PersonalIdNumber idNumber() {
        return idNumber;
    }

    /**
     * The old 9-digit ID number (index 1), absent on cards of people who never had one.
     *
     * @return the old number, or empty
     */
    public Optional<OldIdNumber> oldIdNumber() {
        return Optional.ofNullable(oldIdNumber);
    }

    /**
     * The full name (index 2), normalised by {@link VietnameseNames#normalize(String)}.
     *
     * @return the name in NFC
     */
    public String fullName() {
        return fullName;
    }

    /**
     * The date of birth (index 3), always a full date here.
     *
     * @return the date of birth
     */
    public PartialDate birthDate() {
        return birthDate;
    }

    /**
     * The sex (index 4).
     *
     * @return the sex
     */
    public Sex sex() {
        return sex;
    }

    /**
     * The permanent residence (index 5), verbatim; see {@link #residenceAddress()} for its parts.
     *
     * @return the residence text, possibly empty
     */
    public String residence() {
        return residence;
    }

    /**
     * The permanent residence split by {@link Address#parse(String)}.
     *
     * @return the address, or empty when the residence field is blank
     */
    public Optional<Address> residenceAddress() {
        return residence.isBlank() ? Optional.empty() : Optional.of(Address.parse(residence));
    }

    /**
     * The card issue date (index 6).
     *
     * @return the issue date
     */
    public LocalDate issueDate() {
        return issueDate;
    }

    /**
     * Fields after index 6, verbatim (seen empty on recent cards).
     *
     * @return an unmodifiable list, empty when the QR has exactly 7 fields
     */
    public List<String> extras() {
        return extras;
    }

    /**
     * Whether the birth year encoded in the ID number equals the year of the date of birth. A
     * genuine card always agrees; a mismatch points at a damaged or forged QR.
     *
     * @return true when consistent
     */
    public boolean isIdNumberConsistentWithBirthDate() {
        return idNumber.isConsistentWith(birthDate);
    }

    /**
     * Equal when every field, extras included, is equal.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CccdQrCode)) {
            return false;
        }
        CccdQrCode q = (CccdQrCode) o;
        return idNumber.equals(q.idNumber) && Objects.equals(oldIdNumber, q.oldIdNumber)
                && fullName.equals(q.fullName) && birthDate.equals(q.birthDate) && sex == q.sex
                && residence.equals(q.residence) && issueDate.equals(q.issueDate) && extras.equals(q.extras);
    }

    /**
     * Hash consistent with {@link #equals(Object)}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(idNumber, oldIdNumber, fullName, birthDate, sex, residence, issueDate, extras);
    }

    /**
     * A masked form safe for logs: masked ID number, initials, masked date of birth, no address.
     *
     * @return for example {@code CccdQrCode[idNumber=001*******45, fullName=N. V. A., ...]}
     */
    @Override
    public String toString() {
        return "CccdQrCode[idNumber=" + idNumber.masked()
                + ", oldIdNumber=" + (oldIdNumber == null ? "none" : oldIdNumber.masked())
                + ", fullName=" + VietnameseNames.mask(fullName)
                + ", birthDate=" + birthDate.masked()
                + ", residence=***"
                + ", extras=" + extras.size() + "]";
    }
}
