package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.model.Discount;
import dev.posbridge.core.model.ExchangeRate;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.RefundStatus;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.SaleState;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Totals;
import dev.posbridge.core.model.UnitPrice;
import dev.posbridge.quickbooks.QuickBooksMapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Maps booked SalesReceipts and RefundReceipts back to canonical sales and refunds, following the
 * {@link dev.posbridge.core.connect.BookedSalesReader} contract: the source ref from the
 * PrivateNote written by {@link SalesMapper}, the receipt's own ref (version = SyncToken) in
 * {@code refs}. Thread-safe.
 */
public final class BookMapper {

  private final QuickBooksMapping mapping;

  /**
   * Creates the mapper.
   *
   * @param mapping the accounting mapping (home currency, time zone)
   */
  public BookMapper(QuickBooksMapping mapping) {
    this.mapping = mapping;
  }

  /**
   * Reads the source ref stored in a PrivateNote after a marker.
   *
   * @param note the PrivateNote, or {@code null}
   * @param marker {@link SalesMapper#SALE_NOTE} or {@link SalesMapper#REFUND_NOTE}
   * @return the ref (with its version), or {@code null} if the note has none
   */
  public static @Nullable ExternalRef sourceRef(@Nullable String note, String marker) {
    return ExternalRef.find(note, marker, ' ');
  }

  /**
   * Returns a receipt's PrivateNote.
   *
   * @param txn the receipt
   * @return the note, or {@code null}
   */
  public static @Nullable String note(JsonNode txn) {
    return Nodes.text(txn, "PrivateNote");
  }

  /**
   * Reads the refunded sale stored in a refund's PrivateNote ({@code … of <ref>}).
   *
   * @param note the note
   * @return the sale ref, or {@code null}
   */
  public static @Nullable ExternalRef originalSale(@Nullable String note) {
    if (note == null || sourceRef(note, SalesMapper.REFUND_NOTE) == null) {
      return null;
    }
    return sourceRef(note, " of ");
  }

  /**
   * Tells whether a receipt was voided.
   *
   * @param txn the receipt
   * @return {@code true} if voided
   */
  public static boolean voided(JsonNode txn) {
    String note = Nodes.text(txn, "PrivateNote");
    return (note != null && note.startsWith("Voided"))
        || "Voided".equalsIgnoreCase(Nodes.text(txn, "status"));
  }

  /**
   * Maps a SalesReceipt.
   *
   * @param txn the receipt
   * @return the booked sale
   */
  public Sale sale(JsonNode txn) {
    String op = "ReadBookedSale";
    ExternalRef own = EntityMapper.ref(EntityMapper.SALES_RECEIPT, txn, op);
    ExternalRef source = sourceRef(Nodes.text(txn, "PrivateNote"), SalesMapper.SALE_NOTE);
    Currency currency = currency(txn);
    Parts p = parts(txn, currency, op);
    List<SaleLine> lines = new ArrayList<>();
    for (Item i : p.items) {
      lines.add(new SaleLine(i.lineId, null, i.name, i.qty, i.unit, i.amount, List.of(), List.of(),
          i.taxable, i.amount, i.item));
    }
    Money total = money(txn, "TotalAmt", currency, op);
    Money items = Money.zero(currency);
    for (Item i : p.items) {
      items = items.plus(i.amount);
    }
    Money tax = Money.zero(currency);
    for (TaxLine t : p.taxes) {
      tax = tax.plus(t.amount());
    }
    Money discount = p.discount.map(Discount::amount).orElse(Money.zero(currency));
    Sale.Builder b = Sale.builder()
        .ref(source != null ? source : own)
        .version(source != null ? source.version() : own.version())
        .number(Nodes.text(txn, "DocNumber"))
        .createdAt(txnInstant(txn, op))
        .updatedAt(Nodes.lastUpdated(txn, op))
        .state(voided(txn) ? SaleState.VOIDED : SaleState.COMPLETED)
        .currency(currency)
        .exchangeRate(rate(txn, currency, op))
        .lines(lines)
        .taxes(p.taxes)
        .customer(customerRef(txn))
        .totals(new Totals(items, discount, tax, Money.zero(currency), Money.zero(currency), total));
    p.discount.ifPresent(b::addDiscount);
    if (source != null) {
      b.addRef(own);
    }
    return b.build();
  }

  /**
   * Maps a RefundReceipt.
   *
   * @param txn the receipt
   * @return the booked refund
   */
  public Refund refund(JsonNode txn) {
    String op = "ReadBookedRefund";
    ExternalRef own = EntityMapper.ref(EntityMapper.REFUND_RECEIPT, txn, op);
    String note = Nodes.text(txn, "PrivateNote");
    ExternalRef source = sourceRef(note, SalesMapper.REFUND_NOTE);
    Currency currency = currency(txn);
    Parts p = parts(txn, currency, op);
    Refund.Builder b = Refund.builder()
        .ref(source != null ? source : own)
        .number(Nodes.text(txn, "DocNumber"))
        .originalSale(originalSale(note))
        .customer(customerRef(txn))
        .createdAt(txnInstant(txn, op))
        .status(voided(txn) ? RefundStatus.OTHER : RefundStatus.COMPLETED, voided(txn) ? "Voided" : null)
        .currency(currency)
        .exchangeRate(rate(txn, currency, op));
    Money tax = Money.zero(currency);
    for (Item i : p.items) {
      b.addLine(new RefundLine(i.lineId, null, i.name, i.qty, i.unit, i.amount, List.of(), List.of(),
          i.taxable, i.amount, false, i.item));
    }
    for (TaxLine t : p.taxes) {
      b.addTax(t);
      tax = tax.plus(t.amount());
    }
    p.discount.ifPresent(b::addDiscount);
    b.amounts(money(txn, "TotalAmt", currency, op), tax);
    if (source != null) {
      b.addRef(own);
    }
    return b.build();
  }

  private record Item(String lineId, String name, BigDecimal qty, UnitPrice unit, Money amount,
      boolean taxable, @Nullable ExternalRef item) {}

  private record Parts(List<Item> items, java.util.Optional<Discount> discount, List<TaxLine> taxes) {}

  private Parts parts(JsonNode txn, Currency currency, String op) {
    List<Item> items = new ArrayList<>();
    Money discount = Money.zero(currency);
    for (JsonNode line : txn.path("Line")) {
      String type = line.path("DetailType").asText("");
      Money amount = money(line, "Amount", currency, op);
      if (type.equals("SalesItemLineDetail")) {
        JsonNode d = line.path("SalesItemLineDetail");
        BigDecimal qty = Nodes.decimal(d, "Qty", op);
        BigDecimal unit = Nodes.decimal(d, "UnitPrice", op);
        String taxCode = Nodes.refValue(d, "TaxCodeRef");
        boolean taxable = taxCode != null && !taxCode.equals(mapping.nonTaxableTaxCode())
            && !"NON".equals(taxCode);
        String itemId = Nodes.refValue(d, "ItemRef");
        items.add(new Item(String.valueOf(Nodes.text(line, "Id")), desc(line),
            qty == null ? BigDecimal.ONE : qty.abs(),
            UnitPrice.of(unit == null ? amount.amount() : unit, currency), amount, taxable,
            itemId == null ? null : ExternalRef.of(QboApi.SYSTEM, EntityMapper.ITEM, itemId)));
      } else if (type.equals("DiscountLineDetail")) {
        discount = discount.plus(amount);
      }
    }
    List<TaxLine> taxes = new ArrayList<>();
    JsonNode detail = txn.path("TxnTaxDetail");
    boolean inclusive = "TaxInclusive".equals(Nodes.text(txn, "GlobalTaxCalculation"));
    for (JsonNode tl : detail.path("TaxLine")) {
      JsonNode d = tl.path("TaxLineDetail");
      BigDecimal rate = Nodes.decimal(d, "TaxPercent", op);
      String rateId = Nodes.refValue(d, "TaxRateRef");
      taxes.add(new TaxLine(rateId == null ? "Tax" : rateId, rate, money(tl, "Amount", currency, op),
          inclusive, rateId == null ? null : ExternalRef.of(QboApi.SYSTEM, "TaxRate", rateId)));
    }
    Money totalTax = detail.has("TotalTax") ? money(detail, "TotalTax", currency, op) : Money.zero(currency);
    if (taxes.isEmpty() && !totalTax.isZero()) {
      taxes.add(new TaxLine("Tax", null, totalTax, inclusive, null));
    }
    return new Parts(items, discount.isZero() ? java.util.Optional.empty()
        : java.util.Optional.of(Discount.of("Discount", discount)), taxes);
  }

  private static String desc(JsonNode line) {
    String d = Nodes.text(line, "Description");
    return d == null ? "" : d;
  }

  private Currency currency(JsonNode txn) {
    String code = Nodes.refValue(txn, "CurrencyRef");
    return code == null ? mapping.homeCurrency() : Money.currency(code);
  }

  private @Nullable ExchangeRate rate(JsonNode txn, Currency currency, String op) {
    BigDecimal rate = Nodes.decimal(txn, "ExchangeRate", op);
    if (currency.equals(mapping.homeCurrency()) || rate == null || rate.signum() <= 0) {
      return null;
    }
    return new ExchangeRate(currency, mapping.homeCurrency(), rate);
  }

  private static @Nullable ExternalRef customerRef(JsonNode txn) {
    String id = Nodes.refValue(txn, "CustomerRef");
    return id == null ? null : ExternalRef.of(QboApi.SYSTEM, EntityMapper.CUSTOMER, id);
  }

  private Instant txnInstant(JsonNode txn, String op) {
    String date = Nodes.text(txn, "TxnDate");
    if (date == null) {
      Instant created = Nodes.created(txn, op);
      if (created == null) {
        throw QboApi.invalid(op, "receipt has neither TxnDate nor CreateTime");
      }
      return created;
    }
    try {
      return LocalDate.parse(date).atStartOfDay(mapping.timeZoneFor(null)).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw QboApi.invalid(op, "TxnDate is not a date", e);
    }
  }

  private static Money money(JsonNode node, String field, Currency currency, String op) {
    BigDecimal v = Nodes.decimal(node, field, op);
    if (v == null) {
      throw QboApi.invalid(op, field + " is missing");
    }
    try {
      return Money.of(v, currency);
    } catch (IllegalArgumentException e) {
      throw QboApi.invalid(op, field + " " + v.toPlainString() + " is not an amount in " + currency, e);
    }
  }
}
