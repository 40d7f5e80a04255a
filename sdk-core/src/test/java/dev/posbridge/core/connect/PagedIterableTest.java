package dev.posbridge.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.LocalException;
import dev.posbridge.core.VendorUnavailableException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PagedIterableTest {

  /** Three pages of three numbers; cursors are the page index as text. */
  private final List<@Nullable String> requested = new ArrayList<>();

  private Page<Integer> fetch(@Nullable String cursor) {
    requested.add(cursor);
    int page = cursor == null ? 0 : Integer.parseInt(cursor);
    List<Integer> items = List.of(page * 3, page * 3 + 1, page * 3 + 2);
    return new Page<>(items, page < 2 ? String.valueOf(page + 1) : null);
  }

  @Test
  void nothingIsFetchedUntilIterationStarts() {
    PagedIterable<Integer> list = PagedIterable.of(this::fetch);

    assertThat(requested).isEmpty();
    Iterator<Integer> it = list.iterator();
    assertThat(requested).isEmpty();
    it.hasNext();
    assertThat(requested).containsExactly((String) null);
  }

  @Test
  void fetchesTheNextPageOnlyWhenTheCurrentOneIsUsedUp() {
    Iterator<Integer> it = PagedIterable.of(this::fetch).iterator();

    for (int i = 0; i < 3; i++) {
      it.next();
    }
    assertThat(requested).hasSize(1);
    it.next();
    assertThat(requested).containsExactly(null, "1");
  }

  @Test
  void streamsAllItemsAcrossPagesAndStopsEarlyWhenLimited() {
    assertThat(PagedIterable.of(this::fetch).stream().toList()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    requested.clear();
    assertThat(PagedIterable.of(this::fetch).stream().limit(4).toList()).containsExactly(0, 1, 2, 3);
    assertThat(requested).hasSize(2);
  }

  @Test
  void pagesExposeCursorsAndResumeFromACheckpoint() {
    List<@Nullable String> cursors = new ArrayList<>();
    for (Page<Integer> page : PagedIterable.of(this::fetch).pages()) {
      cursors.add(page.nextCursor());
    }
    assertThat(cursors).containsExactly("1", "2", null);

    assertThat(PagedIterable.startingAt("2", this::fetch).stream().toList()).containsExactly(6, 7, 8);
  }

  @Test
  void limitPagesCapsFetches() {
    assertThat(PagedIterable.of(this::fetch).limitPages(2).stream().toList()).hasSize(6);
  }

  @Test
  void mapTransformsLazily() {
    PagedIterable<String> strings = PagedIterable.of(this::fetch).map(i -> "#" + i);

    assertThat(requested).isEmpty();
    assertThat(strings.stream().findFirst()).contains("#0");
  }

  @Test
  void vendorFailureSurfacesWhileIterating() {
    AtomicInteger calls = new AtomicInteger();
    PagedIterable<Integer> failing = PagedIterable.of(cursor -> {
      if (calls.incrementAndGet() == 2) {
        throw new VendorUnavailableException("down", ErrorContext.of("square", "SearchOrders"), null);
      }
      return new Page<>(List.of(1), "next");
    });

    Iterator<Integer> it = failing.iterator();
    assertThat(it.next()).isEqualTo(1);
    assertThatThrownBy(it::next).isInstanceOf(VendorUnavailableException.class);
  }

  @Test
  void aCursorThatNeverAdvancesIsALocalPagingFailureNotAnEndlessLoop() {
    PagedIterable<Integer> stuck = PagedIterable.of(cursor -> new Page<>(List.of(1), "same"));

    assertThatThrownBy(() -> stuck.stream().toList())
        .isInstanceOfSatisfying(LocalException.class,
            e -> assertThat(e.component()).isEqualTo("paging"));
  }
}
