package dev.posbridge.core.model;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Money returned to a customer, as complete as a {@link Sale}: returned lines with quantity, unit
 * price, discounts, taxability and taxes; refund-level discounts, taxes and charges; the customer,
 * a document number and the exchange rate to the books' home currency.
 *
 * <p>Every amount is a positive amount of money going back, in {@link #currency()}:
 *
 * <ul>
 *   <li>{@code amount}: the total refunded to the customer, including every tax: {@code Σ
 *       lines.total − discounts + additive taxes + Σ charges (with their additive taxes)}.
 *   <li>{@code taxAmount}: the part of all taxes (line, refund-level and charge taxes, inclusive
 *       and additive) in the refund; it is inside {@code amount}.
 *   <li>{@code discounts}, {@code taxes}: refund-level ones not attributed to a line.
 * </ul>
 *
 * <p>A refund without lines and charges is an amount-only refund (e.g. a goodwill payment
 * refund): only {@code amount} and {@code taxAmount} are known. {@link #checkTotals()} tells
 * whether the parts add up; as for sales, an inconsistent refund is still a valid value.
 *
 * @param ref how the source system identifies the refund or return
 * @param number the refund's receipt or document number shown to people, if any
 * @param originalSale the sale it refunds, if linked
 * @param location the location where it was processed, if known
 * @param customer the source system's customer, if any
 * @param createdAt when it was created
 * @param status its state
 * @param rawStatus the vendor's own state (required when status is OTHER)
 * @param currency the currency of every amount
 * @param exchangeRate how {@code currency} converts to the books' home currency, if known
 * @param lines the returned lines; empty for an amount-only refund
 * @param discounts refund-level discounts not attributed to lines
 * @param taxes refund-level taxes not attributed to lines
 * @param charges refunded charges such as shipping
 * @param amount the total money refunded, including taxes, as a positive amount
 * @param taxAmount the part of {@code amount} that is tax
 * @param tenders how the money went back, if known
 * @param reason the stated reason, if any
 * @param refs further vendor ids (payment refund ids, return order ids)
 */
public record Refund(
    ExternalRef ref,
    @Nullable String number,
    @Nullable ExternalRef originalSale,
    @Nullable ExternalRef location,
    @Nullable ExternalRef customer,
    Instant createdAt,
    RefundStatus status,
    @Nullable String rawStatus,
    Currency currency,
    @Nullable ExchangeRate exchangeRate,
    List<RefundLine> lines,
    List<Discount> discounts,
    List<TaxLine> taxes,
    List<Charge> charges,
    Money amount,
    Money taxAmount,
    List<Tender> tenders,
    @Nullable String reason,
    List<ExternalRef> refs) {

  /**
   * Validates the components.
   *
   * @param ref the source id
   * @param number the document number
   * @param originalSale the refunded sale
   * @param location the location
   * @param customer the customer
   * @param createdAt the creation time
   * @param status the state
   * @param rawStatus the vendor's state
   * @param currency the currency
   * @param exchangeRate the rate to the home currency
   * @param lines the returned lines
   * @param discounts the refund-level discounts
   * @param taxes the refund-level taxes
   * @param charges the refunded charges
   * @param amount the total refunded
   * @param taxAmount the tax part
   * @param tenders the tenders
   * @param reason the reason
   * @param refs further vendor ids
   * @throws IllegalArgumentException if a required part is missing, an amount is negative or not
   *     in {@code currency}, or the exchange rate is not from {@code currency}
   */
  public Refund {
    Checks.notNull(ref, "ref");
    number = Checks.text(number);
    Checks.notNull(createdAt, "createdAt");
    Checks.notNull(status, "status");
    rawStatus = Checks.text(rawStatus);
    Checks.rawRequiredForOther(status, rawStatus, "status");
    Sums.rateFrom(currency, exchangeRate);
    lines = Checks.list(lines, "lines");
    discounts = Checks.list(discounts, "discounts");
    taxes = Checks.list(taxes, "taxes");
    charges = Checks.list(charges, "charges");
    Checks.notNull(amount, "amount");
    Money zero = Money.zero(currency);
    Checks.sameCurrency(zero, amount, "amount");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount must not be negative: " + amount);
    }
    Checks.notNull(taxAmount, "taxAmount");
    Checks.sameCurrency(amount, taxAmount, "taxAmount");
    tenders = Checks.list(tenders, "tenders");
    Sums.sameCurrency(currency, lines, discounts, taxes, charges, tenders);
    reason = Checks.text(reason);
    refs = Checks.list(refs, "refs");
  }

  /**
   * Creates an amount-only refund in the earlier shape: no number, customer, rate, discounts,
   * taxes or charges; the currency is the amount's.
   *
   * @param ref the source id
   * @param originalSale the refunded sale
   * @param location the location
   * @param createdAt the creation time
   * @param status the state
   * @param rawStatus the vendor's state
   * @param lines the returned lines
   * @param amount the total refunded, including taxes
   * @param taxAmount the tax part
   * @param tenders the tenders
   * @param reason the reason
   * @param refs further vendor ids
   * @throws IllegalArgumentException as the canonical constructor
   */
  public Refund(
      ExternalRef ref, @Nullable ExternalRef originalSale, @Nullable ExternalRef location,
      Instant createdAt, RefundStatus status, @Nullable String rawStatus, List<RefundLine> lines,
      Money amount, Money taxAmount, List<Tender> tenders, @Nullable String reason,
      List<ExternalRef> refs) {
    this(ref, null, originalSale, location, null, createdAt, status, rawStatus,
        Checks.notNull(amount, "amount").currency(), null, lines, List.of(), List.of(), List.of(),
        amount, taxAmount, tenders, reason, refs);
  }

  /**
   * Starts a builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder initialised with this refund's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Tells whether any returned line goes back on hand.
   *
   * @return {@code true} if a line restocks
   */
  public boolean restocks() {
    return lines.stream().anyMatch(RefundLine::restock);
  }

  /**
   * Tells whether this is an amount-only refund: no lines and no charges.
   *
   * @return {@code true} if only the amounts are known
   */
  public boolean amountOnly() {
    return lines.isEmpty() && charges.isEmpty();
  }

  /**
   * Returns this refund's id in a system, from {@link #ref()} or {@link #refs()}.
   *
   * @param system the system name
   * @return the first matching reference
   */
  public Optional<ExternalRef> refIn(String system) {
    if (ref.system().equals(system)) {
      return Optional.of(ref);
    }
    return refs.stream().filter(r -> r.system().equals(system)).findFirst();
  }

  /**
   * Returns the amount implied by the parts: {@code Σ lines.total − discounts + additive taxes +
   * Σ charges + their additive taxes}. Equals {@link #amount()} for an amount-only refund.
   *
   * @return the implied amount
   */
  public Money impliedAmount() {
    if (amountOnly() && discounts.isEmpty() && taxes.isEmpty()) {
      return amount;
    }
    Money sum = Sums.taxes(taxes, currency, true).minus(Sums.discounts(discounts, currency));
    for (RefundLine l : lines) {
      sum = sum.plus(l.total());
    }
    for (Charge c : charges) {
      sum = sum.plus(c.amount()).plus(Sums.taxes(c.taxes(), currency, true));
    }
    return sum;
  }

  /**
   * Returns the tax implied by the parts: every line, refund-level and charge tax. Equals
   * {@link #taxAmount()} for an amount-only refund.
   *
   * @return the implied tax
   */
  public Money impliedTaxAmount() {
    if (amountOnly() && taxes.isEmpty()) {
      return taxAmount;
    }
    return Sums.documentTaxes(taxes, lines, charges, currency, false);
  }

  /**
   * Checks that the parts add up within one minor unit: each line's gross and total, the amount
   * and the tax amount.
   *
   * @return the parts that are off, if any
   */
  public TotalsCheck checkTotals() {
    return checkTotals(Money.ofMinor(1, currency));
  }

  /**
   * Checks that the parts add up within a tolerance; with a zero tolerance, exactly.
   *
   * @param tolerance the largest difference accepted
   * @return the parts that are off, if any
   * @throws IllegalArgumentException if the tolerance is negative or in another currency
   */
  public TotalsCheck checkTotals(Money tolerance) {
    List<TotalsCheck.Discrepancy> off = Sums.lineDiscrepancies(lines, currency, tolerance);
    Sums.compare(off, "taxAmount", impliedTaxAmount(), taxAmount, tolerance);
    Sums.compare(off, "amount", impliedAmount(), amount, tolerance);
    return new TotalsCheck(off);
  }

  /**
   * Builds a {@link Refund}. Not thread-safe. Required: {@code ref}, {@code createdAt},
   * {@code currency} and the amounts (or {@link #deriveAmounts()}); {@code status} defaults to
   * {@link RefundStatus#COMPLETED}.
   */
  public static final class Builder extends DocumentBuilder<Builder, RefundLine> {
    private @Nullable ExternalRef originalSale;
    private RefundStatus status = RefundStatus.COMPLETED;
    private @Nullable String rawStatus;
    private @Nullable Money amount;
    private @Nullable Money taxAmount;
    private @Nullable String reason;

    private Builder() {}

    private Builder(Refund r) {
      super(r.ref, r.number, r.location, r.customer, r.createdAt, r.currency, r.exchangeRate,
          r.lines, r.discounts, r.taxes, r.charges, r.tenders, r.refs);
      originalSale = r.originalSale;
      status = r.status;
      rawStatus = r.rawStatus;
      amount = r.amount;
      taxAmount = r.taxAmount;
      reason = r.reason;
    }

    /**
     * Sets the refunded sale.
     *
     * @param value the sale's source ref, or {@code null}
     * @return this builder
     */
    public Builder originalSale(@Nullable ExternalRef value) {
      originalSale = value;
      return this;
    }

    /**
     * Sets the state.
     *
     * @param value the state
     * @param raw the vendor's state, or {@code null}
     * @return this builder
     */
    public Builder status(RefundStatus value, @Nullable String raw) {
      status = value;
      rawStatus = raw;
      return this;
    }

    /**
     * Sets the total refunded, including taxes, and the tax part of it.
     *
     * @param total the total
     * @param tax the tax part
     * @return this builder
     */
    public Builder amounts(Money total, Money tax) {
      amount = total;
      taxAmount = tax;
      return this;
    }

    /**
     * Sets the amounts to those implied by the lines, discounts, taxes and charges added so far.
     *
     * @return this builder
     * @throws IllegalArgumentException if the currency is not set
     */
    public Builder deriveAmounts() {
      Currency c = Checks.notNull(currency, "currency");
      Money zero = Money.zero(c);
      Refund probe = new Refund(ref == null ? ExternalRef.of("probe", "refund", "probe") : ref,
          number, originalSale, location, customer, createdAt == null ? Instant.EPOCH : createdAt,
          status, rawStatus, c, exchangeRate, lines, discounts, taxes, charges, zero, zero,
          List.of(), reason, List.of());
      amount = probe.impliedAmount();
      taxAmount = probe.impliedTaxAmount();
      return this;
    }

    /**
     * Sets the reason.
     *
     * @param value the reason, or {@code null}
     * @return this builder
     */
    public Builder reason(@Nullable String value) {
      reason = value;
      return this;
    }

    /**
     * Builds the refund.
     *
     * @return the refund
     * @throws IllegalArgumentException if a required part is missing or invalid
     */
    public Refund build() {
      Currency c = currency != null ? currency : amount != null ? amount.currency() : null;
      return new Refund(Checks.notNull(ref, "ref"), number, originalSale, location, customer,
          Checks.notNull(createdAt, "createdAt"), status, rawStatus, Checks.notNull(c, "currency"),
          exchangeRate, lines, discounts, taxes, charges, Checks.notNull(amount, "amount"),
          Checks.notNull(taxAmount, "taxAmount"), tenders, reason, refs);
    }
  }
}
