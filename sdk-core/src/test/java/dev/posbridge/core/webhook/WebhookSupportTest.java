package dev.posbridge.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.MutableClock;
import dev.posbridge.core.spi.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSupportTest {

  @Test
  void deduplicatorAcceptsAnEventIdOnceUntilItExpires() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    EventDeduplicator dedupe = EventDeduplicator.inMemory(10, Duration.ofHours(1), clock);

    assertThat(dedupe.firstSeen("square", "e1")).isTrue();
    assertThat(dedupe.firstSeen("square", "e1")).isFalse();
    assertThat(dedupe.firstSeen("shopify", "e1")).isTrue();
    clock.advance(Duration.ofHours(2));
    assertThat(dedupe.firstSeen("square", "e1")).isTrue();
  }

  @Test
  void forgottenIdsAreAcceptedAgainAndCapacityEvictsTheOldest() {
    EventDeduplicator dedupe = EventDeduplicator.inMemory(2, Duration.ofHours(1), Clock.systemUTC());
    dedupe.firstSeen("s", "a");
    dedupe.forget("s", "a");
    assertThat(dedupe.firstSeen("s", "a")).isTrue();

    dedupe.firstSeen("s", "b");
    dedupe.firstSeen("s", "c");
    assertThat(dedupe.firstSeen("s", "a")).isTrue();
  }

  @Test
  void hmacMatchesTheSquareFactSheetVector() {
    String body = "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"order.updated\",\"event_id\":\"5f0c1d7e-9a4b-4c2e-8b1a-3d6f7e8a9b01\",\"created_at\":\"2025-11-03T10:15:30.123Z\",\"data\":{\"type\":\"order_updated\",\"id\":\"CAISEM82RcpmcFBM0TfOyiHV3es\",\"object\":{\"order_updated\":{\"order_id\":\"CAISEM82RcpmcFBM0TfOyiHV3es\",\"version\":4,\"location_id\":\"L88917AVBK2S5\",\"state\":\"COMPLETED\",\"created_at\":\"2025-11-03T10:14:02.000Z\",\"updated_at\":\"2025-11-03T10:15:29.000Z\"}}}}";
    byte[] mac = Signatures.hmacSha256("sqwk_TEST_9f2c4e6a8b0d1f3e5a7c9e1b".getBytes(StandardCharsets.UTF_8),
        "https://pos-sync.example.com/webhooks/square".getBytes(StandardCharsets.UTF_8),
        body.getBytes(StandardCharsets.UTF_8));

    assertThat(Signatures.matchesBase64(mac, "Ekz/hQux6Rg+aS1019AIO0ycoWMYMNh3r459GrhDBv8=")).isTrue();
    assertThat(Signatures.matchesBase64(mac, "Ekz/hQux6Rg+aS1019AIO0ycoWMYMNh3r459GrhDBv9=")).isFalse();
    assertThat(Signatures.matchesBase64(mac, "not base64!")).isFalse();
    assertThat(Signatures.matchesBase64(mac, null)).isFalse();
  }

  @Test
  void requestHeadersAreCaseInsensitiveAndBodyIsCopied() {
    byte[] body = {1, 2, 3};
    WebhookRequest request = WebhookRequest.of(Map.of("X-Square-HmacSha256-Signature", "sig"), body, "u");
    body[0] = 9;

    assertThat(request.header("x-square-hmacsha256-signature")).isEqualTo("sig");
    assertThat(request.body()[0]).isEqualTo((byte) 1);
    assertThat(request.toString()).doesNotContain("sig");
  }
}
