package dev.posbridge.core.http;

import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What every vendor connector builder adds to the {@linkplain HttpConnectorBuilder HTTP settings}:
 * one {@link #credentials(Object) credentials(..)} taking the vendor's authentication type
 * ({@code SquareAuth}, {@code ShopifyAuth}, {@code QuickBooksAuth}, {@code NetSuiteAuth}), an
 * {@link #apiVersion(String) apiVersion(..)} checked by the vendor's rule, and a client-side
 * {@link #rateLimiter(RateLimiter) rateLimiter(..)} with the vendor's default. The same three
 * settings thus have the same names, checks and messages on every connector.
 *
 * <p>The no-argument methods read back what was set, for the connector that builds from it. Not
 * thread-safe, like every builder.
 *
 * @param <B> the concrete builder type, returned by every setter for chaining
 * @param <A> the vendor's authentication type, made by its static factories
 */
public abstract class VendorConnectorBuilder<B extends VendorConnectorBuilder<B, A>, A>
    extends HttpConnectorBuilder<B> {

  private final Class<A> authType;
  private final UnaryOperator<String> apiVersionRule;
  private @Nullable A credentials;
  private String apiVersion;
  private @Nullable RateLimiter rateLimiter;

  /**
   * Creates a builder with the vendor's defaults.
   *
   * @param authType the vendor's authentication type, named when the credentials are missing
   * @param defaultApiVersion the API version sent unless {@link #apiVersion(String)} is called
   * @param apiVersionRule checks a version given to {@link #apiVersion(String)} and returns it as
   *     the connector sends it; throws {@link IllegalArgumentException} for one the vendor does not
   *     take (see {@link #apiVersionMatching(String, String)})
   */
  protected VendorConnectorBuilder(Class<A> authType, String defaultApiVersion,
      UnaryOperator<String> apiVersionRule) {
    this.authType = Objects.requireNonNull(authType, "authType");
    this.apiVersion = Objects.requireNonNull(defaultApiVersion, "defaultApiVersion");
    this.apiVersionRule = Objects.requireNonNull(apiVersionRule, "apiVersionRule");
  }

  /**
   * An API version rule that takes the versions matching a regular expression as they are.
   *
   * @param regex the whole version must match it
   * @param form how the versions look, for the message, e.g. {@code YYYY-MM-DD}
   * @return the rule; it throws {@link IllegalArgumentException} naming the form
   */
  protected static UnaryOperator<String> apiVersionMatching(String regex, String form) {
    Pattern pattern = Pattern.compile(regex);
    return value -> {
      if (value == null || !pattern.matcher(value).matches()) {
        throw new IllegalArgumentException("apiVersion must be " + form + ": " + value);
      }
      return value;
    };
  }

  /**
   * Sets how the connector authenticates: a value from the static factories of the vendor's
   * authentication type, e.g. {@code SquareAuth.accessToken(token)} or
   * {@code NetSuiteAuth.clientCredentials(..)}. Required; the last call wins.
   *
   * @param value the vendor's authentication
   * @return this builder
   */
  public B credentials(A value) {
    this.credentials = Objects.requireNonNull(value, "credentials");
    return self();
  }

  /**
   * Overrides the vendor API version the connector sends (Square's {@code Square-Version} date,
   * Shopify's Admin API release, QuickBooks' {@code minorversion}, NetSuite's REST path version).
   * Default the connector's {@code DEFAULT_API_VERSION}, the version this release is tested
   * against; change it only after checking the vendor's release notes, since response shapes
   * follow it.
   *
   * @param value the version, in the vendor's form
   * @return this builder
   * @throws IllegalArgumentException if the vendor does not take a version of that form
   */
  public B apiVersion(String value) {
    this.apiVersion = apiVersionRule.apply(value);
    return self();
  }

  /**
   * Sets a client-side rate limiter, consulted before every attempt, e.g. one shared by all
   * connectors of an account. Default: the vendor's, see the connector's builder.
   *
   * @param value the limiter
   * @return this builder
   */
  public B rateLimiter(RateLimiter value) {
    this.rateLimiter = Objects.requireNonNull(value, "rateLimiter");
    return self();
  }

  /**
   * Drops a limiter set with {@link #rateLimiter(RateLimiter)}, so that the vendor's
   * {@linkplain #defaultRateLimiter() default} applies again.
   *
   * @return this builder
   */
  protected final B useDefaultRateLimiter() {
    this.rateLimiter = null;
    return self();
  }

  /**
   * Makes the rate limiter of a connector built without {@link #rateLimiter(RateLimiter)}. Called
   * once per build. Default {@link RateLimiter#unlimited()}.
   *
   * @return the vendor's default limiter
   */
  protected RateLimiter defaultRateLimiter() {
    return RateLimiter.unlimited();
  }

  /**
   * Returns the credentials, for the connector that builds from this builder.
   *
   * @return the authentication set with {@link #credentials(Object)}
   * @throws IllegalStateException if none was set; the message names the setter and the type
   */
  public final A credentials() {
    if (credentials == null) {
      throw new IllegalStateException(
          "credentials is required: set credentials(" + authType.getSimpleName() + ")");
    }
    return credentials;
  }

  /**
   * Returns the API version the connector sends.
   *
   * @return the version, the vendor's default unless overridden
   */
  public final String apiVersion() {
    return apiVersion;
  }

  /**
   * Returns the rate limiter the connector consults.
   *
   * @return the limiter set with {@link #rateLimiter(RateLimiter)}, else a new
   *     {@linkplain #defaultRateLimiter() default} one
   */
  public final RateLimiter rateLimiter() {
    return rateLimiter != null ? rateLimiter : defaultRateLimiter();
  }
}
