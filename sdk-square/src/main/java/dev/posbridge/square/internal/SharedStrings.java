package dev.posbridge.square.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads short JSON strings through a small cache of canonical instances. Square repeats the same
 * short values all through an answer — states and types ({@code "ADDITIVE"}, {@code "ORDER"}),
 * catalog and location ids, item and tax names, quantities, percentages — and the general string
 * deserializer allocated a new string for each. The cache is looked up on the parser's characters
 * (no allocation on a hit); it is direct-mapped (a miss replaces the slot), bounded
 * ({@value #SLOTS} strings of at most {@value #MAX_LENGTH} characters) and safe to race on:
 * entries are immutable once published (final fields), so a thread sees either an old or a new
 * complete entry. Anything that is
 * not a string token goes to Jackson's own string deserializer.
 */
final class SharedStrings extends StdScalarDeserializer<String> {
  private static final long serialVersionUID = 1L;
  private static final int SLOTS = 4096;
  private static final int MAX_LENGTH = 32;
  private static final Entry[] CACHE = new Entry[SLOTS];

  /** A cached string with its characters, compared with the vectorised {@link Arrays#equals}. */
  @SuppressWarnings("ArrayRecordComponent") // a private cache slot, never compared or hashed
  private record Entry(String value, char[] chars) {}

  SharedStrings() {
    super(String.class);
  }

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (!p.hasToken(JsonToken.VALUE_STRING)) {
      return StringDeserializer.instance.deserialize(p, ctxt);
    }
    int length = p.getTextLength();
    if (length == 0 || length > MAX_LENGTH) {
      return p.getText();
    }
    char[] chars = p.getTextCharacters();
    int offset = p.getTextOffset();
    int h = 0;
    for (int i = 0; i < length; i++) {
      h = 31 * h + chars[offset + i];
    }
    int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
    Entry cached = CACHE[slot];
    if (cached != null && Arrays.equals(cached.chars, 0, cached.chars.length, chars, offset, offset + length)) {
      return cached.value;
    }
    char[] copy = Arrays.copyOfRange(chars, offset, offset + length);
    String s = new String(copy);
    CACHE[slot] = new Entry(s, copy);
    return s;
  }
}
