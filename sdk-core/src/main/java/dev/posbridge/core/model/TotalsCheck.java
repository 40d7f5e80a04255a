package dev.posbridge.core.model;

import java.util.List;

/**
 * The outcome of {@link Sale#checkTotals()}: every part of a sale whose reported amount differs
 * from the amount its components add up to by more than the currency's rounding.
 *
 * @param discrepancies the parts that are off; empty when the sale balances
 */
public record TotalsCheck(List<Discrepancy> discrepancies) {

  /**
   * One part of a sale that does not add up.
   *
   * @param part which figure is off, e.g. {@code "total"}, {@code "taxTotal"},
   *     {@code "lines[2].total"}
   * @param expected what the components add up to
   * @param actual what the sale reports
   */
  public record Discrepancy(String part, Money expected, Money actual) {

    /**
     * Validates the components.
     *
     * @param part the part
     * @param expected the expected amount
     * @param actual the reported amount
     * @throws IllegalArgumentException if a component is missing or currencies differ
     */
    public Discrepancy {
      Checks.notBlank(part, "part");
      part = Checks.requiredText(part, "part");
      Checks.notNull(expected, "expected");
      Checks.notNull(actual, "actual");
      Checks.sameCurrency(expected, actual, "actual");
    }

    /**
     * Returns {@code actual − expected}.
     *
     * @return the signed difference
     */
    public Money difference() {
      return actual.minus(expected);
    }

    @Override
    public String toString() {
      return part + ": expected " + expected + " but was " + actual;
    }
  }

  /**
   * Validates the components.
   *
   * @param discrepancies the parts that are off
   */
  public TotalsCheck {
    discrepancies = Checks.list(discrepancies, "discrepancies");
  }

  /**
   * Tells whether every part adds up.
   *
   * @return {@code true} if there are no discrepancies
   */
  public boolean balanced() {
    return discrepancies.isEmpty();
  }

  @Override
  public String toString() {
    return balanced() ? "balanced" : "unbalanced " + discrepancies;
  }
}
