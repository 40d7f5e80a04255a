package dev.posbridge.shopify;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.VendorException;
import org.jspecify.annotations.Nullable;

/**
 * A Shopify bulk query operation, which the connector runs to read a long window of sales, did not
 * deliver its result: it ended {@code FAILED} (see {@link BulkOperation#errorCode()}), {@code CANCELED} or
 * {@code EXPIRED}, or it was still running when the connector's wait ran out
 * ({@link BulkOperation#waitTimedOut()}; the connector then cancels it).
 *
 * <p>{@linkplain #isRetryable() Retryable} unless Shopify denied access
 * ({@code ACCESS_DENIED}: the app lacks a scope such as {@code read_orders}) or the result expired
 * (a read resumed from an old cursor: start it again without the cursor).
 */
public class ShopifyBulkOperationException extends VendorException {

  private static final long serialVersionUID = 1L;

  /** The operation as the connector last saw it. */
  private final BulkOperation bulkOperation;

  /**
   * What the connector last saw of a bulk operation.
   *
   * @param id the operation's GID, a {@code gid://shopify/BulkOperation/...} id
   * @param status the operation's last status: {@code FAILED}, {@code CANCELED}, {@code EXPIRED},
   *     or the status it still had when the wait ran out
   * @param errorCode Shopify's reason for a failed operation ({@code ACCESS_DENIED},
   *     {@code INTERNAL_SERVER_ERROR}, {@code TIMEOUT}), or {@code null}
   * @param waitTimedOut whether the connector stopped waiting for an operation that was still
   *     running
   */
  public record BulkOperation(String id, String status, @Nullable String errorCode,
      boolean waitTimedOut) {}

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets or personal data
   * @param context where it failed
   * @param bulkOperation the operation as last seen
   * @param retryable whether starting the read again may succeed
   */
  public ShopifyBulkOperationException(String message, ErrorContext context, BulkOperation bulkOperation,
      boolean retryable) {
    super(message, context, retryable, null);
    this.bulkOperation = bulkOperation;
  }

  /**
   * Returns the operation as the connector last saw it.
   *
   * @return the operation's id, status, error code and whether the wait ran out
   */
  public BulkOperation bulkOperation() {
    return bulkOperation;
  }
}
