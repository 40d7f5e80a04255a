package dev.posbridge.quickbooks;

import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.http.RateLimiter;
import dev.posbridge.core.http.VendorConnectorBuilder;
import dev.posbridge.core.spi.HttpTransport;
import dev.posbridge.quickbooks.internal.QboApi;
import dev.posbridge.quickbooks.internal.QboErrorMapper;
import dev.posbridge.quickbooks.internal.QboLimits;
import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@link QuickBooksConnector.Builder}, which is the public name of this class;
 * kept in its own file so that the connector stays a thin facade.
 */
abstract class QuickBooksConnectorBuilder
    extends VendorConnectorBuilder<QuickBooksConnector.Builder, QuickBooksAuth> {

  private static final Pattern MINOR_VERSION = Pattern.compile("\\d{1,4}");
  private static final int MIN_MINOR_VERSION = 75;

  @Nullable String realmId;
  QuickBooksEnvironment environment = QuickBooksEnvironment.PRODUCTION;
  URI tokenEndpoint = QuickBooksConnector.DEFAULT_TOKEN_ENDPOINT;
  @Nullable QuickBooksMapping mapping;
  @Nullable IdMap idMap;
  QuickBooksRateLimits limits = QuickBooksRateLimits.defaults();
  int batchSize = QuickBooksConnector.DEFAULT_BATCH_SIZE;

  QuickBooksConnectorBuilder() {
    super(QuickBooksAuth.class, QuickBooksConnector.DEFAULT_API_VERSION, QuickBooksConnectorBuilder::minorVersion);
  }

  /** QBO's {@code minorversion}: a number of at least 75, sent without leading zeros. */
  private static String minorVersion(String value) {
    if (value == null || !MINOR_VERSION.matcher(value).matches() || Integer.parseInt(value) < MIN_MINOR_VERSION) {
      throw new IllegalArgumentException("apiVersion must be a minor version of at least 75: " + value);
    }
    return Integer.toString(Integer.parseInt(value));
  }

  /**
   * Sets the company (realm) id, from {@code realmId} on the OAuth redirect. Required.
   *
   * @param value the realm id
   * @return this builder
   * @throws IllegalArgumentException if blank
   */
  public QuickBooksConnector.Builder realmId(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("realmId must not be blank");
    }
    this.realmId = value.trim();
    return self();
  }

  /**
   * Chooses production (default) or sandbox.
   *
   * @param value the environment
   * @return this builder
   */
  public QuickBooksConnector.Builder environment(QuickBooksEnvironment value) {
    this.environment = Objects.requireNonNull(value, "environment");
    return self();
  }

  /**
   * Overrides the OAuth token endpoint; default Intuit's.
   *
   * @param value the endpoint
   * @return this builder
   * @throws IllegalArgumentException if not absolute
   */
  public QuickBooksConnector.Builder tokenEndpoint(URI value) {
    if (value == null || !value.isAbsolute()) {
      throw new IllegalArgumentException("tokenEndpoint must be an absolute URI: " + value);
    }
    this.tokenEndpoint = value;
    return self();
  }

  /**
   * Sets how sales land in the books. Required.
   *
   * @param value the mapping
   * @return this builder
   */
  public QuickBooksConnector.Builder mapping(QuickBooksMapping value) {
    this.mapping = Objects.requireNonNull(value, "mapping");
    return self();
  }

  /**
   * Sets the cross-reference of SKUs, customers and sales; SKUs found by query are added.
   *
   * @param value the map, or {@code null} to resolve SKUs by query only
   * @return this builder
   */
  public QuickBooksConnector.Builder idMap(@Nullable IdMap value) {
    this.idMap = value;
    return self();
  }

  /**
   * Sets the client-side limits of this realm; default {@link QuickBooksRateLimits#defaults()},
   * which stay under QBO's documented throttles. Replaces a limiter set with
   * {@link #rateLimiter(RateLimiter)}.
   *
   * @param value the limits
   * @return this builder
   */
  public QuickBooksConnector.Builder rateLimiter(QuickBooksRateLimits value) {
    this.limits = Objects.requireNonNull(value, "rateLimiter");
    return useDefaultRateLimiter();
  }

  /**
   * Makes the limiter of the {@linkplain #rateLimiter(QuickBooksRateLimits) realm's limits}.
   *
   * @return the limiter
   */
  @Override
  protected RateLimiter defaultRateLimiter() {
    return QboLimits.limiter(limits, clock(), sleeper());
  }

  /**
   * Sets how many sales one batch call carries; default and maximum 30 (QBO's recommended
   * maximum).
   *
   * @param value the size
   * @return this builder
   * @throws IllegalArgumentException if not 1..30
   */
  public QuickBooksConnector.Builder batchSize(int value) {
    if (value < 1 || value > QuickBooksConnector.DEFAULT_BATCH_SIZE) {
      throw new IllegalArgumentException("batchSize must be 1..30: " + value);
    }
    this.batchSize = value;
    return self();
  }

  /**
   * Builds the connector.
   *
   * @return the connector
   * @throws IllegalStateException naming the first required setting that is missing: realmId,
   *     mapping or credentials
   */
  public QuickBooksConnector build() {
    if (realmId == null) {
      throw new IllegalStateException("realmId is required");
    }
    if (mapping == null) {
      throw new IllegalStateException("mapping is required");
    }
    QuickBooksAuth auth = credentials();
    HttpTransport transport = HttpTransport.builder()
        .system(QboApi.SYSTEM)
        .baseUrl(baseUrl() != null ? baseUrl() : environment.baseUrl())
        .connectorSettings(this)
        .credentials(auth.credentials(tokenEndpoint, this))
        .rateLimiter(rateLimiter())
        .errorMapper(new QboErrorMapper(QboErrorMapper.DEFAULT_THROTTLE_WAIT))
        .requestIdHeader("intuit_tid")
        .build();
    return new QuickBooksConnector(this, transport);
  }
}
