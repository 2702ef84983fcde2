package vn.ketnoi.population;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * The register's change feed ({@code docs/protocol.md} section 8.9), read from a cursor the caller
 * keeps. Delivery is at-least-once: commit the cursor only after applying the page's events, so a
 * crash in between replays them, and drop events whose {@link ChangeEvent#eventId()} was applied.
 *
 * <pre>{@code
 * ChangeFeed feed = population.changeFeed(Purpose.REGISTER_MAINTENANCE, "VN:system.sync");
 * ChangeCursor cursor = store.loadOrBeginning();
 * ChangePage page;
 * do {
 *     page = feed.read(cursor, 500);
 *     for (ChangeEvent e : page.events()) {
 *         if (!store.alreadyApplied(e.eventId())) { apply(e); }
 *     }
 *     cursor = page.nextCursor();
 *     store.commit(cursor);           // after applying, never before
 * } while (page.hasMore());
 * }</pre>
 *
 * Thread-safe and stateless: the cursor is the caller's.
 */
public final class ChangeFeed {
    /** Most events one read returns. */
    public static final int MAX_LIMIT = 1000;

    private final PopulationClient client;
    private final Purpose purpose;
    private final String operatorId;

    ChangeFeed(PopulationClient client, Purpose purpose, String operatorId) {
        this.client = client;
        this.purpose = purpose;
        this.operatorId = operatorId;
    }

    /**
     * Reads up to {@code limit} events after {@code cursor}.
     *
     * @param cursor where to start: {@link ChangeCursor#beginning()} or a committed cursor
     * @param limit  1 to {@value #MAX_LIMIT}
     */
    public ChangePage read(ChangeCursor cursor, int limit) {
        check(cursor, limit);
        return client.readChanges(purpose, operatorId, cursor, limit);
    }

    /**
     * {@link #read(ChangeCursor, int)} without blocking, on the asynchronous HTTP client, with the
     * same resilience and deadlines; bad input fails the future, and cancelling it aborts the call.
     *
     * @param cursor where to start
     * @param limit  1 to {@value #MAX_LIMIT}
     * @return the page, when it completes
     */
    public java.util.concurrent.CompletableFuture<ChangePage> readAsync(ChangeCursor cursor, int limit) {
        try {
            check(cursor, limit);
        } catch (InvalidInputException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return client.readChangesAsync(purpose, operatorId, cursor, limit);
    }

    private static void check(ChangeCursor cursor, int limit) {
        if (cursor == null) {
            throw new InvalidInputException("cursor", "is required; use ChangeCursor.beginning() to start");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be 1 to " + MAX_LIMIT);
        }
    }
}
