package vn.ketnoi.population;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import vn.ketnoi.core.identity.PersonalIdNumber;

/** The register's per-field verdicts on a {@link VerifyRequest}. Holds no value from the register. */
public final class VerificationResult {
    private final PersonalIdNumber idNumber;
    private final Map<CitizenField, Verdict> verdicts;

    VerificationResult(PersonalIdNumber idNumber, Map<CitizenField, Verdict> verdicts) {
        this.idNumber = idNumber;
        this.verdicts = Collections.unmodifiableMap(new EnumMap<>(verdicts));
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
        return "VerificationResult[idNumber=" + idNumber.masked() + ", verdicts=" + verdicts + "]";
    }
}
