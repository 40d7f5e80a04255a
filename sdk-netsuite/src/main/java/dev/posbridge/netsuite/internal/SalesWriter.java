package dev.posbridge.netsuite.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.Charge;
import dev.posbridge.core.model.Discount;
import dev.posbridge.core.model.ExchangeRate;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.PricedLine;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.UnitPrice;
import dev.posbridge.netsuite.NetSuiteMapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Records sales as {@code cashSale} (or {@code salesOrder} + {@code invoice}) and refunds as
 * {@code cashRefund}.
 *
 * <p>Idempotency follows the vendor documentation: each record gets an external id derived from the source
 * sale or refund ({@code POS-{system}-{id}}); the connector reads {@code eid:} first and returns an
 * existing record untouched, else upserts with {@code PUT /record/v1/{type}/eid:{id}?replace=item},
 * which a retry after a lost answer turns into a harmless update (lines replaced, not appended).
 * The invoice transform is a POST: before each attempt the invoice's external id is checked.
 */
public final class SalesWriter {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final int TRANSFORM_ATTEMPTS = 3;
  /**
   * Sales per group of {@link #recordSales}: one SuiteQL query tells which of them are already
   * booked, so a group costs that query plus one upsert per new sale.
   */
  public static final int GROUP = 100;

  private final Settings s;
  private final Resolver resolver;

  /**
   * Creates the writer.
   *
   * @param settings the shared settings
   * @param resolver the id resolver
   */
  public SalesWriter(Settings settings, Resolver resolver) {
    this.s = settings;
    this.resolver = resolver;
  }

  /**
   * Returns the external id a sale is recorded under.
   *
   * @param sale the source sale ref
   * @param prefix the mapping's prefix
   * @return the external id
   */
  public static String saleExternalId(ExternalRef sale, String prefix) {
    return ExternalIds.of(prefix, sale.system(), sale.id());
  }

  /** The marker before the source ref (with its version) in a booked sale's memo. */
  public static final String SALE_MARK = "[posbridge sale ";
  /** The marker before the source ref in a booked refund's memo. */
  public static final String REFUND_MARK = "[posbridge refund ";
  /** The memo prefix of a voided document. */
  public static final String VOIDED = "VOIDED ";

  /**
   * Records a sale. A cash sale already booked for the same source sale at the same version is
   * returned untouched (a replay); at another version it is updated in place by the same
   * external-id upsert, its lines replaced ({@code ?replace=item}): an amendment. A sale in a
   * void state voids the booked record instead ({@link #voidSale}).
   *
   * @param sale the sale
   * @param options the options (the external id, not the key, makes the write idempotent)
   * @return the record written: the cash sale, or the invoice
   */
  public WriteResult recordSale(Sale sale, RequestOptions options) {
    if (sale.state().isVoid()) {
      return voidSale(sale.ref(), options).orElse(new WriteResult(sale.ref(), false));
    }
    NetSuiteMapping m = s.mapping();
    String eid = saleExternalId(sale.ref(), m.externalIdPrefix());
    boolean cash = m.salesRecordType() == NetSuiteMapping.SalesRecordType.CASH_SALE;
    String type = cash ? "cashSale" : "salesOrder";
    String op = cash ? "CreateCashSale" : "CreateSalesOrder";
    ObjectNode body = saleBody(sale, eid, cash, op);
    Optional<JsonNode> existing = s.api().getByExternalId(op, type, eid);
    String id;
    boolean created;
    if (existing.isPresent() && existing.get().hasNonNull("id")) {
      id = existing.get().get("id").asText();
      created = false;
      ExternalRef booked = sourceRef(existing.get().path("memo").asText(null), SALE_MARK);
      boolean current = booked != null && java.util.Objects.equals(booked.version(), sale.version())
          && !existing.get().path("memo").asText("").startsWith(VOIDED);
      if (!current && cash) {
        s.api().upsert("AmendCashSale", type, eid, body, "item");
      }
    } else {
      id = s.api().upsert(op, type, eid, body, "item");
      created = true;
    }
    if (cash) {
      return new WriteResult(ExternalRef.of(NetSuiteApi.SYSTEM, "cashSale", id), created);
    }
    return invoice(id, eid + "-INV", date(sale.closedAt() != null ? sale.closedAt() : sale.createdAt()));
  }

  /**
   * Voids the cash sale booked for a source sale. NetSuite's REST record API has no void action,
   * so the record is kept for the audit trail with its lines zeroed (quantities and amounts 0,
   * by the same external-id upsert replacing the lines) and its memo starting with
   * {@value #VOIDED}. Voiding a voided record changes nothing.
   *
   * @param sourceSale the source sale's ref
   * @param options the options
   * @return the voided record, or empty if none was booked
   */
  public Optional<WriteResult> voidSale(ExternalRef sourceSale, RequestOptions options) {
    NetSuiteMapping m = s.mapping();
    String eid = saleExternalId(sourceSale, m.externalIdPrefix());
    String op = "VoidCashSale";
    Optional<JsonNode> existing = s.api().getByExternalId(op, "cashSale", eid, true);
    if (existing.isEmpty() || !existing.get().hasNonNull("id")) {
      return Optional.empty();
    }
    JsonNode rec = existing.get();
    ExternalRef ref = ExternalRef.of(NetSuiteApi.SYSTEM, "cashSale", rec.get("id").asText());
    String memo = rec.path("memo").asText("");
    if (memo.startsWith(VOIDED)) {
      return Optional.of(new WriteResult(ref, false));
    }
    ObjectNode body = F.objectNode();
    body.put("memo", truncate(VOIDED + memo, 999));
    ArrayNode lines = F.arrayNode();
    for (JsonNode line : rec.path("item").path("items")) {
      ObjectNode l = lines.addObject();
      l.set("item", line.path("item").deepCopy());
      l.put("quantity", BigDecimal.ZERO);
      l.put("rate", BigDecimal.ZERO);
      l.put("amount", BigDecimal.ZERO);
      l.put("tax1Amt", BigDecimal.ZERO);
      if (line.has("location")) {
        l.set("location", line.get("location").deepCopy());
      }
    }
    body.set("item", F.objectNode().set("items", lines));
    s.api().upsert(op, "cashSale", eid, body, "item");
    return Optional.of(new WriteResult(ref, false));
  }

  /**
   * Reads the source ref stored in a memo after a marker.
   *
   * @param memo the memo, or {@code null}
   * @param marker {@link #SALE_MARK} or {@link #REFUND_MARK}
   * @return the ref with its version, or {@code null}
   */
  public static @Nullable ExternalRef sourceRef(@Nullable String memo, String marker) {
    return ExternalRef.find(memo, marker, ']');
  }

  /**
   * Records several sales. As cash sales: one SuiteQL query on {@code transaction.externalid}
   * finds those already booked (returned untouched, {@code created = false}), one query resolves
   * the group's unknown SKUs, and each new sale is one {@code eid:} upsert — so a group of n new
   * sales costs n + 1 calls (plus the SKU query while the SKU cache is cold) instead of 2n. As
   * sales orders with invoices, one by one as {@link #recordSale}.
   *
   * @param sales the sales
   * @param options the options (the external ids make the writes idempotent)
   * @return one result per sale, in order
   * @throws dev.posbridge.core.PosbridgeException at the first sale that cannot be recorded; the
   *     earlier ones are booked, and a repeat finds them by external id
   */
  public List<WriteResult> recordSales(List<Sale> sales, RequestOptions options) {
    NetSuiteMapping m = s.mapping();
    List<WriteResult> out = new ArrayList<>(sales.size());
    if (m.salesRecordType() != NetSuiteMapping.SalesRecordType.CASH_SALE) {
      for (int i = 0; i < sales.size(); i++) {
        out.add(recordSale(sales.get(i), options.derive(String.valueOf(i))));
      }
      return out;
    }
    String op = "CreateCashSale";
    for (int start = 0; start < sales.size(); start += GROUP) {
      List<Sale> group = sales.subList(start, Math.min(sales.size(), start + GROUP));
      Set<String> eids = new LinkedHashSet<>();
      Set<String> skus = new LinkedHashSet<>();
      for (Sale sale : group) {
        eids.add(saleExternalId(sale.ref(), m.externalIdPrefix()));
        for (SaleLine l : sale.lines()) {
          if (l.sku() != null && (l.item() == null || !l.item().system().equals(NetSuiteApi.SYSTEM))) {
            skus.add(l.sku());
          }
        }
      }
      Map<String, Map<String, String>> found = s.api().transactionsByExternalId(op, "CashSale", eids);
      Map<String, String> booked = new HashMap<>();
      found.forEach((eid, row) -> booked.put(eid, row.get("id")));
      resolver.preload(op, skus);
      for (int i = 0; i < group.size(); i++) {
        Sale sale = group.get(i);
        String eid = saleExternalId(sale.ref(), m.externalIdPrefix());
        String id = booked.get(eid);
        if (id != null && !sale.state().isVoid() && bookedAsIs(found.get(eid), sale)) {
          saleBody(sale, eid, true, op); // validates even when already booked
          out.add(new WriteResult(ExternalRef.of(NetSuiteApi.SYSTEM, "cashSale", id), false));
          continue;
        }
        if (id != null || sale.state().isVoid()) {
          // An earlier version is booked, or a void: the one-by-one path reads the record and
          // amends or voids it.
          out.add(recordSale(sale, options.derive(String.valueOf(start + i))));
          continue;
        }
        ObjectNode body = saleBody(sale, eid, true, op);
        id = s.api().upsert(op, "cashSale", eid, body, "item");
        booked.put(eid, id); // the same sale twice in one group is booked once
        out.add(new WriteResult(ExternalRef.of(NetSuiteApi.SYSTEM, "cashSale", id), true));
      }
    }
    return out;
  }

  /** Whether a booked cash sale (its SuiteQL row, or null) holds this version of the sale, not voided. */
  private static boolean bookedAsIs(@Nullable Map<String, String> row, Sale sale) {
    String memo = row == null ? null : row.get("memo");
    if (memo == null) {
      return false; // memo not returned: read the record to be sure
    }
    ExternalRef booked = sourceRef(memo, SALE_MARK);
    return booked != null && java.util.Objects.equals(booked.version(), sale.version()) && !memo.startsWith(VOIDED);
  }

  private WriteResult invoice(String salesOrderId, String eid, String tranDate) {
    String op = "TransformSalesOrderToInvoice";
    VendorUnavailableException last = null;
    for (int attempt = 0; attempt < TRANSFORM_ATTEMPTS; attempt++) {
      Optional<JsonNode> existing = s.api().getByExternalId(op, "invoice", eid);
      if (existing.isPresent() && existing.get().hasNonNull("id")) {
        return new WriteResult(ExternalRef.of(NetSuiteApi.SYSTEM, "invoice",
            existing.get().get("id").asText()), attempt > 0);
      }
      ObjectNode body = F.objectNode();
      body.put("externalId", eid);
      body.put("tranDate", tranDate);
      try {
        String id = s.api().post(op, "salesOrder/" + salesOrderId + "/!transform/invoice", body);
        return new WriteResult(ExternalRef.of(NetSuiteApi.SYSTEM, "invoice", id), true);
      } catch (VendorUnavailableException e) {
        // Ambiguous: it may have been applied. Check by external id before trying again.
        last = e;
      }
    }
    throw last;
  }

  ObjectNode saleBody(Sale sale, String eid, boolean cash, String op) {
    NetSuiteMapping m = s.mapping();
    ObjectNode body = F.objectNode();
    body.put("externalId", eid);
    body.set("entity", ref(resolver.customer(op, sale.customer())));
    body.put("tranDate", date(sale.closedAt() != null ? sale.closedAt() : sale.createdAt()));
    if (sale.number() != null) {
      body.put("tranId", truncate(sale.number(), 45));
    }
    String location = resolver.location(op, "location", sale.location(), true);
    header(body, location);
    StringBuilder memo = new StringBuilder("POS sale");
    if (sale.number() != null) {
      memo.append(' ').append(sale.number());
    }
    memo.append(' ').append(SALE_MARK).append(sale.ref().withVersion(sale.version())).append(']');
    if (sale.note() != null) {
      memo.append(": ").append(sale.note());
    }
    body.put("memo", truncate(memo.toString(), 999));
    if (cash) {
      if (m.salesAccount() != null) {
        body.set("account", ref(m.salesAccount()));
      }
      paymentMethod(body, sale.tenders().isEmpty() ? null : sale.tenders().get(0));
    }
    Doc doc = new Doc(op, sale.currency(), location);
    doc.parts(sale.lines(), sale.discounts(), sale.charges());
    Money tips = Money.zero(sale.currency());
    for (Tender t : sale.tenders()) {
      tips = tips.plus(t.tip());
    }
    if (!tips.isZero()) {
      doc.charge("Tips", tips, List.of());
    }
    doc.docTaxes(sale.taxes());
    doc.finish(body, sale.totals().total(), "totals.total", sale.exchangeRate());
    return body;
  }

  /** The lines of one document being built, and what NetSuite will total them to. */
  private final class Doc {
    final String op;
    final Currency currency;
    final @Nullable String location;
    final ArrayNode lines = F.arrayNode();
    Money sum;
    Money tax;
    Money discount;
    @Nullable ObjectNode firstTaxable;

    Doc(String op, Currency currency, @Nullable String location) {
      this.op = op;
      this.currency = currency;
      this.location = location;
      this.sum = Money.zero(currency);
      this.tax = Money.zero(currency);
      this.discount = Money.zero(currency);
    }

    /** Adds a sale's or refund's lines, discounts and charges. */
    void parts(List<? extends PricedLine> docLines, List<Discount> discounts, List<Charge> charges) {
      for (int i = 0; i < docLines.size(); i++) {
        PricedLine l = docLines.get(i);
        item(resolver.item(op, "lines[" + i + "].sku", l.sku(), l.item()), l.name(), l.quantity(),
            l.unitPrice(), l.gross(), l.taxable(), l.taxes());
        discount = discount.plus(l.discountTotal());
      }
      for (Discount d : discounts) {
        discount = discount.plus(d.amount());
      }
      for (Charge c : charges) {
        charge(c.name(), c.amount(), c.taxes());
      }
    }

    void item(String itemId, String name, BigDecimal qty, UnitPrice unit, Money gross, boolean taxable,
        List<TaxLine> taxes) {
      NetSuiteMapping m = s.mapping();
      ObjectNode line = lines.addObject();
      line.set("item", ref(itemId));
      line.put("quantity", qty);
      line.put("rate", unit.amount());
      line.put("amount", gross.amount());
      if (!name.isBlank()) {
        line.put("description", truncate(name, 999));
      }
      String code = taxable ? m.taxCode() : (m.nonTaxableTaxCode() != null ? m.nonTaxableTaxCode() : m.taxCode());
      if (code != null) {
        line.set("taxCode", ref(code));
      }
      Money lineTax = additive(taxes);
      if (!lineTax.isZero()) {
        line.put("tax1Amt", lineTax.amount());
      }
      if (taxable && firstTaxable == null) {
        firstTaxable = line;
      }
      line.set("location", ref(location));
      sum = sum.plus(gross);
      tax = tax.plus(lineTax);
    }

    void charge(String name, Money amount, List<TaxLine> taxes) {
      NetSuiteMapping m = s.mapping();
      if (m.chargeItem() == null) {
        throw Resolver.invalid(op, "charges", "UNMAPPED_CHARGE",
            "the document has charges, tips or rounding but the mapping has no chargeItem");
      }
      ObjectNode line = lines.addObject();
      line.set("item", ref(m.chargeItem()));
      line.put("amount", amount.amount());
      line.put("description", name.isBlank() ? "Charge" : truncate(name, 999));
      Money chargeTax = additive(taxes);
      if (!chargeTax.isZero()) {
        line.put("tax1Amt", chargeTax.amount());
      }
      line.set("location", ref(location));
      sum = sum.plus(amount);
      tax = tax.plus(chargeTax);
    }

    /** Document-level additive taxes (including a tax rounding line) go on the first taxable line. */
    void docTaxes(List<TaxLine> taxes) {
      Money extra = additive(taxes);
      if (extra.isZero()) {
        return;
      }
      ObjectNode target = firstTaxable != null ? firstTaxable : lines.isEmpty() ? null : (ObjectNode) lines.get(0);
      if (target == null) {
        throw Resolver.invalid(op, "taxes", "NO_TAXABLE_LINE", "document-level tax without a line to carry it");
      }
      BigDecimal before = target.path("tax1Amt").isNumber() ? target.get("tax1Amt").decimalValue() : BigDecimal.ZERO;
      target.put("tax1Amt", before.add(extra.amount()));
      tax = tax.plus(extra);
    }

    private Money additive(List<TaxLine> taxes) {
      Money t = Money.zero(currency);
      for (TaxLine x : taxes) {
        if (!x.inclusive()) {
          t = t.plus(x.amount());
        }
      }
      return t;
    }

    void finish(ObjectNode body, Money total, String field, @Nullable ExchangeRate rate) {
      NetSuiteMapping m = s.mapping();
      if (!discount.isZero()) {
        if (m.discountItem() == null) {
          throw Resolver.invalid(op, "discounts", "UNMAPPED_DISCOUNT",
              "the document has a discount but the mapping has no discountItem");
        }
        ObjectNode line = lines.addObject();
        line.set("item", ref(m.discountItem()));
        line.put("amount", discount.negate().amount());
        line.put("description", "Discounts");
        sum = sum.minus(discount);
      }
      Money computed = sum.plus(tax);
      if (computed.compareTo(total) != 0) {
        throw Resolver.invalid(op, field, "unbalanced_totals",
            "the parts add up to " + computed + " but the total is " + total + "; NetSuite would book " + computed);
      }
      String code = currency.getCurrencyCode();
      String currencyId = m.currencyId(code);
      if (!currency.equals(m.homeCurrency())) {
        if (currencyId == null) {
          throw Resolver.invalid(op, "currency", dev.posbridge.core.MappingCode.UNMAPPED_CURRENCY.name(),
              "no NetSuite currency record is mapped for " + code);
        }
        if (rate == null) {
          throw Resolver.invalid(op, "exchangeRate", "missing_exchange_rate", "a " + code + " document in a "
              + m.homeCurrency().getCurrencyCode() + " subsidiary needs an exchange rate");
        }
        if (!rate.to().equals(m.homeCurrency())) {
          throw Resolver.invalid(op, "exchangeRate", "wrong_home_currency",
              "the rate is to " + rate.to().getCurrencyCode() + ", the base currency is "
                  + m.homeCurrency().getCurrencyCode());
        }
      }
      if (currencyId != null) {
        body.set("currency", ref(currencyId));
      }
      if (rate != null && !currency.equals(m.homeCurrency())) {
        body.put("exchangeRate", rate.rate());
      }
      body.set("item", F.objectNode().set("items", lines));
    }
  }

  /**
   * Records a refund as a cash refund, linked to the cash sale of the original sale when that was
   * recorded by this connector.
   *
   * @param refund the refund
   * @param options the options
   * @return the cash refund
   */
  public WriteResult recordRefund(Refund refund, RequestOptions options) {
    NetSuiteMapping m = s.mapping();
    String op = "CreateCashRefund";
    String eid = ExternalIds.of(m.externalIdPrefix(), "R", refund.ref().system(), refund.ref().id());
    Optional<JsonNode> existing = s.api().getByExternalId(op, "cashRefund", eid);
    if (existing.isPresent() && existing.get().hasNonNull("id")) {
      return new WriteResult(ExternalRef.of(NetSuiteApi.SYSTEM, "cashRefund",
          existing.get().get("id").asText()), false);
    }
    ObjectNode body = F.objectNode();
    body.put("externalId", eid);
    String createdFrom = null;
    ExternalRef original = refund.originalSale();
    if (original != null) {
      if (original.system().equals(NetSuiteApi.SYSTEM)) {
        createdFrom = original.id();
      } else {
        createdFrom = s.api().getByExternalId(op, "cashSale", saleExternalId(original, m.externalIdPrefix()))
            .map(n -> n.path("id").asText(null)).orElse(null);
      }
    }
    if (createdFrom != null) {
      body.set("createdFrom", ref(createdFrom));
    }
    body.set("entity", ref(resolver.customer(op, refund.customer())));
    body.put("tranDate", date(refund.createdAt()));
    if (refund.number() != null) {
      body.put("tranId", truncate(refund.number(), 45));
    }
    String location = resolver.location(op, "location", refund.location(), true);
    header(body, location);
    if (m.refundAccount() != null) {
      body.set("account", ref(m.refundAccount()));
    }
    paymentMethod(body, refund.tenders().isEmpty() ? null : refund.tenders().get(0));
    body.put("memo", truncate("POS refund " + REFUND_MARK + refund.ref()
        + (refund.originalSale() != null ? " of " + refund.originalSale() : "") + "]"
        + (refund.reason() != null ? ": " + refund.reason() : ""), 999));
    Doc doc = new Doc(op, refund.currency(), location);
    doc.parts(refund.lines(), refund.discounts(), refund.charges());
    if (refund.amountOnly() && refund.taxes().isEmpty() && refund.discounts().isEmpty()) {
      Money net = refund.amount().minus(refund.taxAmount());
      doc.charge(refund.reason() != null ? refund.reason() : "Refund", net,
          refund.taxAmount().isZero() ? List.of() : List.of(TaxLine.additive("Tax", null, refund.taxAmount())));
    } else {
      doc.docTaxes(refund.taxes());
    }
    doc.finish(body, refund.amount(), "amount", refund.exchangeRate());
    String id = s.api().upsert(op, "cashRefund", eid, body, "item");
    return new WriteResult(ExternalRef.of(NetSuiteApi.SYSTEM, "cashRefund", id), true);
  }

  private void header(ObjectNode body, @Nullable String location) {
    NetSuiteMapping m = s.mapping();
    if (m.subsidiary() != null) {
      body.set("subsidiary", ref(m.subsidiary()));
    }
    if (m.department() != null) {
      body.set("department", ref(m.department()));
    }
    if (m.classification() != null) {
      body.set("class", ref(m.classification()));
    }
    if (location != null) {
      body.set("location", ref(location));
    }
  }

  private void paymentMethod(ObjectNode body, @Nullable Tender tender) {
    if (tender == null) {
      return;
    }
    String pm = s.mapping().paymentMethods().get(tender.type());
    if (pm != null) {
      body.set("paymentMethod", ref(pm));
    }
  }

  private static String truncate(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }

  private String date(Instant instant) {
    return LocalDate.ofInstant(instant, s.zone()).toString();
  }

  /**
   * Builds a reference {@code {"id":".."}}.
   *
   * @param id the internal id
   * @return the reference
   */
  public static ObjectNode ref(@Nullable String id) {
    return F.objectNode().put("id", id);
  }
}
