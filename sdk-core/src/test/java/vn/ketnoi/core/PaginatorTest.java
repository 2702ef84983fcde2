package vn.ketnoi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.ServiceUnavailableException;

/**
 * The paging contract on its own, with a fake provider of pages; the clients' paginators are tested
 * against the sandbox (ChangeFeedTest, EdocumentsClientTest, BatchJobTest).
 */
class PaginatorTest {

    /** Serves "0".."n-1" in pages of {@code size}, cursors being the next index; records each fetch. */
    static final class Provider implements Function<@Nullable String, Paginator.Page<String>> {
        final int total;
        final int size;
        final List<@Nullable String> fetched = new ArrayList<>();
        @Nullable String failAt;

        Provider(int total, int size) {
            this.total = total;
            this.size = size;
        }

        @Override
        public Paginator.Page<String> apply(@Nullable String cursor) {
            fetched.add(cursor);
            if (cursor != null && cursor.equals(failAt)) {
                throw new ServiceUnavailableException(new KetnoiServiceException("unavailable", 503,
                        "server.unavailable", "r1", true, "Unavailable", "try later", List.of()));
            }
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            List<String> items = new ArrayList<>();
            for (int i = from; i < Math.min(total, from + size); i++) {
                items.add(Integer.toString(i));
            }
            int next = from + items.size();
            return Paginator.Page.of(items, next < total ? Integer.toString(next) : null, next < total);
        }
    }

    @Test
    void fetchesEachPageOnlyWhenIterationReachesIt() {
        Provider provider = new Provider(25, 10);
        Paginator<String> paginator = Paginator.of(null, provider);
        assertEquals(List.of(), provider.fetched, "nothing is fetched when the paginator is made");
        Iterator<String> it = paginator.iterator();
        for (int i = 0; i < 10; i++) {
            assertEquals(Integer.toString(i), it.next());
        }
        assertEquals(1, provider.fetched.size(), "the second page is not fetched before it is reached");
        assertTrue(it.hasNext());
        assertEquals(2, provider.fetched.size());
        assertEquals(List.of("10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24"),
                toList(it));
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertEquals(3, provider.fetched.size(), "no fetch after the last page");
    }

    @Test
    void aFailedPageIsThrownTypedAndTheIteratorGoesOnFromItsCursor() {
        Provider provider = new Provider(30, 10);
        provider.failAt = "20";
        Iterator<String> it = Paginator.of(null, provider).iterator();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            seen.add(it.next());
        }
        assertThrows(ServiceUnavailableException.class, it::hasNext);
        assertThrows(ServiceUnavailableException.class, it::next, "still failing: still typed");
        provider.failAt = null;
        seen.addAll(toList(it));
        assertEquals(30, seen.size());
        assertEquals(Integer.toString(29), seen.get(29), "nothing lost or repeated");
        assertEquals(List.of("20", "20", "20"), provider.fetched.subList(2, 5), "every retry asks for the failed cursor");
    }

    @Test
    void thePageViewGivesTheCursorsToCheckpointAndEveryIterationStartsAgain() {
        Provider provider = new Provider(20, 10);
        Paginator<String> paginator = Paginator.of("5", provider);
        List<Paginator.Page<String>> pages = new ArrayList<>();
        paginator.pages().forEach(pages::add);
        assertEquals(2, pages.size());
        assertEquals("15", pages.get(0).nextCursor().orElseThrow());
        assertTrue(pages.get(0).hasMore());
        assertTrue(pages.get(1).nextCursor().isEmpty());
        assertEquals(15, paginator.stream().count(), "a second iteration fetches again from the start cursor");
        assertEquals(List.of("5", "15", "5", "15"), provider.fetched);
    }

    @Test
    void emptyPagesAreSkippedAndAnEmptySequenceIsOneFetch() {
        List<Paginator.Page<String>> served = List.of(Paginator.Page.of(List.of(), "a", true),
                Paginator.Page.of(List.of("x"), "b", false));
        Paginator<String> caughtUp = Paginator.of(null, c -> served.get(c == null ? 0 : 1));
        assertEquals(List.of("x"), caughtUp.stream().toList());

        Provider none = new Provider(0, 10);
        assertFalse(Paginator.of(null, none).iterator().hasNext());
        assertEquals(1, none.fetched.size());
    }

    @Test
    void aPageWithMoreNeedsACursorAndIsImmutable() {
        assertThrows(IllegalArgumentException.class, () -> Paginator.Page.of(List.of("a"), null, true));
        List<String> items = new ArrayList<>(List.of("a"));
        Paginator.Page<String> page = Paginator.Page.of(items, null, false);
        items.add("b");
        assertEquals(List.of("a"), page.items());
        assertThrows(UnsupportedOperationException.class, () -> page.items().add("c"));
        assertEquals("Page[1 item(s), more=false]", page.toString());
        Paginator<String> p = Paginator.of(null, c -> page);
        assertSame(page, p.pages().iterator().next());
    }

    private static List<String> toList(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
