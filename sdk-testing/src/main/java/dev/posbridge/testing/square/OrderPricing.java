package dev.posbridge.testing.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Computes an order's amounts the way Square reports them: line gross, discounts (spread over the
 * lines for ORDER scope), taxes (ADDITIVE on top, INCLUSIVE inside), service charges with their
 * taxes, tips from tenders, and the totals.
 */
final class OrderPricing {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private OrderPricing() {}

  /** Thrown for an order that cannot be priced; the simulator answers 400. */
  static final class PricingError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The offending field. */
    final String field;

    PricingError(String field, String message) {
      super(message);
      this.field = field;
    }
  }

  static void price(ObjectNode order, String currency, Function<String, @Nullable ObjectNode> variations,
      Supplier<String> uids) {
    ArrayNode lines = order.withArray("line_items");
    List<Long> net = new ArrayList<>();
    long[] lineDiscount = new long[lines.size()];
    long[] lineTax = new long[lines.size()];
    long[] lineAdditive = new long[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      ObjectNode li = (ObjectNode) lines.get(i);
      if (!li.hasNonNull("uid")) {
        li.put("uid", uids.get());
      }
      BigDecimal qty = decimal(li, "quantity", "order.line_items[" + i + "].quantity");
      long base;
      if (li.path("base_price_money").has("amount")) {
        base = li.path("base_price_money").path("amount").asLong();
      } else if (li.hasNonNull("catalog_object_id")) {
        ObjectNode v = variations.apply(li.get("catalog_object_id").asText());
        if (v == null) {
          throw new PricingError("order.line_items[" + i + "].catalog_object_id",
              "catalog object not found: " + li.get("catalog_object_id").asText());
        }
        base = v.path("item_variation_data").path("price_money").path("amount").asLong();
        if (!li.hasNonNull("name")) {
          li.put("name", v.path("item_variation_data").path("name").asText(""));
        }
        li.set("base_price_money", money(order, base, currency));
      } else {
        throw new PricingError("order.line_items[" + i + "].base_price_money",
            "a line without a catalog object needs base_price_money");
      }
      if (!li.hasNonNull("item_type")) {
        li.put("item_type", "ITEM");
      }
      BigDecimal unit = BigDecimal.valueOf(base);
      for (JsonNode m : li.path("modifiers")) {
        BigDecimal mq = m.hasNonNull("quantity") ? new BigDecimal(m.get("quantity").asText()) : BigDecimal.ONE;
        unit = unit.add(BigDecimal.valueOf(m.path("base_price_money").path("amount").asLong()).multiply(mq));
      }
      long gross = unit.multiply(qty).setScale(0, RoundingMode.HALF_UP).longValueExact();
      li.set("variation_total_price_money",
          money(order, BigDecimal.valueOf(base).multiply(qty).setScale(0, RoundingMode.HALF_UP).longValueExact(), currency));
      li.set("gross_sales_money", money(order, gross, currency));
      net.add(gross);
    }
    // Discounts.
    for (JsonNode dn : order.withArray("discounts")) {
      ObjectNode d = (ObjectNode) dn;
      if (!d.hasNonNull("uid")) {
        d.put("uid", uids.get());
      }
      String uid = d.get("uid").asText();
      String scope = d.path("scope").asText(lines.isEmpty() ? "ORDER" : "LINE_ITEM");
      if (!d.hasNonNull("scope")) {
        d.put("scope", hasApplied(lines, "applied_discounts", "discount_uid", uid) ? "LINE_ITEM" : "ORDER");
        scope = d.get("scope").asText();
      }
      List<Integer> targets = targets(lines, scope, "applied_discounts", "discount_uid", uid, uids);
      String type = d.path("type").asText("FIXED_AMOUNT");
      long[] amounts = new long[targets.size()];
      if (type.endsWith("PERCENTAGE")) {
        BigDecimal pct = new BigDecimal(d.path("percentage").asText("0"));
        for (int k = 0; k < targets.size(); k++) {
          long base = net.get(targets.get(k)) - lineDiscount[targets.get(k)];
          amounts[k] = BigDecimal.valueOf(base).multiply(pct).divide(HUNDRED, 0, RoundingMode.HALF_UP).longValue();
        }
      } else {
        long amount = d.path("amount_money").path("amount").asLong();
        if (scope.equals("ORDER")) {
          long[] weights = new long[targets.size()];
          for (int k = 0; k < targets.size(); k++) {
            weights[k] = net.get(targets.get(k)) - lineDiscount[targets.get(k)];
          }
          amounts = spread(amount, weights);
        } else {
          for (int k = 0; k < targets.size(); k++) {
            amounts[k] = Math.min(amount, net.get(targets.get(k)) - lineDiscount[targets.get(k)]);
          }
        }
      }
      long sum = 0;
      for (int k = 0; k < targets.size(); k++) {
        int i = targets.get(k);
        lineDiscount[i] += amounts[k];
        sum += amounts[k];
        setApplied(lines.get(i), "applied_discounts", "discount_uid", uid, money(order, amounts[k], currency));
      }
      d.set("applied_money", money(order, sum, currency));
    }
    for (int i = 0; i < lines.size(); i++) {
      net.set(i, net.get(i) - lineDiscount[i]);
    }
    // Taxes on lines.
    Map<String, Long> taxSums = new HashMap<>();
    Map<String, ObjectNode> taxes = new HashMap<>();
    for (JsonNode tn : order.withArray("taxes")) {
      ObjectNode t = (ObjectNode) tn;
      if (!t.hasNonNull("uid")) {
        t.put("uid", uids.get());
      }
      String uid = t.get("uid").asText();
      taxes.put(uid, t);
      if (!t.hasNonNull("type")) {
        t.put("type", "ADDITIVE");
      }
      if (!t.hasNonNull("scope")) {
        t.put("scope", hasApplied(lines, "applied_taxes", "tax_uid", uid) ? "LINE_ITEM" : "ORDER");
      }
      List<Integer> targets = targets(lines, t.get("scope").asText(), "applied_taxes", "tax_uid", uid, uids);
      BigDecimal pct = new BigDecimal(t.path("percentage").asText("0"));
      boolean inclusive = "INCLUSIVE".equals(t.get("type").asText());
      long sum = 0;
      for (int i : targets) {
        long amount = taxOn(net.get(i), pct, inclusive);
        lineTax[i] += amount;
        if (!inclusive) {
          lineAdditive[i] += amount;
        }
        sum += amount;
        setApplied(lines.get(i), "applied_taxes", "tax_uid", uid, money(order, amount, currency));
      }
      taxSums.put(uid, sum);
    }
    long subtotalNet = 0;
    long totalLines = 0;
    long totalDiscount = 0;
    long totalTax = 0;
    for (int i = 0; i < lines.size(); i++) {
      ObjectNode li = (ObjectNode) lines.get(i);
      li.set("total_discount_money", money(order, lineDiscount[i], currency));
      li.set("total_tax_money", money(order, lineTax[i], currency));
      long total = net.get(i) + lineAdditive[i];
      li.set("total_money", money(order, total, currency));
      subtotalNet += net.get(i);
      totalLines += total;
      totalDiscount += lineDiscount[i];
      totalTax += lineTax[i];
    }
    // Service charges.
    long scApplied = 0;
    long scTotal = 0;
    for (JsonNode sn : order.withArray("service_charges")) {
      ObjectNode sc = (ObjectNode) sn;
      if (!sc.hasNonNull("uid")) {
        sc.put("uid", uids.get());
      }
      long applied = sc.path("amount_money").has("amount") ? sc.path("amount_money").path("amount").asLong()
          : BigDecimal.valueOf(subtotalNet).multiply(new BigDecimal(sc.path("percentage").asText("0")))
              .divide(HUNDRED, 0, RoundingMode.HALF_UP).longValue();
      if (!sc.hasNonNull("calculation_phase")) {
        sc.put("calculation_phase", "SUBTOTAL_PHASE");
      }
      long tax = 0;
      for (JsonNode an : sc.path("applied_taxes")) {
        ObjectNode at = (ObjectNode) an;
        ObjectNode t = taxes.get(at.path("tax_uid").asText());
        if (t == null) {
          throw new PricingError("order.service_charges[].applied_taxes[].tax_uid", "unknown tax uid");
        }
        long amount = taxOn(applied, new BigDecimal(t.path("percentage").asText("0")),
            "INCLUSIVE".equals(t.path("type").asText()));
        if (!at.hasNonNull("uid")) {
          at.put("uid", uids.get());
        }
        at.set("applied_money", money(order, amount, currency));
        taxSums.merge(t.get("uid").asText(), amount, Long::sum);
        totalTax += amount;
        if (!"INCLUSIVE".equals(t.path("type").asText())) {
          tax += amount;
        }
      }
      sc.set("applied_money", money(order, applied, currency));
      sc.set("total_tax_money", money(order, tax, currency));
      sc.set("total_money", money(order, applied + tax, currency));
      scApplied += applied;
      scTotal += applied + tax;
    }
    for (Map.Entry<String, ObjectNode> e : taxes.entrySet()) {
      e.getValue().set("applied_money", money(order, taxSums.getOrDefault(e.getKey(), 0L), currency));
    }
    long tip = 0;
    for (JsonNode t : order.path("tenders")) {
      tip += t.path("tip_money").path("amount").asLong();
    }
    long rounding = order.path("rounding_adjustment").path("amount_money").path("amount").asLong();
    long total = totalLines + scTotal + tip + rounding;
    order.set("total_money", money(order, total, currency));
    order.set("total_tax_money", money(order, totalTax, currency));
    order.set("total_discount_money", money(order, totalDiscount, currency));
    order.set("total_tip_money", money(order, tip, currency));
    order.set("total_service_charge_money", money(order, scApplied, currency));
    long paid = 0;
    for (JsonNode t : order.path("tenders")) {
      paid += t.path("amount_money").path("amount").asLong();
    }
    order.set("net_amount_due_money", money(order, Math.max(0, total - paid), currency));
    for (String empty : new String[] {"discounts", "taxes", "service_charges"}) {
      if (order.path(empty).isEmpty()) {
        order.remove(empty);
      }
    }
  }

  static long taxOn(long base, BigDecimal pct, boolean inclusive) {
    BigDecimal b = BigDecimal.valueOf(base);
    if (inclusive) {
      BigDecimal net = b.multiply(HUNDRED).divide(HUNDRED.add(pct), 0, RoundingMode.HALF_UP);
      return b.subtract(net).longValueExact();
    }
    return b.multiply(pct).divide(HUNDRED, 0, RoundingMode.HALF_UP).longValueExact();
  }

  /** Spreads an amount over weights, exactly (largest remainder). */
  static long[] spread(long amount, long[] weights) {
    long[] out = new long[weights.length];
    long total = 0;
    for (long w : weights) {
      total += Math.max(0, w);
    }
    if (total == 0 || weights.length == 0) {
      return out;
    }
    long assigned = 0;
    for (int i = 0; i < weights.length; i++) {
      out[i] = amount * Math.max(0, weights[i]) / total;
      assigned += out[i];
    }
    for (int i = 0; assigned < amount && i < weights.length; i++) {
      if (weights[i] > 0) {
        out[i]++;
        assigned++;
      }
    }
    return out;
  }

  private static boolean hasApplied(ArrayNode lines, String array, String field, String uid) {
    for (JsonNode li : lines) {
      for (JsonNode a : li.path(array)) {
        if (uid.equals(a.path(field).asText())) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<Integer> targets(
      ArrayNode lines, String scope, String array, String field, String uid, Supplier<String> uids) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      ObjectNode li = (ObjectNode) lines.get(i);
      boolean linked = false;
      for (JsonNode a : li.path(array)) {
        if (uid.equals(a.path(field).asText())) {
          linked = true;
        }
      }
      if (scope.equals("ORDER") && !linked) {
        ObjectNode a = li.withArray(array).addObject();
        a.put("uid", uids.get());
        a.put(field, uid);
        linked = true;
      }
      if (linked) {
        out.add(i);
      }
    }
    return out;
  }

  private static void setApplied(JsonNode line, String array, String field, String uid, ObjectNode money) {
    for (JsonNode a : line.path(array)) {
      if (uid.equals(a.path(field).asText())) {
        ((ObjectNode) a).set("applied_money", money);
        if (!a.hasNonNull("uid")) {
          ((ObjectNode) a).put("uid", field.charAt(0) + "-" + uid + "-" + Integer.toHexString(a.hashCode()));
        }
        return;
      }
    }
  }

  private static BigDecimal decimal(ObjectNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      throw new PricingError(path, path + " is required");
    }
    try {
      BigDecimal d = new BigDecimal(v.asText());
      if (d.signum() < 0) {
        throw new PricingError(path, path + " must not be negative");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new PricingError(path, path + " is not a decimal");
    }
  }

  static ObjectNode money(ObjectNode anyNode, long amount, String currency) {
    ObjectNode m = anyNode.objectNode();
    m.put("amount", amount);
    m.put("currency", currency);
    return m;
  }
}
