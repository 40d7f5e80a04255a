package dev.posbridge.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.LocalValidationException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataGuardTest {

  /** Test card numbers published by the networks and acquirers, in several lengths and formats. */
  @ParameterizedTest
  @ValueSource(strings = {
      "4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "4111 - 1111 - 1111 - 1111",
      "4111\u00a01111\u00a01111\u00a01111", "4111\u20131111\u20131111\u20131111",
      "5555555555554444", "5105 1051 0510 5100", "2223003122003222", "378282246310005",
      "3782 822463 10005", "6011111111111117", "6011 0009 9013 9424", "3530111333300000",
      "30569309025904", "36227206271667", "4222222222222", "6200000000000005",
      "6250941006528599", "4000056655665556", "4917610000000000003", "6759649826438453",
      "\uff14\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11"})
  void masksPublishedTestCardNumbersInEveryFormat(String pan) {
    String masked = DataGuard.text("paid with " + pan + " thanks");

    assertThat(masked).startsWith("paid with ").endsWith(" thanks").contains("*");
    assertThat(digitsOf(masked)).hasSizeLessThanOrEqualTo(10);
    assertThat(DataGuard.text(masked)).isEqualTo(masked);
    assertThat(DataGuard.containsPan(masked)).isFalse();
  }

  @Test
  void keepsTheFirstSixAndLastFourDigitsAndTheSeparators() {
    assertThat(DataGuard.text("4111111111111111")).isEqualTo("411111******1111");
    assertThat(DataGuard.text("4111 1111 1111 1111")).isEqualTo("4111 11** **** 1111");
    assertThat(DataGuard.text("card 4111111111111111 exp 12/28 cvv 123"))
        .isEqualTo("card 411111******1111 exp 12/28 cvv 123");
  }

  @Test
  void findsAPanFollowedByMoreDigitsInTheSameRun() {
    // PAN then CVV separated by a space: one 19-digit run whose whole Luhn sum fails.
    assertThat(DataGuard.text("4111 1111 1111 1111 123")).doesNotContain("1111 1111 1111");
    assertThat(DataGuard.text("41111111111111111234")).startsWith("411111******1111");
    assertThat(DataGuard.text("4111111111111111 4111111111111111"))
        .isEqualTo("411111******1111 411111******1111");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "Latte 12oz", "4111111111111112", "411111111111", "order 1001 of 2026-03-02 12:30",
      "+1 (555) 123-4567", "qty 12 price 1234.56", "SKU-0001-0002", "12/28 123",
      "a1b2c3d4e5f6g7h8i9j0k1l2m3"})
  void leavesTextWithoutACardNumberAlone(String text) {
    assertThat(DataGuard.text(text)).isSameAs(text);
    assertThat(DataGuard.containsPan(text)).isFalse();
  }

  @Test
  void masksAPanHiddenInAVeryLongDigitStringWithoutRecursing() {
    String digits = "4111111111111111".repeat(50_000);
    String masked = DataGuard.text(digits);
    assertThat(masked).hasSameSizeAs(digits).contains("*");
    assertThat(DataGuard.containsPan(masked)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "4111-1111-1111-1111", "4111 1111 1111 1111", "4111111111111111 exp 12/28 cvv 123",
      "3782-822463-10005", "order 4111111111111111", " 4222222222222 ", "ord-4111-1111-1111-1111"})
  void refusesIdentifiersThatContainACardNumber(String id) {
    assertThatThrownBy(() -> DataGuard.identifier(id, "id"))
        .isInstanceOf(LocalValidationException.class)
        .hasMessageContaining("id looks like a payment card number")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(id.trim()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "gid://shopify/Order/4512345678901", "gid://shopify/ProductVariant/44012345678903",
      "gid://shopify/Order/820982911946154508", "4006381333931", "12345678901234567890123",
      "CAISEM82RcpmcFBM0TfOyiHV3es", "146", "12345678-1234-1234-1234-123456789012",
      "123e4567-e89b-12d3-a456-426614174000", "sale-1001", "MUG-01", "00012345600012",
      "4111111111111111"})
  void acceptsVendorIdsGtinsAndBareNumericIds(String id) {
    // A bare digit run is accepted on purpose (decision 0018): vendors issue 13-19-digit ids.
    assertThat(DataGuard.identifier(id, "id")).isEqualTo(id);
  }

  @Test
  void acceptsUuidsWhoseDigitRunsTouchingLettersWouldMakeALuhnValidCardGroupChain() {
    // Square's event ids are UUIDs: 164|4589|4672|9800|86 is 17 digits in five hyphenated groups,
    // and some 13-19-digit stretch of it passes Luhn; 164 and 86 belong to the words 6f5cd164
    // and 86e0d75aab41, leaving three groups of four (12 digits), which is no card number.
    assertThat(DataGuard.identifier("6f5cd164-4589-4672-9800-86e0d75aab41", "eventId"))
        .isEqualTo("6f5cd164-4589-4672-9800-86e0d75aab41");
    java.util.Random random = new java.util.Random(20261206);
    for (int i = 0; i < 100_000; i++) {
      String uuid = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
      assertThat(DataGuard.containsPanInIdentifier(uuid)).as(uuid).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"4111-1111-1111-1111-a", "id:4111-1111-1111-1111", "x-4111-1111-1111-1111"})
  void stillRefusesCardGroupsThatAreWholeTokensNextToWords(String id) {
    assertThatThrownBy(() -> DataGuard.identifier(id, "id")).isInstanceOf(LocalValidationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "-1e999999999", "1e-999999999", "1E+20",
      "123456789012345678901234567890"})
  void refusesHugeOrOverPreciseAmountsWithAShortMessage(String amount) {
    assertThatThrownBy(() -> DataGuard.amount(new BigDecimal(amount), "amount"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(160).startsWith("amount "));
  }

  @Test
  void normalisesAZeroWithAHugeExponent() {
    assertThat(DataGuard.amount(new BigDecimal("0e999999999"), "amount")).isEqualTo(BigDecimal.ZERO);
    assertThat(DataGuard.quantity(new BigDecimal("0e-999999999"), "q")).isEqualTo(BigDecimal.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "1000000001", "-1000000001", "1e-999999999", "1e10",
      "0.0000000000001"})
  void refusesAbsurdQuantities(String quantity) {
    assertThatThrownBy(() -> DataGuard.quantity(new BigDecimal(quantity), "onHand"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(160).startsWith("onHand "));
  }

  @Test
  void acceptsOrdinaryQuantitiesAndDropsTrailingZerosPastTheScaleBound() {
    assertThat(DataGuard.quantity(new BigDecimal("1000000000"), "q")).isEqualByComparingTo("1e9");
    assertThat(DataGuard.quantity(new BigDecimal("-3.25"), "q")).isEqualByComparingTo("-3.25");
    assertThat(DataGuard.quantity(new BigDecimal("2.000000000000000000"), "q")).isEqualByComparingTo("2");
  }

  @Test
  void describesNumbersAndQuotesStringsInBoundedSpace() {
    assertThat(DataGuard.describe(new BigDecimal("1e999999999"))).isEqualTo("1E+999999999");
    assertThat(DataGuard.describe(new BigDecimal("12.50"))).isEqualTo("12.50");
    assertThat(DataGuard.quote("x".repeat(1_000_000))).hasSizeLessThan(100);
    assertThat(DataGuard.quote("card 4111111111111111")).isEqualTo("\"card 411111******1111\"");
  }

  private static String digitsOf(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().filter(Character::isDigit).forEach(b::appendCodePoint);
    return b.toString();
  }
}
