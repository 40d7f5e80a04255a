package dev.posbridge.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Sale.Builder} and {@link Refund.Builder} share: the parts every sales document has
 * (ids, location, customer, time, currency, lines, discounts, taxes, charges, tenders) and their
 * setters. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <L> the line type
 */
abstract class DocumentBuilder<B extends DocumentBuilder<B, L>, L> {

  @Nullable ExternalRef ref;
  @Nullable String number;
  @Nullable ExternalRef location;
  @Nullable ExternalRef customer;
  @Nullable Instant createdAt;
  @Nullable Currency currency;
  @Nullable ExchangeRate exchangeRate;
  final List<L> lines = new ArrayList<>();
  final List<Discount> discounts = new ArrayList<>();
  final List<TaxLine> taxes = new ArrayList<>();
  final List<Charge> charges = new ArrayList<>();
  final List<Tender> tenders = new ArrayList<>();
  final List<ExternalRef> refs = new ArrayList<>();

  DocumentBuilder() {}

  /** Starts from the shared parts of an existing document. */
  DocumentBuilder(
      ExternalRef ref, @Nullable String number, @Nullable ExternalRef location,
      @Nullable ExternalRef customer, Instant createdAt, Currency currency,
      @Nullable ExchangeRate exchangeRate, List<L> lines, List<Discount> discounts,
      List<TaxLine> taxes, List<Charge> charges, List<Tender> tenders, List<ExternalRef> refs) {
    this.ref = ref;
    this.number = number;
    this.location = location;
    this.customer = customer;
    this.createdAt = createdAt;
    this.currency = currency;
    this.exchangeRate = exchangeRate;
    this.lines.addAll(lines);
    this.discounts.addAll(discounts);
    this.taxes.addAll(taxes);
    this.charges.addAll(charges);
    this.tenders.addAll(tenders);
    this.refs.addAll(refs);
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  private static <T> void replace(List<T> target, List<? extends T> values) {
    target.clear();
    target.addAll(values);
  }

  /**
   * Sets how the source system identifies the document.
   *
   * @param value the reference
   * @return this builder
   */
  public B ref(ExternalRef value) {
    this.ref = value;
    return self();
  }

  /**
   * Sets the receipt or document number.
   *
   * @param value the number, or {@code null}
   * @return this builder
   */
  public B number(@Nullable String value) {
    this.number = value;
    return self();
  }

  /**
   * Sets the location where the document was made.
   *
   * @param value the location reference, or {@code null}
   * @return this builder
   */
  public B location(@Nullable ExternalRef value) {
    this.location = value;
    return self();
  }

  /**
   * Sets the customer.
   *
   * @param value the source system's customer reference, or {@code null}
   * @return this builder
   */
  public B customer(@Nullable ExternalRef value) {
    this.customer = value;
    return self();
  }

  /**
   * Sets when the document was created.
   *
   * @param value the creation time
   * @return this builder
   */
  public B createdAt(Instant value) {
    this.createdAt = value;
    return self();
  }

  /**
   * Sets the currency.
   *
   * @param value the currency
   * @return this builder
   */
  public B currency(Currency value) {
    this.currency = value;
    return self();
  }

  /**
   * Sets the exchange rate to the books' home currency.
   *
   * @param value the rate, or {@code null}
   * @return this builder
   */
  public B exchangeRate(@Nullable ExchangeRate value) {
    this.exchangeRate = value;
    return self();
  }

  /**
   * Replaces the lines.
   *
   * @param values the lines
   * @return this builder
   */
  public B lines(List<L> values) {
    replace(lines, values);
    return self();
  }

  /**
   * Adds a line.
   *
   * @param value the line
   * @return this builder
   */
  public B addLine(L value) {
    lines.add(value);
    return self();
  }

  /**
   * Replaces the document-level discounts.
   *
   * @param values the discounts
   * @return this builder
   */
  public B discounts(List<Discount> values) {
    replace(discounts, values);
    return self();
  }

  /**
   * Adds a document-level discount.
   *
   * @param value the discount
   * @return this builder
   */
  public B addDiscount(Discount value) {
    discounts.add(value);
    return self();
  }

  /**
   * Replaces the document-level taxes.
   *
   * @param values the taxes
   * @return this builder
   */
  public B taxes(List<TaxLine> values) {
    replace(taxes, values);
    return self();
  }

  /**
   * Adds a document-level tax.
   *
   * @param value the tax
   * @return this builder
   */
  public B addTax(TaxLine value) {
    taxes.add(value);
    return self();
  }

  /**
   * Replaces the extra charges.
   *
   * @param values the charges
   * @return this builder
   */
  public B charges(List<Charge> values) {
    replace(charges, values);
    return self();
  }

  /**
   * Adds an extra charge.
   *
   * @param value the charge
   * @return this builder
   */
  public B addCharge(Charge value) {
    charges.add(value);
    return self();
  }

  /**
   * Replaces the tenders.
   *
   * @param values the tenders
   * @return this builder
   */
  public B tenders(List<Tender> values) {
    replace(tenders, values);
    return self();
  }

  /**
   * Adds a tender.
   *
   * @param value the tender
   * @return this builder
   */
  public B addTender(Tender value) {
    tenders.add(value);
    return self();
  }

  /**
   * Replaces the further vendor ids.
   *
   * @param values the references
   * @return this builder
   */
  public B refs(List<ExternalRef> values) {
    replace(refs, values);
    return self();
  }

  /**
   * Adds a further vendor id.
   *
   * @param value the reference
   * @return this builder
   */
  public B addRef(ExternalRef value) {
    refs.add(value);
    return self();
  }
}
