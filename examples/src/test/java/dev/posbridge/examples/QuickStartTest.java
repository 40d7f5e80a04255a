package dev.posbridge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QuickStartTest {

  private static final String REALM = "9341453050423871";

  @Test
  void booksEveryOrderOfTheDayOnceEvenWhenRunTwice() {
    try (SquareSimulator square = SquareSimulator.start(); QuickBooksSimulator qbo = QuickBooksSimulator.start()) {
      String store = square.seedLocation("Main Street", "USD");
      String mug = square.seedItem("MUG-01", 1200);
      String tee = square.seedItem("TEE-01", 2500);
      qbo.seedRealm(REALM);
      qbo.throttling(false);   // rate limits are sdk-quickbooks' tests' business; this one checks idempotency
      qbo.seedItem(REALM, "Mug", "MUG-01", new BigDecimal("100"), new BigDecimal("12.00"));
      qbo.seedItem(REALM, "T-shirt", "TEE-01", new BigDecimal("100"), new BigDecimal("25.00"));
      for (int i = 0; i < 5; i++) {
        square.seedOrder(order(store, "2026-11-27T1" + i + ":00:00Z", mug, i + 1, tee));
      }
      square.seedOrder(order(store, "2026-11-28T10:00:00Z", mug, 1, tee)); // the next day: not booked

      String token = qbo.issueTokens().accessToken();
      String deposit = qbo.idOf(REALM, "Account", "Undeposited Funds");
      for (int run = 0; run < 2; run++) {
        QuickStart.syncDay(square.baseUrl(), SquareSimulator.DEFAULT_TOKEN, qbo.baseUrl(), REALM,
            token, deposit, LocalDate.parse("2026-11-27"), ZoneOffset.UTC);
      }

      // Two runs, five sales of the day: five receipts, each applied once for its key.
      List<JsonView> receipts = qbo.records(REALM, "SalesReceipt");
      assertThat(receipts).hasSize(5);
      Set<String> totals = receipts.stream().map(r -> r.path("TotalAmt").asText()).collect(Collectors.toSet());
      assertThat(totals).hasSize(5);
      assertThat(qbo.effects().total("SalesReceipt.save")).isEqualTo(5);
      assertThat(qbo.effects().duplicates("SalesReceipt.save")).isEmpty();
      // QuickBooks lowered its quantity on hand once per sale: 1+2+3+4+5 mugs, 5 shirts.
      JsonView mugItem = qbo.records(REALM, "Item").stream()
          .filter(n -> "MUG-01".equals(n.path("Sku").asText())).findFirst().orElseThrow();
      assertThat(mugItem.path("QtyOnHand").decimalValue()).isEqualByComparingTo("85");
      square.assertNoInternalErrors();
      qbo.assertNoInternalErrors();
    }
  }

  private static String order(String location, String at, String mug, int mugs, String tee) {
    long total = mugs * 1200L + 2500L;
    return """
        {"location_id":"%s","created_at":"%s","updated_at":"%s","source":{"name":"Square Point of Sale"},
         "line_items":[
           {"uid":"a","name":"Mug","quantity":"%d","catalog_object_id":"%s","base_price_money":{"amount":1200,"currency":"USD"}},
           {"uid":"b","name":"T-shirt","quantity":"1","catalog_object_id":"%s","base_price_money":{"amount":2500,"currency":"USD"}}],
         "tenders":[{"id":"t","type":"CASH","amount_money":{"amount":%d,"currency":"USD"}}]}
        """.formatted(location, at, at, mugs, mug, tee, total);
  }
}
