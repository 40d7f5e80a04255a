package dev.posbridge.core.internal.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class StockTableTest {

  @Test
  void joinsQuantitiesOfOneKeyIntoOneRow() {
    StockTable t = new StockTable(3, 2);
    t.add(0, "A", "s1", new BigDecimal("5"));
    t.add(2, "A", "s1", new BigDecimal("7"));
    t.add(1, "B", "s1", new BigDecimal("1"));
    assertThat(t.size()).isEqualTo(2);
    int a = t.find("A", "s1");
    assertThat(t.sku(a)).isEqualTo("A");
    assertThat(t.location(a)).isEqualTo("s1");
    assertThat(t.quantity(a, 0)).isEqualTo(new BigDecimal("5"));
    assertThat(t.quantity(a, 1)).isNull();
    assertThat(t.quantity(a, 2)).isEqualTo(new BigDecimal("7"));
    assertThat(t.find("A", "s2")).isEqualTo(-1);
  }

  @Test
  void sumsLevelsOfOneSystemForTheSameKey() {
    StockTable t = new StockTable(2, 1);
    t.add(0, "A", "s1", new BigDecimal("2.5"));
    t.add(0, "A", "s1", new BigDecimal("1.25"));
    assertThat(t.quantity(0, 0)).isEqualTo(new BigDecimal("3.75"));
  }

  @Test
  void keepsQuantitiesThatNeedMorePrecisionOrRangeExactly() {
    StockTable t = new StockTable(2, 1);
    BigDecimal fine = new BigDecimal("0.123456789");
    BigDecimal huge = new BigDecimal("123456789012345678901234567890");
    t.add(0, "A", "s1", fine);
    t.add(1, "A", "s1", huge);
    t.add(0, "B", "s1", new BigDecimal("-3"));
    t.add(1, "B", "s1", new BigDecimal("1E+3"));
    assertThat(t.quantity(0, 0)).isEqualTo(fine);
    assertThat(t.quantity(0, 1)).isEqualTo(huge);
    assertThat(t.quantity(1, 0)).isEqualTo(new BigDecimal("-3"));
    assertThat(t.quantity(1, 1)).isEqualTo(new BigDecimal("1000"));
    t.add(0, "A", "s1", new BigDecimal("0.876543211"));
    assertThat(t.quantity(0, 0)).isEqualTo(new BigDecimal("1"));
  }

  @Test
  void growsPastItsInitialSize() {
    StockTable t = new StockTable(3, 4);
    for (int k = 0; k < 5_000; k++) {
      for (int l = 0; l < 2; l++) {
        t.add(k % 3, "SKU-" + k, "loc-" + l, BigDecimal.valueOf(k * 2L + l));
      }
    }
    assertThat(t.size()).isEqualTo(10_000);
    int r = t.find("SKU-3332", "loc-1");
    assertThat(t.quantity(r, 2)).isEqualTo(BigDecimal.valueOf(6_665));
    assertThat(t.quantity(r, 0)).isNull();
  }

  @Test
  void quotesCsvFieldsOnlyWhenRfc4180RequiresIt() {
    assertThat(CsvReportWriter.field("plain")).isEqualTo("plain");
    assertThat(CsvReportWriter.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvReportWriter.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvReportWriter.field("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  @Test
  void escapesHtml() {
    assertThat(HtmlReportWriter.esc("<b a=\"1\">&'x'")).isEqualTo("&lt;b a=&quot;1&quot;&gt;&amp;&#39;x&#39;");
    assertThat(HtmlReportWriter.esc("safe")).isEqualTo("safe");
  }
}
