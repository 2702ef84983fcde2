package vn.ketnoi.population;

import java.time.Duration;

import vn.ketnoi.core.Paginator;

/**
 * An asynchronous push job at the provider ({@code docs/push.md}), on the same machinery as a
 * batch job ({@link JobHandle}): poll its {@link JobStatus}, then page through one verdict per
 * push in upload order. The verdicts are those given when the job ran; reading a page again
 * gives them again and applies nothing. Thread-safe; holds no pushes.
 */
public final class PushJob {
    private final PopulationClient client;
    private final JobHandle handle;

    PushJob(PopulationClient client, JobHandle handle) {
        this.client = client;
        this.handle = handle;
    }

    /** {@return the provider's job id; keep it to find the job again after a restart} */
    public String id() {
        return handle.id();
    }

    /** {@return the job's current status: one call} */
    public JobStatus status() {
        return handle.status();
    }

    /**
     * Polls until the job finishes or {@code maxWait} has passed, as {@link JobHandle#awaitCompletion(Duration)}.
     *
     * @param maxWait the longest to wait
     * @return the last status seen
     */
    public JobStatus awaitCompletion(Duration maxWait) {
        return handle.awaitCompletion(maxWait);
    }

    /**
     * The verdicts, one per push in upload order, a page (at most 1,000) at a time as iteration
     * reaches it. The job must have {@linkplain JobStatus.State#SUCCEEDED succeeded}.
     *
     * @return the verdicts; nothing is fetched until iteration starts
     */
    public Paginator<PushItemResult> results() {
        return Paginator.of(null, token -> client.pushJobResults(handle.context(), handle.id(), token));
    }

    @Override
    public String toString() {
        return "PushJob[" + handle.id() + "]";
    }
}
