package dev.posbridge.netsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.connect.ChangeBatch;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.testing.SimFault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ChangeFeedContractTest extends SimFixture {

  private NetSuiteConnector feed(int pageSize) {
    return connector(mappingBuilder().build(), b -> b.pageSize(pageSize)
        .changeFeedOverlap(Duration.ofMinutes(2)).changeFeedInitialLookBack(Duration.ofMinutes(1)));
  }

  private static Set<String> subjects(ChangeBatch batch) {
    Set<String> out = new HashSet<>();
    for (ChangeEvent e : batch.events()) {
      out.add(e.subject().type() + "/" + e.subject().id());
    }
    return out;
  }

  @Test
  void pollsSuiteQlOnLastModifiedDateWithTheSheetsQueryShape() {
    NetSuiteConnector f = feed(1000);
    try {
      clock.advance(Duration.ofMinutes(10));
      String sale = f.recordSale(sale("F-1", "MUG-01", "1"), RequestOptions.none()).ref().id();

      ChangeBatch batch = f.changesSince(null);

      assertThat(batch.events()).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(ChangeType.SALE);
        assertThat(e.rawType()).isEqualTo("CashSale");
        assertThat(e.subject()).isEqualTo(ExternalRef.of("netsuite", "cashSale", sale));
        assertThat(e.occurredAt()).isEqualTo(T0.plusSeconds(600));
      });
      assertThat(batch.hasMore()).isFalse();
      assertThat(requests("POST", "/services/rest/query/v1/suiteql")).anySatisfy(e ->
          assertThat(e.request().json().path("q").asText()).isEqualTo(
              "SELECT id, type, tranid, TO_CHAR(lastmodifieddate,'YYYY-MM-DD HH24:MI:SS') AS lmd FROM transaction "
                  + "WHERE lastmodifieddate >= TO_TIMESTAMP('2026-03-02 14:02:00','YYYY-MM-DD HH24:MI:SS') "
                  + "AND type IN ('CashSale','CashRfnd','SalesOrd','CustInvc','InvAdjst') "
                  + "ORDER BY lastmodifieddate, id"));
    } finally {
      f.close();
    }
  }

  @Test
  void returnsEachChangeOnceAcrossOverlappingPolls() {
    NetSuiteConnector f = feed(1000);
    try {
      clock.advance(Duration.ofMinutes(10));
      ChangeBatch first = f.changesSince(null);
      assertThat(first.events()).isEmpty();
      clock.advance(Duration.ofSeconds(30));
      String c = sim.seedCustomer("Jane", "Doe", "jane@example.com", null);

      ChangeBatch second = f.changesSince(first.cursor());
      ChangeBatch third = f.changesSince(second.cursor());
      clock.advance(Duration.ofSeconds(5));
      sim.editRecord("customer", c, Map.of("phone", "555"));
      ChangeBatch fourth = f.changesSince(third.cursor());

      assertThat(subjects(second)).contains("customer/" + c);
      assertThat(subjects(third)).doesNotContain("customer/" + c);
      assertThat(fourth.events()).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(ChangeType.CUSTOMER);
        assertThat(e.occurredAt()).isEqualTo(T0.plusSeconds(635));
      });
    } finally {
      f.close();
    }
  }

  @Test
  void aLateCommitWithAnEarlierTimestampAndASameSecondChangeAreNotMissed() {
    NetSuiteConnector f = feed(1000);
    try {
      clock.advance(Duration.ofMinutes(1));
      String a = sim.seedItem("A-1", "A", null);
      ChangeBatch first = f.changesSince(null);
      assertThat(subjects(first)).contains("item/" + a);

      // Committed after the poll, but stamped 30 s before the watermark; and one in the same second.
      String late = sim.seedItem("LATE-1", "Late", null);
      sim.setLastModified("inventoryItem", late, clock.instant().minusSeconds(30));
      String same = sim.seedItem("SAME-1", "Same", null);

      ChangeBatch second = f.changesSince(first.cursor());

      assertThat(subjects(second)).containsExactlyInAnyOrder("item/" + late, "item/" + same);
    } finally {
      f.close();
    }
  }

  @Test
  void changesLandingWhilePagingAreReturnedByThisPollOrTheNext() {
    NetSuiteConnector f = feed(2);
    try {
      clock.advance(Duration.ofMinutes(10));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        clock.advance(Duration.ofSeconds(1));
        ids.add(sim.seedCustomer("C" + i, "X", null, null));
      }
      ChangeBatch start = f.changesSince(null);
      assertThat(start.events()).hasSize(5);
      clock.advance(Duration.ofSeconds(10));
      for (String id : ids) {
        sim.editRecord("customer", id, Map.of("phone", "1"));
      }
      // While the second page of the customer query is requested, the first customer changes again
      // (moving from page one to the end) and a new customer appears.
      AtomicBoolean fired = new AtomicBoolean();
      List<String> created = new ArrayList<>();
      sim.faults().inject(SimFault.delay(Duration.ofMillis(1)).when(r -> {
        if (r.path().endsWith("/suiteql") && r.queryParam("offset").orElse("0").equals("2")
            && r.bodyString().contains("FROM customer") && fired.compareAndSet(false, true)) {
          clock.advance(Duration.ofSeconds(1));
          sim.editRecord("customer", ids.get(0), Map.of("phone", "2"));
          created.add(sim.seedCustomer("During", "Poll", null, null));
          return true;
        }
        return false;
      }));

      ChangeBatch during = f.changesSince(start.cursor());
      clock.advance(Duration.ofSeconds(1));
      ChangeBatch after = f.changesSince(during.cursor());

      Set<String> seen = new HashSet<>(subjects(during));
      seen.addAll(subjects(after));
      assertThat(fired).isTrue();
      for (String id : ids) {
        assertThat(seen).contains("customer/" + id);
      }
      assertThat(seen).contains("customer/" + created.get(0));
      List<String> events = new ArrayList<>();
      during.events().forEach(e -> events.add(e.eventId()));
      after.events().forEach(e -> events.add(e.eventId()));
      assertThat(events).doesNotHaveDuplicates();
      assertThat(events).contains("customer:" + ids.get(0) + "@" + T0.plusSeconds(616).getEpochSecond());
      assertThat(f.changesSince(after.cursor()).events()).isEmpty();
    } finally {
      f.close();
    }
  }

  @Test
  void rejectsACursorItDidNotProduce() {
    assertThatThrownBy(() -> connector.changesSince("garbage")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> connector.changesSince("ns1.e30")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void startsAtNowMinusTheInitialLookBack() {
    sim.setLastModified("customer", walkIn, Instant.parse("2026-03-01T00:00:00Z"));
    NetSuiteConnector f = feed(1000);
    try {
      assertThat(subjects(f.changesSince(null))).doesNotContain("customer/" + walkIn);
    } finally {
      f.close();
    }
  }
}
