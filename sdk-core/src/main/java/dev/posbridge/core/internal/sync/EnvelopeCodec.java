package dev.posbridge.core.internal.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.spi.Json;

/** Writes and reads {@link SyncEnvelope}s with the shared Jackson configuration. Thread-safe. */
public final class EnvelopeCodec {

  private final ObjectMapper mapper = Json.create();

  /**
   * Serializes an envelope.
   *
   * @param envelope the envelope
   * @return its JSON
   * @throws IllegalStateException if it cannot be serialized (a bug)
   */
  public String write(SyncEnvelope envelope) {
    try {
      return mapper.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize sync envelope", e);
    }
  }

  /**
   * Reads an envelope.
   *
   * @param json the JSON
   * @return the envelope
   * @throws IllegalArgumentException if the JSON is not a readable envelope
   */
  public SyncEnvelope read(String json) {
    try {
      SyncEnvelope e = mapper.readValue(json, SyncEnvelope.class);
      if (e == null || e.schema() < 1) {
        throw new IllegalArgumentException("not a sync envelope");
      }
      return e;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable sync envelope: " + e.getOriginalMessage(), e);
    }
  }
}
