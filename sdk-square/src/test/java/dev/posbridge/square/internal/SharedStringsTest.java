package dev.posbridge.square.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharedStringsTest {

  private final ObjectMapper json = SquareJson.create();

  record Holder(List<String> values, String single) {}

  @Test
  void everyStringReadsBackExactlyEvenWhenSlotsCollide() throws Exception {
    Random r = new Random(7);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      int len = r.nextInt(40);
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < len; k++) {
        b.append((char) (r.nextBoolean() ? 'A' + r.nextInt(26) : 0x400 + r.nextInt(200)));
      }
      values.add(b.toString());
      values.add("STATE_" + (i % 50));
    }
    Holder h = json.readValue(json.writeValueAsBytes(new Holder(values, "x")), Holder.class);

    assertThat(h.values()).isEqualTo(values);
  }

  @Test
  void repeatedShortValuesAreOneInstanceAndANumberWhereSquareSendsTextIsRefused() throws Exception {
    Holder h = json.readValue("{\"values\": [\"ADDITIVE\", \"ADDITIVE\", \"\"], \"single\": \"3.5\"}",
        Holder.class);

    assertThat(h.values()).containsExactly("ADDITIVE", "ADDITIVE", "");
    assertThat(h.values().get(0)).isSameAs(h.values().get(1));
    assertThat(h.single()).isEqualTo("3.5");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> json.readValue("{\"values\": [12]}", Holder.class))
        .isInstanceOf(com.fasterxml.jackson.databind.JsonMappingException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> json.readValue("{\"single\": 3.5}", Holder.class))
        .isInstanceOf(com.fasterxml.jackson.databind.JsonMappingException.class);
  }


  @Test
  void wholeNumberQuantitiesAndPercentagesEqualTheGeneralParse() {
    for (String s : List.of("0", "1", "7", "10", "12", "007", "123456789", "999999999", "1.5", "8.25", " 2 ", "-1", "1e3")) {
      assertThat(Convert.quantity(s, "q")).as(s).isEqualTo(new BigDecimal(s.trim()));
      assertThat(Convert.percent(s)).as(s).isEqualTo(new BigDecimal(s.trim()));
    }
  }
}
