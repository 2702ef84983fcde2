package vn.ketnoi.vneid.auth;

import java.util.Objects;
import java.util.Optional;

import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.logging.Masking;

/**
 * The signed-in citizen: the provider's subject, the personal ID number, full name, birth date
 * (year-only or year-month where the register holds no more) and the account's level. Immutable;
 * {@link #toString()} is masked.
 */
public final class VneidIdentity {
    private final String subject;
    private final PersonalIdNumber idNumber;
    private final String fullName;
    private final PartialDate birthDate;
    private final AssuranceLevel accountLevel;

    /**
     * @param subject      the provider's {@code sub}
     * @param idNumber     the personal ID number, or {@code null} when not released
     * @param fullName     the full name, or {@code null}
     * @param birthDate    the birth date, or {@code null}
     * @param accountLevel the account's level, or {@code null} when not released
     */
    public VneidIdentity(String subject, PersonalIdNumber idNumber, String fullName, PartialDate birthDate,
                         AssuranceLevel accountLevel) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.idNumber = idNumber;
        this.fullName = fullName;
        this.birthDate = birthDate;
        this.accountLevel = accountLevel;
    }

    /** {@return the provider's subject identifier ({@code sub}), stable per citizen and client} */
    public String subject() {
        return subject;
    }

    /** {@return the 12-digit personal ID number} */
    public Optional<PersonalIdNumber> idNumber() {
        return Optional.ofNullable(idNumber);
    }

    /** {@return the full name} */
    public Optional<String> fullName() {
        return Optional.ofNullable(fullName);
    }

    /** {@return the birth date, partial where the register holds only the year or year and month} */
    public Optional<PartialDate> birthDate() {
        return Optional.ofNullable(birthDate);
    }

    /** {@return the account's level as the provider released it ({@code accountLevel} / {@code LoaiTaiKhoan})} */
    public Optional<AssuranceLevel> accountLevel() {
        return Optional.ofNullable(accountLevel);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VneidIdentity v && subject.equals(v.subject) && Objects.equals(idNumber, v.idNumber)
                && Objects.equals(fullName, v.fullName) && Objects.equals(birthDate, v.birthDate)
                && accountLevel == v.accountLevel;
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, idNumber, fullName, birthDate, accountLevel);
    }

    /** {@return masked: the ID number, name and birth date are never shown in full} */
    @Override
    public String toString() {
        return "VneidIdentity[idNumber=" + (idNumber == null ? "-" : idNumber.masked())
                + ", fullName=" + (fullName == null ? "-" : Masking.name(fullName))
                + ", birthDate=" + (birthDate == null ? "-" : birthDate.masked())
                + ", accountLevel=" + (accountLevel == null ? "-" : accountLevel) + "]";
    }
}
