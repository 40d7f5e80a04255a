package dev.posbridge.shopify;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.VendorException;
import org.jspecify.annotations.Nullable;

/**
 * A Shopify bulk query operation, which the connector runs to read a long window of sales, did not
 * deliver its result: it ended {@code FAILED} (see {@link #errorCode()}), {@code CANCELED} or
 * {@code EXPIRED}, or it was still running when the connector's wait ran out
 * ({@link #waitTimedOut()}; the connector then cancels it).
 *
 * <p>{@linkplain #isRetryable() Retryable} unless Shopify denied access
 * ({@code ACCESS_DENIED}: the app lacks a scope such as {@code read_orders}) or the result expired
 * (a read resumed from an old cursor: start it again without the cursor).
 */
public class ShopifyBulkOperationException extends VendorException {

  private static final long serialVersionUID = 1L;

  /** The operation's GID. */
  private final String operationId;
  /** The operation's last status. */
  private final String operationStatus;
  /** Shopify's error code, if it failed. */
  private final @Nullable String errorCode;
  /** Whether the connector stopped waiting. */
  private final boolean waitTimedOut;

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets or personal data
   * @param context where it failed
   * @param operationId the operation's GID
   * @param operationStatus the operation's last status, e.g. {@code FAILED}
   * @param errorCode Shopify's {@code errorCode} ({@code ACCESS_DENIED},
   *     {@code INTERNAL_SERVER_ERROR}, {@code TIMEOUT}), or {@code null}
   * @param waitTimedOut whether the connector stopped waiting for a running operation
   * @param retryable whether starting the read again may succeed
   */
  public ShopifyBulkOperationException(String message, ErrorContext context, String operationId,
      String operationStatus, @Nullable String errorCode, boolean waitTimedOut, boolean retryable) {
    super(message, context, retryable, null);
    this.operationId = operationId;
    this.operationStatus = operationStatus;
    this.errorCode = errorCode;
    this.waitTimedOut = waitTimedOut;
  }

  /**
   * Returns the operation's id.
   *
   * @return a {@code gid://shopify/BulkOperation/...} id
   */
  public String operationId() {
    return operationId;
  }

  /**
   * Returns the operation's last status.
   *
   * @return {@code FAILED}, {@code CANCELED}, {@code EXPIRED}, or the status it still had when the
   *     wait ran out
   */
  public String operationStatus() {
    return operationStatus;
  }

  /**
   * Returns Shopify's reason for a failed operation.
   *
   * @return {@code ACCESS_DENIED}, {@code INTERNAL_SERVER_ERROR} or {@code TIMEOUT}, or
   *     {@code null}
   */
  public @Nullable String errorCode() {
    return errorCode;
  }

  /**
   * Tells whether the connector stopped waiting for an operation that was still running.
   *
   * @return whether the wait ran out
   */
  public boolean waitTimedOut() {
    return waitTimedOut;
  }
}
