package vn.ketnoi.core.audit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AuditTrail#verify(Path, byte[])} found in one audit file: how many records are whole
 * and genuine, where the chain ends, and the first record that is not. Holds no event content, so
 * it is safe to log. Immutable.
 */
public final class AuditTrailReport {

    /** What is wrong at the first bad record. */
    public enum Problem {
        /** The line is not a record: its checksum fails or it cannot be parsed (a changed byte, a foreign line). */
        DAMAGED,
        /** The record is well formed but its chain value does not verify: it was rewritten, or written under another key. */
        ALTERED,
        /** The record expected here is absent: a later one takes its place and the expected one is nowhere after it. */
        MISSING,
        /** The record expected here comes later in the file, or an earlier one is repeated: the records were moved. */
        OUT_OF_ORDER
    }

    private final Path file;
    private final long records;
    private final long lastSequence;
    private final String lastChainValue;
    private final boolean tornTail;
    private final Problem problem;
    private final long problemSequence;
    private final long problemLine;

    AuditTrailReport(Path file, long records, long lastSequence, String lastChainValue, boolean tornTail,
                     Problem problem, long problemSequence, long problemLine) {
        this.file = Objects.requireNonNull(file, "file");
        this.records = records;
        this.lastSequence = lastSequence;
        this.lastChainValue = lastChainValue;
        this.tornTail = tornTail;
        this.problem = problem;
        this.problemSequence = problemSequence;
        this.problemLine = problemLine;
    }

    /** {@return the file verified} */
    public Path file() {
        return file;
    }

    /** {@return true when every record verified and none is missing or out of place (a torn last line does not count)} */
    public boolean intact() {
        return problem == null;
    }

    /** {@return the number of whole, genuine records before the first problem (all of them when intact)} */
    public long verifiedRecords() {
        return records;
    }

    /** {@return the sequence number of the last genuine record before the first problem; 0 when there is none} */
    public long lastSequence() {
        return lastSequence;
    }

    /**
     * The chain value of the last genuine record, in hex: write it down elsewhere (a ticket, another
     * system) to detect later that records were cut from the end, which no chain can show by itself.
     *
     * @return the chain value
     */
    public String lastChainValue() {
        return lastChainValue;
    }

    /** {@return whether the file ends in a record cut short by a crash (no newline): it is ignored, and cut when the sink reopens} */
    public boolean tornTail() {
        return tornTail;
    }

    /** {@return the first problem, empty when intact} */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * The sequence number of the first altered, damaged or missing record: the one the chain expected
     * at that place. 0 when intact.
     *
     * @return the sequence number
     */
    public long firstBadSequence() {
        return problemSequence;
    }

    /** {@return the line (from 1) where the first problem was found; 0 when intact} */
    public long firstBadLine() {
        return problemLine;
    }

    /** {@return one line for logs and the command: counts, sequence numbers and the file name only} */
    public String describe() {
        if (problem == null) {
            return "intact: " + records + " records, last sequence " + lastSequence
                    + (tornTail ? ", a torn last line ignored" : "");
        }
        String what = switch (problem) {
            case DAMAGED -> "is damaged (checksum or format)";
            case ALTERED -> "was altered (its chain value does not verify: rewritten, or written under another key)";
            case MISSING -> "is missing";
            case OUT_OF_ORDER -> "is out of order (moved or repeated)";
        };
        return "record " + problemSequence + " " + what + " at line " + problemLine + "; " + records
                + " records verified before it";
    }

    @Override
    public String toString() {
        return "AuditTrailReport[" + file.getFileName() + ": " + describe() + "]";
    }
}
