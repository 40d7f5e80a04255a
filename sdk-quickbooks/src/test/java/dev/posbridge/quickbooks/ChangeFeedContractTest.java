package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.connect.ChangeBatch;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.testing.JournalEntry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ChangeFeedContractTest extends QboFixture {

  @Test
  void firstPollReturnsRecentChangesAndTheNextOneDropsWhatWasSeen() {
    clock.advance(Duration.ofMinutes(10));
    ChangeBatch first = qbo.changesSince(null);
    assertThat(first.events()).extracting(e -> e.subject().id()).contains(mugId, teaId, tipId);
    ChangeEvent mug = first.events().stream().filter(e -> e.subject().id().equals(mugId)).findFirst().orElseThrow();
    assertThat(mug.type()).isEqualTo(ChangeType.CATALOG);
    assertThat(mug.stockLevels()).singleElement().satisfies(l -> assertThat(l.onHand()).isEqualByComparingTo("100"));

    JournalEntry cdc = sim.journal().last().orElseThrow();
    assertThat(cdc.request().path()).isEqualTo("/v3/company/" + REALM + "/cdc");
    assertThat(cdc.request().queryParam("entities")).contains("Item,Customer,SalesReceipt,RefundReceipt");
    assertThat(OffsetDateTime.parse(cdc.request().queryParam("changedSince").orElseThrow()).toInstant())
        .isEqualTo(START.plus(Duration.ofMinutes(10)).minus(Duration.ofHours(1)).minus(Duration.ofMinutes(5)));

    ChangeBatch second = qbo.changesSince(first.cursor());
    assertThat(second.events()).isEmpty();
    assertThat(second.hasMore()).isFalse();
  }

  @Test
  void changesAfterTheCursorAppearOnceIncludingDeletions() {
    ChangeBatch first = qbo.changesSince(null);
    clock.advance(Duration.ofSeconds(30));
    qbo.recordSale(mugSale("cdc-1"), RequestOptions.idempotencyKey("cdc-1"));
    String customer = sim.seedCustomer(REALM, "Gone Soon", null, null);
    clock.advance(Duration.ofSeconds(30));
    sim.deleteRecord(REALM, "Customer", customer);

    ChangeBatch second = qbo.changesSince(first.cursor());
    assertThat(second.events()).extracting(ChangeEvent::type)
        .contains(ChangeType.SALE, ChangeType.CATALOG, ChangeType.CUSTOMER);
    assertThat(second.events()).filteredOn(e -> e.subject().id().equals(customer))
        .anySatisfy(e -> assertThat(e.deleted()).isTrue());
    ChangeEvent item = second.events().stream().filter(e -> e.subject().id().equals(mugId)).findFirst().orElseThrow();
    assertThat(item.stockLevels().get(0).onHand()).isEqualByComparingTo(new BigDecimal("98"));

    ChangeBatch third = qbo.changesSince(second.cursor());
    assertThat(third.events()).isEmpty();
  }

  @Test
  void aCursorOlderThanThirtyDaysIsClampedToTheLookBackWindow() {
    ChangeBatch first = qbo.changesSince(null);
    clock.advance(Duration.ofDays(45));
    qbo.changesSince(first.cursor());
    OffsetDateTime since = OffsetDateTime.parse(sim.journal().last().orElseThrow().request()
        .queryParam("changedSince").orElseThrow());
    assertThat(since.toInstant()).isAfter(clock.instant().minus(Duration.ofDays(30)));
  }

  @Test
  void aForeignCursorIsRejected() {
    assertThatThrownBy(() -> qbo.changesSince("not-a-cursor")).isInstanceOf(IllegalArgumentException.class);
  }
}
