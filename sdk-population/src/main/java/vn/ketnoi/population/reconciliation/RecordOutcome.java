package vn.ketnoi.population.reconciliation;

/** How one register record compares with the population database as a whole. */
public enum RecordOutcome {
    /** Every field compared is a {@link FieldOutcome#MATCH}. */
    MATCH,
    /** At least one field is not a {@link FieldOutcome#MATCH}: see the field outcomes. */
    DIFFERS,
    /** The population database has no citizen with the record's ID number. */
    MISSING_IN_POPULATION,
    /** The record cannot be compared: a malformed ID number, name or date ({@link RecordReport#problem()} names it). */
    INVALID
}
