package dev.posbridge.testing.shopify;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An order to seed into a {@link ShopifySimulator}, described the way a shop sees it; the
 * simulator computes discount allocations, taxes and totals the way Shopify reports them.
 *
 * <pre>{@code
 * String id = sim.seedOrder(OrderSeed.create()
 *     .source("pos").taxesIncluded(true)
 *     .line("LATTE-12", "Latte", 2, "10.60", "VAT", "0.19")
 *     .transaction("SALE", "SUCCESS", "cash", null));
 * }</pre>
 *
 * <p>Not thread-safe; amounts are decimal strings in the shop currency.
 */
public final class OrderSeed {

  record Line(String sku, String title, int quantity, BigDecimal unitPrice,
      @Nullable String taxTitle, @Nullable BigDecimal taxRate, BigDecimal discount,
      @Nullable String discountTitle) {}

  record Shipping(String title, BigDecimal price, @Nullable String taxTitle,
      @Nullable BigDecimal taxRate) {}

  record Transaction(String kind, String status, String gateway, @Nullable BigDecimal amount,
      @Nullable String cardCompany, @Nullable String cardNumber) {}

  final List<Line> lines = new ArrayList<>();
  final List<Shipping> shipping = new ArrayList<>();
  final List<Transaction> transactions = new ArrayList<>();
  String source = "pos";
  boolean taxesIncluded;
  @Nullable String locationId;
  @Nullable String customerId;
  @Nullable String name;
  @Nullable String note;
  @Nullable Instant createdAt;
  @Nullable Instant updatedAt;
  @Nullable Instant processedAt;
  @Nullable String orderDiscountTitle;
  @Nullable String orderDiscountCode;
  @Nullable BigDecimal orderDiscountPercent;
  BigDecimal tip = BigDecimal.ZERO;
  boolean cancelled;
  String financialStatus = "PAID";

  private OrderSeed() {}

  /**
   * Starts a seed: a paid POS order without lines at the simulator's default location.
   *
   * @return a new seed
   */
  public static OrderSeed create() {
    return new OrderSeed();
  }

  /**
   * Sets the {@code sourceName}, e.g. {@code pos}, {@code web}, {@code shopify_draft_order}.
   *
   * @param value the source
   * @return this seed
   */
  public OrderSeed source(String value) {
    this.source = value;
    return this;
  }

  /**
   * Sets whether prices include tax.
   *
   * @param value whether taxes are included
   * @return this seed
   */
  public OrderSeed taxesIncluded(boolean value) {
    this.taxesIncluded = value;
    return this;
  }

  /**
   * Sets the retail location (a location GID).
   *
   * @param gid the location
   * @return this seed
   */
  public OrderSeed location(String gid) {
    this.locationId = gid;
    return this;
  }

  /**
   * Sets the customer (a customer GID).
   *
   * @param gid the customer
   * @return this seed
   */
  public OrderSeed customer(String gid) {
    this.customerId = gid;
    return this;
  }

  /**
   * Sets the order name, e.g. {@code #1001}; default the next number.
   *
   * @param value the name
   * @return this seed
   */
  public OrderSeed name(String value) {
    this.name = value;
    return this;
  }

  /**
   * Sets the note.
   *
   * @param value the note
   * @return this seed
   */
  public OrderSeed note(String value) {
    this.note = value;
    return this;
  }

  /**
   * Sets the creation, processing and update time (default: the simulator clock's now).
   *
   * @param value the time
   * @return this seed
   */
  public OrderSeed at(Instant value) {
    this.createdAt = value;
    this.processedAt = value;
    this.updatedAt = value;
    return this;
  }

  /**
   * Sets the update time alone.
   *
   * @param value the time
   * @return this seed
   */
  public OrderSeed updatedAt(Instant value) {
    this.updatedAt = value;
    return this;
  }

  /**
   * Adds a line item without tax.
   *
   * @param sku the SKU
   * @param title the title
   * @param quantity the quantity
   * @param unitPrice the unit price
   * @return this seed
   */
  public OrderSeed line(String sku, String title, int quantity, String unitPrice) {
    return line(sku, title, quantity, unitPrice, null, null);
  }

  /**
   * Adds a line item with one tax.
   *
   * @param sku the SKU
   * @param title the title
   * @param quantity the quantity
   * @param unitPrice the unit price
   * @param taxTitle the tax's title, or {@code null} for none
   * @param taxRate the rate as a fraction, e.g. {@code 0.19}
   * @return this seed
   */
  public OrderSeed line(String sku, String title, int quantity, String unitPrice,
      @Nullable String taxTitle, @Nullable String taxRate) {
    lines.add(new Line(sku, title, quantity, new BigDecimal(unitPrice), taxTitle,
        taxRate == null ? null : new BigDecimal(taxRate), BigDecimal.ZERO, null));
    return this;
  }

  /**
   * Adds a fixed discount to the last line (a manual, line-level discount application).
   *
   * @param title the discount's title
   * @param amount the amount off the line
   * @return this seed
   */
  public OrderSeed lineDiscount(String title, String amount) {
    Line last = lines.remove(lines.size() - 1);
    lines.add(new Line(last.sku(), last.title(), last.quantity(), last.unitPrice(),
        last.taxTitle(), last.taxRate(), new BigDecimal(amount), title));
    return this;
  }

  /**
   * Adds an order-level percentage discount code, allocated across the lines.
   *
   * @param code the code
   * @param percent the percentage, e.g. {@code 10}
   * @return this seed
   */
  public OrderSeed discountCode(String code, String percent) {
    this.orderDiscountCode = code;
    this.orderDiscountTitle = code;
    this.orderDiscountPercent = new BigDecimal(percent);
    return this;
  }

  /**
   * Adds a shipping line.
   *
   * @param title the title
   * @param price the price
   * @param taxTitle the tax's title, or {@code null}
   * @param taxRate the tax rate as a fraction, or {@code null}
   * @return this seed
   */
  public OrderSeed shipping(String title, String price, @Nullable String taxTitle,
      @Nullable String taxRate) {
    shipping.add(new Shipping(title, new BigDecimal(price), taxTitle,
        taxRate == null ? null : new BigDecimal(taxRate)));
    return this;
  }

  /**
   * Sets the tip.
   *
   * @param amount the tip
   * @return this seed
   */
  public OrderSeed tip(String amount) {
    this.tip = new BigDecimal(amount);
    return this;
  }

  /**
   * Adds a transaction; without any, the order gets one successful cash SALE of its total.
   *
   * @param kind e.g. {@code SALE}, {@code CAPTURE}, {@code AUTHORIZATION}
   * @param status e.g. {@code SUCCESS}, {@code FAILURE}
   * @param gateway e.g. {@code cash}, {@code shopify_payments}
   * @param amount the amount, or {@code null} for the order total
   * @return this seed
   */
  public OrderSeed transaction(String kind, String status, String gateway, @Nullable String amount) {
    transactions.add(new Transaction(kind, status, gateway,
        amount == null ? null : new BigDecimal(amount), null, null));
    return this;
  }

  /**
   * Adds a successful card SALE.
   *
   * @param company the card brand as Shopify names it, e.g. {@code Visa}
   * @param maskedNumber the masked number, e.g. {@code •••• •••• •••• 4242}
   * @param amount the amount, or {@code null} for the order total
   * @return this seed
   */
  public OrderSeed cardPayment(String company, String maskedNumber, @Nullable String amount) {
    transactions.add(new Transaction("SALE", "SUCCESS", "shopify_payments",
        amount == null ? null : new BigDecimal(amount), company, maskedNumber));
    return this;
  }

  /**
   * Marks the order cancelled.
   *
   * @return this seed
   */
  public OrderSeed cancelled() {
    this.cancelled = true;
    return this;
  }

  /**
   * Sets the {@code displayFinancialStatus} (default {@code PAID}).
   *
   * @param value e.g. {@code PENDING}
   * @return this seed
   */
  public OrderSeed financialStatus(String value) {
    this.financialStatus = value;
    return this;
  }
}
