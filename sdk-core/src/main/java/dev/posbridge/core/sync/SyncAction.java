package dev.posbridge.core.sync;

/** What a pipeline delivery does in its target system. */
public enum SyncAction {
  /** Records a sale, e.g. as a sales receipt ({@link dev.posbridge.core.connect.SalesSink}). */
  RECORD_SALE("sale"),
  /** Records a refund ({@link dev.posbridge.core.connect.SalesSink}). */
  RECORD_REFUND("refund"),
  /** Applies a stock change ({@link dev.posbridge.core.connect.InventoryConnector}). */
  APPLY_STOCK("stock"),
  /** Creates or updates a customer ({@link dev.posbridge.core.connect.CustomerConnector}). */
  UPSERT_CUSTOMER("customer"),
  /**
   * Reads the sale or refunds a summary event names from its source
   * ({@link dev.posbridge.core.connect.SaleLookup}) and submits them to the pipeline.
   */
  FETCH("fetch");

  private final String code;

  SyncAction(String code) {
    this.code = code;
  }

  /**
   * Returns the short, stable name used in outbox event types and idempotency keys.
   *
   * @return the code, e.g. {@code "stock"}
   */
  public String code() {
    return code;
  }

  /**
   * Finds the action with a code.
   *
   * @param code a code from {@link #code()}
   * @return the action
   * @throws IllegalArgumentException if no action has that code
   */
  public static SyncAction ofCode(String code) {
    for (SyncAction a : values()) {
      if (a.code.equals(code)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown sync action: " + code);
  }
}
