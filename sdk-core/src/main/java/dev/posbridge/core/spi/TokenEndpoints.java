package dev.posbridge.core.spi;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.ResponseTooLargeException;
import dev.posbridge.core.UnexpectedRedirectException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.http.TimeoutSettings;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.net.SocketFactory;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * What every token refresher and token exchange shares: a client that never follows redirects
 * and obeys the connector's timeouts with a whole-call deadline (so a server trickling one byte at
 * a time cannot extend it), a bounded read of the answer, typed errors for redirects and
 * impossible statuses, and one policy for nonsense token lifetimes.
 *
 * <p>Lifetime policy: an {@code expires_in} that is not a finite positive number of seconds
 * ({@code 0}, {@code -5}, {@code "abc"}, {@code NaN}) means "unknown": the token is used until the
 * vendor rejects it (one refresh per 401, never a refresh before every call); a lifetime above the
 * ceiling ({@code 1e20}) is capped at the ceiling. Never a {@code NumberFormatException} or
 * {@code DateTimeException}.
 */
public final class TokenEndpoints {

  /** The largest token answer read; more fails with {@link ResponseTooLargeException}. */
  public static final int MAX_BODY = 64 * 1024;

  /** The longest access-token lifetime believed from {@code expires_in}. */
  public static final Duration MAX_ACCESS_LIFETIME = Duration.ofHours(24);

  /** The longest refresh-token lifetime believed. */
  public static final Duration MAX_REFRESH_LIFETIME = Duration.ofDays(366);

  private static final ObjectMapper MAPPER = Json.create();

  private TokenEndpoints() {}

  /**
   * Derives the client a token endpoint is called with.
   *
   * @param base the user's client to share pools with, or {@code null} for a new one
   * @param timeouts the connector's timeouts
   * @param budget the connector's whole-call budget (e.g. {@code RetrySettings.maxElapsed()});
   *     the call deadline is the smaller of it and {@link TimeoutSettings#call()}
   * @return a client with redirects off, OkHttp's silent retries off and the deadlines set
   */
  public static OkHttpClient client(@Nullable OkHttpClient base, TimeoutSettings timeouts, Duration budget) {
    Duration deadline = timeouts.call().compareTo(budget) <= 0 ? timeouts.call() : budget;
    OkHttpClient.Builder b = base != null ? base.newBuilder() : new OkHttpClient.Builder();
    return b
        .socketFactory(NoDelaySocketFactory.wrap(base != null ? base.socketFactory() : SocketFactory.getDefault()))
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .connectTimeout(timeouts.connect())
        .readTimeout(timeouts.read())
        .writeTimeout(timeouts.read())
        .callTimeout(deadline)
        .build();
  }

  /**
   * Sends a token request and reads the answer, bounded.
   *
   * @param client a client from {@link #client}
   * @param request the request
   * @param ctx the vendor and operation for errors
   * @param requestIdHeader the header carrying the vendor's request id, or {@code null}
   * @return the answer; the caller judges its status
   * @throws UnexpectedRedirectException on any 3xx
   * @throws InvalidResponseException on a status outside 100..599
   * @throws ResponseTooLargeException if the answer exceeds {@link #MAX_BODY} bytes
   * @throws VendorUnavailableException if the endpoint cannot be reached or the deadline passes
   */
  public static Reply exchange(OkHttpClient client, Request request, ErrorContext ctx,
      @Nullable String requestIdHeader) {
    try (Response response = client.newCall(request).execute()) {
      int status = response.code();
      ErrorContext sctx = ctx.withStatus(status)
          .withRequestId(requestIdHeader == null ? null : response.header(requestIdHeader));
      if (status >= 300 && status < 400) {
        throw redirect(sctx, response.header("Location"), request.url());
      }
      if (status < 100 || status > 599) {
        throw new InvalidResponseException("Token endpoint answered with invalid HTTP status " + status, sctx, "",
            null);
      }
      byte[] bytes;
      try (InputStream in = response.body().byteStream()) {
        bytes = in.readNBytes(MAX_BODY + 1);
      }
      if (bytes.length > MAX_BODY) {
        throw new ResponseTooLargeException("Token answer exceeds " + MAX_BODY + " bytes", sctx, null);
      }
      JsonNode json = null;
      IOException parseError = null;
      if (bytes.length > 0) {
        try {
          json = MAPPER.readTree(bytes);
        } catch (StreamConstraintsException e) {
          throw new ResponseTooLargeException("Token answer exceeds a parse limit", sctx, e);
        } catch (IOException e) {
          parseError = e;
        }
      }
      return new Reply(status, sctx, json, parseError, excerpt(bytes));
    } catch (IOException e) {
      throw new VendorUnavailableException("Token endpoint could not be reached", ctx, e);
    }
  }

  /**
   * Builds the exception for a 3xx answer.
   *
   * @param ctx the context with the status
   * @param location the {@code Location} header, or {@code null}
   * @param from the URL that was called, to resolve a relative location
   * @return the exception
   */
  public static UnexpectedRedirectException redirect(ErrorContext ctx, @Nullable String location, HttpUrl from) {
    String shown = "";
    if (location != null && !location.isBlank()) {
      HttpUrl target = from.resolve(location.strip());
      if (target != null) {
        shown = target.scheme() + "://" + target.host() + ":" + target.port() + Redactor.url(target);
      } else {
        shown = Redactor.text(location.length() > 200 ? location.substring(0, 200) : location);
      }
      if (shown.length() > 300) {
        shown = shown.substring(0, 300) + "…";
      }
    }
    return new UnexpectedRedirectException(ctx, shown, null);
  }

  /**
   * Reads a lifetime in seconds ({@code expires_in} and the like) under the lifetime policy.
   *
   * @param node the field's value, or {@code null} if absent
   * @param ceiling the longest lifetime believed
   * @return the lifetime in whole seconds, at most {@code ceiling}; empty if absent or nonsense
   */
  public static OptionalLong lifetimeSeconds(@Nullable JsonNode node, Duration ceiling) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return OptionalLong.empty();
    }
    BigDecimal seconds;
    if (node.isNumber()) {
      if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
        return OptionalLong.empty();
      }
      seconds = node.isBigDecimal() || node.isBigInteger() || node.isFloatingPointNumber()
          ? safeDecimal(node) : BigDecimal.valueOf(node.longValue());
    } else if (node.isTextual()) {
      String text = node.asText().strip();
      if (text.isEmpty() || text.length() > 30) {
        return OptionalLong.empty();
      }
      try {
        seconds = new BigDecimal(text);
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    } else {
      return OptionalLong.empty();
    }
    // compareTo is cheap whatever the exponent, unlike longValue() on 1e-999999999.
    if (seconds == null || seconds.compareTo(BigDecimal.ONE) < 0) {
      return OptionalLong.empty();
    }
    long max = ceiling.toSeconds();
    if (seconds.compareTo(BigDecimal.valueOf(max)) >= 0) {
      return OptionalLong.of(max);
    }
    long whole = seconds.longValue();
    return whole <= 0 ? OptionalLong.empty() : OptionalLong.of(whole);
  }

  /**
   * Adds a lifetime to {@code now} under the lifetime policy.
   *
   * @param now the time the answer was requested
   * @param node the lifetime field, or {@code null}
   * @param ceiling the longest lifetime believed
   * @return the expiry, or {@code null} if unknown
   */
  public static @Nullable Instant expiresAt(Instant now, @Nullable JsonNode node, Duration ceiling) {
    OptionalLong s = lifetimeSeconds(node, ceiling);
    return s.isPresent() ? now.plusSeconds(s.getAsLong()) : null;
  }

  /**
   * Applies the lifetime policy to an absolute expiry a vendor sent (e.g. Square's
   * {@code expires_at}).
   *
   * @param now the time the answer was requested
   * @param expiry the vendor's expiry, or {@code null}
   * @param ceiling the longest lifetime believed
   * @return {@code null} if absent or not in the future, else at most {@code now + ceiling}
   */
  public static @Nullable Instant capExpiry(Instant now, @Nullable Instant expiry, Duration ceiling) {
    if (expiry == null || !expiry.isAfter(now)) {
      return null;
    }
    Instant max = now.plus(ceiling);
    return expiry.isAfter(max) ? max : expiry;
  }

  private static @Nullable BigDecimal safeDecimal(JsonNode node) {
    try {
      return node.decimalValue();
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  private static String excerpt(byte[] bytes) {
    return Redactor.text(new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.UTF_8));
  }

  /**
   * A token endpoint's answer.
   *
   * @param status the HTTP status (100..599, never 3xx)
   * @param context the vendor, operation, status and request id
   * @param json the parsed body, or {@code null} if empty or malformed
   * @param parseError why the body could not be parsed, if it could not
   * @param excerpt the redacted start of the body
   */
  public record Reply(int status, ErrorContext context, @Nullable JsonNode json, @Nullable IOException parseError,
      String excerpt) {

    /**
     * Throws the typed exception for an answer that is not a success: {@code 429} as
     * {@link dev.posbridge.core.RateLimitedException} (no wait hint), {@code 5xx} as
     * {@link VendorUnavailableException}, anything else as
     * {@link dev.posbridge.core.AuthenticationException}; the vendor's {@code error} code, when
     * short, goes into the context.
     *
     * @param throttled the message when throttled
     * @param rejected the message when the request was refused
     * @return this reply, successful
     * @throws dev.posbridge.core.RateLimitedException if the status is 429
     * @throws VendorUnavailableException if the status is 5xx
     * @throws dev.posbridge.core.AuthenticationException for any other unsuccessful status
     */
    public Reply requireSuccess(String throttled, String rejected) {
      if (successful()) {
        return this;
      }
      String error = text("error");
      ErrorContext ectx = context.withVendorCode(error == null || error.length() > 64 ? null : error);
      if (status == 429) {
        throw new dev.posbridge.core.RateLimitedException(throttled, ectx, Duration.ZERO, null);
      }
      if (status >= 500) {
        throw new VendorUnavailableException("Token endpoint unavailable", ectx, null);
      }
      throw new dev.posbridge.core.AuthenticationException(rejected, ectx, null);
    }

    /**
     * Returns a required text field of a well-formed answer.
     *
     * @param field the field, e.g. {@code access_token}
     * @param shown what of the body a failure may show: {@link #excerpt()} or {@code ""}
     * @return the field's value, not blank
     * @throws InvalidResponseException if the body is malformed or the field missing or blank
     */
    public String requireText(String field, String shown) {
      if (parseError != null) {
        throw new InvalidResponseException("Token endpoint returned malformed JSON", context, shown, parseError);
      }
      String value = text(field);
      if (value == null || value.isBlank()) {
        throw new InvalidResponseException("Token response has no " + field, context, shown, null);
      }
      return value;
    }

    /**
     * Tells whether the status is 2xx.
     *
     * @return {@code true} for 200..299
     */
    public boolean successful() {
      return status >= 200 && status < 300;
    }

    /**
     * Returns the text of a top-level field.
     *
     * @param field the field name
     * @return the text, or {@code null} if absent, null or not a scalar
     */
    public @Nullable String text(String field) {
      JsonNode v = json == null ? null : json.get(field);
      return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    /**
     * Returns a top-level field.
     *
     * @param field the field name
     * @return the node, or {@code null}
     */
    public @Nullable JsonNode get(String field) {
      return json == null ? null : json.get(field);
    }
  }
}
