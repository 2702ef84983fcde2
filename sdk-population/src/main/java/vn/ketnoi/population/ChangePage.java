package vn.ketnoi.population;

import java.util.List;

/**
 * Events read from the feed, with the cursor to commit once they are applied.
 *
 * @param events     the events, oldest first
 * @param nextCursor where the next read starts; commit it only after applying {@code events}
 * @param hasMore    whether more events are already waiting
 */
public record ChangePage(List<ChangeEvent> events, ChangeCursor nextCursor, boolean hasMore) {
    public ChangePage {
        events = List.copyOf(events);
    }
}
