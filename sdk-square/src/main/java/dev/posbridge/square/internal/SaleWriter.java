package dev.posbridge.square.internal;

import dev.posbridge.core.MappingCode;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.model.Charge;
import dev.posbridge.core.model.ChargeType;
import dev.posbridge.core.model.Discount;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Tender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns a canonical sale into a CreateOrder body and CreatePayment bodies with
 * {@code source_id: EXTERNAL}.
 *
 * <p>Lines carry their unit price as {@code base_price_money}; a line whose item is a Square
 * ITEM_VARIATION keeps its {@code catalog_object_id}. Taxes become LINE_ITEM-scoped order taxes by
 * percentage (Square computes tax from a percentage, so a tax without a rate is rejected);
 * discounts become FIXED_AMOUNT discounts; charges other than rounding become service charges
 * (Square applies its own cash rounding).
 */
public final class SaleWriter {

  private SaleWriter() {}

  /**
   * A payment to create once the order id is known.
   *
   * @param amount the amount excluding tip
   * @param tip the tip, or null
   * @param locationId the location
   * @param customerId the customer, or null
   * @param details the external details
   */
  public record PendingPayment(
      Dto.SqMoney amount, Dto.@Nullable SqMoney tip, String locationId, @Nullable String customerId,
      Dto.ExternalDetails details) {
    /**
     * Builds the request.
     *
     * @param orderId the order
     * @param key the idempotency key
     * @return the request
     */
    public Dto.CreatePaymentRequest withOrder(String orderId, String key) {
      return new Dto.CreatePaymentRequest("EXTERNAL", key, amount, tip, orderId, locationId, customerId,
          null, null, details);
    }
  }

  /**
   * What to send.
   *
   * @param order the order
   * @param payments the payments, one per tender
   */
  public record Plan(Dto.SqOrder order, List<PendingPayment> payments) {}

  /**
   * Lists the mapping failures that keep a sale out of Square, with posbridge's common codes.
   *
   * @param sale the sale
   * @param defaultLocation the location when the sale has no Square location
   * @return the mapping errors; empty when the sale's failure is not a mapping one
   */
  public static List<ValidationException.FieldError> mappingErrors(Sale sale, @Nullable String defaultLocation) {
    if (ExternalRefs.idOf(sale.location(), "location") == null && defaultLocation == null) {
      ExternalRef loc = sale.location();
      return List.of(MappingCode.UNMAPPED_LOCATION.error("location", "no Square location for "
          + (loc == null ? "a sale without location" : "location " + loc.system() + "/" + loc.id())
          + " and no default location is set"));
    }
    return List.of();
  }

  /**
   * Plans the calls for a sale.
   *
   * @param sale the sale
   * @param defaultLocation the location when the sale has no Square location
   * @return the plan
   * @throws IllegalArgumentException if the sale cannot be expressed in Square
   */
  public static Plan plan(Sale sale, @Nullable String defaultLocation) {
    String location = ExternalRefs.idOf(sale.location(), "location");
    if (location == null) {
      location = defaultLocation;
    }
    if (location == null) {
      throw new IllegalArgumentException("the sale has no Square location and no default location is set");
    }
    Map<String, Dto.SqTax> taxes = new LinkedHashMap<>();
    List<Dto.SqDiscount> discounts = new ArrayList<>();
    List<Dto.SqLineItem> lines = new ArrayList<>();
    for (int i = 0; i < sale.lines().size(); i++) {
      SaleLine l = sale.lines().get(i);
      List<Dto.AppliedTax> applied = new ArrayList<>();
      for (TaxLine t : l.taxes()) {
        applied.add(new Dto.AppliedTax(null, taxUid(taxes, t, "LINE_ITEM"), null));
      }
      List<Dto.AppliedDiscount> appliedD = new ArrayList<>();
      for (Discount d : l.discounts()) {
        String uid = "d" + (discounts.size() + 1);
        discounts.add(discount(uid, d, "LINE_ITEM"));
        appliedD.add(new Dto.AppliedDiscount(null, uid, null));
      }
      String variation = ExternalRefs.idOf(l.item(), "item_variation");
      String name = l.name().isBlank() ? (l.sku() != null ? l.sku() : "Item") : l.name();
      // Square prices are whole minor units: a finer unit price (0.0375 each) is written as one
      // unit at the line's gross, so the amounts stay exact; the quantity goes into the note.
      boolean exactUnit = l.unitPrice().isMoney();
      String quantity = exactUnit ? Convert.quantity(l.quantity()) : "1";
      String note = l.sku() == null ? null : "SKU " + l.sku();
      if (!exactUnit) {
        String q = l.quantity().stripTrailingZeros().toPlainString() + " × " + l.unitPrice();
        note = note == null ? q : note + "; " + q;
      }
      lines.add(new Dto.SqLineItem("l" + (i + 1), truncate(name, 512), quantity,
          note, variation, null, null, null,
          applied.isEmpty() ? null : applied, appliedD.isEmpty() ? null : appliedD,
          Convert.sq(exactUnit ? l.unitPrice().toMoney() : l.gross()), null, null, null, null, null));
    }
    for (TaxLine t : sale.taxes()) {
      taxUid(taxes, t, "ORDER");
    }
    for (Discount d : sale.discounts()) {
      discounts.add(discount("d" + (discounts.size() + 1), d, "ORDER"));
    }
    List<Dto.SqServiceCharge> charges = new ArrayList<>();
    for (Charge c : sale.charges()) {
      if (c.type() == ChargeType.ROUNDING || c.amount().isZero()) {
        continue;
      }
      if (c.amount().signum() < 0) {
        throw new IllegalArgumentException("Square service charges cannot be negative: " + c.name());
      }
      List<Dto.AppliedTax> applied = new ArrayList<>();
      for (TaxLine t : c.taxes()) {
        applied.add(new Dto.AppliedTax(null, taxUid(taxes, t, "LINE_ITEM"), null));
      }
      String name = c.name().isBlank() ? (c.type() == ChargeType.SHIPPING ? "Shipping" : "Service charge") : c.name();
      charges.add(new Dto.SqServiceCharge("s" + (charges.size() + 1), truncate(name, 512), null, null,
          Convert.sq(c.amount()), null, null, null, "SUBTOTAL_PHASE", !applied.isEmpty(),
          applied.isEmpty() ? null : applied));
    }
    String customer = ExternalRefs.idOf(sale.customer(), "customer");
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("posbridge_source", truncate(sale.ref().system() + "/" + sale.ref().type() + "/"
        + sale.ref().id(), 255));
    String reference = sale.number() == null ? null : truncate(sale.number(), 40);
    Dto.SqOrder order = new Dto.SqOrder(null, location, reference, null, customer, lines,
        taxes.isEmpty() ? null : List.copyOf(taxes.values()), discounts.isEmpty() ? null : discounts,
        charges.isEmpty() ? null : charges, null, null, null, null, metadata, null, null, null, null,
        null, null, null, null, null, null, null, null);
    List<PendingPayment> payments = new ArrayList<>();
    String source = sale.rawChannel() != null ? sale.rawChannel() : sale.ref().system();
    for (Tender t : sale.tenders()) {
      Money amount = t.amount().minus(t.tip());
      String sourceId = t.ref() != null ? t.ref().id() : sale.ref().id();
      payments.add(new PendingPayment(Convert.sq(amount), t.tip().isZero() ? null : Convert.sq(t.tip()),
          location, customer, new Dto.ExternalDetails(externalType(t), truncate(source, 255),
          truncate(sourceId, 255))));
    }
    return new Plan(order, payments);
  }

  private static String taxUid(Map<String, Dto.SqTax> taxes, TaxLine t, String scope) {
    if (t.rate() == null) {
      throw new IllegalArgumentException("tax '" + t.name() + "' has no rate; Square taxes are percentages");
    }
    String type = t.inclusive() ? "INCLUSIVE" : "ADDITIVE";
    String key = t.name() + "|" + t.rate().toPlainString() + "|" + type + "|" + scope;
    Dto.SqTax existing = taxes.get(key);
    if (existing != null) {
      return Objects.requireNonNull(existing.uid(), "taxes built here all have a uid");
    }
    String uid = "t" + (taxes.size() + 1);
    taxes.put(key, new Dto.SqTax(uid, null, t.name().isBlank() ? "Tax" : truncate(t.name(), 255), type,
        Convert.quantity(t.rate()), scope, null));
    return uid;
  }

  private static Dto.SqDiscount discount(String uid, Discount d, String scope) {
    return new Dto.SqDiscount(uid, null, d.name().isBlank() ? "Discount" : truncate(d.name(), 255),
        "FIXED_AMOUNT", null, Convert.sq(d.amount()), null, scope);
  }

  private static String externalType(Tender t) {
    return switch (t.type()) {
      case CARD -> "CARD";
      case CHECK -> "CHECK";
      case BANK_TRANSFER -> "BANK_TRANSFER";
      case GIFT_CARD -> "OTHER_GIFT_CARD";
      case WALLET -> "EMONEY";
      case EXTERNAL -> "EXTERNAL";
      default -> "OTHER";
    };
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
