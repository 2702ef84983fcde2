package vn.ketnoi.population;

import java.util.concurrent.CompletableFuture;

import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * The register's change feed ({@code docs/protocol.md} section 8.9), read from a cursor the caller
 * keeps. Delivery is at-least-once: commit the cursor only after applying the page's events, so a
 * crash in between replays them, and drop events whose {@link ChangeEvent#eventId()} was applied.
 *
 * <pre>{@code
 * ChangeFeed feed = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"));
 * for (Paginator.Page<ChangeEvent> page : feed.events(store.loadOrBeginning(), 500).pages()) {
 *     for (ChangeEvent e : page.items()) {
 *         if (!store.alreadyApplied(e.eventId())) { apply(e); }
 *     }
 *     store.commit(ChangeCursor.after(page));   // after applying, never before
 * }
 * }</pre>
 *
 * The paginator stops when the feed is caught up; its last cursor is where the next run starts.
 * Thread-safe and stateless: the cursor is the caller's.
 */
public final class ChangeFeed {
    /** Most events one read returns. */
    public static final int MAX_LIMIT = 1000;

    private final PopulationClient client;
    private final RequestContext context;

    ChangeFeed(PopulationClient client, RequestContext context) {
        this.client = client;
        this.context = context;
    }

    /**
     * The events after {@code cursor}, up to the present, read lazily {@code limit} at a time
     * (each page one {@link #read} when iteration reaches it). Use {@link Paginator#pages()} to
     * commit a cursor after each page.
     *
     * @param cursor where to start: {@link ChangeCursor#beginning()} or a committed cursor
     * @param limit  the page size, 1 to {@value #MAX_LIMIT}
     * @return the events; nothing is read until iteration starts
     */
    public Paginator<ChangeEvent> events(ChangeCursor cursor, int limit) {
        check(cursor, limit);
        return Paginator.of(cursor.value(), at -> client.readChanges(context,
                at == null ? ChangeCursor.beginning() : ChangeCursor.of(at), limit));
    }

    /**
     * Reads one page: up to {@code limit} events after {@code cursor}. Continue from
     * {@link ChangeCursor#after(Paginator.Page)} while {@link Paginator.Page#hasMore()}.
     *
     * @param cursor where to start: {@link ChangeCursor#beginning()} or a committed cursor
     * @param limit  1 to {@value #MAX_LIMIT}
     * @return the page; its {@linkplain Paginator.Page#nextCursor() next cursor} is always present
     */
    public Paginator.Page<ChangeEvent> read(ChangeCursor cursor, int limit) {
        check(cursor, limit);
        return client.readChanges(context, cursor, limit);
    }

    /**
     * {@link #read(ChangeCursor, int)} without blocking, on the asynchronous HTTP client, with the
     * same resilience and deadlines; bad input fails the future, and cancelling it aborts the call.
     *
     * @param cursor where to start
     * @param limit  1 to {@value #MAX_LIMIT}
     * @return the page, when it completes
     */
    public CompletableFuture<Paginator.Page<ChangeEvent>> readAsync(ChangeCursor cursor, int limit) {
        try {
            check(cursor, limit);
        } catch (InvalidInputException e) {
            return CompletableFuture.failedFuture(e);
        }
        return client.readChangesAsync(context, cursor, limit);
    }

    private static void check(ChangeCursor cursor, int limit) {
        if (cursor == null) {
            throw new InvalidInputException("cursor", "is required; use ChangeCursor.beginning() to start");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be 1 to " + MAX_LIMIT);
        }
    }

    @Override
    public String toString() {
        return "ChangeFeed[" + context.purpose() + "]";
    }
}
