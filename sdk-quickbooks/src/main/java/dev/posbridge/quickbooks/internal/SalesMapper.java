package dev.posbridge.quickbooks.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.MappingCode;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.model.Charge;
import dev.posbridge.core.model.Discount;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.quickbooks.AccountingMapping;
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
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps canonical sales and refunds to QBO SalesReceipt and RefundReceipt bodies (fact sheet §4).
 * Item and customer ids are resolved by the caller; this class only shapes JSON. Thread-safe.
 */
public final class SalesMapper {

  /** QBO's DocNumber length limit (⚠ not on the fact sheet; QBO documents 21 characters). */
  public static final int MAX_DOC_NUMBER = 21;
  /** QBO's PrivateNote length limit. */
  static final int MAX_PRIVATE_NOTE = 4000;

  private final ObjectMapper json;
  private final AccountingMapping mapping;

  /**
   * Creates the mapper.
   *
   * @param json the mapper that creates nodes
   * @param mapping the accounting mapping
   */
  public SalesMapper(ObjectMapper json, AccountingMapping mapping) {
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

  /**
   * Builds a SalesReceipt create body.
   *
   * @param sale the sale
   * @param ids the resolved ids
   * @return the body
   * @throws ValidationException if the sale cannot be expressed (unmapped SKU, tips without a
   *     charge item, mixed inclusive and additive taxes)
   */
  public ObjectNode salesReceipt(Sale sale, Resolved ids) {
    String op = "RecordSale";
    Currency currency = sale.currency();
    List<ValidationException.FieldError> errors = new ArrayList<>();
    ArrayNode lines = json.createArrayNode();
    Money itemSum = Money.zero(currency);
    boolean anyLineTax = sale.lines().stream().anyMatch(l -> nonZero(l.taxes()));
    boolean saleTaxed = nonZero(sale.taxes());
    for (int i = 0; i < sale.lines().size(); i++) {
      SaleLine l = sale.lines().get(i);
      String itemId = itemId(l.sku(), l.item(), ids);
      if (itemId == null) {
        errors.add(new ValidationException.FieldError(
            "lines[" + i + "].sku", MappingCode.UNMAPPED_SKU.name(), "no QuickBooks Item for SKU " + (l.sku() == null ? "(none) and no QuickBooks item ref" : l.sku())));
        continue;
      }
      Money amount = l.unitPrice().times(l.quantity(), RoundingMode.HALF_UP);
      boolean taxable = anyLineTax ? nonZero(l.taxes()) : saleTaxed;
      lines.add(itemLine(l.name(), amount, itemId, l.unitPrice().amount(), l.quantity(), taxable));
      itemSum = itemSum.plus(amount);
    }
    for (Charge c : sale.charges()) {
      if (mapping.chargeItem() == null) {
        errors.add(new ValidationException.FieldError(
            "charges", MappingCode.UNMAPPED_CHARGE.name(), "set AccountingMapping.chargeItem for charges"));
        break;
      }
      lines.add(itemLine(c.name(), c.amount(), mapping.chargeItem(), c.amount().amount(),
          BigDecimal.ONE, nonZero(c.taxes())));
      itemSum = itemSum.plus(c.amount());
    }
    Money tips = Money.zero(currency);
    for (Tender t : sale.tenders()) {
      tips = tips.plus(t.tip());
    }
    if (!tips.isZero()) {
      if (mapping.chargeItem() == null) {
        errors.add(new ValidationException.FieldError(
            "tenders.tip", MappingCode.UNMAPPED_CHARGE.name(), "set AccountingMapping.chargeItem for tips"));
      } else {
        lines.add(itemLine("Tip", tips, mapping.chargeItem(), tips.amount(), BigDecimal.ONE, false));
        itemSum = itemSum.plus(tips);
      }
    }
    Money discount = Money.zero(currency);
    for (Discount d : sale.discounts()) {
      discount = discount.plus(d.amount());
    }
    for (SaleLine l : sale.lines()) {
      discount = discount.plus(l.discountTotal());
    }
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
    Taxes taxes = taxes(sale, errors);
    throwIfAny(errors, op);
    ObjectNode body = json.createObjectNode();
    body.put("DocNumber", docNumber(sale.number() != null ? sale.number() : sale.ref().id()));
    Instant when = sale.closedAt() != null ? sale.closedAt() : sale.createdAt();
    body.put("TxnDate", txnDate(when, sale.location()).toString());
    ref(body, "CurrencyRef", currency.getCurrencyCode());
    body.put("PrivateNote", note("posbridge sale " + sale.ref(), sale.note()));
    body.set("Line", lines);
    ObjectNode tax = body.putObject("TxnTaxDetail");
    if (mapping.txnTaxCode() != null && !taxes.total.isZero()) {
      ref(tax, "TxnTaxCodeRef", mapping.txnTaxCode());
    }
    tax.put("TotalTax", taxes.total.amount());
    if (taxes.inclusive) {
      body.put("GlobalTaxCalculation", "TaxInclusive");
    }
    String customer = ids.customerId() != null ? ids.customerId() : mapping.defaultCustomer();
    if (customer != null) {
      ref(body, "CustomerRef", customer);
    }
    Money total = itemSum.minus(discount).plus(taxes.inclusive ? Money.zero(currency) : taxes.total);
    body.put("TotalAmt", total.amount());
    payment(body, mainTender(sale.tenders()));
    return body;
  }

  /**
   * Builds a RefundReceipt create body.
   *
   * @param refund the refund
   * @param ids the resolved ids
   * @return the body
   * @throws ValidationException if a line's SKU is unmapped or a line-less refund has no refund
   *     item
   */
  public ObjectNode refundReceipt(Refund refund, Resolved ids) {
    String op = "RecordRefund";
    Currency currency = refund.amount().currency();
    List<ValidationException.FieldError> errors = new ArrayList<>();
    ArrayNode lines = json.createArrayNode();
    Money sum = Money.zero(currency);
    boolean taxable = !refund.taxAmount().isZero();
    for (int i = 0; i < refund.lines().size(); i++) {
      RefundLine l = refund.lines().get(i);
      String itemId = itemId(l.sku(), l.item(), ids);
      if (itemId == null) {
        errors.add(new ValidationException.FieldError(
            "lines[" + i + "].sku", MappingCode.UNMAPPED_SKU.name(), "no QuickBooks Item for SKU " + (l.sku() == null ? "(none) and no QuickBooks item ref" : l.sku())));
        continue;
      }
      BigDecimal qty = l.quantity().signum() == 0 ? BigDecimal.ONE : l.quantity();
      BigDecimal unit = l.amount().amount().divide(qty, 7, RoundingMode.HALF_UP).stripTrailingZeros();
      if (unit.scale() < 0) {
        unit = unit.setScale(0);
      }
      lines.add(itemLine(l.name(), l.amount(), itemId, unit, qty, taxable));
      sum = sum.plus(l.amount());
    }
    if (refund.lines().isEmpty()) {
      if (mapping.refundItem() == null) {
        errors.add(new ValidationException.FieldError(
            "lines", MappingCode.UNMAPPED_REFUND_ITEM.name(), "set AccountingMapping.refundItem for refunds without lines"));
      } else {
        Money net = refund.amount().minus(refund.taxAmount());
        lines.add(itemLine("Refund", net, mapping.refundItem(), net.amount(), BigDecimal.ONE, taxable));
        sum = sum.plus(net);
      }
    }
    throwIfAny(errors, op);
    ObjectNode body = json.createObjectNode();
    body.put("DocNumber", docNumber(refund.ref().id()));
    body.put("TxnDate", txnDate(refund.createdAt(), refund.location()).toString());
    ref(body, "CurrencyRef", currency.getCurrencyCode());
    String original = refund.originalSale() == null ? ""
        : " of " + refund.originalSale()
            + (ids.linkedSalesReceiptId() == null ? "" : " (SalesReceipt " + ids.linkedSalesReceiptId() + ")");
    body.put("PrivateNote", note("posbridge refund " + refund.ref() + original, refund.reason()));
    body.set("Line", lines);
    ObjectNode tax = body.putObject("TxnTaxDetail");
    if (mapping.txnTaxCode() != null && taxable) {
      ref(tax, "TxnTaxCodeRef", mapping.txnTaxCode());
    }
    tax.put("TotalTax", refund.taxAmount().amount());
    if (ids.customerId() != null) {
      ref(body, "CustomerRef", ids.customerId());
    }
    body.put("TotalAmt", sum.plus(refund.taxAmount()).amount());
    payment(body, mainTender(refund.tenders()));
    return body;
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

  private ObjectNode itemLine(
      String description, Money amount, String itemId, BigDecimal unitPrice, BigDecimal qty,
      boolean taxable) {
    ObjectNode line = json.createObjectNode();
    if (!description.isBlank()) {
      line.put("Description", truncate(description, 4000));
    }
    line.put("Amount", amount.amount());
    line.put("DetailType", "SalesItemLineDetail");
    ObjectNode d = line.putObject("SalesItemLineDetail");
    ref(d, "ItemRef", itemId);
    d.put("UnitPrice", unitPrice);
    d.put("Qty", qty);
    String code = taxable ? mapping.taxableTaxCode() : mapping.nonTaxableTaxCode();
    if (code != null) {
      ref(d, "TaxCodeRef", code);
    }
    return line;
  }

  private record Taxes(Money total, boolean inclusive) {}

  private static Taxes taxes(Sale sale, List<ValidationException.FieldError> errors) {
    Currency c = sale.currency();
    Money additive = Money.zero(c);
    Money inclusive = Money.zero(c);
    List<TaxLine> all = new ArrayList<>(sale.taxes());
    sale.lines().forEach(l -> all.addAll(l.taxes()));
    sale.charges().forEach(ch -> all.addAll(ch.taxes()));
    for (TaxLine t : all) {
      if (t.inclusive()) {
        inclusive = inclusive.plus(t.amount());
      } else {
        additive = additive.plus(t.amount());
      }
    }
    if (!inclusive.isZero() && !additive.isZero()) {
      errors.add(new ValidationException.FieldError(
          "taxes", "mixed_tax_modes", "QuickBooks cannot mix tax-inclusive and additive taxes"));
    }
    return inclusive.isZero() ? new Taxes(additive, false) : new Taxes(inclusive, true);
  }

  private static boolean nonZero(List<TaxLine> taxes) {
    return taxes.stream().anyMatch(t -> !t.amount().isZero());
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
