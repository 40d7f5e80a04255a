package dev.posbridge.benchmarks.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.square.SquareSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A realistic Square {@code SearchOrders} page, made deterministically by the
 * {@link SquareSimulator}: it prices each order (line totals, applied taxes and discounts, order
 * totals, net amounts) the way Square does, and the page is its actual response body.
 *
 * <p>Each order: 5 line items from a 5-item catalogue (variation names, catalog ids and versions,
 * a note, one with 2 modifiers), a line-scoped percentage discount, two order-scoped taxes, a
 * reference id, customer id, ticket name, source and a card tender with brand and last four.
 */
public final class OrderFixtures {

  /** The location id of every order. */
  public static final String LOCATION = "LBENCHMARK0001";
  /** Start of the window every order falls in. */
  public static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  /** End of the window. */
  public static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[][] ITEMS = {
      {"Flat white", "Regular", "FW-REG", "475"},
      {"Croissant", "Butter", "CR-BUT", "350"},
      {"Cold brew", "Large", "CB-LRG", "525"},
      {"Granola bowl", "With yoghurt", "GB-YOG", "895"},
      {"Sparkling water", "330 ml", "SW-330", "250"},
  };

  private OrderFixtures() {}

  /**
   * Builds the response body of one SearchOrders page of {@code n} orders, without a cursor.
   *
   * @param n how many orders
   * @return the {@code {"orders":[...]}} body as the simulator sent it
   */
  public static byte[] page(int n) {
    try {
      return JSON.writeValueAsBytes(pageNode(n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Builds the page as a JSON tree, to derive further pages from.
   *
   * @param n how many orders
   * @return the {@code {"orders":[...]}} tree
   */
  public static ObjectNode pageNode(int n) {
    SimulatorConfig config = SimulatorConfig.builder()
        .clock(SimClock.fixed(Instant.parse("2026-01-15T12:00:00Z")))
        .idSeed(42)
        .build();
    try (SquareSimulator sim = new SquareSimulator(config)) {
      String location = sim.seedLocation("Benchmark Street", "USD");
      List<String> variations = new ArrayList<>();
      for (String[] item : ITEMS) {
        variations.add(sim.seedItem(item[0], item[2], Long.parseLong(item[3]), "USD"));
      }
      ArrayNode orders = JSON.createArrayNode();
      for (int i = 0; i < n; i++) {
        ObjectNode draft = order(i, location, variations);
        String id = sim.seedOrder(draft.toString());
        JsonView priced = Objects.requireNonNull(sim.object("order", id), "the order just seeded");
        // Same order again, now paid in full by card (the simulator keeps tenders as given).
        long total = priced.path("total_money").path("amount").asLong();
        ObjectNode paid = order(i, location, variations);
        paid.put("id", String.format(Locale.ROOT, "BENCH%022d", i));
        ObjectNode tender = paid.putArray("tenders").addObject();
        String tenderId = String.format(Locale.ROOT, "TNDR%025d", i);
        tender.put("id", tenderId);
        tender.put("location_id", location);
        tender.put("transaction_id", paid.get("id").asText());
        tender.put("created_at", paid.get("created_at").asText());
        tender.put("type", "CARD");
        money(tender.putObject("amount_money"), total);
        money(tender.putObject("tip_money"), 0);
        ObjectNode card = tender.putObject("card_details");
        card.put("status", "CAPTURED");
        card.put("entry_method", i % 3 == 0 ? "CONTACTLESS" : "EMV");
        ObjectNode c = card.putObject("card");
        c.put("card_brand", i % 4 == 0 ? "MASTERCARD" : "VISA");
        c.put("last_4", String.format(Locale.ROOT, "%04d", 1000 + i));
        c.put("fingerprint", "sq-1-" + "x".repeat(40) + i);
        tender.put("payment_id", tenderId);
        String paidId = sim.seedOrder(paid.toString());
        orders.add(JSON.<JsonNode>valueToTree(sim.object("order", paidId)));
      }
      ObjectNode page = JSON.createObjectNode();
      page.set("orders", orders);
      // The simulator's location id is generated: name it consistently for the stubs.
      for (JsonNode o : orders) {
        ((ObjectNode) o).put("location_id", LOCATION);
        for (JsonNode t : o.path("tenders")) {
          ((ObjectNode) t).put("location_id", LOCATION);
        }
      }
      return page;
    }
  }

  private static ObjectNode order(int i, String location, List<String> variations) {
    ObjectNode o = JSON.createObjectNode();
    o.put("location_id", location);
    o.put("reference_id", "R-" + (100000 + i));
    o.put("customer_id", String.format(Locale.ROOT, "CUST%022d", i % 37));
    o.put("ticket_name", "Table " + (1 + i % 20));
    o.putObject("source").put("name", i % 5 == 0 ? "Square Online" : "Square Point of Sale");
    String at = FROM.plusSeconds(60L * i + 7).toString();
    o.put("created_at", at);
    o.put("updated_at", FROM.plusSeconds(60L * i + 95).toString());
    ArrayNode lines = o.putArray("line_items");
    for (int l = 0; l < 5; l++) {
      int k = (i + l) % ITEMS.length;
      ObjectNode li = lines.addObject();
      li.put("uid", String.format(Locale.ROOT, "li-%d-%d-Xk3pQ9rT2vW8yZ1a", i, l));
      li.put("name", ITEMS[k][0]);
      li.put("variation_name", ITEMS[k][1]);
      li.put("quantity", String.valueOf(1 + (i + l) % 3));
      li.put("catalog_object_id", variations.get(k));
      li.put("catalog_version", 1767225600000L + k);
      li.put("item_type", "ITEM");
      li.put("note", l == 0 ? "no sugar, extra hot" : "");
      money(li.putObject("base_price_money"), Long.parseLong(ITEMS[k][3]));
      if (l == 1) {
        ArrayNode mods = li.putArray("modifiers");
        ObjectNode m1 = mods.addObject();
        m1.put("uid", "mod-" + i + "-1");
        m1.put("name", "Oat milk");
        m1.put("quantity", "1");
        money(m1.putObject("base_price_money"), 60);
        ObjectNode m2 = mods.addObject();
        m2.put("uid", "mod-" + i + "-2");
        m2.put("name", "Extra shot");
        m2.put("quantity", "1");
        money(m2.putObject("base_price_money"), 80);
      }
      if (l % 2 == 0) {
        li.putArray("applied_discounts").addObject()
            .put("uid", "ad-" + i + "-" + l).put("discount_uid", "disc-loyalty");
      }
      li.putObject("metadata").put("station", "bar-" + (l % 2)).put("course", String.valueOf(l));
    }
    ObjectNode d = o.putArray("discounts").addObject();
    d.put("uid", "disc-loyalty");
    d.put("name", "Loyalty 10%");
    d.put("type", "FIXED_PERCENTAGE");
    d.put("percentage", "10");
    d.put("scope", "LINE_ITEM");
    ArrayNode taxes = o.putArray("taxes");
    taxes.addObject().put("uid", "tax-state").put("name", "State sales tax").put("percentage", "6.25")
        .put("type", "ADDITIVE").put("scope", "ORDER");
    taxes.addObject().put("uid", "tax-city").put("name", "City tax").put("percentage", "1.5")
        .put("type", "ADDITIVE").put("scope", "ORDER");
    return o;
  }

  private static void money(ObjectNode node, long amount) {
    node.put("amount", amount);
    node.put("currency", "USD");
  }
}
