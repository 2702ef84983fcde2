package vn.ketnoi.core.identity;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The result of converting an address to the two-level form in force since 1 July 2025
 * ({@link Address#toCurrentForm(CommuneMapping)}): the converted address, or what could not be
 * decided and why. Nothing is guessed: a part the mappings do not decide is flagged, and the
 * province is reported whenever its mapping decides it. Immutable; {@link #toString()} shows no
 * part of the address.
 */
public final class AddressConversion {
    /** How the conversion ended. */
    public enum Outcome {
        /** The address is already in the two-level form: {@link #address()} is it, unchanged. */
        ALREADY_CURRENT,
        /** Province and commune were both decided: {@link #address()} is the two-level address. */
        CONVERTED,
        /** Something could not be decided: {@link #reason()} says what; {@link #province()} may still be known. */
        UNDECIDED
    }

    private final Outcome outcome;
    private final @Nullable Address address;
    private final @Nullable Province province;
    private final @Nullable String reason;

    private AddressConversion(Outcome outcome, @Nullable Address address, @Nullable Province province,
                              @Nullable String reason) {
        this.outcome = outcome;
        this.address = address;
        this.province = province;
        this.reason = reason;
    }

    static AddressConversion current(Address a) {
        return new AddressConversion(Outcome.ALREADY_CURRENT, a, a.currentProvince().orElse(null), null);
    }

    static AddressConversion converted(Address a) {
        return new AddressConversion(Outcome.CONVERTED, a, a.currentProvince().orElse(null), null);
    }

    static AddressConversion undecided(@Nullable Province province, String reason) {
        return new AddressConversion(Outcome.UNDECIDED, null, province, reason);
    }

    /** {@return how the conversion ended} */
    public Outcome outcome() {
        return outcome;
    }

    /** {@return the two-level address, unless {@link Outcome#UNDECIDED}} */
    public Optional<Address> address() {
        return Optional.ofNullable(address);
    }

    /** {@return the province since 1 July 2025, when its mapping decides it (also for an undecided commune)} */
    public Optional<Province> province() {
        return Optional.ofNullable(province);
    }

    /** {@return why it is {@link Outcome#UNDECIDED}; names units of the reform, never the address} */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return "AddressConversion[" + outcome + ", province=" + (province == null ? "?" : province.vietnameseName())
                + (reason == null ? "" : ", " + reason) + "]";
    }
}
