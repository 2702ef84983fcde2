package vn.ketnoi.population;

import java.time.Duration;

import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * An asynchronous batch job at the provider ({@code docs/protocol.md} section 8.8). Thread-safe;
 * holds no records, so a handle of a 1,000,000-record job is as small as any other. Obtain one
 * from {@link PopulationClient#submitJob} or, after a restart, {@link PopulationClient#job}.
 */
public final class JobHandle {
    private static final Duration FIRST_WAIT = Duration.ofMillis(500);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final PopulationClient client;
    private final RequestContext context;
    private final String kind;
    private final String jobId;
    /** {@link System#nanoTime()} before which {@link #awaitCompletion} does not poll. */
    private final long firstPollAt;

    /**
     * A job just submitted, whose answer asked for {@code firstWait} before the first poll, or
     * found again ({@link Duration#ZERO}); {@code kind} names it in {@link #toString()}.
     */
    JobHandle(PopulationClient client, RequestContext context, String kind, String jobId, Duration firstWait) {
        this.client = client;
        this.context = context;
        this.kind = kind;
        this.jobId = jobId;
        this.firstPollAt = System.nanoTime() + firstWait.toNanos();
    }

    /** The context every call about the job carries: the one it was created in. */
    RequestContext context() {
        return context;
    }

    /** {@return the provider's job id; keep it to find the job again after a restart} */
    public String id() {
        return jobId;
    }

    /** {@return the job's current status: one call} */
    public JobStatus status() {
        return client.jobStatus(context, jobId);
    }

    /**
     * {@link #status()} without blocking, on the asynchronous HTTP client, with the same
     * resilience and deadlines; cancelling the future aborts the call.
     *
     * @return the job's current status, when it completes
     */
    public java.util.concurrent.CompletableFuture<JobStatus> statusAsync() {
        return client.jobStatusAsync(context, jobId);
    }

    /**
     * Polls until the job finishes or {@code maxWait} has passed, whichever is first, waiting
     * between polls as long as the provider's {@code Retry-After} asks, else backing off from
     * 0.5 s up to 30 s. Never waits past {@code maxWait}.
     *
     * @param maxWait the longest to wait, zero or more
     * @return the last status seen: finished, or not when time ran out (check {@link JobStatus#isFinished()})
     */
    public JobStatus awaitCompletion(Duration maxWait) {
        return awaitCompletion(maxWait, status -> { });
    }

    /**
     * {@link #awaitCompletion(Duration)}, telling {@code onProgress} each status it polls, the last
     * one included, on the calling thread: a progress bar, a log line every so many records, a
     * heartbeat to a job scheduler. A callback that throws ends the wait with its exception; the
     * job goes on at the provider and {@link PopulationClient#job} finds it again. (The upload's
     * progress is the records' iterator's to tell: {@code submitJob} takes them as it sends them.)
     *
     * @param maxWait the longest to wait, zero or more
     * @param onProgress told each status seen, in order
     * @return the last status seen: finished, or not when time ran out
     */
    public JobStatus awaitCompletion(Duration maxWait, java.util.function.Consumer<JobStatus> onProgress) {
        if (maxWait == null || maxWait.isNegative()) {
            throw new InvalidInputException("maxWait", "must be zero or positive");
        }
        if (onProgress == null) {
            throw new InvalidInputException("onProgress", "is required (a callback that does nothing is status -> { })");
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        Duration backoff = FIRST_WAIT;
        // The submit answer's Retry-After holds for the first poll too (section 8.8).
        long untilFirst = Math.min(firstPollAt, deadline) - System.nanoTime();
        if (untilFirst > 0) {
            try {
                Thread.sleep(Math.max(1, untilFirst / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        while (true) {
            JobStatus s = status();
            onProgress.accept(s);
            long left = deadline - System.nanoTime();
            if (s.isFinished() || left <= 0) {
                return s;
            }
            Duration wait = s.retryAfter().filter(d -> !d.isZero() && !d.isNegative()).orElse(backoff);
            backoff = backoff.multipliedBy(3).dividedBy(2);
            if (backoff.compareTo(LONGEST_WAIT) > 0) {
                backoff = LONGEST_WAIT;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(wait.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return s;
            }
        }
    }

    /**
     * The results, one per record in upload order, fetched lazily: a page (at most 1,000 results)
     * when iteration reaches it, so memory stays bounded by one page however large the job. The
     * job must have {@linkplain JobStatus.State#SUCCEEDED succeeded}; a failed page throws the
     * SDK's typed exception and the iterator can go on from it.
     *
     * @return the results; nothing is fetched until iteration starts
     */
    public Paginator<BatchItemResult> results() {
        return Paginator.of(null, token -> client.jobResults(context, jobId, token));
    }

    @Override
    public String toString() {
        return "JobHandle[" + jobId + ", " + kind + "]";
    }
}
