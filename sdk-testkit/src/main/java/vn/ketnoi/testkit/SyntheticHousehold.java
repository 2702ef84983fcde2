package vn.ketnoi.testkit;

import java.util.List;
import java.util.Objects;

/**
 * A household of the synthetic register.
 *
 * @param householdId the household book number
 * @param headIdNumber the ID number of the head of household
 * @param memberIdNumbers the ID numbers of all members, the head first
 */
public record SyntheticHousehold(String householdId, String headIdNumber, List<String> memberIdNumbers) {

    /**
     * Copies the member list.
     *
     * @param householdId the household book number
     * @param headIdNumber the ID number of the head of household
     * @param memberIdNumbers the ID numbers of all members, the head first
     */
    public SyntheticHousehold {
        Objects.requireNonNull(householdId, "householdId");
        Objects.requireNonNull(headIdNumber, "headIdNumber");
        memberIdNumbers = List.copyOf(memberIdNumbers);
    }

    /** Shows the id and size only: ID numbers are personal data. */
    @Override
    public String toString() {
        return "SyntheticHousehold[" + householdId + ", " + memberIdNumbers.size() + " members]";
    }
}
