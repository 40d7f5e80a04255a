package dev.posbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers with huge exponents or absurd magnitudes must fail at construction with a short
 * message, before any code expands them (a {@code toPlainString()} of {@code 1e999999999} is a
 * billion characters).
 */
class HostileNumbersTest {

  private static final Currency USD = Currency.getInstance("USD");
  private static final ExternalRef LOC = ExternalRef.of("square", "location", "L1");
  private static final ExternalRef ITEM = ExternalRef.of("square", "item", "I1");
  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "-1e999999999", "1e-999999999", "9.99e999999999",
      "100000000000000000000", "92233720368547758.08"})
  void moneyRefusesHugeOrOverPreciseAmountsWithAShortMessage(String amount) {
    assertShortFailure(() -> Money.of(amount, "USD"));
    assertShortFailure(() -> Money.of(new BigDecimal(amount), USD));
    assertShortFailure(() -> Money.of(new BigDecimal(amount), USD, RoundingMode.HALF_UP));
  }

  @Test
  void moneyStillCoversEveryLongOfMinorUnits() {
    assertThat(Money.ofMinor(Long.MAX_VALUE, USD).toMinorUnits()).isEqualTo(Long.MAX_VALUE);
    assertThat(Money.ofMinor(Long.MIN_VALUE, "JPY").toMinorUnits()).isEqualTo(Long.MIN_VALUE);
    assertThat(Money.of(new BigDecimal("0e999999999"), USD)).isEqualTo(Money.zero(USD));
  }

  @Test
  void moneyArithmeticThatLeavesTheBoundsFailsShort() {
    Money max = Money.ofMinor(Long.MAX_VALUE, USD);
    assertShortFailure(() -> max.plus(max));
    assertShortFailure(() -> Money.of("1.00", "USD").times(new BigDecimal("1e999999999"),
        RoundingMode.HALF_UP));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "1e-999999999", "1000000001", "1e12"})
  void everyQuantityIsBounded(String quantity) {
    BigDecimal q = new BigDecimal(quantity);
    Money one = Money.of("1.00", "USD");
    assertShortFailure(() -> new SaleLine(null, "S", "n", q, one, one, List.of(), List.of(), one, null));
    assertShortFailure(() -> SaleLine.of("S", "n", q, one));
    assertShortFailure(() -> RefundLine.of("S", "n", q, UnitPrice.of(one), true));
    assertShortFailure(() -> StockChange.adjust("S", LOC, q, StockChangeReason.SALE, T, null));
    assertShortFailure(() -> StockChange.adjust("S", LOC, q.negate(), StockChangeReason.SALE, T, null));
    assertShortFailure(() -> StockChange.set("S", LOC, q, StockChangeReason.CORRECTION, T, null));
    assertShortFailure(() -> new StockLevel(ITEM, "S", LOC, q, null, null, T));
    assertShortFailure(() -> new StockLevel(ITEM, "S", LOC, null, q.negate(), null, T));
    assertShortFailure(() -> new StockLevel(ITEM, "S", LOC, BigDecimal.ONE, null, q, T));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "1e-999999999", "-1e999999999", "1001"})
  void ratesAndPercentagesAreBounded(String rate) {
    BigDecimal r = new BigDecimal(rate);
    Money one = Money.of("1.00", "USD");
    assertShortFailure(() -> new TaxLine("t", r, one, false, null));
    assertShortFailure(() -> new Discount("d", one, r, null, null));
  }

  @Test
  void ordinaryNumbersStillPass() {
    Money one = Money.of("1.00", "USD");
    assertThat(new StockLevel(ITEM, "S", LOC, new BigDecimal("-3"), null, null, T).onHand())
        .isEqualByComparingTo("-3");
    assertThat(SaleLine.of("S", "n", new BigDecimal("0.125"), one).gross()).isEqualTo(Money.of("0.13", "USD"));
    assertThat(new TaxLine("t", new BigDecimal("8.875"), one, false, null).rate()).isEqualByComparingTo("8.875");
  }

  private static void assertShortFailure(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }
}
