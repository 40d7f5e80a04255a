package dev.posbridge.testing.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimRequest;
import dev.posbridge.testing.SimResponse;
import dev.posbridge.testing.SimulatorError;
import java.io.IOException;
import java.io.UncheckedIOException;

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

  /**
   * Parses a request body, as the simulators' handlers read it.
   *
   * @param r the request
   * @return the tree; a missing node if the body is empty
   * @throws SimulatorError with status 400 if the body is not valid JSON
   */
  public static JsonNode tree(SimRequest r) {
    return parse(r.body(), e -> new SimulatorError(400, "malformed JSON body: " + e.getMessage()));
  }

  /**
   * Parses a response body.
   *
   * @param r the response
   * @return the tree; a missing node if there is no body
   * @throws UncheckedIOException if the body is not JSON
   */
  public static JsonNode tree(SimResponse r) {
    if (!r.hasBody()) {
      return MAPPER.missingNode();
    }
    return parse(r.body(), e -> new UncheckedIOException("response body is not JSON", e));
  }

  /** Parses a body; a missing node if it is empty. */
  private static JsonNode parse(byte[] body, java.util.function.Function<IOException, RuntimeException> error) {
    if (body.length == 0) {
      return MAPPER.missingNode();
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw error.apply(e);
    }
  }

  /**
   * Copies a view into a tree the caller owns.
   *
   * @param v the view
   * @return a fresh tree; a missing node for a missing view
   */
  public static JsonNode tree(JsonView v) {
    String text = v.toJson();
    if (text.isEmpty()) {
      return MAPPER.missingNode();
    }
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
