package vn.ketnoi.population;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import vn.ketnoi.core.Integrity;
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
    private final Integrity integrity;

    private Household(String householdId, PersonalIdNumber headIdNumber, List<HouseholdMember> members,
                      Address residence, Instant retrievedAt, Integrity integrity) {
        this.householdId = java.util.Objects.requireNonNull(householdId, "householdId");
        this.headIdNumber = java.util.Objects.requireNonNull(headIdNumber, "headIdNumber");
        this.members = List.copyOf(members);
        this.residence = residence;
        this.retrievedAt = retrievedAt;
        this.integrity = java.util.Objects.requireNonNull(integrity, "integrity");
    }

    /**
     * A household a wire profile read ({@link vn.ketnoi.population.wire.PopulationWire}); for tests
     * of applications too.
     *
     * @param householdId  the register's id of the household
     * @param headIdNumber the head's ID number
     * @param members      every member, the head included
     * @param residence    the household's residence, or null when not returned
     * @param retrievedAt  when the provider read it, or null
     * @param integrity    what protected it: {@link Integrity#END_TO_END_SIGNED} only when the
     *                     provider's signature over it was verified
     * @return the household
     */
    public static Household of(String householdId, PersonalIdNumber headIdNumber, List<HouseholdMember> members,
                               Address residence, Instant retrievedAt, Integrity integrity) {
        return new Household(householdId, headIdNumber, members, residence, retrievedAt, integrity);
    }

    /** {@return what protected the household on its way from the register; see {@link Citizen#integrity()}} */
    public Integrity integrity() {
        return integrity;
    }

    /** {@return the register's id of the household} */
    public String householdId() {
        return householdId;
    }

    /** {@return the personal ID number of the head of the household} */
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

    /** {@return the household's registered residence, if the register holds it} */
    public Optional<Address> residence() {
        return Optional.ofNullable(residence);
    }

    /** {@return when the provider read the record, if it said} */
    public Optional<Instant> retrievedAt() {
        return Optional.ofNullable(retrievedAt);
    }

    @Override
    public String toString() {
        return "Household[householdId=" + householdId + ", head=" + headIdNumber.masked() + ", members="
                + members.size() + "]";
    }
}
