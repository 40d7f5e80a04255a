package dev.posbridge.core.sync;

import dev.posbridge.core.UnbalancedTotalsException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.model.Charge;
import dev.posbridge.core.model.ChargeType;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Totals;
import dev.posbridge.core.model.TotalsCheck;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What to do with a sale or refund whose parts do not add up to its total, before it is booked.
 * Sinks book the source's total exactly and write the parts; the two must agree to the cent.
 *
 * <ul>
 *   <li>{@link #strict()} (the default): every part must add up exactly ({@link
 *       Sale#checkTotals(Money)} with a zero tolerance, a line's gross allowed the rounding of
 *       {@code quantity × unitPrice}); otherwise {@link UnbalancedTotalsException}.
 *   <li>{@link #roundingTolerance(long)}: a difference of at most the tolerance is booked with
 *       explicit adjustment lines: first a tax difference (the reported tax total against the sum
 *       of the tax lines, as when one system rounds 9.975 % per line and the other per document)
 *       as a sale-level {@link TaxLine} named {@value #TAX_ROUNDING}; then any remaining
 *       difference of the total as a {@link Charge} of type {@link ChargeType#ROUNDING} named
 *       {@value #ROUNDING}. A larger difference is rejected as in strict mode.
 * </ul>
 *
 * <p>The booked total is always the source's. Immutable and thread-safe.
 */
public final class TotalsPolicy {

  /** The name of the tax line that carries a tax rounding difference. */
  public static final String TAX_ROUNDING = "Tax rounding";
  /** The name of the charge that carries a total rounding difference. */
  public static final String ROUNDING = "Rounding";

  private static final TotalsPolicy STRICT = new TotalsPolicy(-1);

  private final long toleranceMinorUnits;

  private TotalsPolicy(long toleranceMinorUnits) {
    this.toleranceMinorUnits = toleranceMinorUnits;
  }

  /**
   * Rejects any sale or refund whose parts do not add up exactly.
   *
   * @return the policy
   */
  public static TotalsPolicy strict() {
    return STRICT;
  }

  /**
   * Books differences of at most {@code minorUnits} with explicit rounding lines.
   *
   * @param minorUnits the tolerance in minor units of the document's currency (e.g. {@code 2} for
   *     two cents); {@code 0} is the same as {@link #strict()}
   * @return the policy
   * @throws IllegalArgumentException if negative
   */
  public static TotalsPolicy roundingTolerance(long minorUnits) {
    if (minorUnits < 0) {
      throw new IllegalArgumentException("tolerance must not be negative: " + minorUnits);
    }
    return minorUnits == 0 ? STRICT : new TotalsPolicy(minorUnits);
  }

  /**
   * Returns the tolerance.
   *
   * @return the tolerance in minor units; {@code 0} when strict
   */
  public long toleranceMinorUnits() {
    return Math.max(0, toleranceMinorUnits);
  }

  /**
   * Checks a sale, adding rounding lines where the policy allows.
   *
   * @param sale the sale
   * @param system the sink, for the error context
   * @return the sale to book: the same sale, or a copy with rounding lines
   * @throws UnbalancedTotalsException if it does not add up within the policy
   */
  public Sale apply(Sale sale, String system) {
    if (sale.state().isVoid()) {
      return sale;
    }
    return settle(sale, sale.currency(), sale::checkTotals, TotalsPolicy::rounded,
        () -> "sale " + sale.ref() + " does not add up to its total " + sale.totals().total(),
        system, "RecordSale");
  }

  private static @Nullable Sale rounded(Sale sale, Money tolerance) {
    Sale adjusted = sale;
    Totals implied = sale.impliedTotals();
    Money taxDiff = sale.totals().taxTotal().minus(implied.taxTotal());
    if (roundable(taxDiff, tolerance)) {
      adjusted = adjusted.toBuilder().addTax(roundingTax(taxDiff, isInclusive(sale))).build();
    }
    Money totalDiff = sale.totals().total().minus(adjusted.impliedTotals().total());
    if (roundable(totalDiff, tolerance)) {
      Totals t = sale.totals();
      adjusted = adjusted.toBuilder()
          .addCharge(Charge.of(ChargeType.ROUNDING, ROUNDING, totalDiff))
          .totals(new Totals(t.subtotal(), t.discountTotal(), t.taxTotal(), t.tipTotal(),
              t.chargeTotal().plus(totalDiff), t.total()))
          .build();
    }
    TotalsCheck after = adjusted.checkTotals(Money.zero(sale.currency()));
    return adjusted.impliedTotals().total().equals(sale.totals().total())
        && after.discrepancies().stream().allMatch(d -> d.difference().abs().compareTo(tolerance) <= 0)
        ? adjusted : null;
  }

  /**
   * Checks a refund, adding rounding lines where the policy allows. An amount-only refund always
   * passes.
   *
   * @param refund the refund
   * @param system the sink, for the error context
   * @return the refund to book
   * @throws UnbalancedTotalsException if it does not add up within the policy
   */
  public Refund apply(Refund refund, String system) {
    return settle(refund, refund.currency(), refund::checkTotals, TotalsPolicy::rounded,
        () -> "refund " + refund.ref() + " does not add up to its amount " + refund.amount(),
        system, "RecordRefund");
  }

  private static @Nullable Refund rounded(Refund refund, Money tolerance) {
    Refund adjusted = refund;
    Money taxDiff = refund.taxAmount().minus(refund.impliedTaxAmount());
    if (roundable(taxDiff, tolerance)) {
      boolean inclusive = refund.lines().stream().flatMap(l -> l.taxes().stream())
          .anyMatch(TaxLine::inclusive);
      adjusted = adjusted.toBuilder().addTax(roundingTax(taxDiff, inclusive)).build();
    }
    Money amountDiff = refund.amount().minus(adjusted.impliedAmount());
    if (roundable(amountDiff, tolerance)) {
      adjusted = adjusted.toBuilder().addCharge(Charge.of(ChargeType.ROUNDING, ROUNDING, amountDiff)).build();
    }
    return adjusted.checkTotals(Money.zero(refund.currency())).balanced() ? adjusted : null;
  }

  /** Adds rounding lines to a document within a tolerance; {@code null} when that is not enough. */
  @FunctionalInterface
  private interface Rounding<D> {
    @Nullable D apply(D document, Money tolerance);
  }

  /**
   * The policy's flow for a document: booked as it is when it adds up exactly, else with the
   * rounding lines {@code round} adds within the tolerance when those make it acceptable, else
   * rejected.
   */
  private <D> D settle(D document, Currency currency, Function<Money, TotalsCheck> check,
      Rounding<D> round, Supplier<String> message, String system, String operation) {
    TotalsCheck exact = check.apply(Money.zero(currency));
    if (exact.balanced()) {
      return document;
    }
    if (toleranceMinorUnits > 0) {
      D adjusted = round.apply(document, Money.ofMinor(toleranceMinorUnits, currency));
      if (adjusted != null) {
        return adjusted;
      }
    }
    throw unbalanced(message.get(), exact, system, operation);
  }

  /** Whether a difference is one that rounding lines may absorb: not zero, within the tolerance. */
  private static boolean roundable(Money difference, Money tolerance) {
    return !difference.isZero() && difference.abs().compareTo(tolerance) <= 0;
  }

  private static TaxLine roundingTax(Money difference, boolean inclusive) {
    return new TaxLine(TAX_ROUNDING, null, difference, inclusive, null);
  }

  private static boolean isInclusive(Sale sale) {
    List<TaxLine> all = new ArrayList<>(sale.taxes());
    sale.lines().forEach(l -> all.addAll(l.taxes()));
    return !all.isEmpty() && all.stream().allMatch(TaxLine::inclusive);
  }

  private static UnbalancedTotalsException unbalanced(
      String message, TotalsCheck check, String system, String operation) {
    List<ValidationException.FieldError> errors = new ArrayList<>();
    for (TotalsCheck.Discrepancy d : check.discrepancies()) {
      errors.add(new ValidationException.FieldError(d.part(), "unbalanced_totals",
          "expected " + d.expected() + " but was " + d.actual()));
    }
    return new UnbalancedTotalsException(message, operation + " " + system, errors, null);
  }

  @Override
  public String toString() {
    return toleranceMinorUnits <= 0 ? "TotalsPolicy[strict]"
        : "TotalsPolicy[roundingTolerance=" + toleranceMinorUnits + "]";
  }
}
