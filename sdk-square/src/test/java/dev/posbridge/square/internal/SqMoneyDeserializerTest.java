package dev.posbridge.square.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqMoneyDeserializerTest {

  private final ObjectMapper json = SquareJson.create();

  record Holder(Dto.SqMoney money, List<Dto.SqMoney> more, String after) {}

  @Test
  void readsAmountAndCurrencySkippingUnknownPropertiesAndKeepsTheRestOfTheDocumentInStep() throws Exception {
    Holder h = json.readValue("""
        {"money": {"extra": {"a": [1, {"b": 2}]}, "amount": 1250, "currency": "USD", "z": [true]},
         "more": [{"amount": -5, "currency": "EUR"}, {"currency": "JPY"}, {}],
         "after": "still read"}""", Holder.class);

    assertThat(h.money()).isEqualTo(new Dto.SqMoney(1250L, "USD"));
    assertThat(h.more()).containsExactly(new Dto.SqMoney(-5L, "EUR"), new Dto.SqMoney(null, "JPY"),
        new Dto.SqMoney(null, null));
    assertThat(h.after()).isEqualTo("still read");
  }

  @Test
  void theSameCurrencyCodeIsOneSharedString() throws Exception {
    Dto.SqMoney a = json.readValue("{\"amount\": 1, \"currency\": \"USD\"}", Dto.SqMoney.class);
    Dto.SqMoney b = json.readValue("{\"amount\": 2, \"currency\": \"USD\"}", Dto.SqMoney.class);

    assertThat(a.currency()).isSameAs(b.currency()).isEqualTo("USD");
    assertThat(json.readValue("{\"currency\": \"usd\"}", Dto.SqMoney.class).currency()).isEqualTo("usd");
    assertThat(json.readValue("{\"currency\": \"USDT\"}", Dto.SqMoney.class).currency()).isEqualTo("USDT");
  }

  @Test
  void integralAmountsInOtherNotationsAreAccepted() throws Exception {
    assertThat(json.readValue("{\"amount\": 12.0}", Dto.SqMoney.class).amount()).isEqualTo(12L);
    assertThat(json.readValue("{\"amount\": \" 1250 \"}", Dto.SqMoney.class).amount()).isEqualTo(1250L);
    assertThat(json.readValue("{\"amount\": 9223372036854775807}", Dto.SqMoney.class).amount())
        .isEqualTo(Long.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12.5", "0.01", "9223372036854775808", "-9223372036854775809", "1e30", "\"12.5\"",
      "\"abc\"", "true", "[1]", "{\"v\": 1}"})
  void amountsThatAreNotWholeMinorUnitsAreRejectedNotTruncated(String amount) {
    assertThatThrownBy(() -> json.readValue("{\"amount\": " + amount + ", \"currency\": \"USD\"}", Dto.SqMoney.class))
        .isInstanceOf(JsonMappingException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12", "\"USD\"", "[]", "true"})
  void aMoneyThatIsNotAnObjectIsRejected(String value) {
    assertThatThrownBy(() -> json.readValue("{\"money\": " + value + ", \"more\": [], \"after\": \"\"}", Holder.class))
        .isInstanceOf(JsonMappingException.class);
  }
}
