package dev.posbridge.square.internal;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Maps Square orders, returns and payment refunds to the canonical model.
 *
 * <p>Square spreads ORDER-scoped taxes and discounts over the lines' {@code applied_*} entries;
 * those become line taxes and discounts. Any part of an order-level tax or discount that no line
 * (or service charge) carries stays at sale level, so nothing is dropped. Service charges and
 * cash rounding become {@link Charge}s.
 */
public final class SalesMapper {

  static final String SYSTEM = ExternalRef.SQUARE;
  private SalesMapper() {}

  /**
   * Maps an order to a sale.
   *
   * @param o the order
   * @param skus variation id → SKU, answers null when unknown
   * @param operation the operation, for error context
   * @return the sale
   * @throws InvalidResponseException if the order is malformed
   */
  public static Sale sale(Dto.SqOrder o, Function<String, @Nullable String> skus, String operation) {
    return sale(o, null, skus, operation);
  }

  /**
   * Maps an order whose timestamps were already parsed (for the query's time window), so that
   * each is parsed once.
   *
   * @param o the order
   * @param times its parsed timestamps, or null to parse them here
   * @param skus variation id → SKU, answers null when unknown
   * @param operation the operation, for error context
   * @return the sale
   * @throws InvalidResponseException if the order is malformed
   */
  static Sale sale(Dto.SqOrder o, @Nullable OrderTimes times, Function<String, @Nullable String> skus,
      String operation) {
    try {
      return toSale(o, times != null ? times : OrderTimes.of(o), skus);
    } catch (RuntimeException e) {
      throw wrap("order " + DataGuard.quote(o.id()), operation, e);
    }
  }

  /**
   * Turns a failure while mapping vendor data into an {@link InvalidResponseException} naming the
   * object; an {@code InvalidResponseException} already raised passes through unchanged.
   *
   * @param what the object, e.g. {@code order "X"}
   * @param operation the operation
   * @param e the failure: a model check, a malformed number or time, a refused card number
   * @return the exception to throw
   */
  static RuntimeException wrap(String what, String operation, RuntimeException e) {
    if (e instanceof InvalidResponseException) {
      return e;
    }
    if (e instanceof PosbridgeException && !(e instanceof ValidationException)
        && !(e instanceof dev.posbridge.core.LocalValidationException)) {
      return e;
    }
    return invalid(what + " cannot be mapped: " + DataGuard.shorten(e.getMessage()), operation, e);
  }

  static InvalidResponseException invalid(String message, String operation, Throwable cause) {
    return new InvalidResponseException(message, ErrorContext.of(SYSTEM, operation), "", cause);
  }

  static Currency currencyOf(Dto.SqOrder o) {
    if (o.totalMoney() != null && o.totalMoney().currency() != null) {
      return Money.currency(o.totalMoney().currency());
    }
    for (Dto.SqLineItem li : Convert.list(o.lineItems())) {
      if (li.basePriceMoney() != null && li.basePriceMoney().currency() != null) {
        return Money.currency(li.basePriceMoney().currency());
      }
    }
    throw new IllegalArgumentException("order has no currency");
  }

  /**
   * An order's three timestamps, parsed once.
   *
   * @param created {@code created_at}
   * @param closed {@code closed_at}, if any
   * @param updated {@code updated_at}, if any
   */
  record OrderTimes(@Nullable Instant created, @Nullable Instant closed, @Nullable Instant updated) {
    /**
     * Parses an order's timestamps.
     *
     * @param o the order
     * @return the times
     * @throws DateTimeParseException if one is malformed
     */
    static OrderTimes of(Dto.SqOrder o) {
      return new OrderTimes(Convert.time(o.createdAt(), "created_at"), Convert.time(o.closedAt(), "closed_at"),
          Convert.time(o.updatedAt(), "updated_at"));
    }
  }

  private static Sale toSale(Dto.SqOrder o, OrderTimes times, Function<String, @Nullable String> skus) {
    String id = require(o.id(), "id");
    Currency cur = currencyOf(o);
    Map<String, Dto.SqTax> taxDefs = new HashMap<>();
    for (Dto.SqTax t : Convert.list(o.taxes())) {
      taxDefs.put(require(t.uid(), "taxes[].uid"), t);
    }
    Map<String, Dto.SqDiscount> discountDefs = new HashMap<>();
    for (Dto.SqDiscount d : Convert.list(o.discounts())) {
      discountDefs.put(require(d.uid(), "discounts[].uid"), d);
    }
    Map<String, Money> taxUsed = new HashMap<>();
    Map<String, Money> discountUsed = new HashMap<>();

    Sale.Builder b = Sale.builder()
        .ref(new ExternalRef(SYSTEM, "order", id, o.version() == null ? null : o.version().toString()))
        .number(o.referenceId())
        .location(o.locationId() == null ? null : ExternalRef.of(SYSTEM, "location", o.locationId()))
        .createdAt(require(times.created(), "created_at"))
        .closedAt(times.closed())
        .updatedAt(times.updated())
        .currency(cur)
        .customer(o.customerId() == null ? null : ExternalRef.of(SYSTEM, "customer", o.customerId()))
        .note(o.ticketName())
        .state(state(o.state()));
    String source = o.source() == null ? null : o.source().name();
    b.channel(channel(source), source == null ? "unspecified" : source);

    Money subtotal = Money.zero(cur);
    for (Dto.SqLineItem li : Convert.list(o.lineItems())) {
      SaleLine line = line(li, cur, taxDefs, discountDefs, taxUsed, discountUsed, skus);
      subtotal = subtotal.plus(line.gross());
      b.addLine(line);
    }
    Money chargeTotal = Money.zero(cur);
    for (Dto.SqServiceCharge sc : Convert.list(o.serviceCharges())) {
      List<TaxLine> taxes = appliedTaxes(sc.appliedTaxes(), cur, taxDefs, taxUsed);
      Money amount = Convert.money(sc.appliedMoney() != null ? sc.appliedMoney() : sc.amountMoney(), cur);
      chargeTotal = chargeTotal.plus(amount);
      b.addCharge(new Charge(ChargeType.SERVICE, null, nz(sc.name()), amount, taxes));
    }
    if (o.roundingAdjustment() != null && o.roundingAdjustment().amountMoney() != null) {
      Money r = Convert.money(o.roundingAdjustment().amountMoney(), cur);
      chargeTotal = chargeTotal.plus(r);
      b.addCharge(Charge.of(ChargeType.ROUNDING, nz(o.roundingAdjustment().name()), r));
    }
    // Order-level remainders that no line or charge carries.
    for (Dto.SqTax t : Convert.list(o.taxes())) {
      Money rest = Convert.money(t.appliedMoney(), cur).minus(taxUsed.getOrDefault(t.uid(), Money.zero(cur)));
      if (!rest.isZero()) {
        b.addTax(taxLine(t, rest));
      }
    }
    for (Dto.SqDiscount d : Convert.list(o.discounts())) {
      Money rest = Convert.money(d.appliedMoney(), cur)
          .minus(discountUsed.getOrDefault(d.uid(), Money.zero(cur)));
      if (rest.signum() > 0) {
        b.addDiscount(discount(d, rest));
      }
    }
    for (Dto.SqTender t : Convert.list(o.tenders())) {
      b.addTender(tender(t, cur));
      String pid = t.paymentId() != null ? t.paymentId() : t.id();
      if (pid != null) {
        b.addRef(ExternalRef.of(SYSTEM, "payment", pid));
      }
    }
    b.totals(new Totals(
        subtotal,
        Convert.money(o.totalDiscountMoney(), cur),
        Convert.money(o.totalTaxMoney(), cur),
        Convert.money(o.totalTipMoney(), cur),
        chargeTotal,
        Convert.money(o.totalMoney(), cur)));
    return b.build();
  }

  private static SaleLine line(
      Dto.SqLineItem li, Currency cur, Map<String, Dto.SqTax> taxDefs,
      Map<String, Dto.SqDiscount> discountDefs, Map<String, Money> taxUsed,
      Map<String, Money> discountUsed, Function<String, @Nullable String> skus) {
    BigDecimal qty = Convert.quantity(li.quantity(), "line_items[].quantity");
    // Modifiers multiply into the unit price: bound them like any amount.
    Money unit = Convert.money(li.basePriceMoney(), cur);
    for (Dto.SqModifier m : Convert.list(li.modifiers())) {
      BigDecimal mq = m.quantity() == null ? BigDecimal.ONE : Convert.quantity(m.quantity(), "modifiers[].quantity");
      unit = unit.plus(Money.of(Convert.money(m.basePriceMoney(), cur).amount().multiply(mq), cur));
    }
    Money gross = li.grossSalesMoney() != null
        ? Convert.money(li.grossSalesMoney(), cur)
        : unit.times(qty, java.math.RoundingMode.HALF_UP);
    List<Discount> discounts = applied(li.appliedDiscounts(), Dto.AppliedDiscount::discountUid,
        Dto.AppliedDiscount::appliedMoney, cur, discountDefs, discountUsed, SalesMapper::discount,
        amount -> Discount.of("", amount));
    List<TaxLine> taxes = appliedTaxes(li.appliedTaxes(), cur, taxDefs, taxUsed);
    String variation = li.catalogObjectId();
    String name = nz(li.name());
    if (li.variationName() != null && !li.variationName().isBlank() && !name.isEmpty()) {
      name = name + " (" + li.variationName() + ")";
    } else if (name.isEmpty() && li.variationName() != null) {
      name = li.variationName();
    }
    Money total = li.totalMoney() != null
        ? Convert.money(li.totalMoney(), cur)
        : gross.minus(sumDiscounts(discounts, cur)).plus(sumAdditive(taxes, cur));
    return new SaleLine(
        li.uid(), variation == null ? null : skus.apply(variation), name, qty, unit, gross,
        discounts, taxes, total,
        variation == null ? null : ExternalRef.of(SYSTEM, "item_variation", variation));
  }

  private static List<TaxLine> appliedTaxes(
      @Nullable List<Dto.AppliedTax> applied, Currency cur, Map<String, Dto.SqTax> defs,
      Map<String, Money> used) {
    return applied(applied, Dto.AppliedTax::taxUid, Dto.AppliedTax::appliedMoney, cur, defs, used,
        SalesMapper::taxLine, amount -> new TaxLine("", null, amount, false, null));
  }

  /**
   * Maps the taxes or discounts applied to a line or charge: each by its order-level definition,
   * adding its amount to what that definition has applied so far, or as an unnamed one when it
   * names no known definition.
   */
  private static <A, D, T> List<T> applied(
      @Nullable List<A> applied, Function<A, @Nullable String> definitionUid,
      Function<A, Dto.@Nullable SqMoney> appliedMoney, Currency cur, Map<String, D> defs,
      Map<String, Money> used, BiFunction<D, Money, T> mapped, Function<Money, T> unnamed) {
    List<T> out = new ArrayList<>();
    for (A a : Convert.list(applied)) {
      Money amount = Convert.money(appliedMoney.apply(a), cur);
      String uid = definitionUid.apply(a);
      @Nullable D def = uid == null ? null : defs.get(uid);
      if (uid != null && def != null) {
        used.merge(uid, amount, Money::plus);
        out.add(mapped.apply(def, amount));
      } else {
        out.add(unnamed.apply(amount));
      }
    }
    return out;
  }

  private static TaxLine taxLine(Dto.SqTax t, Money amount) {
    return new TaxLine(nz(t.name()), Convert.percent(t.percentage(), "taxes[].percentage"), amount,
        "INCLUSIVE".equals(t.type()),
        t.catalogObjectId() == null ? null : ExternalRef.of(SYSTEM, "tax", t.catalogObjectId()));
  }

  private static Discount discount(Dto.SqDiscount d, Money amount) {
    boolean pct = d.type() != null && d.type().endsWith("PERCENTAGE");
    return new Discount(nz(d.name()), amount.abs(), pct ? Convert.percent(d.percentage(), "discounts[].percentage") : null, null,
        d.catalogObjectId() == null ? null : ExternalRef.of(SYSTEM, "discount", d.catalogObjectId()));
  }

  private static Money sumDiscounts(List<Discount> ds, Currency cur) {
    Money m = Money.zero(cur);
    for (Discount d : ds) {
      m = m.plus(d.amount());
    }
    return m;
  }

  private static Money sumAdditive(List<TaxLine> ts, Currency cur) {
    Money m = Money.zero(cur);
    for (TaxLine t : ts) {
      if (!t.inclusive()) {
        m = m.plus(t.amount());
      }
    }
    return m;
  }

  /**
   * Maps an order tender.
   *
   * @param t the tender
   * @param cur the order currency
   * @return the tender, card brand and last four only
   */
  static Tender tender(Dto.SqTender t, Currency cur) {
    String raw = t.type() == null ? "UNKNOWN" : t.type();
    TenderType type = tenderType(raw);
    CardBrand brand = null;
    String rawBrand = null;
    String last4 = null;
    if (t.cardDetails() != null && t.cardDetails().card() != null) {
      Dto.SqCard card = t.cardDetails().card();
      rawBrand = card.cardBrand();
      brand = rawBrand == null ? null : cardBrand(rawBrand);
      last4 = fourDigits(card.last4()) ? card.last4() : null;
    }
    String pid = t.paymentId() != null ? t.paymentId() : t.id();
    return new Tender(type, raw, Convert.money(t.amountMoney(), cur), Convert.money(t.tipMoney(), cur),
        brand, rawBrand, last4, pid == null ? null : ExternalRef.of(SYSTEM, "payment", pid));
  }

  /**
   * Maps a Square tender or payment source type.
   *
   * @param raw Square's value
   * @return the canonical type, OTHER when unknown
   */
  public static TenderType tenderType(String raw) {
    return switch (raw) {
      case "CARD", "THIRD_PARTY_CARD" -> TenderType.CARD;
      case "CASH" -> TenderType.CASH;
      case "WALLET" -> TenderType.WALLET;
      case "BUY_NOW_PAY_LATER" -> TenderType.BUY_NOW_PAY_LATER;
      case "BANK_ACCOUNT" -> TenderType.BANK_TRANSFER;
      case "SQUARE_GIFT_CARD" -> TenderType.GIFT_CARD;
      case "EXTERNAL" -> TenderType.EXTERNAL;
      default -> TenderType.OTHER;
    };
  }

  /**
   * Maps a Square card brand.
   *
   * @param raw Square's value
   * @return the canonical brand, OTHER when unknown
   */
  public static CardBrand cardBrand(String raw) {
    return switch (raw) {
      case "VISA" -> CardBrand.VISA;
      case "MASTERCARD" -> CardBrand.MASTERCARD;
      case "AMERICAN_EXPRESS" -> CardBrand.AMERICAN_EXPRESS;
      case "DISCOVER" -> CardBrand.DISCOVER;
      case "DISCOVER_DINERS" -> CardBrand.DINERS_CLUB;
      case "JCB" -> CardBrand.JCB;
      case "CHINA_UNIONPAY" -> CardBrand.UNIONPAY;
      case "INTERAC" -> CardBrand.INTERAC;
      case "EFTPOS" -> CardBrand.EFTPOS;
      default -> CardBrand.OTHER;
    };
  }

  /**
   * Maps a Square order state to the sale's lifecycle state: {@code OPEN} and {@code DRAFT} are
   * open, {@code CANCELED} is cancelled, {@code COMPLETED} (or no state) completed.
   *
   * @param state the order's {@code state}, or null
   * @return the lifecycle state
   */
  public static SaleState state(@Nullable String state) {
    if (state == null) {
      return SaleState.COMPLETED;
    }
    return switch (state) {
      case "OPEN", "DRAFT" -> SaleState.OPEN;
      case "CANCELED" -> SaleState.CANCELED;
      default -> SaleState.COMPLETED;
    };
  }

  /**
   * Maps an order's {@code source.name} to a channel.
   *
   * @param source the source name, or null
   * @return IN_STORE for Square's POS apps, ONLINE for online stores, else OTHER
   */
  public static Channel channel(@Nullable String source) {
    if (source == null) {
      return Channel.OTHER;
    }
    String s = source.toLowerCase(Locale.ROOT);
    if (s.contains("point of sale") || s.contains("register") || s.contains("terminal")
        || s.equals("square for retail") || s.equals("square for restaurants")) {
      return Channel.IN_STORE;
    }
    if (s.contains("online") || s.contains("weebly") || s.contains("ecom")) {
      return Channel.ONLINE;
    }
    return Channel.OTHER;
  }

  /**
   * Maps the returns of a return order, one refund per return.
   *
   * @param o the order carrying {@code returns[]}
   * @param skus variation id → SKU
   * @param operation the operation, for error context
   * @return the refunds
   * @throws InvalidResponseException if the order is malformed
   */
  public static List<Refund> returns(
      Dto.SqOrder o, Function<String, @Nullable String> skus, String operation) {
    try {
      return toReturns(o, skus);
    } catch (RuntimeException e) {
      throw wrap("return order " + DataGuard.quote(o.id()), operation, e);
    }
  }

  private static List<Refund> toReturns(Dto.SqOrder o, Function<String, @Nullable String> skus) {
    String id = require(o.id(), "id");
    Currency cur = currencyOf(o);
    Instant created = require(Convert.time(o.createdAt(), "created_at"), "created_at");
    RefundStatus status = "COMPLETED".equals(o.state()) ? RefundStatus.COMPLETED
        : "CANCELED".equals(o.state()) ? RefundStatus.FAILED : RefundStatus.PENDING;
    List<Tender> tenders = new ArrayList<>();
    List<ExternalRef> refs = new ArrayList<>();
    for (Dto.SqOrderRefund r : Convert.list(o.refunds())) {
      tenders.add(new Tender(TenderType.OTHER, "REFUND", Convert.money(r.amountMoney(), cur).abs(),
          Money.zero(cur), null, null, null,
          r.id() == null ? null : ExternalRef.of(SYSTEM, "refund", r.id())));
      if (r.id() != null) {
        refs.add(ExternalRef.of(SYSTEM, "refund", r.id()));
      }
    }
    List<Dto.SqReturn> returns = Convert.list(o.returns());
    List<Refund> out = new ArrayList<>();
    for (int i = 0; i < returns.size(); i++) {
      Dto.SqReturn ret = returns.get(i);
      List<RefundLine> lines = new ArrayList<>();
      Money amount = Money.zero(cur);
      Money tax = Money.zero(cur);
      for (Dto.SqReturnLineItem rl : Convert.list(ret.returnLineItems())) {
        RefundLine line = returnLine(rl, cur, skus);
        lines.add(line);
        amount = amount.plus(line.total());
        tax = tax.plus(line.taxTotal());
      }
      if (returns.size() == 1 && o.returnAmounts() != null && o.returnAmounts().totalMoney() != null) {
        amount = Convert.money(o.returnAmounts().totalMoney(), cur).abs();
        if (o.returnAmounts().taxMoney() != null) {
          tax = Convert.money(o.returnAmounts().taxMoney(), cur).abs();
        }
      }
      String refId = returns.size() == 1 ? id : id + "/" + (ret.uid() != null ? ret.uid() : String.valueOf(i));
      List<ExternalRef> allRefs = new ArrayList<>(refs);
      allRefs.add(new ExternalRef(SYSTEM, "order", id, o.version() == null ? null : o.version().toString()));
      Refund.Builder b = Refund.builder()
          .ref(ExternalRef.of(SYSTEM, "return", refId))
          .number(o.referenceId())
          .originalSale(ret.sourceOrderId() == null ? null : ExternalRef.of(SYSTEM, "order", ret.sourceOrderId()))
          .location(o.locationId() == null ? null : ExternalRef.of(SYSTEM, "location", o.locationId()))
          .customer(o.customerId() == null ? null : ExternalRef.of(SYSTEM, "customer", o.customerId()))
          .createdAt(created)
          .status(status, o.state())
          .currency(cur)
          .lines(lines)
          .amounts(amount, tax);
      if (returns.size() == 1) {
        tenders.forEach(b::addTender);
      }
      allRefs.forEach(b::addRef);
      out.add(b.build());
    }
    return out;
  }

  /**
   * Maps one returned line with Square's own figures: unit price ({@code base_price_money}), gross
   * ({@code gross_return_money}, else quantity × unit price), discounts, tax and total. The tax is
   * additive when {@code total = gross − discounts + tax}, else inclusive (already in the price).
   */
  private static RefundLine returnLine(
      Dto.SqReturnLineItem rl, Currency cur, Function<String, @Nullable String> skus) {
    BigDecimal qty = Convert.quantity(rl.quantity(), "return_line_items[].quantity");
    Money total = Convert.money(rl.totalMoney(), cur).abs();
    Money lineTax = Convert.money(rl.totalTaxMoney(), cur).abs();
    Money discount = Convert.money(rl.totalDiscountMoney(), cur).abs();
    UnitPrice unit;
    Money gross;
    if (rl.basePriceMoney() != null) {
      unit = UnitPrice.of(Convert.money(rl.basePriceMoney(), cur).abs());
      gross = rl.grossReturnMoney() != null ? Convert.money(rl.grossReturnMoney(), cur).abs()
          : unit.times(qty, java.math.RoundingMode.HALF_UP);
    } else {
      // No unit price: the line's pre-tax amount as one unit, so no amount is invented.
      gross = rl.grossReturnMoney() != null ? Convert.money(rl.grossReturnMoney(), cur).abs()
          : total.minus(lineTax).plus(discount);
      unit = UnitPrice.of(gross);
      qty = qty.signum() == 0 ? BigDecimal.ZERO : BigDecimal.ONE;
    }
    boolean inclusive = !lineTax.isZero()
        && !gross.minus(discount).plus(lineTax).equals(total)
        && gross.minus(discount).equals(total);
    List<TaxLine> taxes = lineTax.isZero() ? List.of()
        : List.of(new TaxLine("Tax", null, lineTax, inclusive, null));
    List<Discount> discounts = discount.isZero() ? List.of() : List.of(Discount.of("Discount", discount));
    String variation = rl.catalogObjectId();
    return new RefundLine(rl.sourceLineItemUid(), variation == null ? null : skus.apply(variation),
        nz(rl.name()), qty, unit, gross, discounts, taxes, !taxes.isEmpty(), total, false,
        variation == null ? null : ExternalRef.of(SYSTEM, "item_variation", variation));
  }

  /**
   * Maps a payment refund.
   *
   * @param r the refund
   * @param operation the operation, for error context
   * @return the refund (money only, no lines)
   * @throws InvalidResponseException if the refund is malformed
   */
  public static Refund paymentRefund(Dto.SqRefund r, String operation) {
    try {
      String id = require(r.id(), "id");
      Dto.SqMoney m = require(r.amountMoney(), "amount_money");
      Currency cur = Money.currency(m.currency());
      String raw = r.status() == null ? "UNKNOWN" : r.status();
      RefundStatus status = switch (raw) {
        case "PENDING" -> RefundStatus.PENDING;
        case "COMPLETED" -> RefundStatus.COMPLETED;
        case "REJECTED", "FAILED" -> RefundStatus.FAILED;
        default -> RefundStatus.OTHER;
      };
      List<ExternalRef> refs = new ArrayList<>();
      if (r.paymentId() != null) {
        refs.add(ExternalRef.of(SYSTEM, "payment", r.paymentId()));
      }
      return new Refund(
          ExternalRef.of(SYSTEM, "refund", id),
          r.orderId() == null ? null : ExternalRef.of(SYSTEM, "order", r.orderId()),
          r.locationId() == null ? null : ExternalRef.of(SYSTEM, "location", r.locationId()),
          require(Convert.time(r.createdAt(), "created_at"), "created_at"), status, raw, List.of(),
          Convert.money(m, cur).abs(), Money.zero(cur), List.of(), r.reason(), refs);
    } catch (RuntimeException e) {
      throw wrap("refund " + DataGuard.quote(r.id()), operation, e);
    }
  }

  private static boolean fourDigits(@Nullable String s) {
    if (s == null || s.length() != 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }

  static <T> T require(@Nullable T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return value;
  }
}
