package dev.posbridge.core.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
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
}
