package dev.posbridge.core.internal.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Creates the {@link ObjectMapper} configuration all posbridge code shares: Java time support
 * with ISO-8601 text, unknown properties ignored (vendors add fields), floats read as
 * {@link java.math.BigDecimal} and written without exponent (money stays exact).
 */
public final class Json {
  private Json() {}

  /**
   * Creates a new mapper with the shared configuration. Mappers are thread-safe once configured;
   * create one per transport and do not reconfigure it.
   *
   * @return a new mapper
   */
  public static ObjectMapper create() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .build();
  }
}
