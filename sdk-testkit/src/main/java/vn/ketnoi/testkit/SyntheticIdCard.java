package vn.ketnoi.testkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import vn.ketnoi.testkit.internal.Texts;

/**
 * The current chip-based ID card of a synthetic citizen.
 *
 * @param number the card number (the personal ID number)
 * @param issueDate ISO date of issue
 * @param expiryDate ISO expiry date, or {@code null} for a card valid for life
 */
public record SyntheticIdCard(String number, String issueDate, @Nullable String expiryDate) {

    /**
     * Checks the required parts.
     *
     * @param number the card number (the personal ID number)
     * @param issueDate ISO date of issue
     * @param expiryDate ISO expiry date, or {@code null} for a card valid for life
     */
    public SyntheticIdCard {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(issueDate, "issueDate");
    }

    /** Masks the card number. */
    @Override
    public String toString() {
        return "SyntheticIdCard[" + Texts.mask(number) + ", issued " + issueDate + "]";
    }
}
