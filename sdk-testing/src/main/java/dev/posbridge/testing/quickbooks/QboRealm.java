package dev.posbridge.testing.quickbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.testing.internal.ResourceTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One simulated QBO company: entities by name and id, deletion tombstones for CDC, and the
 * business rules of docs/vendors/quickbooks.md. Not thread-safe: the simulator locks it per request.
 */
final class QboRealm {

  static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
  static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  static final Set<String> ENTITIES = Set.of(
      "Item", "Customer", "SalesReceipt", "RefundReceipt", "Payment", "InventoryAdjustment",
      "Account", "PaymentMethod", "TaxCode");
  private static final Set<String> TRANSACTIONS = Set.of(
      "SalesReceipt", "RefundReceipt", "Payment", "InventoryAdjustment");

  final String realmId;
  private final ObjectMapper json;
  private final Supplier<Instant> clock;
  /** The entities by name and id, their ids and the deletion tombstones CDC reads. */
  final ResourceTable<ObjectNode> store = ResourceTable.inInsertionOrder(ENTITIES);

  QboRealm(String realmId, ObjectMapper json, Supplier<Instant> clock) {
    this.realmId = realmId;
    this.json = json;
    this.clock = clock;
  }

  /** Seeds the accounts, payment methods and tax code every test company has. */
  void seedDefaults() {
    for (String[] a : new String[][] {
        {"Undeposited Funds", "Other Current Asset"}, {"Checking", "Bank"},
        {"Sales of Product Income", "Income"}, {"Cost of Goods Sold", "Cost of Goods Sold"},
        {"Inventory Asset", "Other Current Asset"}, {"Discounts given", "Income"},
        {"Inventory Shrinkage", "Cost of Goods Sold"}}) {
      ObjectNode n = json.createObjectNode();
      n.put("Name", a[0]);
      n.put("AccountType", a[1]);
      n.put("Active", true);
      insert("Account", n);
    }
    for (String p : List.of("Cash", "Check", "Visa", "MasterCard")) {
      ObjectNode n = json.createObjectNode();
      n.put("Name", p);
      n.put("Active", true);
      insert("PaymentMethod", n);
    }
    ObjectNode tax = json.createObjectNode();
    tax.put("Name", "California");
    tax.put("Active", true);
    tax.put("Taxable", true);
    insert("TaxCode", tax);
  }

  // ------------------------------------------------------------- reads

  @Nullable ObjectNode get(String entity, String id) {
    return store.stores(entity) ? store.get(entity, id) : null;
  }

  List<ObjectNode> all(String entity) {
    return store.stores(entity) ? store.list(entity) : List.of();
  }

  @Nullable String idByName(String entity, String name) {
    for (ObjectNode n : all(entity)) {
      if (name.equals(n.path("Name").asText())) {
        return n.path("Id").asText();
      }
    }
    return null;
  }

  // ------------------------------------------------------------- writes

  /** Stores a new entity with Id, SyncToken 0 and MetaData; no validation (seeding). */
  ObjectNode insert(String entity, ObjectNode body) {
    String id = store.nextId();
    ObjectNode n = json.createObjectNode();
    n.setAll(body);
    n.put("domain", "QBO");
    n.put("sparse", false);
    n.put("Id", id);
    n.put("SyncToken", "0");
    ObjectNode meta = n.putObject("MetaData");
    String now = timestamp();
    meta.put("CreateTime", now);
    meta.put("LastUpdatedTime", now);
    store.put(entity, id, n);
    return n;
  }

  /** Creates an entity through the API: validates, applies side effects. */
  ObjectNode create(String entity, ObjectNode body) {
    if (body.has("Id")) {
      return update(entity, body);
    }
    switch (entity) {
      case "Item" -> validateItem(body, null);
      case "Customer" -> validateCustomer(body, null);
      case "SalesReceipt", "RefundReceipt" -> prepareSalesTxn(entity, body);
      case "InventoryAdjustment" -> prepareAdjustment(body);
      case "Payment" -> requireRef(body, "CustomerRef", "Customer");
      default -> throw QboFaults.validation("6000", "Operation not supported",
          entity + " cannot be created through the simulator");
    }
    if (entity.equals("Item") && !body.has("Active")) {
      body.put("Active", true);
    }
    if (entity.equals("Item") || entity.equals("Customer")) {
      body.put("FullyQualifiedName", body.path(entity.equals("Item") ? "Name" : "DisplayName").asText());
    }
    if (entity.equals("Customer") && !body.has("Active")) {
      body.put("Active", true);
    }
    ObjectNode stored = insert(entity, body);
    applyStock(entity, stored, BigDecimal.ONE);
    return stored;
  }

  /** Full or sparse update with a SyncToken check. */
  ObjectNode update(String entity, ObjectNode body) {
    ObjectNode current = existing(entity, body);
    checkSyncToken(current, body);
    boolean sparse = body.path("sparse").asBoolean(false);
    ObjectNode next = json.createObjectNode();
    if (sparse) {
      next.setAll(current);
    } else {
      for (String keep : List.of("Id", "domain", "MetaData")) {
        next.set(keep, current.get(keep));
      }
    }
    body.properties().forEach(e -> {
      if (!e.getKey().equals("SyncToken") && !e.getKey().equals("sparse")) {
        next.set(e.getKey(), e.getValue());
      }
    });
    switch (entity) {
      case "Item" -> validateItem(next, current.path("Id").asText());
      case "Customer" -> validateCustomer(next, current.path("Id").asText());
      case "SalesReceipt", "RefundReceipt" -> prepareSalesTxn(entity, next);
      default -> { }
    }
    if (entity.equals("Item") || entity.equals("Customer")) {
      next.put("FullyQualifiedName", next.path(entity.equals("Item") ? "Name" : "DisplayName").asText());
    }
    next.put("sparse", false);
    next.put("SyncToken", Long.toString(Long.parseLong(current.path("SyncToken").asText("0")) + 1));
    touch(next);
    store.put(entity, next.path("Id").asText(), next);
    if (entity.equals("SalesReceipt") || entity.equals("RefundReceipt")) {
      applyStock(entity, current, BigDecimal.ONE.negate());
      applyStock(entity, next, BigDecimal.ONE);
    }
    return next;
  }

  ObjectNode delete(String entity, ObjectNode body) {
    ObjectNode current = existing(entity, body);
    checkSyncToken(current, body);
    applyStock(entity, current, BigDecimal.ONE.negate());
    store.delete(entity, current.path("Id").asText(), now());
    ObjectNode stub = json.createObjectNode();
    stub.put("domain", "QBO");
    stub.put("status", "Deleted");
    stub.put("Id", current.path("Id").asText());
    return stub;
  }

  ObjectNode voidTxn(String entity, ObjectNode body) {
    ObjectNode current = existing(entity, body);
    checkSyncToken(current, body);
    applyStock(entity, current, BigDecimal.ONE.negate());
    ObjectNode next = current.deepCopy();
    for (JsonNode line : next.path("Line")) {
      ((ObjectNode) line).put("Amount", BigDecimal.ZERO);
      JsonNode d = line.get("SalesItemLineDetail");
      if (d instanceof ObjectNode od) {
        od.put("Qty", BigDecimal.ZERO);
        od.put("UnitPrice", BigDecimal.ZERO);
      }
    }
    next.put("TotalAmt", BigDecimal.ZERO);
    next.put("Balance", BigDecimal.ZERO);
    String note = current.path("PrivateNote").asText("");
    next.put("PrivateNote", note.isEmpty() ? "Voided" : "Voided - " + note);
    if (next.path("TxnTaxDetail") instanceof ObjectNode tax) {
      tax.put("TotalTax", BigDecimal.ZERO);
      tax.remove("TaxLine");
    }
    next.put("HomeTotalAmt", BigDecimal.ZERO);
    next.put("SyncToken", Long.toString(Long.parseLong(current.path("SyncToken").asText("0")) + 1));
    touch(next);
    store.put(entity, next.path("Id").asText(), next);
    return next;
  }

  private ObjectNode existing(String entity, ObjectNode body) {
    String id = body.path("Id").asText("");
    ObjectNode current = get(entity, id);
    if (current == null) {
      throw QboFaults.validation("610", "Object Not Found",
          "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.");
    }
    return current;
  }

  private static void checkSyncToken(ObjectNode current, ObjectNode body) {
    String sent = body.path("SyncToken").asText(null);
    if (sent == null) {
      throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
          "Required parameter SyncToken is missing in the request");
    }
    if (!sent.equals(current.path("SyncToken").asText())) {
      throw QboFaults.validation("5010", "Stale Object Error",
          "Stale Object Error : You and posbridge were working on this at the same time. posbridge finished before you did, so your work was not saved.");
    }
  }

  private void validateItem(ObjectNode item, @Nullable String selfId) {
    String name = item.path("Name").asText("");
    if (name.isBlank()) {
      throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
          "Required parameter Name is missing in the request");
    }
    for (ObjectNode other : all("Item")) {
      if (!other.path("Id").asText().equals(selfId) && other.path("Name").asText().equalsIgnoreCase(name)) {
        throw QboFaults.validation("6240", "Duplicate Name Exists Error",
            "The name supplied already exists. : Another product or service is already using this name. Please use a different name.");
      }
    }
    if ("Inventory".equals(item.path("Type").asText())) {
      if (!item.path("InvStartDate").isTextual()) {
        throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
            "As of date for initial quantity on hand is required.");
      }
      for (String ref : List.of("IncomeAccountRef", "ExpenseAccountRef", "AssetAccountRef")) {
        requireRef(item, ref, "Account");
      }
      if (!item.has("QtyOnHand")) {
        item.put("QtyOnHand", BigDecimal.ZERO);
      }
      item.put("TrackQtyOnHand", true);
    }
  }

  private void validateCustomer(ObjectNode c, @Nullable String selfId) {
    String name = c.path("DisplayName").asText("");
    if (name.isBlank()) {
      name = (c.path("GivenName").asText("") + " " + c.path("FamilyName").asText("")).trim();
      if (name.isBlank()) {
        name = c.path("CompanyName").asText("");
      }
      if (name.isBlank()) {
        throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
            "Required parameter DisplayName is missing in the request");
      }
      c.put("DisplayName", name);
    }
    for (ObjectNode other : all("Customer")) {
      if (!other.path("Id").asText().equals(selfId) && other.path("DisplayName").asText().equalsIgnoreCase(name)) {
        throw QboFaults.validation("6240", "Duplicate Name Exists Error",
            "The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.");
      }
    }
    if (!c.has("Balance")) {
      c.put("Balance", BigDecimal.ZERO);
    }
  }

  /** Validates references and amounts of a SalesReceipt or RefundReceipt and computes totals. */
  private void prepareSalesTxn(String entity, ObjectNode txn) {
    JsonNode lines = txn.get("Line");
    if (lines == null || !lines.isArray() || lines.isEmpty()) {
      throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
          "Required parameter Line is missing in the request");
    }
    String doc = txn.path("DocNumber").asText("");
    if (doc.length() > 21) {
      throw QboFaults.validation("6000", "A business validation error has occurred while processing your request",
          "Business Validation Error: DocNumber is longer than 21 characters.");
    }
    if (entity.equals("RefundReceipt") && !txn.has("DepositToAccountRef")) {
      throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
          "Required parameter DepositToAccountRef is missing in the request");
    }
    optionalRef(txn, "CustomerRef", "Customer");
    optionalRef(txn, "PaymentMethodRef", "PaymentMethod");
    optionalRef(txn, "DepositToAccountRef", "Account");
    optionalRef(txn.path("TxnTaxDetail"), "TxnTaxCodeRef", "TaxCode");
    ArrayNode out = json.createArrayNode();
    BigDecimal items = BigDecimal.ZERO;
    BigDecimal discount = BigDecimal.ZERO;
    int lineNum = 1;
    long lineId = 1;
    for (JsonNode line : lines) {
      String type = line.path("DetailType").asText("");
      if (type.equals("SubTotalLineDetail")) {
        continue;
      }
      ObjectNode l = ((ObjectNode) line).deepCopy();
      BigDecimal amount = decimal(l, "Amount");
      if (type.equals("SalesItemLineDetail")) {
        JsonNode d = l.path("SalesItemLineDetail");
        requireRef(d, "ItemRef", "Item");
        JsonNode tax = d.path("TaxCodeRef").path("value");
        if (tax.isTextual() && !tax.asText().equals("TAX") && !tax.asText().equals("NON")
            && get("TaxCode", tax.asText()) == null) {
          throw invalidRef("TaxCodeRef", tax.asText());
        }
        if (d.has("Qty") && d.has("UnitPrice")) {
          BigDecimal expected = decimal(d, "Qty").multiply(decimal(d, "UnitPrice"))
              .setScale(2, RoundingMode.HALF_UP);
          if (expected.compareTo(amount) != 0) {
            throw QboFaults.validation("6000", "A business validation error has occurred while processing your request",
                "Business Validation Error: Amount is not equal to UnitPrice * Qty. Supplied value:" + amount.toPlainString());
          }
        }
        items = items.add(amount);
      } else if (type.equals("DiscountLineDetail")) {
        optionalRef(l.path("DiscountLineDetail"), "DiscountAccountRef", "Account");
        discount = discount.add(amount);
      } else if (type.equals("DescriptionOnly")) {
        // no amount effect
      } else {
        throw QboFaults.validation("2170", "Invalid Enumeration", "Invalid DetailType " + type);
      }
      l.put("Id", Long.toString(lineId++));
      l.put("LineNum", lineNum++);
      out.add(l);
    }
    ObjectNode subtotal = json.createObjectNode();
    subtotal.put("Amount", items);
    subtotal.put("DetailType", "SubTotalLineDetail");
    subtotal.putObject("SubTotalLineDetail");
    out.add(subtotal);
    txn.set("Line", out);
    BigDecimal tax = txn.path("TxnTaxDetail").has("TotalTax")
        ? decimal(txn.path("TxnTaxDetail"), "TotalTax") : BigDecimal.ZERO;
    if (!txn.has("TxnTaxDetail")) {
      txn.putObject("TxnTaxDetail").put("TotalTax", BigDecimal.ZERO);
    }
    boolean inclusive = "TaxInclusive".equals(txn.path("GlobalTaxCalculation").asText());
    BigDecimal total = items.subtract(discount).add(inclusive ? BigDecimal.ZERO : tax);
    txn.put("TotalAmt", total);
    if (txn.has("ExchangeRate")) {
      BigDecimal rate = decimal(txn, "ExchangeRate");
      txn.put("HomeTotalAmt", total.multiply(rate).setScale(2, RoundingMode.HALF_UP));
    } else {
      txn.remove("HomeTotalAmt");
    }
    if (entity.equals("SalesReceipt")) {
      txn.put("Balance", BigDecimal.ZERO);
    } else {
      txn.put("Balance", BigDecimal.ZERO);
      txn.put("RemainingCredit", BigDecimal.ZERO);
    }
    if (!txn.has("TxnDate")) {
      txn.put("TxnDate", LocalDate.ofInstant(now(), PACIFIC).toString());
    }
    if (!txn.has("CurrencyRef")) {
      txn.putObject("CurrencyRef").put("value", "USD").put("name", "United States Dollar");
    }
  }

  private void prepareAdjustment(ObjectNode adj) {
    requireRef(adj, "AdjustAccountRef", "Account");
    JsonNode lines = adj.get("Line");
    if (lines == null || !lines.isArray() || lines.isEmpty()) {
      throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
          "Required parameter Line is missing in the request");
    }
    long lineId = 1;
    for (JsonNode line : lines) {
      JsonNode d = line.path("ItemAdjustmentLineDetail");
      String itemId = requireRef(d, "ItemRef", "Item");
      ObjectNode item = Objects.requireNonNull(get("Item", itemId), "requireRef checked that it exists");
      if (!"Inventory".equals(item.path("Type").asText())) {
        throw QboFaults.validation("6000", "A business validation error has occurred while processing your request",
            "Business Validation Error: Item " + itemId + " does not track quantity on hand.");
      }
      if (!d.has("QtyDiff")) {
        throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
            "Required parameter QtyDiff is missing in the request");
      }
      ((ObjectNode) line).put("Id", Long.toString(lineId++));
    }
    if (!adj.has("TxnDate")) {
      adj.put("TxnDate", LocalDate.ofInstant(now(), PACIFIC).toString());
    }
  }

  /** Moves QtyOnHand: a sale lowers it, a refund raises it, an adjustment adds QtyDiff. */
  private void applyStock(String entity, ObjectNode txn, BigDecimal sign) {
    if (!TRANSACTIONS.contains(entity)) {
      return;
    }
    for (JsonNode line : txn.path("Line")) {
      String itemId;
      BigDecimal delta;
      if (entity.equals("InventoryAdjustment")) {
        JsonNode d = line.path("ItemAdjustmentLineDetail");
        itemId = d.path("ItemRef").path("value").asText(null);
        delta = d.has("QtyDiff") ? decimal(d, "QtyDiff") : BigDecimal.ZERO;
      } else {
        JsonNode d = line.path("SalesItemLineDetail");
        itemId = d.path("ItemRef").path("value").asText(null);
        BigDecimal qty = d.has("Qty") ? decimal(d, "Qty") : BigDecimal.ZERO;
        delta = entity.equals("SalesReceipt") ? qty.negate() : entity.equals("RefundReceipt") ? qty : BigDecimal.ZERO;
      }
      ObjectNode item = itemId == null ? null : get("Item", itemId);
      if (item == null || !"Inventory".equals(item.path("Type").asText()) || delta.signum() == 0) {
        continue;
      }
      BigDecimal onHand = item.has("QtyOnHand") ? decimal(item, "QtyOnHand") : BigDecimal.ZERO;
      ObjectNode next = item.deepCopy();
      next.put("QtyOnHand", onHand.add(delta.multiply(sign)));
      next.put("SyncToken", Long.toString(Long.parseLong(item.path("SyncToken").asText("0")) + 1));
      touch(next);
      store.put("Item", itemId, next);
    }
  }

  private String requireRef(JsonNode parent, String field, String entity) {
    String id = parent.path(field).path("value").asText(null);
    if (id == null) {
      throw QboFaults.validation("2020", "Required param missing, need to supply the required value for the API",
          "Required parameter " + field + " is missing in the request");
    }
    if (get(entity, id) == null) {
      throw invalidRef(field, id);
    }
    return id;
  }

  private void optionalRef(JsonNode parent, String field, String entity) {
    if (parent.has(field)) {
      requireRef(parent, field, entity);
    }
  }

  private static QboFaults.FaultError invalidRef(String field, String id) {
    return QboFaults.validation("610", "Object Not Found",
        "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (" + field + " " + id + ")");
  }

  private static BigDecimal decimal(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return BigDecimal.ZERO;
    }
    try {
      return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
    } catch (NumberFormatException e) {
      throw QboFaults.validation("2170", "Invalid Number", field + " is not a number");
    }
  }

  private void touch(ObjectNode n) {
    JsonNode meta = n.get("MetaData");
    ObjectNode m = meta instanceof ObjectNode o ? o.deepCopy() : json.createObjectNode();
    m.put("LastUpdatedTime", timestamp());
    n.set("MetaData", m);
  }

  private Instant now() {
    return clock.get();
  }

  String timestamp() {
    return now().truncatedTo(ChronoUnit.SECONDS).atZone(PACIFIC).format(SECONDS);
  }

  static String lowerCase(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
