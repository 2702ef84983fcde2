package vn.ketnoi.testkit;

import java.util.Map;
import java.util.Optional;
import vn.ketnoi.testkit.internal.civilstatus.CivilStatusService;

/**
 * The sandbox's civil-status register (the Ministry of Justice's electronic database, synthetic)
 * behind {@code /civil-status/v1}, as tests see it: which registrations it holds and how many
 * writes it applied. Its data agrees with {@link KetnoiSandbox#population()}: every citizen born
 * in 2016 or later has a birth registration, every citizen recorded dead and every DEATH event
 * of the change feed a death registration, every couple of spouses both in the population a
 * marriage registration. A registered birth adds the child to the population (with a personal ID
 * number and the mother's permanent residence); a registered death removes the permanent
 * residence and appends a DEATH event to the change feed. Thread-safe.
 */
public final class SandboxCivilStatus {
    private final CivilStatusService service;

    SandboxCivilStatus(CivilStatusService service) {
        this.service = service;
    }

    /**
     * The registration of that kind for the citizen, in its wire form (docs/civil-status.md).
     *
     * @param kind {@code BIRTH}, {@code MARRIAGE} (the first, when several) or {@code DEATH}
     * @param idNumber the citizen's personal ID number
     * @return the registration, or empty
     */
    public Optional<Map<String, Object>> registration(String kind, String idNumber) {
        return service.registrationOf(kind, idNumber);
    }

    /** {@return how many births were registered through the API: one per idempotency key, however often it was sent} */
    public long birthsRegistered() {
        return service.birthsRegistered();
    }

    /** {@return how many deaths were registered through the API: one per idempotency key} */
    public long deathsRegistered() {
        return service.deathsRegistered();
    }

    /** {@return the 5-digit code of a commune People's Committee that registers, for tests that register events} */
    public String anyAuthorityCode() {
        return service.anyAuthorityCode();
    }
}
