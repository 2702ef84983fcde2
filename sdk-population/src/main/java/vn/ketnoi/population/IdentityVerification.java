package vn.ketnoi.population;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import vn.ketnoi.core.Integrity;
import vn.ketnoi.core.identity.PersonalIdNumber;

/** The register's per-field verdicts on a {@link VerifyRequest}. Holds no value from the register. */
public final class IdentityVerification {
    private final PersonalIdNumber idNumber;
    private final Map<CitizenField, FieldVerdict> verdicts;
    private final Integrity integrity;

    private IdentityVerification(PersonalIdNumber idNumber, Map<CitizenField, FieldVerdict> verdicts, Integrity integrity) {
        this.idNumber = java.util.Objects.requireNonNull(idNumber, "idNumber");
        this.verdicts = Collections.unmodifiableMap(verdicts.isEmpty() ? new EnumMap<>(CitizenField.class)
                : new EnumMap<>(verdicts));
        this.integrity = java.util.Objects.requireNonNull(integrity, "integrity");
    }

    /**
     * The verdicts a wire profile read ({@link vn.ketnoi.population.wire.PopulationWire}); for tests
     * of applications too.
     *
     * @param idNumber  the record the verdicts are about
     * @param verdicts  the verdict on each field asked about
     * @param integrity what protected them: {@link Integrity#END_TO_END_SIGNED} only when the
     *                  provider's signature over them was verified
     * @return the result
     */
    public static IdentityVerification of(PersonalIdNumber idNumber, Map<CitizenField, FieldVerdict> verdicts,
                                        Integrity integrity) {
        return new IdentityVerification(idNumber, verdicts, integrity);
    }

    /** {@return what protected these verdicts on their way from the register; see {@link Citizen#integrity()}} */
    public Integrity integrity() {
        return integrity;
    }

    /** {@return the personal ID number the claim was about} */
    public PersonalIdNumber idNumber() {
        return idNumber;
    }

    /** {@return every verdict, by field} */
    public Map<CitizenField, FieldVerdict> verdicts() {
        return verdicts;
    }

    /**
     * {@return the verdict on a field, empty when the field was not asked about}
     *
     * @param field a field of the claim
     */
    public Optional<FieldVerdict> verdict(CitizenField field) {
        return Optional.ofNullable(verdicts.get(field));
    }

    /** {@return whether every field asked about matched} */
    public boolean allMatch() {
        return !verdicts.isEmpty() && verdicts.values().stream().allMatch(v -> v == FieldVerdict.MATCH);
    }

    @Override
    public String toString() {
        return "IdentityVerification[idNumber=" + idNumber.masked() + ", verdicts=" + verdicts + ", integrity=" + integrity + "]";
    }
}
