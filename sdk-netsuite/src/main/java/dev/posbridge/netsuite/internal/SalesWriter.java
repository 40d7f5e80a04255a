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
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.RefundLine;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.netsuite.NetSuiteMapping;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * <p>Idempotency follows the fact sheet: each record gets an external id derived from the source
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

  /**
   * Records a sale.
   *
   * @param sale the sale
   * @param options the options (the external id, not the key, makes the write idempotent)
   * @return the record written: the cash sale, or the invoice
   */
  public WriteResult recordSale(Sale sale, RequestOptions options) {
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
      Map<String, String> booked = s.api().transactionIdsByExternalId(op, "CashSale", eids);
      resolver.preload(op, skus);
      for (Sale sale : group) {
        String eid = saleExternalId(sale.ref(), m.externalIdPrefix());
        ObjectNode body = saleBody(sale, eid, true, op); // validates even when already booked
        String id = booked.get(eid);
        boolean created = id == null;
        if (created) {
          id = s.api().upsert(op, "cashSale", eid, body, "item");
          booked.put(eid, id); // the same sale twice in one group is booked once
        }
        out.add(new WriteResult(ExternalRef.of(NetSuiteApi.SYSTEM, "cashSale", id), created));
      }
    }
    return out;
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
    String location = resolver.location(op, "location", sale.location(), true);
    header(body, location);
    StringBuilder memo = new StringBuilder("POS sale");
    if (sale.number() != null) {
      memo.append(' ').append(sale.number());
    }
    if (sale.note() != null) {
      memo.append(": ").append(sale.note());
    }
    body.put("memo", memo.length() > 999 ? memo.substring(0, 999) : memo.toString());
    if (cash) {
      if (m.salesAccount() != null) {
        body.set("account", ref(m.salesAccount()));
      }
      paymentMethod(body, sale.tenders().isEmpty() ? null : sale.tenders().get(0));
    }
    ArrayNode lines = F.arrayNode();
    for (int i = 0; i < sale.lines().size(); i++) {
      SaleLine l = sale.lines().get(i);
      ObjectNode line = lines.addObject();
      line.set("item", ref(resolver.item(op, "lines[" + i + "].sku", l.sku(), l.item())));
      line.put("quantity", l.quantity());
      line.put("rate", l.unitPrice().amount());
      line.put("amount", l.gross().minus(l.discountTotal()).amount());
      if (!l.name().isBlank()) {
        line.put("description", l.name());
      }
      if (m.taxCode() != null) {
        line.set("taxCode", ref(m.taxCode()));
      }
      line.set("location", ref(location));
    }
    Money orderDiscount = Money.zero(sale.currency());
    for (Discount d : sale.discounts()) {
      orderDiscount = orderDiscount.plus(d.amount());
    }
    if (!orderDiscount.isZero()) {
      if (m.discountItem() == null) {
        throw Resolver.invalid(op, "discounts", "UNMAPPED_DISCOUNT",
            "the sale has an order-level discount but the mapping has no discountItem");
      }
      ObjectNode line = lines.addObject();
      line.set("item", ref(m.discountItem()));
      line.put("amount", orderDiscount.negate().amount());
      line.put("description", "Order discount");
    }
    Money extra = Money.zero(sale.currency());
    for (Charge c : sale.charges()) {
      extra = extra.plus(c.amount());
    }
    for (Tender t : sale.tenders()) {
      extra = extra.plus(t.tip());
    }
    if (!extra.isZero()) {
      if (m.chargeItem() == null) {
        throw Resolver.invalid(op, "charges", "UNMAPPED_CHARGE",
            "the sale has charges or tips but the mapping has no chargeItem");
      }
      ObjectNode line = lines.addObject();
      line.set("item", ref(m.chargeItem()));
      line.put("amount", extra.amount());
      line.put("description", "Charges and tips");
      line.set("location", ref(location));
    }
    body.set("item", F.objectNode().set("items", lines));
    return body;
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
    body.set("entity", ref(resolver.customer(op, null)));
    body.put("tranDate", date(refund.createdAt()));
    String location = resolver.location(op, "location", refund.location(), true);
    header(body, location);
    if (m.refundAccount() != null) {
      body.set("account", ref(m.refundAccount()));
    }
    paymentMethod(body, refund.tenders().isEmpty() ? null : refund.tenders().get(0));
    body.put("memo", "POS refund" + (refund.reason() != null ? ": " + refund.reason() : ""));
    ArrayNode lines = F.arrayNode();
    for (int i = 0; i < refund.lines().size(); i++) {
      RefundLine l = refund.lines().get(i);
      ObjectNode line = lines.addObject();
      line.set("item", ref(resolver.item(op, "lines[" + i + "].sku", l.sku(), l.item())));
      line.put("quantity", l.quantity());
      if (l.quantity().signum() > 0) {
        line.put("rate", l.amount().amount().divide(l.quantity(), java.math.MathContext.DECIMAL64));
      }
      line.put("amount", l.amount().amount());
      if (!l.name().isBlank()) {
        line.put("description", l.name());
      }
      if (m.taxCode() != null) {
        line.set("taxCode", ref(m.taxCode()));
      }
      line.set("location", ref(location));
    }
    body.set("item", F.objectNode().set("items", lines));
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
