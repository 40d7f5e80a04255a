package dev.posbridge.core.sync;

import static dev.posbridge.core.sync.SyncTestSupport.T0;
import static dev.posbridge.core.sync.SyncTestSupport.sale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.MutableClock;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.ChangeBatch;
import dev.posbridge.core.connect.ChangeFeed;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSource;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePollerTest {

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private Outbox outbox;
  private SyncPipeline pipeline;
  private final FakeSalesSink quickbooks = new FakeSalesSink("quickbooks");

  private void open() {
    outbox = Outbox.builder().sqlite(dir.resolve("poll.db")).clock(clock).build();
    pipeline = SyncPipeline.builder().outbox(outbox).salesSink(quickbooks).build();
  }

  @AfterEach
  void close() {
    outbox.close();
  }

  /** Sales by updated-at; records the windows asked for. */
  private static final class FakeSource implements SalesSource {
    final List<Sale> sales = new ArrayList<>();
    final List<SalesQuery> queries = new ArrayList<>();

    @Override
    public PagedIterable<Sale> sales(SalesQuery query) {
      queries.add(query);
      List<Sale> hits = sales.stream().filter(s -> !s.updatedAt().isBefore(query.from())
          && s.updatedAt().isBefore(query.to())).toList();
      return PagedIterable.of(cursor -> new Page<>(hits, null));
    }

    @Override
    public PagedIterable<Refund> refunds(SalesQuery query) {
      return PagedIterable.of(cursor -> new Page<>(List.of(), null));
    }

    @Override
    public String system() {
      return "square";
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.SALES_SOURCE);
    }

    @Override
    public void close() {}
  }

  private static Sale updated(String id, Instant at, String version) {
    Sale s = sale(id, "A", 1);
    return s.toBuilder().ref(s.ref().withVersion(version)).updatedAt(at).build();
  }

  @Test
  void salesAreReadInOverlappingWindowsAndEachVersionIsSubmittedOnce() {
    open();
    FakeSource source = new FakeSource();
    SourcePoller poller = SourcePoller.builder().pipeline(pipeline).salesSource(source).clock(clock)
        .overlap(Duration.ofMinutes(5)).initialLookback(Duration.ofHours(1)).build();
    source.sales.add(updated("S1", T0.minusSeconds(600), "1"));
    source.sales.add(updated("S2", T0.minusSeconds(60), "1"));

    assertThat(poller.pollOnce()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(2));
    source.sales.add(updated("S3", T0.minusSeconds(30), "1"));
    assertThat(poller.pollOnce()).as("S2 is in the overlap but seen; S3 landed late").isEqualTo(1);
    source.sales.add(updated("S2", T0.plusSeconds(100), "2"));
    clock.advance(Duration.ofMinutes(2));

    assertThat(poller.pollOnce()).as("a new version of S2").isEqualTo(1);
    assertThat(source.queries.get(1).from()).as("the latest updated-at read, less the overlap")
        .isEqualTo(T0.minusSeconds(60).minus(Duration.ofMinutes(5)));
    assertThat(source.queries.get(1).field()).isEqualTo(SalesQuery.TimeField.UPDATED);
    // Each version is one delivery: S2's second version is its amendment, which the sink applies
    // to the booked document (decision 0021); a version read again adds nothing.
    assertThat(outbox.status().pending()).as("S2's new version is delivered once, as an amendment")
        .isEqualTo(4);
    assertThat(outbox.checkpoint(poller.name())).contains("\"to\"");
  }

  @Test
  void aBusyOverlapIsNotSubmittedAgainOnEveryPoll() {
    open();
    FakeSource source = new FakeSource();
    SourcePoller poller = SourcePoller.builder().pipeline(pipeline).salesSource(source).clock(clock)
        .overlap(Duration.ofMinutes(5)).build();
    for (int i = 0; i < 500; i++) {
      source.sales.add(updated("S" + i, T0.minusSeconds(120).plusMillis(100L * i), "1"));
    }

    assertThat(poller.pollOnce()).isEqualTo(500);
    clock.advance(Duration.ofSeconds(30));
    assertThat(poller.pollOnce()).as("500 sales in the overlap, more than the checkpoint remembers")
        .isZero();
    source.sales.add(updated("S500", T0.plusSeconds(10), "1"));
    assertThat(poller.pollOnce()).isEqualTo(1);
  }

  @Test
  void aNewPollerResumesFromTheStoredCheckpoint() {
    open();
    FakeSource source = new FakeSource();
    source.sales.add(updated("S1", T0.minusSeconds(60), "1"));
    SourcePoller.builder().pipeline(pipeline).salesSource(source).clock(clock).build().pollOnce();
    clock.advance(Duration.ofHours(3));

    SourcePoller again = SourcePoller.builder().pipeline(pipeline).salesSource(source).clock(clock)
        .overlap(Duration.ofMinutes(5)).build();
    assertThat(again.pollOnce()).isZero();

    assertThat(source.queries.get(1).from()).isEqualTo(T0.minusSeconds(60).minus(Duration.ofMinutes(5)));
  }

  @Test
  void aChangeFeedIsReadFromItsCursorWhichIsStoredWithTheEvents() {
    open();
    List<@Nullable String> cursors = new ArrayList<>();
    ChangeFeed feed = new ChangeFeed() {
      @Override
      public ChangeBatch changesSince(@Nullable String cursor) {
        cursors.add(cursor);
        int n = cursor == null ? 0 : Integer.parseInt(cursor);
        Sale s = sale("F" + n, "A", 1);
        return new ChangeBatch(List.of(SyncPipeline.saleEvent(s)), String.valueOf(n + 1), n < 2);
      }

      @Override
      public String system() {
        return "netsuite";
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of(Capability.CHANGE_FEED);
      }

      @Override
      public void close() {}
    };
    SourcePoller poller = SourcePoller.builder().pipeline(pipeline).changeFeed(feed).name("ns").build();

    assertThat(poller.pollOnce()).isEqualTo(3);
    assertThat(cursors).containsExactly(null, "1", "2");
    assertThat(outbox.checkpoint("ns")).isEqualTo("3");
    poller.pollOnce();
    assertThat(cursors).endsWith("3");
  }

  @Test
  void theBuilderNeedsExactlyOneSource() {
    open();
    assertThatThrownBy(() -> SourcePoller.builder().pipeline(pipeline).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SourcePoller.builder().overlap(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
