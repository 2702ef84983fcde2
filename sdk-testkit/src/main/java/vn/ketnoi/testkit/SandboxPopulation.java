package vn.ketnoi.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import vn.ketnoi.testkit.internal.PopulationGenerator;

/**
 * The sandbox's deterministic synthetic population register. The same size and seed give
 * the same citizens, in the same order, in every JVM.
 */
public final class SandboxPopulation {

    private final long seed;
    private final List<SyntheticCitizen> citizens;
    private final List<SyntheticHousehold> households;
    private final Map<String, SyntheticCitizen> byId;

    private SandboxPopulation(long seed, List<SyntheticCitizen> citizens, List<SyntheticHousehold> households) {
        this.seed = seed;
        this.citizens = citizens;
        this.households = households;
        // Used only for look-ups, never iterated, so its order cannot leak.
        // Concurrent: the civil-status register writes births and deaths into it (put).
        Map<String, SyntheticCitizen> map = new java.util.concurrent.ConcurrentHashMap<>(citizens.size() * 2);
        for (SyntheticCitizen c : citizens) {
            map.put(c.idNumber(), c);
        }
        this.byId = map;
    }

    /**
     * Generates a population.
     *
     * @param size number of citizens, at least 1
     * @param seed the random seed
     * @return the population
     */
    public static SandboxPopulation generate(int size, long seed) {
        PopulationGenerator.Result r = PopulationGenerator.generate(size, seed);
        return new SandboxPopulation(seed, r.citizens(), r.households());
    }

    /** {@return the seed the population was generated from} */
    public long seed() {
        return seed;
    }

    /** {@return number of citizens} */
    public int size() {
        return citizens.size();
    }

    /** {@return all citizens, household by household, in generation order (unmodifiable)} */
    public List<SyntheticCitizen> citizens() {
        return citizens;
    }

    /** {@return all households in generation order (unmodifiable)} */
    public List<SyntheticHousehold> households() {
        return households;
    }

    /**
     * The citizen with this ID number.
     *
     * @param idNumber the 12-digit personal ID number
     * @return the citizen, or empty
     */
    public Optional<SyntheticCitizen> byIdNumber(String idNumber) {
        return Optional.ofNullable(byId.get(idNumber));
    }

    /**
     * Records a citizen, or replaces the record with the same ID number: what a registered birth
     * or death does to the register. Lookups by ID number see it from now on; {@link #citizens()}
     * stays the generated population.
     *
     * @param citizen the record
     */
    public void put(SyntheticCitizen citizen) {
        byId.put(citizen.idNumber(), citizen);
    }

    /** {@return the first living citizen with a full birth date and an ID card: a plain happy-path record} */
    public SyntheticCitizen anyLiving() {
        return first(c -> !c.isDeceased() && c.hasFullBirthDate() && c.idCard() != null, "living");
    }

    /**
     * The demo citizen, present in every population whatever its seed: Nguyễn Văn An, ID number
     * {@code 001089012345}, born 1989-05-12 in Hà Nội, living, head of his household. Docs and
     * samples use him so that they can show real values.
     *
     * @return the demo citizen
     */
    public SyntheticCitizen demoCitizen() {
        return byIdNumber(vn.ketnoi.testkit.internal.PopulationGenerator.DEMO_ID_NUMBER).orElseThrow();
    }

    /**
     * The citizen's VNeID account level (Decree 69/2024): 0 for no account, 1 for a self-registered
     * account, 2 for one verified in person. Derived from the ID number, so it is the same in every
     * JVM: the deceased and children under 14 have none; of the others about 60 % are at level 2,
     * 25 % at level 1 and 15 % have no account. The demo citizen is at level 2.
     *
     * @param c a citizen of this population
     * @return 0, 1 or 2
     */
    public int vneidLevel(SyntheticCitizen c) {
        if (c.idNumber().equals(vn.ketnoi.testkit.internal.PopulationGenerator.DEMO_ID_NUMBER)) {
            return 2;
        }
        if (c.isDeceased() || 2025 - Integer.parseInt(c.birthDate().substring(0, 4)) < 14) {
            return 0;
        }
        int bucket = Math.floorMod(c.idNumber().hashCode() * 31 + 7, 100);
        return bucket < 60 ? 2 : bucket < 85 ? 1 : 0;
    }

    /**
     * {@return the first living citizen with a VNeID account of this level}
     *
     * @param level 0, 1 or 2
     */
    public SyntheticCitizen withVneidLevel(int level) {
        return first(c -> !c.isDeceased() && c.hasFullBirthDate() && vneidLevel(c) == level, "VNeID level " + level);
    }

    /** {@return the first citizen whose birth date is year-only or year-month} */
    public SyntheticCitizen withPartialBirthDate() {
        return first(c -> !c.hasFullBirthDate(), "partial birth date");
    }

    /** {@return the first citizen whose birth date is a year only ({@code yyyy}), as on some old paper records} */
    public SyntheticCitizen withYearOnlyBirthDate() {
        return first(c -> c.birthDate().length() == 4, "year-only birth date");
    }

    /**
     * The first living adult with every field that needs the citizen's consent recorded
     * ({@link KetnoiSandbox#CONSENT_FIELDS}): asking for them without a consent token is refused.
     *
     * @return the citizen
     */
    public SyntheticCitizen needingConsent() {
        return first(c -> !c.isDeceased() && c.hasFullBirthDate() && c.religion() != null && c.bloodGroup() != null
                && c.phone() != null && c.email() != null, "consent-fields");
    }

    /** {@return the first household with the most members (at least four), in generation order} */
    public SyntheticHousehold largeHousehold() {
        SyntheticHousehold best = null;
        for (SyntheticHousehold h : households) {
            if (best == null || h.memberIdNumbers().size() > best.memberIdNumbers().size()) {
                best = h;
            }
        }
        if (best == null || best.memberIdNumbers().size() < 4) {
            throw new IllegalStateException("no household of four or more in a population of " + size());
        }
        return best;
    }

    /** {@return the first citizen with a recorded date of death} */
    public SyntheticCitizen deceased() {
        return first(SyntheticCitizen::isDeceased, "deceased");
    }

    /**
     * The first citizen, in generation order, that satisfies the condition.
     *
     * @param condition the condition
     * @return the citizen, or empty
     */
    public Optional<SyntheticCitizen> find(Predicate<SyntheticCitizen> condition) {
        for (SyntheticCitizen c : citizens) {
            if (condition.test(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private SyntheticCitizen first(Predicate<SyntheticCitizen> condition, String what) {
        return find(condition).orElseThrow(
                () -> new IllegalStateException("no " + what + " citizen in a population of " + size()));
    }

    @Override
    public String toString() {
        return "SandboxPopulation[size=" + size() + ", seed=" + seed + "]";
    }
}
