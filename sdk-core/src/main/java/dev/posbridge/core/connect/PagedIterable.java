package dev.posbridge.core.connect;

import dev.posbridge.core.SourceRecordException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A lazily paged list of results from a vendor.
 *
 * <p>Nothing is fetched until iteration starts; then pages are fetched one at a time, each only
 * when the previous one is used up. Every new iteration (or {@link #stream()}) starts again from
 * the initial cursor. Vendor failures surface while iterating, as
 * {@link dev.posbridge.core.PosbridgeException}s thrown from {@code hasNext()}/{@code next()}.
 *
 * <p>Use {@link #pages()} to see page boundaries and their cursors, e.g. to store a checkpoint
 * after each page. Instances are immutable and may be iterated from several threads; each iterator
 * is for one thread.
 *
 * <pre>{@code
 * for (Sale sale : square.sales(SalesQuery.updatedBetween(from, to))) {
 *   book(sale);
 * }
 * }</pre>
 *
 * @param <T> the item type
 */
public final class PagedIterable<T> implements Iterable<T> {

  private final PageFetcher<T> fetcher;
  private final @Nullable String initialCursor;
  private final int maxPages;

  private PagedIterable(PageFetcher<T> fetcher, @Nullable String initialCursor, int maxPages) {
    this.fetcher = fetcher;
    this.initialCursor = initialCursor;
    this.maxPages = maxPages;
  }

  /**
   * Creates a paged list starting at the first page.
   *
   * @param fetcher fetches one page per cursor
   * @param <T> the item type
   * @return the lazy list
   */
  public static <T> PagedIterable<T> of(PageFetcher<T> fetcher) {
    return new PagedIterable<>(Objects.requireNonNull(fetcher, "fetcher"), null, Integer.MAX_VALUE);
  }

  /**
   * Creates a paged list starting at a cursor, e.g. a stored checkpoint.
   *
   * @param cursor the cursor of the first page to fetch, or {@code null} for the first page
   * @param fetcher fetches one page per cursor
   * @param <T> the item type
   * @return the lazy list
   */
  public static <T> PagedIterable<T> startingAt(@Nullable String cursor, PageFetcher<T> fetcher) {
    return new PagedIterable<>(Objects.requireNonNull(fetcher, "fetcher"), cursor, Integer.MAX_VALUE);
  }

  /**
   * Returns a view that stops after at most {@code max} pages.
   *
   * @param max the maximum number of pages to fetch, at least 1
   * @return the capped view
   * @throws IllegalArgumentException if {@code max} is below 1
   */
  public PagedIterable<T> limitPages(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1: " + max);
    }
    return new PagedIterable<>(fetcher, initialCursor, max);
  }

  /**
   * Returns a lazy view whose items are transformed.
   *
   * @param mapper the transformation, applied to each item as it is iterated
   * @param <R> the new item type
   * @return the transformed view, with the same pages and cursors
   */
  public <R> PagedIterable<R> map(Function<? super T, ? extends R> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    PageFetcher<R> mapped = cursor -> {
      Page<T> page = fetcher.fetch(cursor);
      List<R> items = new ArrayList<>(page.items().size());
      List<SourceRecordException> failures = new ArrayList<>(page.failures());
      for (T item : page.items()) {
        try {
          items.add(mapper.apply(item));
        } catch (SourceRecordException e) {
          failures.add(e);
        }
      }
      return new Page<>(items, page.nextCursor(), failures);
    };
    return new PagedIterable<>(mapped, initialCursor, maxPages);
  }

  /**
   * Returns the pages themselves, fetched lazily one by one.
   *
   * @return an iterable of pages
   */
  public Iterable<Page<T>> pages() {
    return PageIterator::new;
  }

  @Override
  public Iterator<T> iterator() {
    return new ItemIterator();
  }

  /**
   * Returns a sequential stream over the items, fetching pages as the stream is consumed.
   *
   * @return the stream
   */
  public Stream<T> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  private final class PageIterator implements Iterator<Page<T>> {
    private @Nullable String cursor = initialCursor;
    private boolean done;
    private int fetched;

    @Override
    public boolean hasNext() {
      return !done && fetched < maxPages;
    }

    @Override
    public Page<T> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Page<T> page = fetcher.fetch(cursor);
      fetched++;
      if (page.nextCursor() != null && page.nextCursor().equals(cursor)) {
        throw new dev.posbridge.core.LocalException(
            "vendor returned the cursor it was given as the next cursor; paging would never end",
            "paging", "next", false, null);
      }
      if (page.nextCursor() == null) {
        done = true;
      }
      cursor = page.nextCursor();
      return page;
    }
  }

  private final class ItemIterator implements Iterator<T> {
    private final PageIterator pages = new PageIterator();
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final ArrayDeque<SourceRecordException> failures = new ArrayDeque<>();

    @Override
    public boolean hasNext() {
      while (buffer.isEmpty() && failures.isEmpty() && pages.hasNext()) {
        Page<T> page = pages.next();
        buffer.addAll(page.items());
        failures.addAll(page.failures());
      }
      return !buffer.isEmpty() || !failures.isEmpty();
    }

    /**
     * Returns the next item.
     *
     * @throws SourceRecordException for a record of the page that could not be mapped (after the
     *     page's items); calling {@code next()} again continues with the next record
     */
    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (buffer.isEmpty()) {
        throw failures.removeFirst();
      }
      return buffer.removeFirst();
    }
  }
}
