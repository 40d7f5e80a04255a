package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.testing.HostileJson;
import dev.posbridge.testing.SimFault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile SearchOrders answers: every malformed variant of a valid order fails the read with an
 * {@link InvalidResponseException} that names the offending field, never a raw
 * NullPointerException, IllegalArgumentException, NumberFormatException, ArithmeticException or
 * DateTimeException, and never a silently truncated value.
 */
class SquareHostilePayloadTest extends SquareTestSupport {

  private static final String MONEY = "{\"amount\":900,\"currency\":\"USD\"}";
  private static final String ZERO = "{\"amount\":0,\"currency\":\"USD\"}";
  private static final String ORDER = """
      {"orders":[{"id":"ORD-1","location_id":"LOC","state":"COMPLETED","version":3,
        "created_at":"2025-11-03T10:00:00Z","updated_at":"2025-11-03T10:05:00Z",
        "closed_at":"2025-11-03T10:05:00Z","source":{"name":"Square Point of Sale"},
        "ticket_name":"table 4",
        "line_items":[{"uid":"li1","name":"Latte","quantity":"2",
          "base_price_money":{"amount":450,"currency":"USD"},
          "gross_sales_money":MONEY,"total_money":MONEY,
          "modifiers":[{"uid":"m1","name":"Oat","quantity":"1","base_price_money":ZERO}],
          "applied_taxes":[{"uid":"at1","tax_uid":"t1","applied_money":ZERO}]}],
        "taxes":[{"uid":"t1","name":"Tax","percentage":"0","type":"ADDITIVE","applied_money":ZERO}],
        "tenders":[{"id":"TND","type":"CARD","amount_money":MONEY,
          "card_details":{"card":{"card_brand":"VISA","last_4":"1111"}}}],
        "total_money":MONEY,"total_tax_money":ZERO,"total_discount_money":ZERO,
        "total_tip_money":ZERO}]}
      """.replace("MONEY", MONEY).replace("ZERO", ZERO);

  static Stream<Arguments> variants() {
    List<Arguments> v = new ArrayList<>();
    String li = "orders[0].line_items[0].";
    // null elements in arrays
    v.add(Arguments.of("orders[0].line_items[0]", "null", "line_items"));
    v.add(Arguments.of("orders[0].tenders[0]", "null", "tenders"));
    v.add(Arguments.of("orders[0]", "null", "orders"));
    v.add(Arguments.of(li + "applied_taxes[0]", "null", "applied_taxes"));
    v.add(Arguments.of(li + "modifiers[0]", "null", "modifiers"));
    // fractional minor units and out-of-range amounts
    v.add(Arguments.of(li + "base_price_money.amount", "1500.7", "amount"));
    v.add(Arguments.of("orders[0].total_money.amount", "900.5", "amount"));
    v.add(Arguments.of("orders[0].tenders[0].amount_money.amount", "1e999999999", "amount"));
    v.add(Arguments.of(li + "base_price_money.amount", "99999999999999999999999", "amount"));
    v.add(Arguments.of(li + "base_price_money.amount", "\"lots\"", "amount"));
    // quantities
    v.add(Arguments.of(li + "quantity", "\"1e999999999\"", "quantity"));
    v.add(Arguments.of(li + "quantity", "\"-1e999999999\"", "quantity"));
    v.add(Arguments.of(li + "quantity", "\"1e-999999999\"", "quantity"));
    v.add(Arguments.of(li + "quantity", "\"two\"", "quantity"));
    v.add(Arguments.of(li + "quantity", "\"-2\"", "quantity"));
    v.add(Arguments.of(li + "quantity", HostileJson.REMOVE, "quantity"));
    v.add(Arguments.of(li + "quantity", "{}", "quantity"));
    v.add(Arguments.of(li + "modifiers[0].quantity", "\"1e999999999\"", "quantity"));
    v.add(Arguments.of("orders[0].taxes[0].percentage", "\"1e999999999\"", "rate"));
    v.add(Arguments.of("orders[0].taxes[0].percentage", "\"eight\"", "percentage"));
    // wrong JSON types
    v.add(Arguments.of("orders[0].line_items", "\"latte\"", "line_items"));
    v.add(Arguments.of("orders", "{}", "orders"));
    v.add(Arguments.of("orders[0].total_money", "\"9.00\"", "total_money"));
    v.add(Arguments.of("orders[0].version", "\"three\"", "version"));
    v.add(Arguments.of("orders[0].version", "3.5", "version"));
    // missing required fields
    v.add(Arguments.of("orders[0].id", HostileJson.REMOVE, "id"));
    v.add(Arguments.of("orders[0].created_at", HostileJson.REMOVE, "created_at"));
    // bad timestamps
    v.add(Arguments.of("orders[0].created_at", "\"yesterday\"", "created_at"));
    v.add(Arguments.of("orders[0].closed_at", "\"2025-13-45T99:00:00Z\"", "closed_at"));
    // invalid currencies
    v.add(Arguments.of("orders[0].total_money.currency", "\"XYZ\"", "currency"));
    v.add(Arguments.of(li + "base_price_money.currency", "\"EUR\"", "currency"));
    v.add(Arguments.of("orders[0].total_money.currency", "\"XXX\"", "currency"));
    // a card number where an id belongs
    v.add(Arguments.of("orders[0].id", "\"4111 1111 1111 1111\"", "id"));
    v.add(Arguments.of(li + "uid", "\"4111-1111-1111-1111\"", "lineId"));
    return v.stream();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("variants")
  void aMalformedOrderFailsTypedAndNamesTheField(String path, String value, String field) {
    sim.faults().inject(SimFault.status(200)
        .body(HostileJson.raw(HostileJson.mutate(ORDER, path, value))).on("POST", "/v2/orders/search"));

    Throwable t = catchThrowable(() -> read());

    assertThat(t).isInstanceOf(InvalidResponseException.class);
    assertThat(t.getMessage()).contains(field).hasSizeLessThan(600).doesNotContain("4111111111111111").doesNotContain("4111 1111 1111 1111")
        .doesNotContain("4111-1111-1111-1111");
  }

  @Test
  void theValidOrderReadsAndUnknownEnumsAreKeptRaw() {
    sim.faults().inject(SimFault.status(200).body(HostileJson.raw(
        HostileJson.mutate(HostileJson.mutate(ORDER, "orders[0].tenders[0].type", "\"SPACE_MONEY\""),
            "orders[0].ticket_name", "\"4111111111111111 exp 12/28 cvv 123\"")))
        .on("POST", "/v2/orders/search"));

    List<Sale> sales = read();

    assertThat(sales).hasSize(1);
    Sale s = sales.get(0);
    assertThat(s.lines().get(0).quantity()).isEqualByComparingTo("2");
    assertThat(s.tenders().get(0).type()).isEqualTo(TenderType.OTHER);
    assertThat(s.tenders().get(0).rawType()).isEqualTo("SPACE_MONEY");
    assertThat(s.note()).isEqualTo("411111******1111 exp 12/28 cvv 123");
  }

  private static final String COUNTS = """
      {"counts":[{"catalog_object_id":"VAR1","catalog_object_type":"ITEM_VARIATION",
        "state":"IN_STOCK","location_id":"LOC","quantity":"5",
        "calculated_at":"2025-11-03T10:00:00Z"}]}""";

  static Stream<Arguments> countVariants() {
    return Stream.of(
        Arguments.of("counts[0]", "null", "counts"),
        Arguments.of("counts[0].quantity", "\"1e999999999\"", "quantity"),
        Arguments.of("counts[0].quantity", "\"-1e999999999\"", "quantity"),
        Arguments.of("counts[0].quantity", "\"1e15\"", "quantity"),
        Arguments.of("counts[0].quantity", "\"five\"", "quantity"),
        Arguments.of("counts[0].quantity", "5.5", "quantity"),
        Arguments.of("counts[0].quantity", "{}", "quantity"),
        Arguments.of("counts[0].calculated_at", "\"soon\"", "calculated_at"),
        Arguments.of("counts[0].calculated_at", HostileJson.REMOVE, "calculated_at"),
        Arguments.of("counts", "\"none\"", "counts"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("countVariants")
  void aMalformedInventoryCountFailsTypedAndNamesTheField(String path, String value, String field) {
    sim.faults().inject(SimFault.status(200).body(HostileJson.raw(HostileJson.mutate(COUNTS, path, value)))
        .on("POST", "/v2/inventory/counts/batch-retrieve"));

    Throwable t = catchThrowable(() -> square.stockLevels(StockQuery.all()).stream().toList());

    assertThat(t).isInstanceOf(InvalidResponseException.class);
    assertThat(t.getMessage()).contains(field).hasSizeLessThan(600);
  }

  @Test
  void theValidInventoryCountReads() {
    sim.faults().inject(SimFault.status(200).body(HostileJson.raw(COUNTS))
        .on("POST", "/v2/inventory/counts/batch-retrieve"));

    List<StockLevel> levels = square.stockLevels(StockQuery.all()).stream().toList();

    assertThat(levels).singleElement().satisfies(l -> assertThat(l.onHand()).isEqualByComparingTo("5"));
  }

  @Test
  void aRefundThatCannotBeMappedIsReportedAloneAndTheOthersAreStillRead() {
    String refund = """
        {"id":"ID","status":"COMPLETED","location_id":"LOC","amount_money":{"amount":250,"currency":"CUR"},
         "payment_id":"PAY","created_at":"2025-11-03T10:00:00Z","updated_at":"2025-11-03T10:00:00Z"}""";
    String answer = "{\"refunds\":[" + refund.replace("ID", "R1").replace("CUR", "USD") + ","
        + refund.replace("ID", "R2").replace("CUR", "XYZ") + ","
        + refund.replace("ID", "R3").replace("CUR", "USD") + "]}";
    sim.faults().inject(SimFault.status(200).body(HostileJson.raw(answer)).on("GET", "/v2/refunds"));

    List<String> read = new ArrayList<>();
    List<dev.posbridge.core.SourceRecordException> quarantined = new ArrayList<>();
    java.util.Iterator<dev.posbridge.core.model.Refund> it = square.refunds(SalesQuery.updatedBetween(
        Instant.parse("2025-11-03T00:00:00Z"), Instant.parse("2025-11-03T12:00:00Z"))).iterator();
    while (it.hasNext()) {
      try {
        read.add(it.next().ref().id());
      } catch (dev.posbridge.core.SourceRecordException e) {
        quarantined.add(e);
      }
    }

    assertThat(read).containsExactly("R1", "R3");
    assertThat(quarantined).singleElement().satisfies(e -> {
      assertThat(e.recordRef()).isEqualTo("R2");
      assertThat(e.rawPayload()).contains("XYZ");
    });
  }

  private List<Sale> read() {
    List<Sale> out = new ArrayList<>();
    square.sales(SalesQuery.updatedBetween(
        Instant.parse("2025-11-03T00:00:00Z"), Instant.parse("2025-11-03T12:00:00Z"))).forEach(out::add);
    return out;
  }
}
