package vn.ketnoi.chip;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ChipVerifier} concluded about a dump: the verdict, why (without personal data), and
 * the data read, which is handed out only when the verdict is {@link ChipVerdict#GENUINE}. Immutable.
 */
public final class ChipVerification {
    private final ChipVerdict verdict;
    private final String reason;
    private final boolean activelyAuthenticated;
    private final @Nullable Mrz mrz;
    private final @Nullable CitizenData citizen;

    ChipVerification(ChipVerdict verdict, String reason, boolean activelyAuthenticated, @Nullable Mrz mrz,
                     @Nullable CitizenData citizen) {
        this.verdict = verdict;
        this.reason = reason;
        this.activelyAuthenticated = activelyAuthenticated;
        this.mrz = verdict == ChipVerdict.GENUINE ? mrz : null;
        this.citizen = verdict == ChipVerdict.GENUINE ? citizen : null;
    }

    static ChipVerification failed(ChipVerdict verdict, String reason) {
        return new ChipVerification(verdict, reason, false, null, null);
    }

    /** {@return the verdict} */
    public ChipVerdict verdict() {
        return verdict;
    }

    /** {@return whether every check asked for passed} */
    public boolean isGenuine() {
        return verdict == ChipVerdict.GENUINE;
    }

    /** {@return which check failed and how, or what passed; no personal data} */
    public String reason() {
        return reason;
    }

    /** {@return whether the chip also passed active authentication (it is the chip, not a copy of its data)} */
    public boolean isActivelyAuthenticated() {
        return activelyAuthenticated;
    }

    /** {@return DG1, when the dump held it and the verdict is GENUINE} */
    public Optional<Mrz> mrz() {
        return Optional.ofNullable(mrz);
    }

    /** {@return DG13, when the dump held it and the verdict is GENUINE} */
    public Optional<CitizenData> citizen() {
        return Optional.ofNullable(citizen);
    }

    @Override
    public String toString() {
        return "ChipVerification[" + verdict + (activelyAuthenticated ? ", chip authenticated" : "") + ": " + reason + "]";
    }
}
