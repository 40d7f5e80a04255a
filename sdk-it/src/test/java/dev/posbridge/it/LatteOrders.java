package dev.posbridge.it;

import dev.posbridge.testing.square.SquareSimulator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/** Seeds the one-line, cash-paid latte orders the sales reconciliation tests play at Square. */
final class LatteOrders {

  private LatteOrders() {}

  /**
   * Seeds an order of {@code quantity} lattes at 4.50 USD, created and updated at {@code hour}
   * o'clock UTC on {@code day}, paid in cash in full.
   *
   * @return the order id
   */
  static String seed(SquareSimulator sim, String location, String variation, LocalDate day, int n,
      int quantity, int hour) {
    Instant at = day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    return sim.seedOrder(String.format(Locale.ROOT,
        "{\"location_id\":\"%s\",\"reference_id\":\"R-%03d\",\"created_at\":\"%s\",\"updated_at\":\"%s\","
            + "\"line_items\":[{\"uid\":\"l1\",\"name\":\"Latte\",\"quantity\":\"%d\","
            + "\"catalog_object_id\":\"%s\",\"base_price_money\":{\"amount\":450,\"currency\":\"USD\"}}],"
            + "\"tenders\":[{\"id\":\"t%d\",\"type\":\"CASH\",\"amount_money\":{\"amount\":%d,\"currency\":\"USD\"}}]}",
        location, n, at, at, quantity, variation, n, 450L * quantity));
  }
}
