package dev.posbridge.quickbooks;

/** The QBO API host to call. */
public enum QuickBooksEnvironment {
  /** {@code https://quickbooks.api.intuit.com}. */
  PRODUCTION("https://quickbooks.api.intuit.com"),
  /** {@code https://sandbox-quickbooks.api.intuit.com}. */
  SANDBOX("https://sandbox-quickbooks.api.intuit.com");

  private final String baseUrl;

  QuickBooksEnvironment(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * Returns the API base URL.
   *
   * @return the base URL, without a trailing slash
   */
  public String baseUrl() {
    return baseUrl;
  }
}
