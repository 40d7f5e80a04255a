package dev.posbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

  private static final Currency USD = Currency.getInstance("USD");
  private static final Currency JPY = Currency.getInstance("JPY");
  private static final Currency KWD = Currency.getInstance("KWD");

  /** 3,000 generated (minor units, currency) pairs with a fixed seed, edge values included. */
  static Stream<Arguments> generatedMinorUnits() {
    Random random = new Random(20261129L);
    Stream<Arguments> edges = Stream.of("JPY", "USD", "KWD").flatMap(c -> Stream.of(
        Arguments.of(0L, c), Arguments.of(1L, c), Arguments.of(-1L, c),
        Arguments.of(Long.MAX_VALUE, c), Arguments.of(Long.MIN_VALUE, c),
        Arguments.of(999L, c), Arguments.of(-1000L, c)));
    Stream<Arguments> randoms = Stream.generate(() -> {
      String c = new String[] {"JPY", "USD", "KWD"}[random.nextInt(3)];
      long minor = switch (random.nextInt(3)) {
        case 0 -> random.nextInt(100_000) - 50_000;
        case 1 -> random.nextLong() / 1_000;
        default -> random.nextLong();
      };
      return Arguments.of(minor, c);
    }).limit(3_000);
    return Stream.concat(edges, randoms);
  }

  @ParameterizedTest
  @MethodSource("generatedMinorUnits")
  void minorUnitsRoundTripExactly(long minor, String code) {
    Money money = Money.ofMinor(minor, code);

    assertThat(money.toMinorUnits()).isEqualTo(minor);
    assertThat(money.amount().scale()).isEqualTo(Currency.getInstance(code).getDefaultFractionDigits());
    assertThat(Money.of(money.amount().toPlainString(), code)).isEqualTo(money);
  }

  static Stream<Arguments> generatedPairs() {
    Random random = new Random(7L);
    return Stream.generate(() -> {
      String c = new String[] {"JPY", "USD", "KWD"}[random.nextInt(3)];
      return Arguments.of(
          (long) random.nextInt(2_000_000_000) - 1_000_000_000,
          (long) random.nextInt(2_000_000_000) - 1_000_000_000, c);
    }).limit(2_000);
  }

  @ParameterizedTest
  @MethodSource("generatedPairs")
  void arithmeticMatchesIntegerArithmeticOnMinorUnits(long a, long b, String code) {
    Money x = Money.ofMinor(a, code);
    Money y = Money.ofMinor(b, code);

    assertThat(x.plus(y).toMinorUnits()).isEqualTo(a + b);
    assertThat(x.minus(y).toMinorUnits()).isEqualTo(a - b);
    assertThat(x.plus(y).minus(y)).isEqualTo(x);
    assertThat(x.negate().toMinorUnits()).isEqualTo(-a);
    assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Long.signum(a - b));
    assertThat(x.times(BigDecimal.valueOf(3), RoundingMode.UNNECESSARY).toMinorUnits())
        .isEqualTo(3 * a);
  }

  @Test
  void scaleFollowsTheCurrencysFractionDigits() {
    assertThat(Money.of("12.5", "USD").amount()).isEqualByComparingTo("12.50");
    assertThat(Money.of("12.5", "USD").amount().scale()).isEqualTo(2);
    assertThat(Money.of("1000", "JPY").amount().scale()).isZero();
    assertThat(Money.of("1.5", "KWD").toMinorUnits()).isEqualTo(1500);
    assertThat(Money.of("12.50", "USD")).isEqualTo(Money.of("12.5", "USD"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"USD:12.345", "JPY:1.5", "KWD:0.0001"})
  void amountsNeedingRoundingAreRejectedWithTheValueAndCurrencyNamed(String spec) {
    String[] parts = spec.split(":");

    assertThatThrownBy(() -> Money.of(parts[1], parts[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(parts[1])
        .hasMessageContaining(parts[0]);
  }

  @Test
  void explicitRoundingIsAvailableWhenWanted() {
    assertThat(Money.of(new BigDecimal("9.375"), USD, RoundingMode.HALF_UP))
        .isEqualTo(Money.of("9.38", "USD"));
    assertThat(Money.of("0.037", "KWD").times(new BigDecimal("2.5"), RoundingMode.HALF_UP))
        .isEqualTo(Money.of("0.093", "KWD"));
  }

  @Test
  void mixingCurrenciesIsRefused() {
    Money dollars = Money.of("1.00", "USD");
    Money yen = Money.of("100", "JPY");

    assertThatThrownBy(() -> dollars.plus(yen))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("USD")
        .hasMessageContaining("JPY");
    assertThatThrownBy(() -> dollars.minus(yen)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> dollars.compareTo(yen)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidInputGivesIllegalArgumentNotNullPointer() {
    assertThatThrownBy(() -> Money.of("abc", "USD"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("abc");
    assertThatThrownBy(() -> Money.of("1", "ZZZ"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ZZZ");
    assertThatThrownBy(() -> Money.of("1", "XXX"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fraction digits");
    assertThatThrownBy(() -> new Money(null, USD))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount");
    assertThatThrownBy(() -> new Money(BigDecimal.ONE, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currency");
  }

  @Test
  void amountsBeyondALongOfMinorUnitsAreRefusedAtConstruction() {
    // Since issue 14 (decision 0018) Money cannot hold what toMinorUnits could not return.
    assertThatThrownBy(() -> Money.of(new BigDecimal("1e30"), JPY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
    assertThatThrownBy(() -> Money.of(new BigDecimal("9223372036854775808"), JPY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minor units");
  }

  @Test
  void rendersCurrencyAndPlainAmount() {
    assertThat(Money.ofMinor(-150, KWD)).hasToString("KWD -0.150");
    assertThat(Money.zero(JPY)).hasToString("JPY 0");
  }
}
