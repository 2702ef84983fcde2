package vn.ketnoi.population;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import vn.ketnoi.core.identity.Address;
import vn.ketnoi.core.identity.PersonalIdNumber;

/**
 * A household as the register records it: its id, its head, its members with their relationship
 * to the head, and its residence (when the agency's grant covers {@code permanentResidence}).
 */
public final class Household {
    private final String householdId;
    private final PersonalIdNumber headIdNumber;
    private final List<HouseholdMember> members;
    private final Address residence;
    private final Instant retrievedAt;

    Household(String householdId, PersonalIdNumber headIdNumber, List<HouseholdMember> members, Address residence,
              Instant retrievedAt) {
        this.householdId = householdId;
        this.headIdNumber = headIdNumber;
        this.members = List.copyOf(members);
        this.residence = residence;
        this.retrievedAt = retrievedAt;
    }

    public String householdId() {
        return householdId;
    }

    public PersonalIdNumber headIdNumber() {
        return headIdNumber;
    }

    /** {@return the head as a member, when listed} */
    public Optional<HouseholdMember> head() {
        return members.stream().filter(m -> m.idNumber().equals(headIdNumber)).findFirst();
    }

    /** {@return every member, the head included, in the register's order} */
    public List<HouseholdMember> members() {
        return members;
    }

    public Optional<Address> residence() {
        return Optional.ofNullable(residence);
    }

    public Optional<Instant> retrievedAt() {
        return Optional.ofNullable(retrievedAt);
    }

    @Override
    public String toString() {
        return "Household[householdId=" + householdId + ", head=" + headIdNumber.masked() + ", members="
                + members.size() + "]";
    }
}
