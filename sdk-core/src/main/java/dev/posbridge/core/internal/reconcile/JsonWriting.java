package dev.posbridge.core.internal.reconcile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/** What the JSON report writers share: how a report starts, and arrays of strings. */
final class JsonWriting {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonWriting() {}

  /**
   * Opens a generator that leaves the writer open and starts the report object with its
   * {@code generatedAt} field.
   */
  static JsonGenerator open(Writer out, Instant generatedAt) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartObject();
    g.writeStringField("generatedAt", generatedAt.toString());
    return g;
  }

  /** Writes a field holding an array of strings. */
  static void strings(JsonGenerator g, String field, Iterable<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
