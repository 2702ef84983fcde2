package vn.ketnoi.core;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;

/**
 * The one paging shape of every Ketnoi client: a sequence the provider serves a page at a time
 * (an agency's e-documents, the population change feed, a batch job's results), fetched lazily.
 *
 * <p>Nothing is fetched when a paginator is created. Iterating it ({@code for}, {@link #iterator()},
 * {@link #stream()}) fetches the first page when the first item is asked for and each next page
 * only when iteration reaches it; at most one page is held at a time, so memory stays bounded by
 * the page size however long the sequence. Each page is one call of the client that made the
 * paginator, with that client's deadlines, resilience and response verification: there is no
 * wait without an end and no buffer without a bound.
 *
 * <p>A failed page fetch throws the SDK's unchecked {@link vn.ketnoi.core.exception.KetnoiException}
 * (the same type the single call would throw) from {@code hasNext()} or {@code next()}. The
 * iterator keeps its place: calling {@code hasNext()} again fetches the page that failed, from the
 * last cursor, so no item is lost or repeated. An application that must survive a restart
 * checkpoints a cursor with the page-at-a-time view {@link #pages()}: store
 * {@link Page#nextCursor()} after applying a page's items, and resume from it with the client's
 * cursor-taking method.
 *
 * <pre>{@code
 * for (Paginator.Page<ChangeEvent> page : feed.events(ChangeCursor.of(store.load()), 500).pages()) {
 *     page.items().forEach(register::apply);
 *     store.commit(page.nextCursor().orElseThrow());   // after applying, never before
 * }
 * }</pre>
 *
 * <p>A paginator is immutable and thread-safe, and can be iterated any number of times: each
 * iteration starts again from its first cursor and fetches again. An iterator is for one thread.
 * Applications obtain paginators from clients; {@link #of(String, Function)} is public so that a
 * test double of a client can return one.
 *
 * @param <T> the items
 */
public final class Paginator<T> implements Iterable<T> {
    private final @Nullable String start;
    private final Function<@Nullable String, Page<T>> fetch;

    private Paginator(@Nullable String start, Function<@Nullable String, Page<T>> fetch) {
        this.start = start;
        this.fetch = fetch;
    }

    /**
     * A paginator over the pages {@code fetch} returns, starting at {@code start}.
     *
     * @param start the cursor of the first page; {@code null} for the beginning of the sequence
     * @param fetch fetches the page at a cursor ({@code null}: the first page); throws the SDK's
     *              typed exceptions
     * @param <T> the items
     * @return the paginator; nothing is fetched yet
     */
    public static <T> Paginator<T> of(@Nullable String start, Function<@Nullable String, Page<T>> fetch) {
        return new Paginator<>(start, Objects.requireNonNull(fetch, "fetch"));
    }

    /**
     * {@return the items, in the provider's order, fetching each page when iteration reaches it}
     */
    @Override
    public Iterator<T> iterator() {
        PageIterator pages = new PageIterator();
        return new Iterator<>() {
            private List<T> items = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                // Empty pages (a feed that is caught up) are skipped, each one fetch.
                while (next == items.size() && pages.hasNext()) {
                    items = pages.next().items();
                    next = 0;
                }
                return next < items.size();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return items.get(next++);
            }
        };
    }

    /**
     * {@return the items as a sequential, lazy stream; closing it early fetches nothing more}
     */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * The page-at-a-time view, for a caller that checkpoints a cursor after each page. Fetches
     * lazily as {@link #iterator()} does; the last page may be empty.
     *
     * @return the pages, in order
     */
    public Iterable<Page<T>> pages() {
        return PageIterator::new;
    }

    @Override
    public String toString() {
        return start == null ? "Paginator[from the beginning]" : "Paginator[from a cursor]";
    }

    /** Walks the pages: fetches on {@code hasNext()}, keeps its cursor when a fetch fails. */
    private final class PageIterator implements Iterator<Page<T>> {
        private @Nullable String cursor = start;
        private @Nullable Page<T> fetched;
        private boolean done;

        @Override
        public boolean hasNext() {
            if (fetched == null && !done) {
                Page<T> page = fetch.apply(cursor); // a failure leaves cursor and done as they were
                fetched = Objects.requireNonNull(page, "the page fetcher returned null");
                done = !page.hasMore();
                cursor = page.nextCursor;
            }
            return fetched != null;
        }

        @Override
        public Page<T> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Page<T> page = fetched;
            fetched = null;
            return page;
        }
    }

    /**
     * One page of a {@link Paginator}: its items and where the next page starts. Immutable.
     *
     * @param <T> the items
     */
    public static final class Page<T> {
        private final List<T> items;
        private final @Nullable String nextCursor;
        private final boolean hasMore;

        private Page(List<T> items, @Nullable String nextCursor, boolean hasMore) {
            this.items = List.copyOf(items);
            this.nextCursor = nextCursor;
            this.hasMore = hasMore;
        }

        /**
         * A page.
         *
         * @param items      the items, in order (copied)
         * @param nextCursor where the next page starts; {@code null} only when the sequence is
         *                   finished for good (a feed that is caught up still has one: where to
         *                   read later)
         * @param hasMore    whether the provider already holds a next page
         * @param <T> the items
         * @return the page
         * @throws IllegalArgumentException when {@code hasMore} is true and {@code nextCursor} null
         */
        public static <T> Page<T> of(List<T> items, @Nullable String nextCursor, boolean hasMore) {
            if (hasMore && nextCursor == null) {
                throw new IllegalArgumentException("a page with more after it needs a next cursor");
            }
            return new Page<>(items, nextCursor, hasMore);
        }

        /** {@return the items of this page, in order; possibly none} */
        public List<T> items() {
            return items;
        }

        /**
         * Where the next page starts: the value to store after applying this page's items, and to
         * resume from with the client's cursor-taking method. Opaque; not personal data.
         *
         * @return the cursor; empty when the sequence is finished for good
         */
        public Optional<String> nextCursor() {
            return Optional.ofNullable(nextCursor);
        }

        /** {@return whether the provider already holds a next page (iteration fetches it)} */
        public boolean hasMore() {
            return hasMore;
        }

        @Override
        public String toString() {
            return "Page[" + items.size() + " item(s), more=" + hasMore + "]";
        }
    }
}
