package dev.posbridge.core.http;

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
 */
public final class ResponseLimits {

  private static final ResponseLimits DEFAULTS = builder().build();

  private final long maxBodyBytes;
  private final long maxTokens;
  private final int maxNestingDepth;
  private final int maxStringLength;
  private final int maxNumberLength;
  private final int maxNameLength;

  private ResponseLimits(Builder b) {
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxTokens = b.maxTokens;
    this.maxNestingDepth = b.maxNestingDepth;
    this.maxStringLength = b.maxStringLength;
    this.maxNumberLength = b.maxNumberLength;
    this.maxNameLength = b.maxNameLength;
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
    return new Builder();
  }

  /**
   * Starts a builder initialised with these limits.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxBodyBytes = maxBodyBytes;
    b.maxTokens = maxTokens;
    b.maxNestingDepth = maxNestingDepth;
    b.maxStringLength = maxStringLength;
    b.maxNumberLength = maxNumberLength;
    b.maxNameLength = maxNameLength;
    return b;
  }

  /**
   * Returns the most bytes one response body may have after decompression.
   *
   * @return a positive byte count
   */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Returns the most JSON tokens (values, field names, array and object starts and ends) one
   * response may have; this bounds the number of array elements per page cheaply.
   *
   * @return a positive count
   */
  public long maxTokens() {
    return maxTokens;
  }

  /**
   * Returns the deepest nesting of arrays and objects a response may have.
   *
   * @return a positive depth
   */
  public int maxNestingDepth() {
    return maxNestingDepth;
  }

  /**
   * Returns the longest string value a response may have, in characters.
   *
   * @return a positive length
   */
  public int maxStringLength() {
    return maxStringLength;
  }

  /**
   * Returns the longest number a response may have, in characters; numbers whose exponent puts
   * them further than this many decimal places from the point are rejected too
   * ({@code 1e999999999}).
   *
   * @return a positive length
   */
  public int maxNumberLength() {
    return maxNumberLength;
  }

  /**
   * Returns the longest field name a response may have, in characters.
   *
   * @return a positive length
   */
  public int maxNameLength() {
    return maxNameLength;
  }

  @Override
  public String toString() {
    return "ResponseLimits{maxBodyBytes=" + maxBodyBytes + ", maxTokens=" + maxTokens
        + ", maxNestingDepth=" + maxNestingDepth + ", maxStringLength=" + maxStringLength
        + ", maxNumberLength=" + maxNumberLength + ", maxNameLength=" + maxNameLength + '}';
  }

  /** Builds {@link ResponseLimits}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private long maxBodyBytes = 16L * 1024 * 1024;
    private long maxTokens = 500_000;
    private int maxNestingDepth = 64;
    private int maxStringLength = 1_000_000;
    private int maxNumberLength = 100;
    private int maxNameLength = 1024;

    private Builder() {}

    /**
     * Sets the most bytes one response body may have after decompression. Default 16 MiB.
     *
     * @param value at least 1024
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 1024}
     */
    public Builder maxBodyBytes(long value) {
      if (value < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be >= 1024: " + value);
      }
      this.maxBodyBytes = value;
      return this;
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
      if (value < 100) {
        throw new IllegalArgumentException("maxTokens must be >= 100: " + value);
      }
      this.maxTokens = value;
      return this;
    }

    /**
     * Sets the deepest nesting of arrays and objects. Default 64.
     *
     * @param value at least 8
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 8}
     */
    public Builder maxNestingDepth(int value) {
      if (value < 8) {
        throw new IllegalArgumentException("maxNestingDepth must be >= 8: " + value);
      }
      this.maxNestingDepth = value;
      return this;
    }

    /**
     * Sets the longest string value, in characters. Default 1,000,000.
     *
     * @param value at least 1024
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 1024}
     */
    public Builder maxStringLength(int value) {
      if (value < 1024) {
        throw new IllegalArgumentException("maxStringLength must be >= 1024: " + value);
      }
      this.maxStringLength = value;
      return this;
    }

    /**
     * Sets the longest number, in characters, and the largest decimal exponent. Default 100.
     *
     * @param value at least 20
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 20}
     */
    public Builder maxNumberLength(int value) {
      if (value < 20) {
        throw new IllegalArgumentException("maxNumberLength must be >= 20: " + value);
      }
      this.maxNumberLength = value;
      return this;
    }

    /**
     * Sets the longest field name, in characters. Default 1,024.
     *
     * @param value at least 64
     * @return this builder
     * @throws IllegalArgumentException if {@code value < 64}
     */
    public Builder maxNameLength(int value) {
      if (value < 64) {
        throw new IllegalArgumentException("maxNameLength must be >= 64: " + value);
      }
      this.maxNameLength = value;
      return this;
    }

    /**
     * Builds the limits.
     *
     * @return immutable limits
     */
    public ResponseLimits build() {
      return new ResponseLimits(this);
    }
  }
}
