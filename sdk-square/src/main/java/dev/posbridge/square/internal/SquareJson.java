package dev.posbridge.square.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.posbridge.core.spi.Json;

/** The Square JSON mapper: the shared configuration plus snake_case names and no nulls written. */
public final class SquareJson {
  private SquareJson() {}

  /**
   * Creates a mapper for Square's JSON.
   *
   * @return a new mapper
   */
  public static ObjectMapper create() {
    ObjectMapper mapper = Json.create();
    // Amounts are integer minor units: 1500.7 is invalid vendor data, never truncated to 1500.
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    // A null inside an array (line_items: [null]) fails the decode with its JSON path.
    mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
    // Square sends text fields (quantities, ids, percentages) as JSON strings: a number in their
    // place is a wrong type, not something to coerce ("quantity": 5.5 instead of "5.5").
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.setDefaultPropertyInclusion(
        JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
    // Money is the most frequent object in every answer: read it without the record machinery;
    // short strings repeat all through an answer: share them.
    mapper.registerModule(new SimpleModule("posbridge-square-money")
        .addDeserializer(Dto.SqMoney.class, new SqMoneyDeserializer())
        .addDeserializer(String.class, new SharedStrings()));
    return mapper;
  }
}
