package dev.posbridge.core.model;

import java.util.Currency;
import java.util.List;

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
}
