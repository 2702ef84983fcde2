package vn.ketnoi.population;

import java.util.Optional;

import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.core.logging.Masking;

/**
 * One member of a {@link Household}. The name, birth date, sex and date of death are present only
 * when the agency's grant covers those fields.
 *
 * @param idNumber           the member's ID number
 * @param relationshipToHead as recorded, in Vietnamese ({@code Chủ hộ} for the head)
 * @param fullName           the full name, when granted
 * @param birthDate          the birth date, when granted
 * @param sex                the sex, when granted; {@link Sex#UNKNOWN} for a value this SDK version does not know
 * @param deathDate          the date of death, when granted and recorded
 */
public record HouseholdMember(PersonalIdNumber idNumber, String relationshipToHead, Optional<String> fullName,
                              Optional<PartialDate> birthDate, Optional<Sex> sex, Optional<PartialDate> deathDate) {
    @Override
    public String toString() {
        return "HouseholdMember[idNumber=" + idNumber.masked() + ", relationshipToHead=" + relationshipToHead
                + ", fullName=" + fullName.map(Masking::name).orElse("-") + "]";
    }
}
