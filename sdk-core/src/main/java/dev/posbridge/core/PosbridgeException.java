package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception posbridge throws: a vendor call or a mapping failed.
 *
 * <p>Unchecked. Subclasses name the category a caller can act on (re-authenticate, fix input,
 * wait, retry later). The message states what failed plus the {@link ErrorContext}; it never
 * contains response bodies, tokens or personal data.
 */
public class PosbridgeException extends RuntimeException {

  /** The vendor system. */
  private final String system;

  /** The logical operation. */
  private final String operation;

  /** The HTTP status, or 0. */
  private final int status;

  /** The vendor's error code, if any. */
  private final @Nullable String vendorCode;

  /** The vendor's request id, if any. */
  private final @Nullable String requestId;

  /** Whether the same call may succeed if repeated. */
  private final boolean retryable;

  /**
   * Creates an exception.
   *
   * @param message what failed, without secrets or personal data
   * @param context where it failed
   * @param retryable whether repeating the same call may succeed
   * @param cause the underlying cause, if any
   */
  public PosbridgeException(
      String message, ErrorContext context, boolean retryable, @Nullable Throwable cause) {
    super(boundedMessage(message) + " [" + context + "]", cause);
    this.system = context.system();
    this.operation = context.operation();
    this.status = context.status();
    this.vendorCode = context.vendorCode();
    this.requestId = context.requestId();
    this.retryable = retryable;
  }

  /**
   * Creates a non-retryable exception without a cause.
   *
   * @param message what failed, without secrets or personal data
   * @param context where it failed
   */
  public PosbridgeException(String message, ErrorContext context) {
    this(message, context, false, null);
  }

  /**
   * Returns where the failure happened.
   *
   * @return the error context
   */
  public ErrorContext context() {
    return new ErrorContext(system, operation, status, vendorCode, requestId);
  }

  /**
   * Returns the vendor system, e.g. {@code "square"}.
   *
   * @return the system name
   */
  public String system() {
    return system;
  }

  /**
   * Returns the logical operation that failed.
   *
   * @return the operation name
   */
  public String operation() {
    return operation;
  }

  /**
   * Returns the HTTP status, or {@code 0} if no response was received.
   *
   * @return the HTTP status
   */
  public int status() {
    return status;
  }

  /**
   * Returns the vendor's own error code, if the vendor sent one.
   *
   * @return the vendor code or {@code null}
   */
  public @Nullable String vendorCode() {
    return vendorCode;
  }

  /**
   * Returns the vendor's request id, if the vendor sent one.
   *
   * @return the request id or {@code null}
   */
  public @Nullable String requestId() {
    return requestId;
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
