package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception posbridge throws. Exactly one of two kinds (decision record 0026):
 *
 * <ul>
 *   <li>{@link VendorException}: the vendor answered with an error, could not be reached, or sent
 *       something posbridge cannot use; it carries the vendor's {@link ErrorContext} (system,
 *       operation, HTTP status, vendor code, request id);
 *   <li>{@link LocalException}: something failed on this side (the outbox's database, the token
 *       store, an interrupt, a local check, a webhook verifier refusing a request); it names the
 *       local component and operation, never a vendor status.
 * </ul>
 *
 * <p>Unchecked. Subclasses name the category a caller can act on (re-authenticate, fix input,
 * wait, retry later). The message states what failed and where; it is bounded, every registered
 * secret in it is masked, and it never contains response bodies, tokens or personal data.
 */
public abstract class PosbridgeException extends RuntimeException {

  /** Whether the same call may succeed if repeated. */
  private final boolean retryable;

  /**
   * Creates an exception.
   *
   * @param message what failed, without secrets or personal data; bounded and secret-masked
   * @param where where it failed, appended to the message in brackets
   * @param retryable whether repeating the same call may succeed
   * @param cause the underlying cause, if any
   */
  PosbridgeException(String message, String where, boolean retryable, @Nullable Throwable cause) {
    super(boundedMessage(message) + " [" + where + "]", cause);
    this.retryable = retryable;
  }

  /**
   * Tells whether repeating the same call (with the same idempotency key) may succeed.
   *
   * @return {@code true} if the failure is transient
   */
  public boolean isRetryable() {
    return retryable;
  }

  /** The longest message text kept (the context is appended after it). */
  private static final int MAX_MESSAGE = 1000;

  /**
   * Bounds a message and masks every secret the connectors registered: messages may quote vendor
   * text, which may echo a token or be arbitrarily long.
   */
  private static String boundedMessage(String message) {
    String m = message == null ? "" : message;
    if (m.length() > 4 * MAX_MESSAGE) {
      m = m.substring(0, 4 * MAX_MESSAGE);
    }
    m = dev.posbridge.core.spi.Redactor.maskSecrets(m);
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m;
  }
}
