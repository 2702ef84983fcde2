package vn.ketnoi.civilstatus;

import java.util.Optional;

/**
 * A birth registration ("đăng ký khai sinh"). The child's personal ID number is the one the
 * population database assigned at registration. Immutable; {@link #toString()} shows no personal data.
 */
public final class BirthRegistration implements CivilRegistration {
    private final RegisterEntry entry;
    private final RegisteredPerson child;
    private final RegisteredPerson mother;
    private final RegisteredPerson father;
    private final String placeOfBirth;

    BirthRegistration(RegisterEntry entry, RegisteredPerson child, RegisteredPerson mother, RegisteredPerson father,
                      String placeOfBirth) {
        this.entry = entry;
        this.child = child;
        this.mother = mother;
        this.father = father;
        this.placeOfBirth = placeOfBirth;
    }

    @Override
    public RegisterEntry entry() {
        return entry;
    }

    /** {@return the child} */
    public RegisteredPerson child() {
        return child;
    }

    /** {@return the mother, when registered} */
    public Optional<RegisteredPerson> mother() {
        return Optional.ofNullable(mother);
    }

    /** {@return the father, when registered} */
    public Optional<RegisteredPerson> father() {
        return Optional.ofNullable(father);
    }

    /** {@return the place of birth as written in the register} */
    public Optional<String> placeOfBirth() {
        return Optional.ofNullable(placeOfBirth);
    }

    @Override
    public String toString() {
        return "BirthRegistration[entry " + entry.entryNumber() + ", book " + entry.bookNumber() + ", authority "
                + entry.authority().code() + "]";
    }
}
