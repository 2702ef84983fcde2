package vn.ketnoi.population;

import vn.ketnoi.core.identity.PersonalIdNumber;

/**
 * The household a citizen belongs to.
 *
 * @param householdId        the register's household id
 * @param headIdNumber       the personal ID number of the head of the household
 * @param relationshipToHead as recorded, in Vietnamese ({@code Chủ hộ}, {@code Vợ}, {@code Con}...)
 */
public record HouseholdMembership(String householdId, PersonalIdNumber headIdNumber, String relationshipToHead) {
    @Override
    public String toString() {
        return "HouseholdMembership[householdId=" + householdId + ", head=" + headIdNumber.masked()
                + ", relationshipToHead=" + relationshipToHead + "]";
    }
}
