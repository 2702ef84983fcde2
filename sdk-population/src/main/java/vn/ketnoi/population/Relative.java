package vn.ketnoi.population;

import java.util.Optional;

import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.logging.Masking;

/**
 * A relative or legal representative as the register names them.
 *
 * @param fullName    full name, NFC
 * @param idNumber    their personal ID number, when recorded
 * @param nationality ISO 3166-1 alpha-2 code, when recorded
 */
public record Relative(String fullName, Optional<PersonalIdNumber> idNumber, Optional<String> nationality) {
    @Override
    public String toString() {
        return "Relative[fullName=" + Masking.name(fullName) + ", idNumber="
                + idNumber.map(PersonalIdNumber::masked).orElse("-") + "]";
    }
}
