package dev.posbridge.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Posts webhook bodies to the application under test and records each delivery.
 *
 * <p>Vendor simulators build and sign the body and headers themselves (each vendor signs
 * differently) and call {@link #send(URI, Map, byte[])}, which posts exactly those bytes with the
 * JDK {@link HttpClient}. Failures to connect are recorded, not thrown, so tests can cover a
 * receiver that is down. Thread-safe.
 */
public final class WebhookSender {

  private final HttpClient client;
  private final Clock clock;
  private final Duration timeout;
  private final List<WebhookDelivery> deliveries = new ArrayList<>();

  /**
   * Creates a sender with a 10-second timeout per delivery.
   *
   * @param clock dates the deliveries, usually the simulator's {@link SimClock}
   */
  public WebhookSender(Clock clock) {
    this(clock, Duration.ofSeconds(10));
  }

  /**
   * Creates a sender.
   *
   * @param clock dates the deliveries
   * @param timeout how long to wait for the receiver's response
   */
  public WebhookSender(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Posts a body with headers.
   *
   * @param url the receiver's URL
   * @param headers headers to send, e.g. the signature and {@code Content-Type}; restricted
   *     headers such as {@code Host} or {@code Content-Length} are not allowed
   * @param body the exact bytes to post
   * @return the recorded delivery, with the receiver's status or the failure
   * @throws IllegalArgumentException if a header is restricted or invalid
   */
  public WebhookDelivery send(URI url, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url).timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    Instant sentAt = clock.instant();
    WebhookDelivery delivery;
    try {
      HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
      delivery = new WebhookDelivery(url, headers, body, response.statusCode(), sentAt, null);
    } catch (IOException e) {
      delivery = new WebhookDelivery(url, headers, body, 0, sentAt, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      delivery = new WebhookDelivery(url, headers, body, 0, sentAt, "interrupted");
    }
    synchronized (deliveries) {
      deliveries.add(delivery);
    }
    return delivery;
  }

  /**
   * Returns every delivery so far.
   *
   * @return the deliveries, oldest first
   */
  public List<WebhookDelivery> deliveries() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  /** Forgets the recorded deliveries. */
  public void clear() {
    synchronized (deliveries) {
      deliveries.clear();
    }
  }
}
