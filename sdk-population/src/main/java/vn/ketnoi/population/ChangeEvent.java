package vn.ketnoi.population;

import java.time.Instant;
import java.util.Optional;

import vn.ketnoi.core.identity.Address;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.logging.Masking;

/**
 * One change in the register. {@link #eventId()} is stable: the same change always has the same id,
 * in the feed and in notifications, so a consumer that may see an event twice (delivery is
 * at-least-once) drops the second by id. The new value is present only when the agency's grant
 * covers the field.
 *
 * @param eventId            stable id of the change
 * @param type               what changed
 * @param occurredAt         when the register recorded it
 * @param idNumber           whose record changed
 * @param deathDate          for {@link ChangeType#DEATH}, when granted
 * @param fullName           for {@link ChangeType#NAME_CHANGE}, the new name, when granted
 * @param idCard             for {@link ChangeType#NEW_ID_CARD}, when granted
 * @param permanentResidence for {@link ChangeType#RESIDENCE_CHANGE}, when granted
 */
public record ChangeEvent(String eventId, ChangeType type, Instant occurredAt, PersonalIdNumber idNumber,
                          Optional<PartialDate> deathDate, Optional<String> fullName, Optional<IdCard> idCard,
                          Optional<Address> permanentResidence) {
    @Override
    public String toString() {
        return "ChangeEvent[" + Untrusted.text(eventId, 128) + ", " + type + ", " + occurredAt + ", idNumber="
                + idNumber.masked() + fullName.map(n -> ", fullName=" + Untrusted.text(Masking.name(n), 128)).orElse("") + "]";
    }
}
