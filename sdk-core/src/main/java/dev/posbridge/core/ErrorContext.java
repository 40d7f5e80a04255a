package dev.posbridge.core;

import org.jspecify.annotations.Nullable;

/**
 * Where and how a vendor call failed: the facts every {@link VendorException} carries.
 *
 * <p>Immutable. {@code status} is {@code 0} when no HTTP response was received.
 *
 * @param system the vendor system, e.g. {@code "square"}; never blank
 * @param operation the logical operation, e.g. {@code "SearchOrders"}; never blank
 * @param status the HTTP status code, or {@code 0} when there was no response
 * @param vendorCode the vendor's own error code (e.g. {@code VERSION_MISMATCH}), if any
 * @param requestId the vendor's request or transaction id for support tickets, if any
 */
public record ErrorContext(
    String system, String operation, int status, @Nullable String vendorCode, @Nullable String requestId) {

  /**
   * Validates the components.
   *
   * @param system the vendor system
   * @param operation the logical operation
   * @param status the HTTP status code, or {@code 0}
   * @param vendorCode the vendor's error code, if any
   * @param requestId the vendor's request id, if any
   * @throws IllegalArgumentException if {@code system} or {@code operation} is blank or
   *     {@code status} is outside {@code 0..999} (HTTP status codes have three digits; values
   *     above 599 are not defined by HTTP but can arrive from a hostile or broken server)
   */
  public ErrorContext {
    if (system == null || system.isBlank()) {
      throw new IllegalArgumentException("system must not be blank: " + system);
    }
    if (operation == null || operation.isBlank()) {
      throw new IllegalArgumentException("operation must not be blank: " + operation);
    }
    if (status < 0 || status > 999) {
      throw new IllegalArgumentException("status must be 0..999: " + status);
    }
  }

  /**
   * Creates a context for a failure that had no HTTP response.
   *
   * @param system the vendor system
   * @param operation the logical operation
   * @return a context with status {@code 0} and no vendor code or request id
   */
  public static ErrorContext of(String system, String operation) {
    return new ErrorContext(system, operation, 0, null, null);
  }

  /**
   * Returns a copy with the given HTTP status.
   *
   * @param newStatus the HTTP status code
   * @return a new context
   */
  public ErrorContext withStatus(int newStatus) {
    return new ErrorContext(system, operation, newStatus, vendorCode, requestId);
  }

  /**
   * Returns a copy with the given vendor error code.
   *
   * @param newVendorCode the vendor's error code, or {@code null}
   * @return a new context
   */
  public ErrorContext withVendorCode(@Nullable String newVendorCode) {
    return new ErrorContext(system, operation, status, newVendorCode, requestId);
  }

  /**
   * Returns a copy with the given vendor request id.
   *
   * @param newRequestId the vendor request id, or {@code null}
   * @return a new context
   */
  public ErrorContext withRequestId(@Nullable String newRequestId) {
    return new ErrorContext(system, operation, status, vendorCode, newRequestId);
  }

  /** Renders the context as it appears at the end of exception messages. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(system).append(' ').append(operation);
    if (status != 0) {
      sb.append(" status=").append(status);
    }
    if (vendorCode != null) {
      sb.append(" code=").append(vendorCode);
    }
    if (requestId != null) {
      sb.append(" requestId=").append(requestId);
    }
    return sb.toString();
  }
}
