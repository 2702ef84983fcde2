package vn.ketnoi.testkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import vn.ketnoi.testkit.internal.Texts;

/**
 * A reference to a relative (father, mother, spouse, legal representative) in the wire shape
 * of protocol section 8.2.
 *
 * @param fullName the relative's full name, NFC
 * @param idNumber the relative's 12-digit ID number, or {@code null} when not recorded
 * @param nationality ISO 3166-1 alpha-2 code
 */
public record SyntheticRelative(String fullName, @Nullable String idNumber, String nationality) {

    /**
     * Checks the required parts.
     *
     * @param fullName the relative's full name, NFC
     * @param idNumber the relative's 12-digit ID number, or {@code null} when not recorded
     * @param nationality ISO 3166-1 alpha-2 code
     */
    public SyntheticRelative {
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(nationality, "nationality");
    }

    /** Masks the name and ID number. */
    @Override
    public String toString() {
        return "SyntheticRelative[" + Texts.maskName(fullName) + ", " + Texts.mask(idNumber) + "]";
    }
}
