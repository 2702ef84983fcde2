package vn.ketnoi.population;

import java.time.LocalDate;
import java.util.Optional;

import vn.ketnoi.core.logging.Masking;

/**
 * The citizen's current chip-based ID card.
 *
 * @param number     the card number (today the personal ID number itself)
 * @param issueDate  when it was issued
 * @param expiryDate when it expires; empty for cards valid for life
 */
public record IdCard(String number, LocalDate issueDate, Optional<LocalDate> expiryDate) {
    @Override
    public String toString() {
        return "IdCard[number=" + Masking.idNumber(number) + ", issueDate=" + issueDate + "]";
    }
}
