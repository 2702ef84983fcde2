package vn.ketnoi.civilstatus;

/**
 * A civil-status registration: a birth, a marriage or a death, each an entry of a register book.
 */
public sealed interface CivilRegistration permits BirthRegistration, MarriageRegistration, DeathRegistration {
    /** {@return the register entry: numbers, authority and date} */
    RegisterEntry entry();
}
