package dev.posbridge.core.http;

import dev.posbridge.core.spi.Checks;
import dev.posbridge.core.spi.SettingsBuilder;

/**
 * Bounds on what one vendor answer may cost, so that a hostile or broken vendor cannot exhaust
 * the heap: a 50 MB JSON array or a small gzip body that expands to 100 MB fails with
 * {@link dev.posbridge.core.ResponseTooLargeException} after reading at most the limit, instead
 * of ending in an {@code OutOfMemoryError}.
 *
 * <p>The byte limit counts decompressed bytes as they are read; the JSON limits are Jackson
 * {@code StreamReadConstraints} on every mapper the connector uses, checked while parsing. The
 * defaults are far above what a legitimate page of any supported vendor needs (pages are at most
 * 1,000 records) and keep one answer's parsed form within a few tens of megabytes; lower them for
 * small heaps, raise them only for an answer you know to be larger. Paging through any number of
 * records is unaffected: the limits apply per answer.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxBodyBytes the most bytes one response body may have after decompression; at least 1024
 * @param maxTokens the most JSON tokens (values, field names, array and object starts and ends) one
 *     response may have, which bounds the number of array elements per page cheaply; at least 100
 * @param maxNestingDepth the deepest nesting of arrays and objects a response may have; at least 8
 * @param maxStringLength the longest string value a response may have, in characters; at least
 *     1024
 * @param maxNumberLength the longest number a response may have, in characters; numbers whose
 *     exponent puts them further than this many decimal places from the point are rejected too
 *     ({@code 1e999999999}); at least 20
 * @param maxNameLength the longest field name a response may have, in characters; at least 64
 */
public record ResponseLimits(
    long maxBodyBytes,
    long maxTokens,
    int maxNestingDepth,
    int maxStringLength,
    int maxNumberLength,
    int maxNameLength) {

  private static final ResponseLimits DEFAULTS =
      new ResponseLimits(16L * 1024 * 1024, 500_000, 64, 1_000_000, 100, 1024);

  /**
   * Validates the limits.
   *
   * @param maxBodyBytes the most decompressed body bytes
   * @param maxTokens the most JSON tokens
   * @param maxNestingDepth the deepest nesting
   * @param maxStringLength the longest string value
   * @param maxNumberLength the longest number
   * @param maxNameLength the longest field name
   * @throws IllegalArgumentException if a limit is below the minimum its {@link Builder} setter
   *     names
   */
  public ResponseLimits {
    Checks.atLeast(maxBodyBytes, 1024, "maxBodyBytes");
    Checks.atLeast(maxTokens, 100, "maxTokens");
    Checks.atLeast(maxNestingDepth, 8, "maxNestingDepth");
    Checks.atLeast(maxStringLength, 1024, "maxStringLength");
    Checks.atLeast(maxNumberLength, 20, "maxNumberLength");
    Checks.atLeast(maxNameLength, 64, "maxNameLength");
  }

  /**
   * Returns the defaults: 16 MiB of decompressed body, 500,000 JSON tokens, nesting depth 64,
   * strings of at most 1,000,000 characters, numbers of at most 100 characters and field names of
   * at most 1,024 characters.
   *
   * @return the defaults
   */
  public static ResponseLimits defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder initialised with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /**
   * Starts a builder initialised with these limits.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link ResponseLimits}; setters validate at once. Not thread-safe. */
  public static final class Builder extends SettingsBuilder<ResponseLimits, Builder> {
    private Builder(ResponseLimits start) {
      super(start);
    }

    /**
     * Sets the most bytes one response body may have after decompression. Default 16 MiB.
     *
     * @param value at least 1024
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 1024}
     */
    public Builder maxBodyBytes(long value) {
      return set("maxBodyBytes", Checks.atLeast(value, 1024, "maxBodyBytes"));
    }

    /**
     * Sets the most JSON tokens one response may have. Default 500,000 (a page of 1,000 records
     * of 500 tokens each).
     *
     * @param value at least 100
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 100}
     */
    public Builder maxTokens(long value) {
      return set("maxTokens", Checks.atLeast(value, 100, "maxTokens"));
    }

    /**
     * Sets the deepest nesting of arrays and objects. Default 64.
     *
     * @param value at least 8
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 8}
     */
    public Builder maxNestingDepth(int value) {
      return set("maxNestingDepth", Checks.atLeast(value, 8, "maxNestingDepth"));
    }

    /**
     * Sets the longest string value, in characters. Default 1,000,000.
     *
     * @param value at least 1024
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 1024}
     */
    public Builder maxStringLength(int value) {
      return set("maxStringLength", Checks.atLeast(value, 1024, "maxStringLength"));
    }

    /**
     * Sets the longest number, in characters, and the largest decimal exponent. Default 100.
     *
     * @param value at least 20
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 20}
     */
    public Builder maxNumberLength(int value) {
      return set("maxNumberLength", Checks.atLeast(value, 20, "maxNumberLength"));
    }

    /**
     * Sets the longest field name, in characters. Default 1,024.
     *
     * @param value at least 64
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 64}
     */
    public Builder maxNameLength(int value) {
      return set("maxNameLength", Checks.atLeast(value, 64, "maxNameLength"));
    }
  }
}
