package vn.ketnoi.population;

import java.time.Duration;
import java.util.Optional;

/**
 * The state of an asynchronous batch job ({@code docs/protocol.md} section 8.8).
 *
 * @param jobId            the provider's job id
 * @param state            the state
 * @param receivedRecords  records uploaded
 * @param processedRecords records processed so far
 * @param failedRecords    records that failed so far
 * @param retryAfter       how long the provider asks the client to wait before polling again
 */
public record JobStatus(String jobId, State state, long receivedRecords, long processedRecords, long failedRecords,
                        Optional<Duration> retryAfter) {
    /** A job's life cycle. */
    public enum State {
        /** Created; records are being uploaded. */
        OPEN,
        /** Submitted, waiting for a worker. */
        QUEUED,
        /** Being processed. */
        RUNNING,
        /** Done; results can be read. */
        SUCCEEDED,
        /** The provider could not process the job. */
        FAILED,
        /** A state this SDK version does not know. */
        UNKNOWN;

        static State fromWire(String s) {
            for (State v : values()) {
                if (v.name().equals(s)) {
                    return v;
                }
            }
            return UNKNOWN;
        }
    }

    /** {@return whether the job will not change any more} */
    public boolean isFinished() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }
}
