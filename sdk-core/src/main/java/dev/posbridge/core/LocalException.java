package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * Something failed on this side, not at a vendor: the outbox's database, the token store, an
 * interrupted thread, a local check of the input (unbalanced totals), a webhook verifier refusing
 * an inbound request, paging that cannot go on, configuration. Names the local {@link
 * #component() component} and {@link #operation() operation}; there is no vendor, HTTP status,
 * vendor code or request id to report (a {@link VendorException} carries those).
 */
public class LocalException extends PosbridgeException {

  /** The local component, e.g. {@code "outbox"}. */
  private final String component;

  /** What the component was doing, e.g. {@code "jdbc"}. */
  private final String operation;

  /**
   * Creates an exception.
   *
   * @param message what failed, without secrets or personal data
   * @param component the local component, e.g. {@code "outbox"} or {@code "token-store"}; never blank
   * @param operation what it was doing, e.g. {@code "save"}; never blank
   * @param retryable whether repeating the same call may succeed
   * @param cause the underlying cause, if any
   * @throws IllegalArgumentException if {@code component} or {@code operation} is blank
   */
  public LocalException(String message, String component, String operation, boolean retryable,
      @Nullable Throwable cause) {
    super(message, where(component, operation), retryable, cause);
    this.component = component;
    this.operation = operation;
  }

  private static String where(String component, String operation) {
    if (component == null || component.isBlank() || operation == null || operation.isBlank()) {
      throw new IllegalArgumentException("component and operation must not be blank");
    }
    return component + " " + operation;
  }

  /**
   * Returns the local component that failed, e.g. {@code "outbox"}.
   *
   * @return the component name
   */
  public String component() {
    return component;
  }

  /**
   * Returns what the component was doing.
   *
   * @return the operation name
   */
  public String operation() {
    return operation;
  }
}
