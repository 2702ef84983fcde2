package vn.ketnoi.civilstatus;

import java.util.Optional;

import vn.ketnoi.core.identity.PartialDate;

/**
 * A death registration ("đăng ký khai tử"). Immutable; {@link #toString()} shows no personal data.
 */
public final class DeathRegistration implements CivilRegistration {
    private final RegisterEntry entry;
    private final RegisteredPerson deceased;
    private final PartialDate deathDate;
    private final String placeOfDeath;

    DeathRegistration(RegisterEntry entry, RegisteredPerson deceased, PartialDate deathDate, String placeOfDeath) {
        this.entry = entry;
        this.deceased = deceased;
        this.deathDate = deathDate;
        this.placeOfDeath = placeOfDeath;
    }

    @Override
    public RegisterEntry entry() {
        return entry;
    }

    /** {@return the deceased} */
    public RegisteredPerson deceased() {
        return deceased;
    }

    /** {@return the date of death, which may be partial} */
    public PartialDate deathDate() {
        return deathDate;
    }

    /** {@return the place of death, when recorded} */
    public Optional<String> placeOfDeath() {
        return Optional.ofNullable(placeOfDeath);
    }

    @Override
    public String toString() {
        return "DeathRegistration[entry " + entry.entryNumber() + ", book " + entry.bookNumber() + ", authority "
                + entry.authority().code() + "]";
    }
}
