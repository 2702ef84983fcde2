package vn.ketnoi.civilstatus;

import java.time.LocalDate;

/**
 * What every civil-status registration is: an entry of a register book. Immutable.
 *
 * @param registrationId the register's id of the entry, what a certified extract is asked for by
 * @param entryNumber the entry's number in its book ("số")
 * @param bookNumber the book's number ("quyển số"), such as {@code 01/2019}
 * @param authority the People's Committee that registered
 * @param registrationDate the date of registration
 */
public record RegisterEntry(String registrationId, String entryNumber, String bookNumber,
                            RegisteringAuthority authority, LocalDate registrationDate) {

    /** {@return the reference that finds this entry again: entry number, book number and authority} */
    public EntryReference reference() {
        return EntryReference.of(entryNumber, bookNumber, authority.code());
    }
}
