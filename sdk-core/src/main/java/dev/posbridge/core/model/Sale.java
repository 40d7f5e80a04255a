package dev.posbridge.core.model;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One completed point-of-sale or online transaction, in canonical form.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} derives a modified copy. Lines carry their
 * own discounts and taxes; {@code discounts} and {@code taxes} here are only the sale-level ones
 * that are not attributed to any line. All amounts are in {@link #currency()}.
 *
 * <p>{@link #checkTotals()} tells whether the vendor's totals add up and which part is off. A sale
 * whose totals do not add up is still a valid {@code Sale}: the discrepancy is information, and
 * dropping the sale would lose data.
 *
 * @param ref how the source system identifies the sale (e.g. {@code square/order/…})
 * @param number the receipt or document number shown to people, if any
 * @param location the source system's location where the sale happened, if known
 * @param channel where the sale happened
 * @param rawChannel the vendor's own source or channel name (required when channel is OTHER)
 * @param createdAt when the sale was created in the source system
 * @param closedAt when the sale was completed, if known
 * @param updatedAt when the source system last changed it, if known
 * @param state where the sale is in its life at the source; only {@link SaleState#COMPLETED}
 *     sales are booked
 * @param version the source's version of the sale (e.g. Square's order version), increasing with
 *     each amendment; defaults to {@code ref.version()}; {@code null} if the source has none
 * @param currency the currency of every amount
 * @param exchangeRate how {@code currency} converts to the books' home currency, if known
 * @param lines the line items, in the source's order
 * @param discounts sale-level discounts not attributed to lines
 * @param taxes sale-level taxes not attributed to lines
 * @param charges extra charges such as shipping or service charges
 * @param tenders how the sale was paid
 * @param totals the totals as reported by the source
 * @param customer the source system's customer, if any
 * @param refs further vendor ids (payments, versions, document ids in other systems)
 * @param note a free-text note, if any
 */
public record Sale(
    ExternalRef ref,
    @Nullable String number,
    @Nullable ExternalRef location,
    Channel channel,
    @Nullable String rawChannel,
    Instant createdAt,
    @Nullable Instant closedAt,
    @Nullable Instant updatedAt,
    SaleState state,
    @Nullable String version,
    Currency currency,
    @Nullable ExchangeRate exchangeRate,
    List<SaleLine> lines,
    List<Discount> discounts,
    List<TaxLine> taxes,
    List<Charge> charges,
    List<Tender> tenders,
    Totals totals,
    @Nullable ExternalRef customer,
    List<ExternalRef> refs,
    @Nullable String note) {

  /**
   * Validates the components.
   *
   * @param ref the source id
   * @param number the document number
   * @param location the location
   * @param channel the channel
   * @param rawChannel the vendor's channel name
   * @param createdAt the creation time
   * @param closedAt the completion time
   * @param updatedAt the last change time
   * @param state the lifecycle state
   * @param version the source version
   * @param currency the currency
   * @param exchangeRate the rate to the home currency
   * @param lines the lines
   * @param discounts the sale-level discounts
   * @param taxes the sale-level taxes
   * @param charges the extra charges
   * @param tenders the tenders
   * @param totals the totals
   * @param customer the customer
   * @param refs further vendor ids
   * @param note the note
   * @throws IllegalArgumentException if a required part is missing, an amount is not in
   *     {@code currency} or the exchange rate is not from {@code currency}
   */
  public Sale {
    Checks.notNull(ref, "ref");
    number = Checks.text(number);
    Checks.notNull(channel, "channel");
    rawChannel = Checks.text(rawChannel);
    Checks.rawRequiredForOther(channel, rawChannel, "channel");
    Checks.notNull(createdAt, "createdAt");
    Checks.notNull(state, "state");
    version = Checks.id(version, "version");
    if (version == null) {
      version = ref.version();
    }
    Sums.rateFrom(currency, exchangeRate);
    lines = Checks.list(lines, "lines");
    discounts = Checks.list(discounts, "discounts");
    taxes = Checks.list(taxes, "taxes");
    charges = Checks.list(charges, "charges");
    tenders = Checks.list(tenders, "tenders");
    Checks.notNull(totals, "totals");
    refs = Checks.list(refs, "refs");
    note = Checks.text(note);
    Checks.sameCurrency(Money.zero(currency), totals.total(), "totals");
    Sums.sameCurrency(currency, lines, discounts, taxes, charges, tenders);
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
   * Returns a builder initialised with this sale's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Computes the totals implied by the components: subtotal from the lines' gross, discounts and
   * taxes from lines and sale level, tips from the tenders, charges, and the total from all of
   * them.
   *
   * @return the implied totals
   */
  public Totals impliedTotals() {
    return Builder.derive(currency, lines, discounts, taxes, charges, tenders);
  }

  /**
   * Checks that the reported totals add up, within the currency's rounding (one minor unit).
   *
   * <p>Checked: each line's gross ({@code quantity × unitPrice}) and total
   * ({@code gross − discounts + additive taxes}); the subtotal, discount, tax and charge totals
   * against their components; the tip total against the tenders' tips when there are tenders; and
   * {@code total = subtotal − discountTotal + additive taxes + tipTotal + chargeTotal}.
   *
   * @return the parts that are off, if any
   */
  public TotalsCheck checkTotals() {
    return checkTotals(Money.ofMinor(1, currency));
  }

  /**
   * Checks that the reported totals add up within a tolerance, as {@link #checkTotals()}; with a
   * zero tolerance every part must add up exactly. A line's gross is always allowed the rounding
   * of {@code quantity × unitPrice} to the currency.
   *
   * @param tolerance the largest difference accepted per part
   * @return the parts that are off, if any
   * @throws IllegalArgumentException if the tolerance is negative or in another currency
   */
  public TotalsCheck checkTotals(Money tolerance) {
    List<TotalsCheck.Discrepancy> off = Sums.lineDiscrepancies(lines, currency, tolerance);
    Totals implied = impliedTotals();
    compare(off, "subtotal", implied.subtotal(), totals.subtotal(), tolerance);
    compare(off, "discountTotal", implied.discountTotal(), totals.discountTotal(), tolerance);
    compare(off, "taxTotal", implied.taxTotal(), totals.taxTotal(), tolerance);
    if (!tenders.isEmpty()) {
      compare(off, "tipTotal", implied.tipTotal(), totals.tipTotal(), tolerance);
    }
    compare(off, "chargeTotal", implied.chargeTotal(), totals.chargeTotal(), tolerance);
    // The reported tax total minus the inclusive part (already inside the prices) is what the
    // total adds; using the reported figures localises a wrong figure to its own part.
    Money additiveTax = totals.taxTotal().minus(implied.taxTotal().minus(additiveTaxTotal()));
    Money expectedTotal =
        totals.subtotal().minus(totals.discountTotal()).plus(additiveTax)
            .plus(totals.tipTotal()).plus(totals.chargeTotal());
    compare(off, "total", expectedTotal, totals.total(), tolerance);
    return new TotalsCheck(off);
  }

  private Money additiveTaxTotal() {
    return Sums.documentTaxes(taxes, lines, charges, currency, true);
  }

  private static void compare(
      List<TotalsCheck.Discrepancy> off, String part, Money expected, Money actual, Money tolerance) {
    Sums.compare(off, part, expected, actual, tolerance);
  }

  /**
   * Returns this sale's id in a system, from {@link #ref()} or {@link #refs()}; e.g. the booked
   * document's ref in a sale read back from the books.
   *
   * @param system the system name
   * @return the first matching reference
   */
  public java.util.Optional<ExternalRef> refIn(String system) {
    if (ref.system().equals(system)) {
      return java.util.Optional.of(ref);
    }
    return refs.stream().filter(r -> r.system().equals(system)).findFirst();
  }

  /**
   * Returns the id of this sale's current version, for idempotency keys and for telling whether
   * a booked copy is current: the version if the source has one, else {@code updatedAt}, else
   * {@code "0"}.
   *
   * @return the revision
   */
  public String revision() {
    if (version != null) {
      return version;
    }
    return updatedAt != null ? updatedAt.toString() : "0";
  }

  /**
   * Builds a {@link Sale}. Not thread-safe. Required: {@code ref}, {@code createdAt},
   * {@code currency} and {@code totals} (or a call to {@link #deriveTotals()}); {@code channel}
   * defaults to {@link Channel#IN_STORE}.
   */
  public static final class Builder extends DocumentBuilder<Builder, SaleLine> {
    private Channel channel = Channel.IN_STORE;
    private @Nullable String rawChannel;
    private @Nullable Instant closedAt;
    private @Nullable Instant updatedAt;
    private SaleState state = SaleState.COMPLETED;
    private @Nullable String version;
    private @Nullable Totals totals;
    private @Nullable String note;

    private Builder() {}

    private Builder(Sale s) {
      super(s.ref, s.number, s.location, s.customer, s.createdAt, s.currency, s.exchangeRate,
          s.lines, s.discounts, s.taxes, s.charges, s.tenders, s.refs);
      channel = s.channel;
      rawChannel = s.rawChannel;
      closedAt = s.closedAt;
      updatedAt = s.updatedAt;
      state = s.state;
      version = s.version;
      totals = s.totals;
      note = s.note;
    }

    /**
     * Sets the channel; use {@link #channel(Channel, String)} to keep the vendor's own name.
     *
     * @param value the channel
     * @return this builder
     */
    public Builder channel(Channel value) {
      this.channel = value;
      return this;
    }

    /**
     * Sets the channel and the vendor's own name for it.
     *
     * @param value the channel
     * @param raw the vendor's source or channel name, or {@code null}
     * @return this builder
     */
    public Builder channel(Channel value, @Nullable String raw) {
      this.channel = value;
      this.rawChannel = raw;
      return this;
    }

    /**
     * Sets when the sale was completed.
     *
     * @param value the completion time, or {@code null}
     * @return this builder
     */
    public Builder closedAt(@Nullable Instant value) {
      this.closedAt = value;
      return this;
    }

    /**
     * Sets when the source last changed the sale.
     *
     * @param value the update time, or {@code null}
     * @return this builder
     */
    public Builder updatedAt(@Nullable Instant value) {
      this.updatedAt = value;
      return this;
    }

    /**
     * Sets the lifecycle state (default {@link SaleState#COMPLETED}).
     *
     * @param value the state
     * @return this builder
     */
    public Builder state(SaleState value) {
      this.state = value;
      return this;
    }

    /**
     * Sets the source's version of the sale.
     *
     * @param value the version, or {@code null} to use the ref's
     * @return this builder
     */
    public Builder version(@Nullable String value) {
      this.version = value;
      return this;
    }

    /**
     * Sets the totals as reported by the source.
     *
     * @param value the totals
     * @return this builder
     */
    public Builder totals(Totals value) {
      this.totals = value;
      return this;
    }

    /**
     * Sets the totals to those implied by the lines, discounts, taxes, charges and tenders added
     * so far. For sales created by the caller; a connector mapping vendor data sets the vendor's
     * own totals with {@link #totals(Totals)} instead, so that {@link Sale#checkTotals()} can
     * catch vendor inconsistencies.
     *
     * @return this builder
     * @throws IllegalArgumentException if the currency is not set
     */
    public Builder deriveTotals() {
      Currency c = Checks.notNull(currency, "currency");
      this.totals = derive(c, lines, discounts, taxes, charges, tenders);
      return this;
    }

    /**
     * Sets the free-text note.
     *
     * @param value the note, or {@code null}
     * @return this builder
     */
    public Builder note(@Nullable String value) {
      this.note = value;
      return this;
    }

    /**
     * Builds the sale.
     *
     * @return the sale
     * @throws IllegalArgumentException if a required part is missing or invalid
     */
    public Sale build() {
      return new Sale(
          Checks.notNull(ref, "ref"), number, location, channel, rawChannel,
          Checks.notNull(createdAt, "createdAt"), closedAt, updatedAt, state, version,
          Checks.notNull(currency, "currency"), exchangeRate, lines, discounts, taxes, charges, tenders,
          Checks.notNull(totals, "totals"), customer, refs, note);
    }

    static Totals derive(
        Currency currency, List<SaleLine> lines, List<Discount> discounts, List<TaxLine> taxes,
        List<Charge> charges, List<Tender> tenders) {
      Money zero = Money.zero(currency);
      Money subtotal = zero;
      Money discount = Sums.discounts(discounts, currency);
      Money tax = Sums.taxes(taxes, currency, false);
      Money additiveTax = Sums.taxes(taxes, currency, true);
      for (SaleLine l : lines) {
        subtotal = subtotal.plus(l.gross());
        discount = discount.plus(l.discountTotal());
        tax = tax.plus(l.taxTotal());
        additiveTax = additiveTax.plus(l.additiveTaxTotal());
      }
      Money charge = zero;
      for (Charge c : charges) {
        charge = charge.plus(c.amount());
        tax = tax.plus(Sums.taxes(c.taxes(), currency, false));
        additiveTax = additiveTax.plus(Sums.taxes(c.taxes(), currency, true));
      }
      Money tip = zero;
      for (Tender t : tenders) {
        tip = tip.plus(t.tip());
      }
      Money total = subtotal.minus(discount).plus(additiveTax).plus(tip).plus(charge);
      return new Totals(subtotal, discount, tax, tip, charge, total);
    }
  }
}
