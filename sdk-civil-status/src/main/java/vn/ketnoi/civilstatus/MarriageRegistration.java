package vn.ketnoi.civilstatus;

import java.util.List;

/**
 * A marriage registration ("đăng ký kết hôn"): the two spouses. Immutable; {@link #toString()}
 * shows no personal data.
 */
public final class MarriageRegistration implements CivilRegistration {
    private final RegisterEntry entry;
    private final List<RegisteredPerson> spouses;

    MarriageRegistration(RegisterEntry entry, List<RegisteredPerson> spouses) {
        this.entry = entry;
        this.spouses = List.copyOf(spouses);
    }

    @Override
    public RegisterEntry entry() {
        return entry;
    }

    /** {@return the spouses, as the register lists them} */
    public List<RegisteredPerson> spouses() {
        return spouses;
    }

    @Override
    public String toString() {
        return "MarriageRegistration[entry " + entry.entryNumber() + ", book " + entry.bookNumber() + ", authority "
                + entry.authority().code() + "]";
    }
}
