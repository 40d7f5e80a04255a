package dev.posbridge.shopify.internal;

import static dev.posbridge.shopify.internal.Nodes.bool;
import static dev.posbridge.shopify.internal.Nodes.instant;
import static dev.posbridge.shopify.internal.Nodes.list;
import static dev.posbridge.shopify.internal.Nodes.money;
import static dev.posbridge.shopify.internal.Nodes.nodes;
import static dev.posbridge.shopify.internal.Nodes.optId;
import static dev.posbridge.shopify.internal.Nodes.optInstant;
import static dev.posbridge.shopify.internal.Nodes.optMoney;
import static dev.posbridge.shopify.internal.Nodes.optRef;
import static dev.posbridge.shopify.internal.Nodes.optText;
import static dev.posbridge.shopify.internal.Nodes.ref;
import static dev.posbridge.shopify.internal.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.model.CardBrand;
import dev.posbridge.core.model.Channel;
import dev.posbridge.core.model.Charge;
import dev.posbridge.core.model.ChargeType;
import dev.posbridge.core.model.Discount;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.RefundStatus;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.SaleState;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.model.Totals;
import dev.posbridge.core.model.UnitPrice;
import dev.posbridge.core.spi.DataGuard;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps Shopify orders and refunds (the selections of {@link Queries#ORDERS} and
 * {@link Queries#ORDER_REFUNDS}) to canonical sales and refunds, in the shop currency
 * ({@code shopMoney}).
 *
 * <p>Lines: quantity as ordered, unit price before discounts, gross = {@code originalTotalSet},
 * every discount allocation (line-level and order-level discounts alike, as Shopify allocates
 * both to lines) as a line discount, tax lines inclusive when the order has
 * {@code taxesIncluded}. Shipping lines become {@link ChargeType#SHIPPING} charges at their
 * original price with their taxes; discounts allocated to shipping become sale-level discounts.
 * Tenders are the successful {@code SALE} and {@code CAPTURE} transactions; the order's tip is
 * attributed to the first tender large enough to hold it. Totals are Shopify's own
 * ({@code totalDiscountsSet}, {@code totalTaxSet}, {@code totalTipReceivedSet},
 * {@code totalPriceSet}) except the subtotal and charge total, which Shopify reports after
 * discounts and which are summed from the lines and shipping lines instead.
 */
public final class OrderMapper {

  private static final Set<String> TENDER_KINDS = Set.of("SALE", "CAPTURE");

  private OrderMapper() {}

  /**
   * Maps one order.
   *
   * @param order the order node
   * @param extraLineItems line items fetched past the first page, appended in order
   * @return the sale
   * @throws InvalidResponseException if the order is malformed or the model rejects a value
   */
  public static Sale sale(JsonNode order, List<JsonNode> extraLineItems) {
    try {
      return toSale(order, extraLineItems);
    } catch (RuntimeException e) {
      throw wrap("Orders", "order " + order.path("id").asText("?"), e);
    }
  }

  static InvalidResponseException invalid(String operation, String what, Exception e) {
    return new InvalidResponseException("Shopify " + DataGuard.shorten(what) + " cannot be mapped: "
        + DataGuard.shorten(e.getMessage()), ErrorContext.of(ShopifyGraphql.SYSTEM, operation), "", e);
  }

  /**
   * Turns a failure while mapping Shopify data into an {@link InvalidResponseException}; typed
   * posbridge exceptions other than a validation failure (a vendor's or a local check's) pass through.
   *
   * @param operation the operation
   * @param what the object, e.g. {@code order gid://shopify/Order/1}
   * @param e the failure
   * @return the exception to throw
   */
  static RuntimeException wrap(String operation, String what, RuntimeException e) {
    if (e instanceof PosbridgeException && !(e instanceof ValidationException)
        && !(e instanceof dev.posbridge.core.LocalValidationException)) {
      return e;
    }
    return invalid(operation, what, e);
  }

  private static Sale toSale(JsonNode o, List<JsonNode> extraLineItems) {
    Currency currency = Money.currency(text(o, "currencyCode"));
    boolean inclusive = bool(o, "taxesIncluded");
    Map<Integer, JsonNode> applications = new HashMap<>();
    for (JsonNode app : nodes(o.path("discountApplications"), "discountApplications")) {
      applications.put(app.path("index").asInt(), app);
    }
    Sale.Builder b = Sale.builder()
        .ref(ref("order", text(o, "id")))
        .number(optText(o, "name"))
        .location(optRef("location", optId(o, "retailLocation")))
        .createdAt(instant(o, "createdAt"))
        .closedAt(optInstant(o, "processedAt"))
        .updatedAt(optInstant(o, "updatedAt"))
        .currency(currency)
        .customer(optRef("customer", optId(o, "customer")))
        .note(optText(o, "note"))
        // Shopify has no order version: the last update time identifies the revision.
        .version(optText(o, "updatedAt"))
        .state(state(o));
    String source = optText(o, "sourceName");
    if ("pos".equals(source)) {
      b.channel(Channel.IN_STORE, source);
    } else if ("web".equals(source)) {
      b.channel(Channel.ONLINE, source);
    } else {
      b.channel(Channel.OTHER, source == null ? "unknown" : source);
    }
    String legacy = optText(o, "legacyResourceId");
    if (legacy != null) {
      b.addRef(ExternalRef.of(ExternalRef.SHOPIFY, "order_legacy_id", legacy));
    }
    String sourceIdentifier = optText(o, "sourceIdentifier");
    if (sourceIdentifier != null) {
      b.addRef(ExternalRef.of(ExternalRef.SHOPIFY, "source_identifier", sourceIdentifier));
    }

    List<JsonNode> lineItems = new ArrayList<>(nodes(o.path("lineItems"), "lineItems"));
    lineItems.addAll(extraLineItems);
    Money subtotal = Money.zero(currency);
    for (JsonNode li : lineItems) {
      SaleLine line = line(li, currency, inclusive, applications);
      subtotal = subtotal.plus(line.gross());
      b.addLine(line);
    }

    Money charges = Money.zero(currency);
    for (JsonNode sl : nodes(o.path("shippingLines"), "shippingLines")) {
      Money price = money(sl, "originalPriceSet", currency);
      charges = charges.plus(price);
      b.addCharge(new Charge(ChargeType.SHIPPING, "shipping", nameOf(sl), price,
          taxes(sl.path("taxLines"), currency, inclusive)));
      for (JsonNode alloc : list(sl.path("discountAllocations"), "discountAllocations")) {
        b.addDiscount(discount(alloc, currency, applications));
      }
    }

    Money tip = optMoney(o, "totalTipReceivedSet", currency);
    List<Tender> tenders = tenders(nodes(o.path("transactions"), "transactions"), currency, TENDER_KINDS);
    b.tenders(withTip(tenders, tip));

    b.totals(new Totals(
        subtotal,
        optMoney(o, "totalDiscountsSet", currency),
        optMoney(o, "totalTaxSet", currency),
        tip,
        charges,
        money(o, "totalPriceSet", currency)));
    return b.build();
  }

  private static String nameOf(JsonNode n) {
    String title = optText(n, "title");
    return title != null ? title : "";
  }

  private static SaleLine line(
      JsonNode li, Currency currency, boolean inclusive, Map<Integer, JsonNode> applications) {
    BigDecimal quantity = Nodes.quantity(li, "quantity");
    Money unit = money(li, "originalUnitPriceSet", currency);
    Money gross = li.path("originalTotalSet").isObject()
        ? money(li, "originalTotalSet", currency) : unit.times(quantity, java.math.RoundingMode.HALF_UP);
    List<Discount> discounts = new ArrayList<>();
    for (JsonNode alloc : list(li.path("discountAllocations"), "discountAllocations")) {
      Discount d = discount(alloc, currency, applications);
      if (!d.amount().isZero()) {
        discounts.add(d);
      }
    }
    List<TaxLine> taxes = taxes(li.path("taxLines"), currency, inclusive);
    Money total = gross;
    for (Discount d : discounts) {
      total = total.minus(d.amount());
    }
    for (TaxLine t : taxes) {
      if (!t.inclusive()) {
        total = total.plus(t.amount());
      }
    }
    String name = optText(li, "name");
    if (name == null) {
      name = optText(li, "title");
    }
    ExternalRef item = optRef("variant", optId(li, "variant"));
    return new SaleLine(optText(li, "id"), optText(li, "sku"), name == null ? "" : name, quantity,
        unit, gross, discounts, taxes, total, item);
  }

  private static Discount discount(
      JsonNode alloc, Currency currency, Map<Integer, JsonNode> applications) {
    Money amount = money(alloc, "allocatedAmountSet", currency);
    JsonNode app = applications.get(alloc.path("discountApplication").path("index").asInt(-1));
    if (app == null) {
      return new Discount("", amount, null, null, null);
    }
    String code = optText(app, "code");
    String title = optText(app, "title");
    BigDecimal percentage = null;
    JsonNode pct = app.path("value").path("percentage");
    if (pct.isNumber()) {
      percentage = new BigDecimal(pct.asText()).stripTrailingZeros();
    }
    String name = title != null ? title : code != null ? code : "";
    return new Discount(name, amount, percentage, code, null);
  }

  static List<TaxLine> taxes(JsonNode taxLines, Currency currency, boolean inclusive) {
    List<TaxLine> out = new ArrayList<>();
    for (JsonNode t : list(taxLines, "taxLines")) {
      BigDecimal rate = null;
      JsonNode r = t.path("rate");
      if (r.isNumber()) {
        rate = new BigDecimal(r.asText()).movePointRight(2).stripTrailingZeros();
        if (rate.scale() < 0) {
          rate = rate.setScale(0);
        }
      }
      String title = optText(t, "title");
      out.add(new TaxLine(title == null ? "" : title, rate, money(t, "priceSet", currency),
          inclusive, null));
    }
    return out;
  }

  /**
   * Maps successful transactions of the given kinds to tenders.
   *
   * @param transactions the transaction nodes
   * @param currency the shop currency
   * @param kinds the transaction kinds to keep
   * @return the tenders
   */
  static List<Tender> tenders(List<JsonNode> transactions, Currency currency, Set<String> kinds) {
    List<Tender> out = new ArrayList<>();
    for (JsonNode t : transactions) {
      if (!kinds.contains(t.path("kind").asText()) || !"SUCCESS".equals(t.path("status").asText())) {
        continue;
      }
      out.add(tender(t, currency));
    }
    return out;
  }

  private static Tender tender(JsonNode t, Currency currency) {
    Money amount = money(t, "amountSet", currency);
    String gateway = optText(t, "gateway");
    JsonNode card = t.path("paymentDetails");
    String company = optText(card, "company");
    String number = optText(card, "number");
    boolean isCard = company != null || number != null;
    TenderType type;
    String raw = gateway == null ? "unknown" : gateway;
    String g = raw.toLowerCase(Locale.ROOT);
    if (g.equals("cash")) {
      type = TenderType.CASH;
    } else if (g.equals("gift_card")) {
      type = TenderType.GIFT_CARD;
    } else if (isCard || g.equals("shopify_payments")) {
      type = TenderType.CARD;
    } else {
      type = TenderType.OTHER;
    }
    CardBrand brand = null;
    String rawBrand = null;
    if (company != null) {
      brand = brand(company);
      rawBrand = company;
    }
    return new Tender(type, raw, amount, Money.zero(currency), brand, rawBrand, lastFour(number),
        optRef("transaction", optText(t, "id")));
  }

  static CardBrand brand(String company) {
    String c = company.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    return switch (c) {
      case "visa" -> CardBrand.VISA;
      case "mastercard", "master" -> CardBrand.MASTERCARD;
      case "americanexpress", "amex" -> CardBrand.AMERICAN_EXPRESS;
      case "discover" -> CardBrand.DISCOVER;
      case "dinersclub", "diners" -> CardBrand.DINERS_CLUB;
      case "jcb" -> CardBrand.JCB;
      case "unionpay", "chinaunionpay" -> CardBrand.UNIONPAY;
      case "interac" -> CardBrand.INTERAC;
      case "eftpos", "eftposaustralia" -> CardBrand.EFTPOS;
      default -> CardBrand.OTHER;
    };
  }

  /** The last four digits of a masked number such as {@code •••• •••• •••• 4242}, if present. */
  static @Nullable String lastFour(@Nullable String masked) {
    if (masked == null) {
      return null;
    }
    String digits = masked.replaceAll("[^0-9]", "");
    return digits.length() >= 4 ? digits.substring(digits.length() - 4) : null;
  }

  /** Cancelled, voided, not yet paid (pending, authorised, expired) or completed. */
  private static SaleState state(JsonNode o) {
    if (optText(o, "cancelledAt") != null) {
      return SaleState.CANCELED;
    }
    String financial = o.path("displayFinancialStatus").asText("");
    if (financial.equals("VOIDED")) {
      return SaleState.VOIDED;
    }
    return SalesReader.INCOMPLETE_FINANCIAL.contains(financial) ? SaleState.OPEN : SaleState.COMPLETED;
  }

  private static List<Tender> withTip(List<Tender> tenders, Money tip) {
    if (tip.isZero() || tenders.isEmpty()) {
      return tenders;
    }
    List<Tender> out = new ArrayList<>(tenders);
    for (int i = 0; i < out.size(); i++) {
      Tender t = out.get(i);
      if (t.amount().compareTo(tip) >= 0) {
        out.set(i, new Tender(t.type(), t.rawType(), t.amount(), tip, t.cardBrand(),
            t.rawCardBrand(), t.cardLastFour(), t.ref()));
        return out;
      }
    }
    return out;
  }

  /**
   * Maps the refunds of one order node of {@link Queries#ORDER_REFUNDS}.
   *
   * @param order the order with its refunds
   * @return the refunds, in Shopify's order
   * @throws InvalidResponseException if a refund is malformed
   */
  public static List<Refund> refunds(JsonNode order) {
    List<Refund> out = new ArrayList<>();
    for (JsonNode r : list(order.path("refunds"), "refunds")) {
      try {
        out.add(refund(order, r));
      } catch (RuntimeException e) {
        throw wrap("OrderRefunds", "refund " + r.path("id").asText("?"), e);
      }
    }
    return out;
  }

  private static Refund refund(JsonNode order, JsonNode r) {
    Currency currency = Money.currency(text(order, "currencyCode"));
    boolean taxesIncluded = order.path("taxesIncluded").asBoolean(false);
    List<RefundLine> lines = new ArrayList<>();
    Money tax = Money.zero(currency);
    ExternalRef location = null;
    if (r.path("refundLineItems").path("pageInfo").path("hasNextPage").asBoolean(false)
        || r.path("transactions").path("pageInfo").path("hasNextPage").asBoolean(false)) {
      throw new IllegalArgumentException("refund has more lines or transactions than one page holds");
    }
    for (JsonNode rli : nodes(r.path("refundLineItems"), "refundLineItems")) {
      JsonNode li = rli.path("lineItem");
      String restockType = rli.path("restockType").asText("NO_RESTOCK");
      boolean restock = !restockType.equals("NO_RESTOCK");
      String name = optText(li, "name");
      BigDecimal qty = Nodes.quantity(rli, "quantity");
      Money subtotal = money(rli, "subtotalSet", currency);
      Money lineTax = optMoney(rli, "totalTaxSet", currency);
      UnitPrice unit;
      Money gross;
      if (rli.has("priceSet") && !rli.path("priceSet").isNull() && qty.signum() > 0) {
        unit = UnitPrice.of(money(rli, "priceSet", currency));
        gross = unit.times(qty, java.math.RoundingMode.HALF_UP);
      } else {
        unit = UnitPrice.of(subtotal);
        gross = subtotal;
        qty = qty.signum() == 0 ? qty : BigDecimal.ONE;
      }
      // subtotalSet is after discounts, before additive tax; the difference to the gross is the
      // discount given back.
      Money discount = gross.minus(subtotal);
      if (discount.signum() < 0) {
        gross = subtotal;
        unit = qty.signum() == 0 ? UnitPrice.of(subtotal) : unit;
        discount = Money.zero(currency);
      }
      List<TaxLine> lineTaxes = lineTax.isZero() ? List.of()
          : List.of(new TaxLine("Tax", null, lineTax, taxesIncluded, null));
      Money lineTotal = subtotal.plus(taxesIncluded ? Money.zero(currency) : lineTax);
      lines.add(new RefundLine(optText(li, "id"), optText(li, "sku"), name == null ? "" : name,
          qty, unit, gross, discount.isZero() ? List.of() : List.of(Discount.of("Discount", discount)),
          lineTaxes, !lineTaxes.isEmpty(), lineTotal, restock, optRef("variant", optId(li, "variant"))));
      tax = tax.plus(lineTax);
      if (location == null) {
        location = optRef("location", optId(rli, "location"));
      }
    }
    if (location == null) {
      location = optRef("location", optId(order, "retailLocation"));
    }
    List<JsonNode> transactions = nodes(r.path("transactions"), "transactions");
    RefundStatus status = RefundStatus.COMPLETED;
    String rawStatus = null;
    if (!transactions.isEmpty()) {
      boolean success = false;
      boolean pending = false;
      for (JsonNode t : transactions) {
        String s = t.path("status").asText();
        success |= s.equals("SUCCESS");
        pending |= s.equals("PENDING") || s.equals("AWAITING_RESPONSE");
      }
      if (!success) {
        status = pending ? RefundStatus.PENDING : RefundStatus.FAILED;
        rawStatus = transactions.get(0).path("status").asText();
      }
    }
    Refund.Builder b = Refund.builder()
        .ref(ref("refund", text(r, "id")))
        .originalSale(ref("order", text(order, "id")))
        .location(location)
        .customer(optRef("customer", optId(order, "customer")))
        .createdAt(instantOr(r))
        .status(status, rawStatus)
        .currency(currency)
        .lines(lines)
        .amounts(money(r, "totalRefundedSet", currency), tax)
        .reason(optText(r, "note"));
    tenders(transactions, currency, Set.of("REFUND")).forEach(b::addTender);
    Refund refund = b.build();
    return refund;
  }

  private static java.time.Instant instantOr(JsonNode r) {
    java.time.Instant created = optInstant(r, "createdAt");
    return created != null ? created : instant(r, "processedAt");
  }
}
