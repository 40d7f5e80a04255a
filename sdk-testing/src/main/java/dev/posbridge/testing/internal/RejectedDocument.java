package dev.posbridge.testing.internal;

/**
 * Thrown for a query document the simulated vendor refuses (a QBO query, a Shopify bulk query);
 * the message says why, as the vendor would.
 */
public final class RejectedDocument extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why the document is refused
   */
  public RejectedDocument(String message) {
    super(message);
  }
}
