package dev.posbridge.square.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.posbridge.core.internal.http.Json;

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
