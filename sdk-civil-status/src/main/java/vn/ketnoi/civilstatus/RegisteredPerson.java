package vn.ketnoi.civilstatus;

import java.util.Optional;

import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.core.logging.Masking;

/**
 * A person named in a registration: the child, a parent, a spouse, the deceased. Immutable;
 * {@link #toString()} masks the name and ID number.
 */
public final class RegisteredPerson {
    private final PersonalIdNumber idNumber;
    private final String fullName;
    private final PartialDate birthDate;
    private final Sex sex;

    RegisteredPerson(PersonalIdNumber idNumber, String fullName, PartialDate birthDate, Sex sex) {
        this.idNumber = idNumber;
        this.fullName = fullName;
        this.birthDate = birthDate;
        this.sex = sex;
    }

    /** {@return the personal ID number; for a child, the one assigned at birth registration} */
    public Optional<PersonalIdNumber> idNumber() {
        return Optional.ofNullable(idNumber);
    }

    /** {@return the full name, Unicode NFC with its diacritics} */
    public String fullName() {
        return fullName;
    }

    /** {@return the date of birth, which may be partial (a year, or a year and month)} */
    public Optional<PartialDate> birthDate() {
        return Optional.ofNullable(birthDate);
    }

    /** {@return the sex, when the registration records it} */
    public Optional<Sex> sex() {
        return Optional.ofNullable(sex);
    }

    @Override
    public String toString() {
        return "RegisteredPerson[" + Masking.name(fullName) + ", "
                + (idNumber == null ? "no ID number" : Masking.idNumber(idNumber.value())) + "]";
    }
}
