package dev.posbridge.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One webhook POST a {@link WebhookSender} made, and how the receiver answered.
 *
 * @param url where the webhook was posted
 * @param headers the headers sent, in the order given
 * @param body the raw body sent; copied in and out
 * @param status the receiver's HTTP status, or 0 if the POST failed before a response
 * @param sentAt when it was sent, by the sender's clock
 * @param error why the POST failed, or {@code null} if a response arrived
 */
@SuppressWarnings("ArrayRecordComponent") // the body is copied in and out; deliveries are never compared
public record WebhookDelivery(
    URI url,
    Map<String, String> headers,
    byte[] body,
    int status,
    Instant sentAt,
    @Nullable String error) {

  /**
   * Creates a delivery record, copying the headers and body.
   *
   * @param url where the webhook was posted
   * @param headers the headers sent
   * @param body the raw body sent
   * @param status the receiver's HTTP status, or 0 if no response
   * @param sentAt when it was sent
   * @param error why the POST failed, or {@code null}
   */
  public WebhookDelivery {
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  /**
   * Returns a copy of the body.
   *
   * @return the raw body
   */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns the body as UTF-8 text.
   *
   * @return the body text
   */
  public String bodyString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Tells whether the receiver answered 2xx.
   *
   * @return whether the delivery was accepted
   */
  public boolean accepted() {
    return status >= 200 && status < 300;
  }

  /**
   * Returns why the POST failed.
   *
   * @return the error, or empty if a response arrived
   */
  public Optional<String> failure() {
    return Optional.ofNullable(error);
  }
}
