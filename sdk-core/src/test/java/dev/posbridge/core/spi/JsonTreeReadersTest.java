package dev.posbridge.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class JsonTreeReadersTest {

  private static final ObjectMapper MAPPER = Json.create();

  private static JsonNode tree(String json) throws Exception {
    return MAPPER.readTree(json);
  }

  @Test
  void aMissingOrNullFieldOrAMissingObjectHasNoValue() throws Exception {
    JsonNode n = tree("{\"a\":null,\"b\":1}");
    assertThat(Json.value(n, "a")).isNull();
    assertThat(Json.value(n, "x")).isNull();
    assertThat(Json.value(null, "b")).isNull();
    assertThat(Json.value(n, "b").intValue()).isEqualTo(1);
  }

  @Test
  void aTypedFieldOfAnotherKindIsRefusedNamingTheField() throws Exception {
    JsonNode n = tree("{\"flag\":true,\"text\":\"yes\"}");
    assertThat(Json.typed(n, "flag", JsonNode::isBoolean, "a boolean", JsonNode::booleanValue))
        .isTrue();
    assertThat(Json.typed(n, "none", JsonNode::isBoolean, "a boolean", JsonNode::booleanValue))
        .isNull();
    assertThatThrownBy(
            () -> Json.typed(n, "text", JsonNode::isBoolean, "a boolean", JsonNode::booleanValue))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text is not a boolean");
  }

  @Test
  void aDecimalIsReadFromANumberOrNumericTextAndAnythingElseIsRefused() throws Exception {
    JsonNode n = tree("{\"n\":1.25,\"t\":\" 2.50 \",\"bad\":\"abc\",\"obj\":{}}");
    assertThat(Json.decimal(n.get("n"), "n")).isEqualByComparingTo("1.25");
    assertThat(Json.decimal(n.get("t"), "t")).isEqualTo(new BigDecimal("2.50"));
    assertThatThrownBy(() -> Json.decimal(n.get("bad"), "bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad is not a number")
        .hasCauseInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> Json.decimal(n.get("obj"), "obj"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("obj is not a number");
  }

  @Test
  void aFieldIsFoundIgnoringCaseWhenNoFieldHasExactlyItsName() throws Exception {
    JsonNode n = tree("{\"fault\":{\"x\":1},\"Error\":2,\"error\":3}");
    assertThat(Json.fieldIgnoringCase(n, "Fault")).isEqualTo(n.get("fault"));
    assertThat(Json.fieldIgnoringCase(n, "error").intValue()).isEqualTo(3);
    assertThat(Json.fieldIgnoringCase(n, "missing")).isNull();
    assertThat(Json.fieldIgnoringCase(tree("[1]"), "x")).isNull();
  }

  @Test
  void aReferenceFieldGivesItsIdAndAPlainFieldItsText() throws Exception {
    JsonNode n = tree("{\"ref\":{\"id\":\"7\"},\"plain\":\"8\",\"noId\":{},\"none\":null}");
    assertThat(Json.idOrValue(n, "ref")).isEqualTo("7");
    assertThat(Json.idOrValue(n, "plain")).isEqualTo("8");
    assertThat(Json.idOrValue(n, "noId")).isNull();
    assertThat(Json.idOrValue(n, "none")).isNull();
    assertThat(Json.idOrValue(n, "absent")).isNull();
  }
}
