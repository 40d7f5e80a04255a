package dev.posbridge.square.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeysAndCursorTest {

  @Test
  void shortAsciiKeysAreKeptAsTheyAre() {
    assertThat(Keys.fit("sale-1:payment:0", Keys.PAYMENT)).isEqualTo("sale-1:payment:0");
  }

  @Test
  void longOrNonAsciiKeysAreHashedDeterministicallyWithinTheLimit() {
    String longKey = "k".repeat(46);
    assertThat(Keys.fit(longKey, Keys.PAYMENT)).hasSize(45).startsWith("h-").isEqualTo(Keys.fit(longKey, Keys.PAYMENT));
    assertThat(Keys.fit("k".repeat(47), Keys.PAYMENT)).isNotEqualTo(Keys.fit(longKey, Keys.PAYMENT));
    assertThat(Keys.fit("café", Keys.PAYMENT)).startsWith("h-");
    assertThat(Keys.fit("x".repeat(300), Keys.INVENTORY)).hasSizeLessThanOrEqualTo(128);
  }

  @Test
  void cursorsRoundTripAndRejectForeignText() {
    PageCursor c = new PageCursor(1, 3, "sq:cursor:with:colons");
    assertThat(PageCursor.decode(c.encode())).isEqualTo(c);
    assertThat(PageCursor.decode(null)).isEqualTo(PageCursor.START);
    assertThatThrownBy(() -> PageCursor.decode("not-a-cursor")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quantitiesAreWrittenPlainWithoutTrailingZeros() {
    assertThat(Convert.quantity(new java.math.BigDecimal("2.500"))).isEqualTo("2.5");
    assertThat(Convert.quantity(new java.math.BigDecimal("1E+2"))).isEqualTo("100");
    assertThat(Convert.quantity(java.math.BigDecimal.ZERO)).isEqualTo("0");
  }
}
