package vn.ketnoi.population;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import vn.ketnoi.core.Integrity;
import vn.ketnoi.core.identity.PersonalIdNumber;

/** The register's per-field verdicts on a {@link VerifyRequest}. Holds no value from the register. */
public final class VerificationResult {
    private final PersonalIdNumber idNumber;
    private final Map<CitizenField, Verdict> verdicts;
    private final Integrity integrity;

    private VerificationResult(PersonalIdNumber idNumber, Map<CitizenField, Verdict> verdicts, Integrity integrity) {
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
    public static VerificationResult of(PersonalIdNumber idNumber, Map<CitizenField, Verdict> verdicts,
                                        Integrity integrity) {
        return new VerificationResult(idNumber, verdicts, integrity);
    }

    /** {@return what protected these verdicts on their way from the register; see {@link Citizen#integrity()}} */
    public Integrity integrity() {
        return integrity;
    }

    public PersonalIdNumber idNumber() {
        return idNumber;
    }

    /** {@return every verdict, by field} */
    public Map<CitizenField, Verdict> verdicts() {
        return verdicts;
    }

    /** {@return the verdict on a field, empty when the field was not asked about} */
    public Optional<Verdict> verdict(CitizenField field) {
        return Optional.ofNullable(verdicts.get(field));
    }

    /** {@return whether every field asked about matched} */
    public boolean allMatch() {
        return !verdicts.isEmpty() && verdicts.values().stream().allMatch(v -> v == Verdict.MATCH);
    }

    @Override
    public String toString() {
        return "VerificationResult[idNumber=" + idNumber.masked() + ", verdicts=" + verdicts + ", integrity=" + integrity + "]";
    }
}
