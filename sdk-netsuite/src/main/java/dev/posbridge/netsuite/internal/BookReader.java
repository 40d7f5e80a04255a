package dev.posbridge.netsuite.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.SalesQuery;
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
import dev.posbridge.netsuite.NetSuiteMapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads booked cash sales and cash refunds back (the {@code BookedSalesReader} contract): by
 * external id (derived from the source ref), by {@code tranId}, or by a SuiteQL window over
 * {@code transaction}, each record read with its lines. Thread-safe.
 */
public final class BookReader {

  private final Settings s;

  /**
   * Creates the reader.
   *
   * @param settings the shared settings
   */
  public BookReader(Settings settings) {
    this.s = settings;
  }

  /**
   * Finds the cash sale booked for a source sale.
   *
   * @param source the source ref
   * @return the booked sale
   */
  public Optional<Sale> saleBySource(ExternalRef source) {
    String eid = SalesWriter.saleExternalId(source, s.mapping().externalIdPrefix());
    return s.api().getByExternalId("ReadBookedSale", "cashSale", eid, true).map(this::sale);
  }

  /**
   * Finds the cash refund booked for a source refund.
   *
   * @param source the source ref
   * @return the booked refund
   */
  public Optional<Refund> refundBySource(ExternalRef source) {
    String eid = ExternalIds.of(s.mapping().externalIdPrefix(), "R", source.system(), source.id());
    return s.api().getByExternalId("ReadBookedRefund", "cashRefund", eid, true).map(this::refund);
  }

  /**
   * Finds a booked cash sale by its transaction number.
   *
   * @param tranId the number
   * @return the booked sale
   */
  public Optional<Sale> saleByNumber(String tranId) {
    return idByNumber("CashSale", tranId).map(id -> sale(s.api().get("ReadBookedSale", "cashSale", id)));
  }

  /**
   * Finds a booked cash refund by its transaction number.
   *
   * @param tranId the number
   * @return the booked refund
   */
  public Optional<Refund> refundByNumber(String tranId) {
    return idByNumber("CashRfnd", tranId).map(id -> refund(s.api().get("ReadBookedRefund", "cashRefund", id)));
  }

  private Optional<String> idByNumber(String type, String tranId) {
    List<Map<String, String>> rows = s.api().suiteql("ReadBookedByNumber",
        "SELECT id FROM transaction WHERE type = " + NetSuiteApi.quote(type) + " AND tranid = "
            + NetSuiteApi.quote(tranId) + " ORDER BY id", 1, 0).items();
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0).get("id"));
  }

  /**
   * Lists booked cash sales in a window.
   *
   * @param q the window
   * @return the sales, lazily paged
   */
  public PagedIterable<Sale> sales(SalesQuery q) {
    return window(q, "CashSale", "cashSale", this::sale, x -> !q.completedOnly() || !x.state().isVoid());
  }

  /**
   * Lists booked cash refunds in a window.
   *
   * @param q the window
   * @return the refunds, lazily paged
   */
  public PagedIterable<Refund> refunds(SalesQuery q) {
    return window(q, "CashRfnd", "cashRefund", this::refund, x -> true);
  }

  private <T> PagedIterable<T> window(SalesQuery q, String type, String recordType,
      java.util.function.Function<JsonNode, T> map, java.util.function.Predicate<T> keep) {
    String where;
    if (q.field() == SalesQuery.TimeField.UPDATED) {
      where = "lastmodifieddate >= TO_TIMESTAMP(" + NetSuiteApi.quote(Times.format(q.from(), s.zone())) + ","
          + Times.MASK + ") AND lastmodifieddate < TO_TIMESTAMP("
          + NetSuiteApi.quote(Times.format(q.to(), s.zone())) + "," + Times.MASK + ")";
    } else {
      LocalDate from = LocalDate.ofInstant(q.from(), s.zone());
      LocalDate to = LocalDate.ofInstant(q.to().minusNanos(1), s.zone());
      where = "trandate >= " + NetSuiteApi.quote(from.toString()) + " AND trandate <= "
          + NetSuiteApi.quote(to.toString());
    }
    String sql = "SELECT id FROM transaction WHERE type = " + NetSuiteApi.quote(type) + " AND " + where
        + " ORDER BY id";
    int size = q.pageSize() == 0 ? s.pageSize() : q.pageSize();
    return PagedIterable.startingAt(q.cursor(), cursor -> {
      int offset = cursor == null ? 0 : Integer.parseInt(cursor);
      NetSuiteApi.SuiteQlPage p = s.api().suiteql("ReadBooked", sql, size, offset);
      List<T> out = new ArrayList<>();
      for (Map<String, String> row : p.items()) {
        String id = row.get("id");
        if (id == null) {
          throw new InvalidResponseException("a SuiteQL row has no id", ErrorContext.of(NetSuiteApi.SYSTEM, "ReadBooked"),
              "", null);
        }
        T t = map.apply(s.api().get("ReadBooked", recordType, id));
        if (keep.test(t)) {
          out.add(t);
        }
      }
      return new Page<>(out, p.hasMore() && !p.items().isEmpty() ? String.valueOf(offset + p.items().size()) : null);
    });
  }

  /**
   * Maps a cash sale.
   *
   * @param rec the record, with its item lines
   * @return the booked sale
   */
  public Sale sale(JsonNode rec) {
    Head h = head(rec, "cashSale", SalesWriter.SALE_MARK, "ReadBookedSale");
    Currency currency = h.currency();
    Parts p = h.parts();
    List<SaleLine> lines = new ArrayList<>();
    for (Line l : p.items) {
      lines.add(new SaleLine(null, null, l.name, l.qty, l.unit, l.amount, List.of(), l.taxes, l.taxable,
          l.amount.plus(taxOf(l.taxes, currency)), l.item));
    }
    Sale.Builder b = Sale.builder()
        .ref(h.ref())
        .version(h.ref().version())
        .number(h.number())
        .createdAt(h.createdAt())
        .state(h.voided() ? SaleState.VOIDED : SaleState.COMPLETED)
        .currency(currency)
        .exchangeRate(h.rate())
        .lines(lines)
        .customer(h.customer())
        .totals(new Totals(p.items.stream().map(l -> l.amount).reduce(Money.zero(currency), Money::plus),
            p.discount, p.tax, Money.zero(currency), p.charges, p.total));
    h.discounts().forEach(b::addDiscount);
    h.charges().forEach(b::addCharge);
    if (h.source() != null) {
      b.addRef(h.own());
    }
    return b.build();
  }

  /**
   * Maps a cash refund.
   *
   * @param rec the record, with its item lines
   * @return the booked refund
   */
  public Refund refund(JsonNode rec) {
    Head h = head(rec, "cashRefund", SalesWriter.REFUND_MARK, "ReadBookedRefund");
    Currency currency = h.currency();
    Parts p = h.parts();
    Refund.Builder b = Refund.builder()
        .ref(h.ref())
        .number(h.number())
        .originalSale(h.originalSale())
        .customer(h.customer())
        .createdAt(h.createdAt())
        .status(RefundStatus.COMPLETED, null)
        .currency(currency)
        .exchangeRate(h.rate());
    for (Line l : p.items) {
      b.addLine(new RefundLine(null, null, l.name, l.qty, l.unit, l.amount, List.of(), l.taxes, l.taxable,
          l.amount.plus(taxOf(l.taxes, currency)), false, l.item));
    }
    h.charges().forEach(b::addCharge);
    h.discounts().forEach(b::addDiscount);
    b.amounts(p.total, p.tax);
    if (h.source() != null) {
      b.addRef(h.own());
    }
    return b.build();
  }

  /** What a booked sale and a booked refund read alike. */
  private record Head(ExternalRef own, @Nullable String memo, @Nullable ExternalRef source, @Nullable String number,
      Instant createdAt, @Nullable ExternalRef customer, Currency currency, @Nullable ExchangeRate rate,
      Parts parts) {
    /** Whether the memo marks the record voided. */
    boolean voided() {
      return memo != null && memo.startsWith(SalesWriter.VOIDED);
    }

    /** The refunded sale the memo names, if any. */
    @Nullable ExternalRef originalSale() {
      return memo == null ? null : SalesWriter.sourceRef(memo.replace(" of ", " [posbridge of "), "[posbridge of ");
    }

    /** The source's ref when the memo names one, else the record's own. */
    ExternalRef ref() {
      return source != null ? source : own;
    }

    /** The charge lines as canonical charges. */
    List<dev.posbridge.core.model.Charge> charges() {
      List<dev.posbridge.core.model.Charge> out = new ArrayList<>();
      for (Line c : parts.chargeLines) {
        out.add(new dev.posbridge.core.model.Charge(dev.posbridge.core.model.ChargeType.OTHER, "charge",
            c.name, c.amount, c.taxes));
      }
      return out;
    }

    /** The header discount as one canonical discount, or none when it is zero. */
    List<dev.posbridge.core.model.Discount> discounts() {
      return parts.discount.isZero() ? List.of()
          : List.of(dev.posbridge.core.model.Discount.of("Discounts", parts.discount));
    }
  }

  private Head head(JsonNode rec, String type, String mark, String op) {
    ExternalRef own = new ExternalRef(NetSuiteApi.SYSTEM, type, text(rec, "id", op),
        rec.path("lastModifiedDate").asText(null));
    String memo = rec.path("memo").asText(null);
    Currency currency = currency(rec);
    Parts parts = parts(rec, currency, op);
    return new Head(own, memo, SalesWriter.sourceRef(memo, mark), rec.path("tranId").asText(null), date(rec, op),
        ref(rec, "entity", "customer"), currency, rate(rec, currency), parts);
  }

  private record Line(String name, BigDecimal qty, UnitPrice unit, Money amount, boolean taxable,
      List<TaxLine> taxes, @Nullable ExternalRef item) {}

  private record Parts(List<Line> items, List<Line> chargeLines, Money discount, Money tax, Money charges,
      Money total) {}

  private Parts parts(JsonNode rec, Currency currency, String op) {
    NetSuiteMapping m = s.mapping();
    List<Line> items = new ArrayList<>();
    List<Line> charges = new ArrayList<>();
    Money discount = Money.zero(currency);
    Money tax = Money.zero(currency);
    Money chargeSum = Money.zero(currency);
    Money total = Money.zero(currency);
    for (JsonNode line : rec.path("item").path("items")) {
      String item = line.path("item").path("id").asText(null);
      Money amount = money(line, "amount", currency, op);
      Money lineTax = line.path("tax1Amt").isNumber() ? money(line, "tax1Amt", currency, op) : Money.zero(currency);
      List<TaxLine> taxes = lineTax.isZero() ? List.of() : List.of(TaxLine.additive("Tax", null, lineTax));
      String code = line.path("taxCode").path("id").asText(null);
      boolean taxable = !taxes.isEmpty() || (code != null && code.equals(m.taxCode())
          && (m.nonTaxableTaxCode() == null || !code.equals(m.nonTaxableTaxCode())));
      String name = line.path("description").asText("");
      total = total.plus(amount).plus(lineTax);
      tax = tax.plus(lineTax);
      if (item != null && item.equals(m.discountItem())) {
        discount = discount.plus(amount.negate());
      } else if (item != null && item.equals(m.chargeItem())) {
        charges.add(new Line(name, BigDecimal.ONE, UnitPrice.of(amount), amount, taxable, taxes, null));
        chargeSum = chargeSum.plus(amount);
      } else {
        BigDecimal qty = line.path("quantity").isNumber() ? line.get("quantity").decimalValue().abs() : BigDecimal.ONE;
        BigDecimal rate = line.path("rate").isNumber() ? line.get("rate").decimalValue() : amount.amount();
        items.add(new Line(name, qty, UnitPrice.of(rate, currency), amount, taxable, taxes,
            item == null ? null : ExternalRef.of(NetSuiteApi.SYSTEM, "item", item)));
      }
    }
    if (rec.path("total").isNumber()) {
      total = money(rec, "total", currency, op);
    }
    return new Parts(items, charges, discount, tax, chargeSum, total);
  }

  private static Money taxOf(List<TaxLine> taxes, Currency currency) {
    Money t = Money.zero(currency);
    for (TaxLine x : taxes) {
      t = t.plus(x.amount());
    }
    return t;
  }

  private Currency currency(JsonNode rec) {
    String id = rec.path("currency").path("id").asText(null);
    if (id != null) {
      for (Currency c : Currency.getAvailableCurrencies()) {
        if (id.equals(s.mapping().currencyId(c.getCurrencyCode()))) {
          return c;
        }
      }
    }
    return s.mapping().homeCurrency();
  }

  private @Nullable ExchangeRate rate(JsonNode rec, Currency currency) {
    if (currency.equals(s.mapping().homeCurrency()) || !rec.path("exchangeRate").isNumber()) {
      return null;
    }
    return new ExchangeRate(currency, s.mapping().homeCurrency(), rec.get("exchangeRate").decimalValue());
  }

  private static @Nullable ExternalRef ref(JsonNode rec, String field, String type) {
    String id = rec.path(field).path("id").asText(null);
    return id == null ? null : ExternalRef.of(NetSuiteApi.SYSTEM, type, id);
  }

  private Instant date(JsonNode rec, String op) {
    String d = rec.path("tranDate").asText(null);
    if (d == null) {
      throw NetSuiteApi.invalid(op, "record without tranDate");
    }
    try {
      return LocalDate.parse(d).atStartOfDay(s.zone()).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw NetSuiteApi.invalid(op, "tranDate is not a date: " + d);
    }
  }

  private static String text(JsonNode rec, String field, String op) {
    String v = rec.path(field).asText(null);
    if (v == null || v.isBlank()) {
      throw NetSuiteApi.invalid(op, "record without " + field);
    }
    return v;
  }

  private static Money money(JsonNode n, String field, Currency currency, String op) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      return Money.zero(currency);
    }
    try {
      return Money.of(v.decimalValue(), currency);
    } catch (IllegalArgumentException e) {
      throw NetSuiteApi.invalid(op, field + " " + v + " is not an amount in " + currency);
    }
  }
}
