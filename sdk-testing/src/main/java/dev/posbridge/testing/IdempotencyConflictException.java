package dev.posbridge.testing;

/**
 * An idempotency key was reused with a different request.
 *
 * <p>Thrown by {@link IdempotencyLedger#replayOrRun(String, String, String,
 * java.util.function.Supplier)}. If a handler lets it escape, the client gets a 409 in the
 * simulator's error envelope; a simulator maps it to its vendor's error (Square {@code
 * IDEMPOTENCY_KEY_REUSED}, Shopify {@code IDEMPOTENCY_KEY_PARAMETER_MISMATCH}) by catching it or
 * by using the overload with a conflict callback.
 */
public final class IdempotencyConflictException extends SimulatorError {

  /** The scope the key was used in. */
  private final String scope;

  /** The reused key. */
  private final String key;

  /**
   * Creates the exception.
   *
   * @param scope the scope the key was used in
   * @param key the reused key
   */
  public IdempotencyConflictException(String scope, String key) {
    super(409, "idempotency key reused with a different request: " + key);
    this.scope = scope;
    this.key = key;
  }

  /**
   * Returns the scope the key was used in.
   *
   * @return the scope
   */
  public String scope() {
    return scope;
  }

  /**
   * Returns the reused key.
   *
   * @return the key
   */
  public String key() {
    return key;
  }
}
