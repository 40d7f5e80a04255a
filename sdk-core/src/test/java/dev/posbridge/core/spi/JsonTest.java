package dev.posbridge.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

  record Line(String sku, BigDecimal qty) {}

  record Order(String id, List<Line> lines) {}

  static final class Bean {
    public String id = "";
  }

  private static final String BODY = """
      {"unknown_first": {"deep": [1, {"x": [true, null, "s"]}, 2.5]}, "id": "o1",
       "extra": [[], {}], "lines": [{"sku": "A", "noise": {"a": 1}, "qty": 2.50, "z": "q"}],
       "trailing": "t"}
      """;

  @Test
  void recordsSkipUnknownPropertiesOfAnyShapeAndKeepTheKnownOnes() throws Exception {
    Order o = Json.create().readValue(BODY, Order.class);
    assertThat(o.id()).isEqualTo("o1");
    assertThat(o.lines()).containsExactly(new Line("A", new BigDecimal("2.50")));
  }

  @Test
  void beansSkipUnknownPropertiesToo() throws Exception {
    assertThat(Json.create().readValue(BODY, Bean.class).id).isEqualTo("o1");
  }

  @Test
  void aMapperThatReenablesFailOnUnknownPropertiesStillFails() {
    ObjectMapper strict = Json.create().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    assertThatThrownBy(() -> strict.readValue(BODY, Order.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
  }
}
