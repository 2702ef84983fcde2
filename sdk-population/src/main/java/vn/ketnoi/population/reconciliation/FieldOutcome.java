package vn.ketnoi.population.reconciliation;

/** How one field of a register record compares with the population database. */
public enum FieldOutcome {
    /** Both hold the same value (compared as the provider compares, section 8.5), or neither holds one. */
    MATCH,
    /** Both hold a value and they differ. */
    MISMATCH,
    /** The population database holds a value the register lacks. */
    MISSING_IN_REGISTER,
    /** The register holds a value the population database lacks. */
    MISSING_IN_POPULATION
}
