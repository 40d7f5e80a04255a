package dev.posbridge.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTableTest {

  private record Rec(String name, String key) {}

  @Test
  void keepsRecordsPerTypeInInsertionOrderAndReplacesInPlace() {
    ResourceTable<String> t = ResourceTable.inInsertionOrder(List.of("order", "payment"));
    t.put("order", "b", "B");
    t.put("order", "a", "A");
    t.put("order", "b", "B2");

    assertThat(t.list("order")).containsExactly("B2", "A");
    assertThat(t.ids("order")).containsExactly("b", "a");
    assertThat(t.firstId("order")).isEqualTo("b");
    assertThat(t.count("order")).isEqualTo(2);
    assertThat(t.count("payment")).isZero();
    assertThat(t.firstId("payment")).isNull();
    assertThat(t.find("order", "a")).contains("A");
    assertThat(t.contains("payment", "a")).isFalse();
  }

  @Test
  void unknownTypesAreRejected() {
    ResourceTable<String> t = ResourceTable.inInsertionOrder(List.of("order"));

    assertThat(t.stores("refund")).isFalse();
    assertThatThrownBy(() -> t.get("refund", "1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown kind: refund");
  }

  @Test
  void sortedTableOrdersIdsAndIndexesTheSecondKey() {
    ResourceTable<Rec> t = ResourceTable.sortedById(List.of("customer"),
        Comparator.comparingInt(Integer::parseInt), Rec::key);
    t.put("customer", "10", new Rec("ten", "K10"));
    t.put("customer", "9", new Rec("nine", "K9"));

    assertThat(t.ids("customer")).containsExactly("9", "10");
    assertThat(t.idByKey("customer", "K10")).isEqualTo("10");

    t.put("customer", "10", new Rec("ten", "NEW"));
    assertThat(t.idByKey("customer", "K10")).isNull();
    assertThat(t.idByKey("customer", "NEW")).isEqualTo("10");
    assertThat(t.idsWhere("customer", r -> r.name().startsWith("n"))).containsExactly("9");
  }

  @Test
  void deleteLeavesATombstoneAndFreesTheSecondKey() {
    ResourceTable<Rec> t = ResourceTable.sortedById(List.of("customer"), Comparator.naturalOrder(), Rec::key);
    t.put("customer", "1", new Rec("one", "K1"));
    Instant at = Instant.parse("2026-01-02T03:04:05Z");

    assertThat(t.delete("customer", "1", at)).isEqualTo(new Rec("one", "K1"));
    assertThat(t.delete("customer", "1", at)).isNull();
    assertThat(t.idByKey("customer", "K1")).isNull();
    assertThat(t.tombstones()).containsExactly(new ResourceTable.Tombstone("customer", "1", at));
  }

  @Test
  void assignsSequentialIdsUntilCleared() {
    ResourceTable<String> t = ResourceTable.inInsertionOrder(List.of("item"));
    assertThat(List.of(t.nextId(), t.nextId())).containsExactly("1", "2");
    t.put("item", "1", "x");

    t.clear();
    assertThat(t.count("item")).isZero();
    assertThat(t.nextId()).isEqualTo("1");
  }

  @Test
  void cursorsPageThroughTheQueryTheyCameFromOnly() {
    ResourceTable<String> t = ResourceTable.inInsertionOrder(List.of("item"));
    List<String> all = List.of("a", "b", "c");
    int[] n = {0};

    ResourceTable.Page<String> first = t.page("List", "q1", null, all, 2, () -> "c" + n[0]++,
        IllegalStateException::new);
    assertThat(first.items()).containsExactly("a", "b");
    assertThat(first.cursor()).isEqualTo("c0");

    ResourceTable.Page<String> second = t.page("List", "q1", first.cursor(), all, 2, () -> "c" + n[0]++,
        IllegalStateException::new);
    assertThat(second.items()).containsExactly("c");
    assertThat(second.cursor()).isNull();

    assertThatThrownBy(() -> t.page("List", "q2", "c0", all, 2, () -> "x", IllegalStateException::new))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.page("Search", "q1", "c0", all, 2, () -> "x", IllegalStateException::new))
        .isInstanceOf(IllegalStateException.class);
  }
}
