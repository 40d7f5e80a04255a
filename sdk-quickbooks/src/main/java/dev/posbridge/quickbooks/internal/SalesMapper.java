package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.MappingCode;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.model.Charge;
import dev.posbridge.core.model.Discount;
import dev.posbridge.core.model.ExchangeRate;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.PricedLine;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.model.UnitPrice;
import dev.posbridge.quickbooks.QuickBooksMapping;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps canonical sales and refunds to QBO SalesReceipt and RefundReceipt bodies (docs/vendors/quickbooks.md).
 * Item and customer ids are resolved by the caller; this class only shapes JSON. Thread-safe.
 */
public final class SalesMapper {

  /** QBO's DocNumber length limit (QBO documents 21 characters). */
  public static final int MAX_DOC_NUMBER = 21;
  /** QBO's PrivateNote length limit. */
  static final int MAX_PRIVATE_NOTE = 4000;

  private final ObjectMapper json;
  private final QuickBooksMapping mapping;

  /**
   * Creates the mapper.
   *
   * @param json the mapper that creates nodes
   * @param mapping the accounting mapping
   */
  public SalesMapper(ObjectMapper json, QuickBooksMapping mapping) {
    this.json = json;
    this.mapping = mapping;
  }

  /**
   * Ids resolved for one document.
   *
   * @param itemIdsBySku QBO Item ids by SKU
   * @param customerId the QBO Customer id, or {@code null}
   * @param linkedSalesReceiptId the original SalesReceipt id of a refund, or {@code null}
   */
  public record Resolved(
      Map<String, String> itemIdsBySku, @Nullable String customerId,
      @Nullable String linkedSalesReceiptId) {

    /** Copies the map. */
    public Resolved {
      itemIdsBySku = Map.copyOf(itemIdsBySku);
    }
  }

  /** QBO's most fraction digits of a {@code UnitPrice}. */
  public static final int MAX_UNIT_PRICE_DIGITS = 7;
  /** The marker before the source ref in a document's PrivateNote. */
  public static final String SALE_NOTE = "posbridge sale ";
  /** The marker before the source ref in a refund's PrivateNote. */
  public static final String REFUND_NOTE = "posbridge refund ";

  /**
   * Builds a SalesReceipt create body. Every amount is the sale's own: item lines at their gross
   * ({@code Qty × UnitPrice}), one discount line with all discounts, {@code TxnTaxDetail} with
   * the tax per rate, and {@code TotalAmt} = the sale's total, which must equal what QBO computes
   * from those parts.
   *
   * @param sale the sale
   * @param ids the resolved ids
   * @return the body
   * @throws ValidationException if the sale cannot be expressed (unmapped SKU, tips without a
   *     charge item, mixed inclusive and additive taxes, a foreign currency without an exchange
   *     rate, parts that do not add up to the total)
   */
  public ObjectNode salesReceipt(Sale sale, Resolved ids) {
    String op = "RecordSale";
    Doc doc = new Doc(sale.currency());
    doc.items(sale.lines(), ids);
    doc.charges(sale.charges());
    Money tips = Money.zero(sale.currency());
    for (Tender t : sale.tenders()) {
      tips = tips.plus(t.tip());
    }
    if (!tips.isZero()) {
      doc.charge("tenders.tip", "Tip", tips, false, List.of(), MappingCode.UNMAPPED_CHARGE.name());
    }
    doc.discounts(sale.discounts());
    doc.taxes(sale.taxes(), doc.taxableNet());
    ObjectNode body = json.createObjectNode();
    body.put("DocNumber", docNumber(sale.number() != null ? sale.number() : sale.ref().id()));
    Instant when = sale.closedAt() != null ? sale.closedAt() : sale.createdAt();
    body.put("TxnDate", txnDate(when, sale.location()).toString());
    body.put("PrivateNote", note(SALE_NOTE + sale.ref().withVersion(sale.version()), sale.note()));
    String customer = ids.customerId() != null ? ids.customerId() : mapping.defaultCustomer();
    doc.finish(body, op, sale.totals().total(), "totals.total", sale.exchangeRate(), customer);
    payment(body, mainTender(sale.tenders()));
    return body;
  }

  /**
   * Builds a RefundReceipt create body, with the same rules as {@link #salesReceipt}: item lines
   * at their gross, the refund's discounts, taxes per rate, and {@code TotalAmt} = the refund's
   * {@link Refund#amount()}. An amount-only refund becomes one line of the refund item at
   * {@code amount − taxAmount}, taxable when there is tax.
   *
   * @param refund the refund
   * @param ids the resolved ids
   * @return the body
   * @throws ValidationException if a line's SKU is unmapped, a line-less refund has no refund
   *     item, the currency needs a rate, or the parts do not add up to the amount
   */
  public ObjectNode refundReceipt(Refund refund, Resolved ids) {
    String op = "RecordRefund";
    Currency currency = refund.currency();
    Doc doc = new Doc(currency);
    doc.items(refund.lines(), ids);
    doc.charges(refund.charges());
    if (refund.amountOnly() && refund.taxes().isEmpty() && refund.discounts().isEmpty()) {
      Money net = refund.amount().minus(refund.taxAmount());
      boolean taxable = !refund.taxAmount().isZero();
      List<TaxLine> tax = taxable ? List.of(TaxLine.additive("Tax", null, refund.taxAmount())) : List.of();
      if (mapping.refundItem() == null) {
        doc.errors.add(new ValidationException.FieldError(
            "lines", MappingCode.UNMAPPED_REFUND_ITEM.name(), "set QuickBooksMapping.refundItem for refunds without lines"));
      } else {
        doc.line("Refund", net, mapping.refundItem(), UnitPrice.of(net), BigDecimal.ONE, taxable);
        doc.tax(tax, net);
      }
    } else {
      doc.discounts(refund.discounts());
      doc.taxes(refund.taxes(), doc.taxableNet());
    }
    ObjectNode body = json.createObjectNode();
    body.put("DocNumber", docNumber(refund.number() != null ? refund.number() : refund.ref().id()));
    body.put("TxnDate", txnDate(refund.createdAt(), refund.location()).toString());
    String original = refund.originalSale() == null ? ""
        : " of " + refund.originalSale()
            + (ids.linkedSalesReceiptId() == null ? "" : " (SalesReceipt " + ids.linkedSalesReceiptId() + ")");
    body.put("PrivateNote", note(REFUND_NOTE + refund.ref() + original, refund.reason()));
    doc.finish(body, op, refund.amount(), "amount", refund.exchangeRate(), ids.customerId());
    payment(body, mainTender(refund.tenders()));
    return body;
  }

  /** The lines, discounts and taxes of one document being built, and what they add up to. */
  private final class Doc {
    final Currency currency;
    final List<ValidationException.FieldError> errors = new ArrayList<>();
    final ArrayNode lines = json.createArrayNode();
    Money items;
    Money discount;
    Money taxableItems;
    /** Tax per (name, rate): amount and taxable base. */
    final Map<String, TaxGroup> taxes = new LinkedHashMap<>();
    Money inclusive;
    Money additive;

    Doc(Currency currency) {
      this.currency = currency;
      items = Money.zero(currency);
      discount = Money.zero(currency);
      taxableItems = Money.zero(currency);
      inclusive = Money.zero(currency);
      additive = Money.zero(currency);
    }

    /** Adds a sale's or refund's lines as item lines. */
    void items(List<? extends PricedLine> lines, Resolved ids) {
      for (int i = 0; i < lines.size(); i++) {
        PricedLine l = lines.get(i);
        item("lines[" + i + "]", l.name(), l.sku(), l.item(), l.quantity(), l.unitPrice(),
            l.gross(), l.discountTotal(), l.taxable(), l.taxes(), ids);
      }
    }

    void item(String field, String name, @Nullable String sku, @Nullable ExternalRef item,
        BigDecimal qty, UnitPrice unit, Money gross, Money lineDiscount, boolean taxable,
        List<TaxLine> lineTaxes, Resolved ids) {
      String itemId = itemId(sku, item, ids);
      if (itemId == null) {
        errors.add(new ValidationException.FieldError(
            field + ".sku", MappingCode.UNMAPPED_SKU.name(), "no QuickBooks Item for SKU " + (sku == null ? "(none) and no QuickBooks item ref" : sku)));
        return;
      }
      line(name, gross, itemId, unit, qty, taxable);
      discount = discount.plus(lineDiscount);
      if (taxable) {
        taxableItems = taxableItems.plus(gross);
      }
      tax(lineTaxes, gross.minus(lineDiscount));
    }

    void charges(List<Charge> charges) {
      for (Charge c : charges) {
        charge("charges", c.name(), c.amount(), !c.taxes().isEmpty(), c.taxes(), MappingCode.UNMAPPED_CHARGE.name());
      }
    }

    void charge(String field, String name, Money amount, boolean taxable, List<TaxLine> chargeTaxes,
        String code) {
      if (amount.isZero() && chargeTaxes.isEmpty()) {
        return;
      }
      String item = mapping.chargeItem();
      if (item == null) {
        errors.add(new ValidationException.FieldError(field, code,
            "set QuickBooksMapping.chargeItem for charges, tips and rounding"));
        return;
      }
      line(name.isBlank() ? "Charge" : name, amount, item, UnitPrice.of(amount), BigDecimal.ONE, taxable);
      if (taxable) {
        taxableItems = taxableItems.plus(amount);
      }
      tax(chargeTaxes, amount);
    }

    void discounts(List<Discount> docDiscounts) {
      for (Discount d : docDiscounts) {
        discount = discount.plus(d.amount());
      }
    }

    void taxes(List<TaxLine> docTaxes, Money base) {
      tax(docTaxes, base);
    }

    Money taxableNet() {
      return taxableItems;
    }

    void tax(List<TaxLine> list, Money base) {
      for (TaxLine t : list) {
        if (t.inclusive()) {
          inclusive = inclusive.plus(t.amount());
        } else {
          additive = additive.plus(t.amount());
        }
        String key = t.name() + "|" + (t.rate() == null ? "" : t.rate().stripTrailingZeros().toPlainString());
        TaxGroup g = taxes.computeIfAbsent(key, k -> new TaxGroup(t.name(), t.rate(), currency));
        g.amount = g.amount.plus(t.amount());
        g.base = g.base.plus(base);
      }
    }

    void line(String description, Money amount, String itemId, UnitPrice unit, BigDecimal qty,
        boolean taxable) {
      ObjectNode line = lines.addObject();
      BigDecimal q = qty;
      BigDecimal u = unit.amount();
      String text = description;
      // QBO checks Amount = Qty × UnitPrice (half up to cents) and keeps at most 7 decimals of
      // UnitPrice: a price it cannot carry is written as one unit at the line amount.
      if (unit.scale() > MAX_UNIT_PRICE_DIGITS
          || unit.times(qty, RoundingMode.HALF_UP).compareTo(amount) != 0) {
        text = description + " (" + qty.stripTrailingZeros().toPlainString() + " × " + unit + ")";
        q = BigDecimal.ONE;
        u = amount.amount();
      }
      if (!text.isBlank()) {
        line.put("Description", truncate(text, 4000));
      }
      line.put("Amount", amount.amount());
      line.put("DetailType", "SalesItemLineDetail");
      ObjectNode d = line.putObject("SalesItemLineDetail");
      ref(d, "ItemRef", itemId);
      d.put("UnitPrice", u);
      d.put("Qty", q);
      String code = taxable ? mapping.taxCode() : mapping.nonTaxableTaxCode();
      if (code != null) {
        ref(d, "TaxCodeRef", code);
      }
      items = items.plus(amount);
    }

    void finish(ObjectNode body, String op, Money total, String totalField,
        @Nullable ExchangeRate rate, @Nullable String customer) {
      if (!inclusive.isZero() && !additive.isZero()) {
        errors.add(new ValidationException.FieldError(
            "taxes", "mixed_tax_modes", "QuickBooks cannot mix tax-inclusive and additive taxes"));
      }
      boolean taxInclusive = !inclusive.isZero();
      if (!discount.isZero()) {
        ObjectNode line = lines.addObject();
        line.put("Amount", discount.amount());
        line.put("DetailType", "DiscountLineDetail");
        ObjectNode d = line.putObject("DiscountLineDetail");
        d.put("PercentBased", false);
        if (mapping.discountAccount() != null) {
          ref(d, "DiscountAccountRef", mapping.discountAccount());
        }
      }
      Money taxTotal = taxInclusive ? inclusive : additive;
      Money computed = items.minus(discount).plus(taxInclusive ? Money.zero(currency) : additive);
      if (errors.isEmpty() && computed.compareTo(total) != 0) {
        errors.add(new ValidationException.FieldError(totalField, "unbalanced_totals",
            "the parts add up to " + computed + " but the total is " + total
                + "; QuickBooks would book " + computed));
      }
      ref(body, "CurrencyRef", currency.getCurrencyCode());
      if (!currency.equals(mapping.homeCurrency())) {
        if (rate == null) {
          errors.add(new ValidationException.FieldError("exchangeRate", "missing_exchange_rate",
              "a " + currency.getCurrencyCode() + " document in a " + mapping.homeCurrency().getCurrencyCode()
                  + " company needs an exchange rate"));
        } else if (!rate.to().equals(mapping.homeCurrency())) {
          errors.add(new ValidationException.FieldError("exchangeRate", "wrong_home_currency",
              "the rate is to " + rate.to().getCurrencyCode() + " but the company's home currency is "
                  + mapping.homeCurrency().getCurrencyCode()));
        } else {
          body.put("ExchangeRate", rate.rate());
        }
      }
      throwIfAny(errors, op);
      body.set("Line", lines);
      ObjectNode tax = body.putObject("TxnTaxDetail");
      if (mapping.txnTaxCode() != null && !taxTotal.isZero()) {
        ref(tax, "TxnTaxCodeRef", mapping.txnTaxCode());
      }
      tax.put("TotalTax", taxTotal.amount());
      if (!taxes.isEmpty() && taxes.values().stream().anyMatch(g -> !g.amount.isZero() || g.rate != null)) {
        ArrayNode taxLines = tax.putArray("TaxLine");
        for (TaxGroup g : taxes.values()) {
          ObjectNode tl = taxLines.addObject();
          tl.put("Amount", g.amount.amount());
          tl.put("DetailType", "TaxLineDetail");
          ObjectNode d = tl.putObject("TaxLineDetail");
          String rateId = mapping.taxRateFor(g.name);
          if (rateId != null) {
            ref(d, "TaxRateRef", rateId);
          }
          d.put("PercentBased", g.rate != null);
          if (g.rate != null) {
            d.put("TaxPercent", g.rate);
          }
          d.put("NetAmountTaxable", g.base.amount());
        }
      }
      if (taxInclusive) {
        body.put("GlobalTaxCalculation", "TaxInclusive");
      }
      if (!discount.isZero()) {
        body.put("ApplyTaxAfterDiscount", true);
      }
      if (customer != null) {
        ref(body, "CustomerRef", customer);
      }
      body.put("TotalAmt", total.amount());
    }
  }

  private static final class TaxGroup {
    final String name;
    final @Nullable BigDecimal rate;
    Money amount;
    Money base;

    TaxGroup(String name, @Nullable BigDecimal rate, Currency currency) {
      this.name = name;
      this.rate = rate;
      this.amount = Money.zero(currency);
      this.base = Money.zero(currency);
    }
  }

  private void payment(ObjectNode body, @Nullable Tender tender) {
    TenderType type = tender == null ? TenderType.OTHER : tender.type();
    String method = tender == null ? mapping.paymentMethodFor(TenderType.OTHER) : mapping.paymentMethodFor(type);
    if (method != null) {
      ref(body, "PaymentMethodRef", method);
    }
    ref(body, "DepositToAccountRef", mapping.depositAccountFor(type));
  }

  /** The tender that names the payment method: the largest (QBO takes one per receipt). */
  private static @Nullable Tender mainTender(List<Tender> tenders) {
    Tender best = null;
    for (Tender t : tenders) {
      if (best == null || t.amount().compareTo(best.amount()) > 0) {
        best = t;
      }
    }
    return best;
  }

  private static @Nullable String itemId(@Nullable String sku, @Nullable ExternalRef item, Resolved ids) {
    if (item != null && item.system().equals(QboApi.SYSTEM)) {
      return item.id();
    }
    return sku == null ? null : ids.itemIdsBySku().get(sku);
  }

  private LocalDate txnDate(Instant when, @Nullable ExternalRef location) {
    return when.atZone(mapping.timeZoneFor(location == null ? null : location.id())).toLocalDate();
  }

  /**
   * Fits a document number into QBO's limit: short numbers pass unchanged; longer ones keep
   * their start and end in a hash, so distinct numbers stay distinct.
   *
   * @param raw the POS number
   * @return at most {@link #MAX_DOC_NUMBER} characters
   */
  public static String docNumber(String raw) {
    if (raw.length() <= MAX_DOC_NUMBER) {
      return raw;
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
      return raw.substring(0, MAX_DOC_NUMBER - 9) + "-" + HexFormat.of().formatHex(h, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String note(String head, @Nullable String tail) {
    return truncate(tail == null ? head : head + " | " + tail, MAX_PRIVATE_NOTE);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  static void ref(ObjectNode parent, String field, String value) {
    parent.putObject(field).put("value", value);
  }

  private static void throwIfAny(List<ValidationException.FieldError> errors, String op) {
    if (!errors.isEmpty()) {
      throw new ValidationException("Cannot express the document in QuickBooks Online",
          ErrorContext.of(QboApi.SYSTEM, op), errors, null);
    }
  }
}
