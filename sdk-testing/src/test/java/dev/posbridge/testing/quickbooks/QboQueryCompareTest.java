package dev.posbridge.testing.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class QboQueryCompareTest {

  @Test
  void timestampsCompareByInstantNumbersByValueAndEverythingElseAsCaseInsensitiveText() {
    assertThat(QboQuery.compare("2026-12-06T09:00:00+01:00", "2026-12-06T08:00:00Z")).isZero();
    assertThat(QboQuery.compare("2026-12-06T08:00:01Z", "2026-12-06T08:00:00Z")).isPositive();
    assertThat(QboQuery.compare("10", "9.50")).isPositive();
    assertThat(QboQuery.compare("+1.0", "1")).isZero();
    assertThat(QboQuery.compare(".5", "0.50")).isZero();
    assertThat(QboQuery.compare("-2", "1")).isNegative();
    assertThat(QboQuery.compare("r-1042", "R-1042")).isZero();
    assertThat(QboQuery.compare("R-10", "R-9")).isNegative(); // text, not numbers
    assertThat(QboQuery.compare("10 apples", "9 apples")).isNegative(); // not a number: text
    assertThat(QboQuery.compare("2026-12-06", "2026-12-06T00:00:00Z")).isNegative(); // a date is text
    assertThat(QboQuery.compare("", "a")).isNegative();
  }

  @Test
  void documentNumberInListMatchesOnlyTheListedReceiptsAmongThousands() {
    QboQuery q = QboQuery.parse("SELECT * FROM SalesReceipt WHERE DocNumber IN ('R-17', 'r-4242', 'S-9')");
    int matched = 0;
    for (int i = 0; i < 5_000; i++) {
      ObjectNode receipt = JsonNodeFactory.instance.objectNode().put("Id", String.valueOf(i))
          .put("DocNumber", "R-" + i);
      if (q.matches(receipt)) {
        matched++;
      }
    }
    assertThat(matched).isEqualTo(2);
  }
}
