package dev.posbridge.square;

/** Square's environments and their base URLs. */
public enum SquareEnvironment {
  /** Live data: {@code https://connect.squareup.com}. */
  PRODUCTION("https://connect.squareup.com"),
  /** The developer sandbox: {@code https://connect.squareupsandbox.com}. */
  SANDBOX("https://connect.squareupsandbox.com");

  private final String baseUrl;

  SquareEnvironment(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * Returns the environment's base URL.
   *
   * @return the URL, without a trailing slash
   */
  public String baseUrl() {
    return baseUrl;
  }
}
