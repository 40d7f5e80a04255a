package dev.posbridge.core.connect;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-call options for a write: the idempotency key and an optional timeout.
 *
 * <p>The idempotency key makes a write take effect once even when it is retried: after an
 * ambiguous failure (request sent, no answer) posbridge retries a write only when it carries a key,
 * and the connector passes the key to the vendor in the vendor's own way. A key belongs to exactly
 * one logical write: {@link #toBuilder()} does not copy it; {@link #derive(String)} makes a distinct,
 * deterministic key for one part of a larger write (e.g. one batch of many).
 *
 * <p>Immutable and thread-safe.
 */
public final class RequestOptions {

  private static final RequestOptions NONE = new RequestOptions(null, null);

  private final @Nullable String idempotencyKey;
  private final @Nullable Duration timeout;

  private RequestOptions(@Nullable String idempotencyKey, @Nullable Duration timeout) {
    this.idempotencyKey = idempotencyKey;
    this.timeout = timeout;
  }

  /**
   * Returns options with no key and the connector's default timeout.
   *
   * @return empty options
   */
  public static RequestOptions none() {
    return NONE;
  }

  /**
   * Returns options with an idempotency key.
   *
   * @param key the key; stable for one logical write, e.g. derived from the source event id
   * @return the options
   * @throws IllegalArgumentException if the key is blank
   */
  public static RequestOptions idempotencyKey(String key) {
    return builder().idempotencyKey(key).build();
  }

  /**
   * Starts a builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder with this timeout but without the idempotency key, which belongs to one write.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timeout = timeout;
    return b;
  }

  /**
   * Returns options for one part of this write, with the key {@code key + ":" + part}; without a
   * key, returns options without a key.
   *
   * @param part a stable name of the part, e.g. a batch index
   * @return the derived options
   */
  public RequestOptions derive(String part) {
    Objects.requireNonNull(part, "part");
    return new RequestOptions(idempotencyKey == null ? null : idempotencyKey + ":" + part, timeout);
  }

  /**
   * Returns the idempotency key.
   *
   * @return the key, or {@code null} if the write is not idempotent
   */
  public @Nullable String idempotencyKey() {
    return idempotencyKey;
  }

  /**
   * Returns the timeout for the whole call including retries.
   *
   * @return the timeout, or {@code null} for the connector's default
   */
  public @Nullable Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return "RequestOptions[idempotencyKey=" + idempotencyKey + ", timeout=" + timeout + "]";
  }

  /** Builds {@link RequestOptions}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String idempotencyKey;
    private @Nullable Duration timeout;

    private Builder() {}

    /**
     * Sets the idempotency key.
     *
     * @param key the key, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if the key is blank
     */
    public Builder idempotencyKey(@Nullable String key) {
      if (key != null && key.isBlank()) {
        throw new IllegalArgumentException("idempotencyKey must not be blank");
      }
      this.idempotencyKey = key;
      return this;
    }

    /**
     * Sets the timeout for the whole call including retries.
     *
     * @param value a positive timeout, or {@code null} for the connector's default
     * @return this builder
     * @throws IllegalArgumentException if the timeout is zero or negative
     */
    public Builder timeout(@Nullable Duration value) {
      if (value != null && (value.isNegative() || value.isZero())) {
        throw new IllegalArgumentException("timeout must be positive: " + value);
      }
      this.timeout = value;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public RequestOptions build() {
      return new RequestOptions(idempotencyKey, timeout);
    }
  }
}
