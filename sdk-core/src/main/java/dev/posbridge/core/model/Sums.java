package dev.posbridge.core.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Sums over model parts, shared by the records that need them. */
final class Sums {

  private Sums() {}

  static Money taxes(List<TaxLine> taxes, Currency currency, boolean additiveOnly) {
    Money sum = Money.zero(currency);
    for (TaxLine t : taxes) {
      if (!additiveOnly || !t.inclusive()) {
        sum = sum.plus(t.amount());
      }
    }
    return sum;
  }

  static Money discounts(List<Discount> discounts, Currency currency) {
    Money sum = Money.zero(currency);
    for (Discount d : discounts) {
      sum = sum.plus(d.amount());
    }
    return sum;
  }

  static void compare(
      List<TotalsCheck.Discrepancy> off, String part, Money expected, Money actual, Money tolerance) {
    if (actual.minus(expected).abs().compareTo(tolerance) > 0) {
      off.add(new TotalsCheck.Discrepancy(part, expected, actual));
    }
  }

  /**
   * Starts a totals check: validates the tolerance and lists the lines whose gross is not
   * {@code quantity × unitPrice} (within the rounding to the currency) or whose total is not
   * {@code gross − discounts + additive taxes} (within the tolerance).
   */
  static List<TotalsCheck.Discrepancy> lineDiscrepancies(
      List<? extends PricedLine> lines, Currency currency, Money tolerance) {
    Checks.sameCurrency(Money.zero(currency), tolerance, "tolerance");
    if (tolerance.signum() < 0) {
      throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
    }
    List<TotalsCheck.Discrepancy> off = new ArrayList<>();
    Money minor = Money.ofMinor(1, currency);
    for (int i = 0; i < lines.size(); i++) {
      PricedLine line = lines.get(i);
      BigDecimal exactGross = line.unitPrice().amount().multiply(line.quantity());
      if (line.gross().amount().subtract(exactGross).abs().compareTo(minor.amount()) >= 0) {
        off.add(new TotalsCheck.Discrepancy("lines[" + i + "].gross",
            Money.of(exactGross, currency, RoundingMode.HALF_UP), line.gross()));
      }
      Money lineTotal = line.gross().minus(line.discountTotal()).plus(line.additiveTaxTotal());
      compare(off, "lines[" + i + "].total", lineTotal, line.total(), tolerance);
    }
    return off;
  }

  /**
   * Returns the taxes of a document: its own, its lines' and its charges'; all of them, or only
   * the additive ones.
   */
  static Money documentTaxes(List<TaxLine> taxes, List<? extends PricedLine> lines, List<Charge> charges,
      Currency currency, boolean additiveOnly) {
    Money sum = taxes(taxes, currency, additiveOnly);
    for (PricedLine l : lines) {
      sum = sum.plus(additiveOnly ? l.additiveTaxTotal() : l.taxTotal());
    }
    for (Charge c : charges) {
      sum = sum.plus(taxes(c.taxes(), currency, additiveOnly));
    }
    return sum;
  }

  /** Requires an exchange rate, if any, to be from the document's currency. */
  static void rateFrom(Currency currency, @Nullable ExchangeRate exchangeRate) {
    Checks.notNull(currency, "currency");
    if (exchangeRate != null && !exchangeRate.from().equals(currency)) {
      throw new IllegalArgumentException(
          "exchangeRate must be from " + currency.getCurrencyCode() + ": " + exchangeRate);
    }
  }

  /** Requires every amount of a document's parts to be in its currency. */
  static void sameCurrency(Currency currency, List<? extends PricedLine> lines, List<Discount> discounts,
      List<TaxLine> taxes, List<Charge> charges, List<Tender> tenders) {
    Money zero = Money.zero(currency);
    for (int i = 0; i < lines.size(); i++) {
      Money gross = lines.get(i).gross();
      if (!gross.currency().equals(currency)) {
        Checks.sameCurrency(zero, gross, "lines[" + i + "]"); // the label only when it throws
      }
    }
    for (Discount d : discounts) {
      Checks.sameCurrency(zero, d.amount(), "discounts");
    }
    for (TaxLine t : taxes) {
      Checks.sameCurrency(zero, t.amount(), "taxes");
    }
    for (Charge c : charges) {
      Checks.sameCurrency(zero, c.amount(), "charges");
    }
    for (Tender t : tenders) {
      Checks.sameCurrency(zero, t.amount(), "tenders");
    }
  }
}
