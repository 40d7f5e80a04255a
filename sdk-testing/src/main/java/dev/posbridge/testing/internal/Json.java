package dev.posbridge.testing.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The simulators' JSON configuration: ISO-8601 times, unknown request fields ignored. */
public final class Json {

  private static final ObjectMapper MAPPER = newMapper();

  private Json() {}

  /**
   * Returns the shared mapper; callers must not reconfigure it.
   *
   * @return the shared, thread-safe mapper
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Creates a fresh mapper configured like the shared one.
   *
   * @return a new mapper the caller owns
   */
  public static ObjectMapper newMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
