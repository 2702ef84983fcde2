package vn.ketnoi.core.spi;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * The one rule for the operator id sent as {@code X-Road-UserId} ({@code docs/protocol.md}
 * section 3): {@code VN} followed by the operator's identifier (at least one character), printable
 * ASCII, at most 128 characters. The sandbox refuses what this refuses.
 */
public final class OperatorId {
    private static final int MAX = 128;

    private OperatorId() {
    }

    /**
     * Returns {@code operatorId} when it follows the rule.
     *
     * @param operatorId the operator id
     * @return the id, checked
     * @throws InvalidInputException naming the field {@code operatorId} otherwise
     */
    public static String check(String operatorId) {
        if (operatorId == null || operatorId.isBlank()) {
            throw new InvalidInputException("operatorId", "is required: VN followed by the operator's identifier");
        }
        if (!operatorId.startsWith("VN") || operatorId.length() < 3 || operatorId.length() > MAX
                || operatorId.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new InvalidInputException("operatorId", "must be VN followed by the operator's identifier,"
                    + " printable ASCII, at most " + MAX + " characters");
        }
        return operatorId;
    }
}
