package vn.ketnoi.core.spi;

import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * The one rule for the case (dossier) number sent as {@code X-Road-Issue} ({@code docs/protocol.md}
 * section 3): optional; when given, printable ASCII, 1 to 128 characters. Beside {@link OperatorId},
 * the other half of a request's context every service client checks the same way.
 */
public final class CaseNumber {
    private static final int MAX = 128;

    private CaseNumber() {
    }

    /**
     * Returns {@code caseNumber} when it follows the rule.
     *
     * @param caseNumber the case number, or null for none
     * @return {@code caseNumber}
     * @throws InvalidInputException naming the field {@code caseNumber} otherwise
     */
    public static @Nullable String check(@Nullable String caseNumber) {
        if (caseNumber == null) {
            return null;
        }
        if (caseNumber.isBlank() || caseNumber.length() > MAX || caseNumber.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new InvalidInputException("caseNumber", "must be printable ASCII, 1 to " + MAX + " characters");
        }
        return caseNumber;
    }
}
