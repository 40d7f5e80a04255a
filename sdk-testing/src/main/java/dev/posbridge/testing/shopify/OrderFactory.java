package dev.posbridge.testing.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Currency;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Builds order and refund nodes in the Admin GraphQL shape from {@link OrderSeed}s, computing
 * amounts the way Shopify reports them: discounts allocated to lines before tax, taxes on the
 * discounted amount (extracted from it when prices include tax), {@code subtotalPriceSet} after
 * line discounts, {@code totalPriceSet} = subtotal + shipping after its discounts + additive
 * taxes + tip.
 */
final class OrderFactory {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private OrderFactory() {}

  static ObjectNode build(OrderSeed seed, Supplier<String> number, IntFunction<String> digits,
      String currency, Instant now, String defaultLocation,
      Function<String, ShopifySimulator.@Nullable Variant> variantBySku) {
    int scale = Currency.getInstance(currency).getDefaultFractionDigits();
    String legacy = digits.apply(18);
    ObjectNode o = F.objectNode();
    o.put("id", "gid://shopify/Order/" + legacy);
    o.put("legacyResourceId", legacy);
    o.put("name", seed.name != null ? seed.name : "#" + number.get());
    Instant created = seed.createdAt != null ? seed.createdAt : now;
    o.put("createdAt", created.toString());
    o.put("processedAt", (seed.processedAt != null ? seed.processedAt : created).toString());
    o.put("updatedAt", (seed.updatedAt != null ? seed.updatedAt : created).toString());
    if (seed.cancelled) {
      o.put("cancelledAt", created.toString());
    } else {
      o.putNull("cancelledAt");
    }
    o.putNull("closedAt");
    o.put("currencyCode", currency);
    o.put("presentmentCurrencyCode", currency);
    o.put("sourceName", seed.source);
    o.putNull("sourceIdentifier");
    o.put("taxesIncluded", seed.taxesIncluded);
    o.put("test", false);
    o.put("note", seed.note);
    o.put("displayFinancialStatus", seed.financialStatus);
    o.putObject("retailLocation").put("id", seed.locationId != null ? seed.locationId : defaultLocation);
    if (seed.customerId != null) {
      o.putObject("customer").put("id", seed.customerId);
    } else {
      o.putNull("customer");
    }

    ArrayNode applications = F.arrayNode();
    Integer codeIndex = null;
    if (seed.orderDiscountPercent != null) {
      codeIndex = 0;
      ObjectNode app = applications.addObject();
      app.put("__typename", "DiscountCodeApplication");
      app.put("index", 0);
      app.put("allocationMethod", "ACROSS");
      app.put("targetSelection", "ALL");
      app.put("targetType", "LINE_ITEM");
      app.put("code", seed.orderDiscountCode);
      app.putObject("value").put("percentage", seed.orderDiscountPercent.doubleValue());
    }

    BigDecimal subtotal = BigDecimal.ZERO;
    BigDecimal discounts = BigDecimal.ZERO;
    BigDecimal taxes = BigDecimal.ZERO;
    ArrayNode lines = F.arrayNode();
    for (OrderSeed.Line l : seed.lines) {
      ObjectNode li = lines.addObject();
      li.put("id", "gid://shopify/LineItem/" + digits.apply(12));
      li.put("name", l.title());
      li.put("title", l.title());
      li.put("sku", l.sku());
      li.put("quantity", l.quantity());
      li.put("currentQuantity", l.quantity());
      ShopifySimulator.Variant v = variantBySku.apply(l.sku());
      if (v != null) {
        ObjectNode variant = li.putObject("variant");
        variant.put("id", v.variantId());
        variant.putObject("inventoryItem").put("id", v.inventoryItemId());
      } else {
        li.putNull("variant");
      }
      BigDecimal gross = l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())).setScale(scale, RoundingMode.HALF_UP);
      ArrayNode allocations = li.putArray("discountAllocations");
      BigDecimal lineDiscount = BigDecimal.ZERO;
      if (l.discount().signum() > 0) {
        int index = applications.size();
        ObjectNode app = applications.addObject();
        app.put("__typename", "ManualDiscountApplication");
        app.put("index", index);
        app.put("allocationMethod", "ONE");
        app.put("targetSelection", "EXPLICIT");
        app.put("targetType", "LINE_ITEM");
        app.put("title", l.discountTitle());
        app.putObject("value").put("amount", plain(l.discount())).put("currencyCode", currency);
        allocation(allocations, l.discount(), index, currency);
        lineDiscount = lineDiscount.add(l.discount());
      }
      if (codeIndex != null) {
        BigDecimal off = gross.subtract(lineDiscount).multiply(seed.orderDiscountPercent)
            .divide(BigDecimal.valueOf(100), scale, RoundingMode.HALF_UP);
        allocation(allocations, off, codeIndex, currency);
        lineDiscount = lineDiscount.add(off);
      }
      BigDecimal net = gross.subtract(lineDiscount);
      taxes = taxes.add(putTaxLines(li, l.taxTitle(), l.taxRate(), net, seed.taxesIncluded, scale, currency));
      li.set("originalUnitPriceSet", bag(l.unitPrice(), currency));
      BigDecimal discountedUnit = net.divide(BigDecimal.valueOf(l.quantity()), scale, RoundingMode.HALF_UP);
      li.set("discountedUnitPriceSet", bag(discountedUnit, currency));
      li.set("originalTotalSet", bag(gross, currency));
      li.set("totalDiscountSet", bag(lineDiscount, currency));
      subtotal = subtotal.add(net);
      discounts = discounts.add(lineDiscount);
    }
    ObjectNode lineItems = o.putObject("lineItems");
    lineItems.set("nodes", lines);

    BigDecimal shippingTotal = BigDecimal.ZERO;
    ArrayNode shippingLines = F.arrayNode();
    for (OrderSeed.Shipping s : seed.shipping) {
      ObjectNode sl = shippingLines.addObject();
      sl.put("id", "gid://shopify/ShippingLine/" + digits.apply(12));
      sl.put("title", s.title());
      sl.put("code", s.title());
      sl.set("originalPriceSet", bag(s.price(), currency));
      sl.set("discountedPriceSet", bag(s.price(), currency));
      sl.putArray("discountAllocations");
      taxes = taxes.add(
          putTaxLines(sl, s.taxTitle(), s.taxRate(), s.price(), seed.taxesIncluded, scale, currency));
      shippingTotal = shippingTotal.add(s.price());
    }
    o.putObject("shippingLines").set("nodes", shippingLines);
    o.putObject("discountApplications").set("nodes", applications);

    BigDecimal total = subtotal.add(shippingTotal).add(seed.taxesIncluded ? BigDecimal.ZERO : taxes)
        .add(seed.tip);
    o.set("subtotalPriceSet", bag(subtotal, currency));
    o.set("totalDiscountsSet", bag(discounts, currency));
    o.set("totalTaxSet", bag(taxes, currency));
    o.set("totalShippingPriceSet", bag(shippingTotal, currency));
    o.set("totalTipReceivedSet", bag(seed.tip, currency));
    o.set("totalPriceSet", bag(total, currency));
    o.set("currentTotalPriceSet", bag(total, currency));
    o.set("totalRefundedSet", bag(BigDecimal.ZERO, currency));
    ArrayNode orderTaxes = o.putArray("taxLines");
    if (taxes.signum() != 0) {
      taxLine(orderTaxes, "Taxes", null, taxes, currency);
    }

    ArrayNode transactions = o.putArray("transactions");
    if (seed.transactions.isEmpty()) {
      transaction(transactions, "SALE", "SUCCESS", "cash", total, null, null, created, currency, digits);
    }
    for (OrderSeed.Transaction t : seed.transactions) {
      transaction(transactions, t.kind(), t.status(), t.gateway(),
          t.amount() != null ? t.amount() : total, t.cardCompany(), t.cardNumber(), created,
          currency, digits);
    }
    o.putArray("refunds");
    return o;
  }

  static String refund(ObjectNode o, int lineIndex, int quantity, boolean restock,
      @Nullable String note, Instant now, IntFunction<String> digits) {
    String currency = o.path("currencyCode").asText();
    int scale = Currency.getInstance(currency).getDefaultFractionDigits();
    JsonNode line = o.path("lineItems").path("nodes").path(lineIndex);
    if (!line.isObject()) {
      throw new IllegalArgumentException("order has no line " + lineIndex);
    }
    BigDecimal unit = new BigDecimal(line.path("discountedUnitPriceSet").path("shopMoney").path("amount").asText());
    BigDecimal subtotal = unit.multiply(BigDecimal.valueOf(quantity)).setScale(scale, RoundingMode.HALF_UP);
    BigDecimal lineTax = BigDecimal.ZERO;
    for (JsonNode t : line.path("taxLines")) {
      lineTax = lineTax.add(new BigDecimal(t.path("priceSet").path("shopMoney").path("amount").asText()));
    }
    BigDecimal tax = lineTax.multiply(BigDecimal.valueOf(quantity))
        .divide(BigDecimal.valueOf(line.path("quantity").asInt()), scale, RoundingMode.HALF_UP);
    boolean included = o.path("taxesIncluded").asBoolean();
    BigDecimal refunded = included ? subtotal : subtotal.add(tax);
    ObjectNode r = ((ArrayNode) o.path("refunds")).addObject();
    String id = "gid://shopify/Refund/" + digits.apply(12);
    r.put("id", id);
    r.put("createdAt", now.toString());
    r.put("processedAt", now.toString());
    r.put("note", note);
    r.set("totalRefundedSet", bag(refunded, currency));
    ObjectNode rli = r.putObject("refundLineItems").putArray("nodes").addObject();
    rli.set("lineItem", line.deepCopy());
    rli.put("quantity", quantity);
    rli.put("restockType", restock ? "RETURN" : "NO_RESTOCK");
    rli.put("restocked", restock);
    rli.set("location", o.path("retailLocation").deepCopy());
    rli.set("priceSet", bag(unit, currency));
    rli.set("subtotalSet", bag(subtotal, currency));
    rli.set("totalTaxSet", bag(tax, currency));
    String gateway = "cash";
    for (JsonNode t : o.path("transactions")) {
      if (t.path("status").asText().equals("SUCCESS")) {
        gateway = t.path("gateway").asText();
        break;
      }
    }
    ArrayNode txs = r.putObject("transactions").putArray("nodes");
    transaction(txs, "REFUND", "SUCCESS", gateway, refunded, null, null, now, currency, digits);
    BigDecimal totalRefunded = new BigDecimal(o.path("totalRefundedSet").path("shopMoney").path("amount").asText("0")).add(refunded);
    o.set("totalRefundedSet", bag(totalRefunded, currency));
    BigDecimal total = new BigDecimal(o.path("totalPriceSet").path("shopMoney").path("amount").asText());
    o.put("displayFinancialStatus", totalRefunded.compareTo(total) >= 0 ? "REFUNDED" : "PARTIALLY_REFUNDED");
    return id;
  }

  /**
   * Puts the node's {@code taxLines}: one line when a tax title and rate are given, none
   * otherwise.
   *
   * @return the tax, zero without one
   */
  private static BigDecimal putTaxLines(ObjectNode node, @Nullable String title,
      @Nullable BigDecimal rate, BigDecimal base, boolean included, int scale, String currency) {
    ArrayNode taxLines = node.putArray("taxLines");
    if (title == null || rate == null) {
      return BigDecimal.ZERO;
    }
    BigDecimal tax = tax(base, rate, included, scale);
    taxLine(taxLines, title, rate, tax, currency);
    return tax;
  }

  private static BigDecimal tax(BigDecimal base, BigDecimal rate, boolean included, int scale) {
    if (included) {
      return base.multiply(rate).divide(BigDecimal.ONE.add(rate), scale, RoundingMode.HALF_UP);
    }
    return base.multiply(rate).setScale(scale, RoundingMode.HALF_UP);
  }

  private static void allocation(ArrayNode allocations, BigDecimal amount, int index, String currency) {
    ObjectNode a = allocations.addObject();
    a.set("allocatedAmountSet", bag(amount, currency));
    a.putObject("discountApplication").put("index", index);
  }

  private static void taxLine(ArrayNode taxLines, String title, @Nullable BigDecimal rate,
      BigDecimal amount, String currency) {
    ObjectNode t = taxLines.addObject();
    t.put("title", title);
    if (rate == null) {
      t.putNull("rate");
      t.putNull("ratePercentage");
    } else {
      t.put("rate", rate.doubleValue());
      t.put("ratePercentage", rate.movePointRight(2).doubleValue());
    }
    t.put("channelLiable", false);
    t.set("priceSet", bag(amount, currency));
  }

  private static void transaction(ArrayNode list, String kind, String status, String gateway,
      BigDecimal amount, @Nullable String company, @Nullable String number, Instant at,
      String currency, IntFunction<String> digits) {
    ObjectNode t = list.addObject();
    t.put("id", "gid://shopify/OrderTransaction/" + digits.apply(12));
    t.put("kind", kind);
    t.put("status", status);
    t.put("gateway", gateway);
    t.put("processedAt", at.toString());
    t.set("amountSet", bag(amount, currency));
    if (company != null || number != null) {
      ObjectNode card = t.putObject("paymentDetails");
      card.put("__typename", "CardPaymentDetails");
      card.put("company", company);
      card.put("number", number);
    } else {
      t.putNull("paymentDetails");
    }
  }

  static ObjectNode bag(BigDecimal amount, String currency) {
    ObjectNode bag = F.objectNode();
    bag.putObject("shopMoney").put("amount", plain(amount)).put("currencyCode", currency);
    bag.putObject("presentmentMoney").put("amount", plain(amount)).put("currencyCode", currency);
    return bag;
  }

  private static String plain(BigDecimal amount) {
    BigDecimal s = amount.stripTrailingZeros();
    if (s.scale() < 1) {
      s = s.setScale(1);
    }
    return s.toPlainString();
  }
}
