package dev.posbridge.core.sync;

import static dev.posbridge.core.sync.SyncTestSupport.SAME_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.WebhookRejectedException.Reason;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.core.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookIngressTest {

  /** Body "eventId sku quantity"; header x-sig must be "ok". */
  private static final WebhookVerifier VERIFIER = request -> {
    String sig = request.header("x-sig");
    if (sig == null) {
      throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "no signature", "shopify", null);
    }
    if (sig.equals("old")) {
      throw new WebhookRejectedException(Reason.STALE, "too old", "shopify", null);
    }
    if (!sig.equals("ok")) {
      throw new WebhookRejectedException(Reason.BAD_SIGNATURE, "mismatch", "shopify", null);
    }
    String[] parts = new String(request.body(), StandardCharsets.UTF_8).split(" ");
    if (parts.length != 3) {
      throw new WebhookRejectedException(Reason.MALFORMED, "bad body", "shopify", null);
    }
    ChangeEvent change = SyncPipelineTest.stockEvent("shopify", parts[0], parts[1], "L1",
        Integer.parseInt(parts[2]));
    return new WebhookEvent("shopify", parts[0], "inventory_levels/update", SyncTestSupport.T0, 1,
        List.of(change));
  };

  @TempDir Path dir;
  private Outbox outbox;
  private SyncPipeline pipeline;
  private WebhookIngress ingress;

  private void open() {
    outbox = Outbox.builder().sqlite(dir.resolve("hooks.db")).build();
    pipeline = SyncPipeline.builder().outbox(outbox).inventory(new FakeInventory("square", 100))
        .inventory(new FakeInventory("shopify", 100)).locationMapping(SAME_ID).build();
    ingress = WebhookIngress.builder().pipeline(pipeline).verifier(VERIFIER).build();
  }

  @AfterEach
  void close() {
    if (outbox != null) {
      outbox.close();
    }
  }

  private static WebhookRequest request(String signature, String body) {
    return WebhookRequest.of(signature == null ? Map.of() : Map.of("X-Sig", signature),
        body.getBytes(StandardCharsets.UTF_8), "https://example.com/hooks/shopify");
  }

  @Test
  void aVerifiedEventIsOnDiskWhenTheIngressAnswers200() {
    open();

    int status = ingress.handle(request("ok", "ev-1 LATTE 7"));
    outbox.close();
    outbox = Outbox.builder().sqlite(dir.resolve("hooks.db")).build();

    assertThat(status).isEqualTo(200);
    assertThat(outbox.status().pending()).as("the SET for square survived").isEqualTo(1);
    assertThat(outbox.claim("w", 10)).singleElement()
        .satisfies(e -> assertThat(e.event().type()).isEqualTo("square/stock"));
  }

  @Test
  void aDuplicateDeliveryIsAcknowledgedAndStoredOnce() {
    open();

    assertThat(ingress.handle(request("ok", "ev-1 LATTE 7"))).isEqualTo(200);
    assertThat(ingress.handle(request("ok", "ev-1 LATTE 7"))).isEqualTo(200);
    assertThat(ingress.handle(request("ok", "ev-2 LATTE 6"))).isEqualTo(200);

    assertThat(outbox.status().pending()).isEqualTo(2);
    assertThat(outbox.status().delivered()).as("one receipt per event id").isEqualTo(2);
  }

  @Test
  void rejectedSignaturesAre401AndMalformedBodiesAre400() {
    open();

    assertThat(ingress.handle(request(null, "ev-1 LATTE 7"))).isEqualTo(401);
    assertThat(ingress.handle(request("forged", "ev-1 LATTE 7"))).isEqualTo(401);
    assertThat(ingress.handle(request("old", "ev-1 LATTE 7"))).isEqualTo(401);
    assertThat(ingress.handle(request("ok", "garbage"))).isEqualTo(400);

    assertThat(outbox.status().pending()).isZero();
  }

  @Test
  void anUnavailableOutboxAnswers503SoTheVendorRetries() {
    open();
    outbox.close();

    assertThat(ingress.handle(request("ok", "ev-1 LATTE 7"))).isEqualTo(503);
  }

  @Test
  void anUnexpectedVerifierFailureAnswers500() {
    open();
    WebhookIngress broken = WebhookIngress.builder().pipeline(pipeline)
        .verifier(r -> { throw new IllegalStateException("bug"); }).build();

    assertThat(broken.handle(request("ok", "ev-1 LATTE 7"))).isEqualTo(500);
    assertThatThrownBy(() -> WebhookIngress.builder().build()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void webhookEventsAreDeliveredByARunningPipeline() {
    FakeInventory square = new FakeInventory("square", 100);
    outbox = Outbox.builder().sqlite(dir.resolve("hooks.db")).build();
    SyncPipeline p = SyncPipeline.builder().outbox(outbox).inventory(square)
        .inventory(new FakeInventory("shopify", 100)).locationMapping(SAME_ID)
        .idlePoll(Duration.ofMillis(1), Duration.ofMillis(10)).build().start();
    try {
      WebhookIngress hooks = WebhookIngress.builder().pipeline(p).verifier(VERIFIER).build();
      assertThat(hooks.handle(request("ok", "ev-1 LATTE 7"))).isEqualTo(200);
      SyncTestSupport.await("applied", () -> square.effects() == 1);
      assertThat(square.level("LATTE", "L1")).isEqualByComparingTo("7");
    } finally {
      p.stop(Duration.ofSeconds(5));
    }
  }

  /** Like VERIFIER, but with a durable de-duplicator: checks on verify, marks on accepted. */
  private static WebhookVerifier deduplicating(dev.posbridge.core.webhook.EventDeduplicator seen) {
    return new WebhookVerifier() {
      @Override
      public WebhookEvent verify(WebhookRequest request) {
        WebhookEvent event = VERIFIER.verify(request);
        if (seen.seen(event.system(), event.eventId())) {
          throw new WebhookRejectedException(Reason.DUPLICATE, "seen", "shopify", null);
        }
        return event;
      }

      @Override
      public void accepted(WebhookEvent event) {
        seen.markSeen(event.system(), event.eventId());
      }
    };
  }

  @Test
  void aDeliveryAnswered503LeavesNoTraceAndTheVendorsRetryIsStored() {
    dev.posbridge.core.webhook.EventDeduplicator seen =
        dev.posbridge.core.webhook.EventDeduplicator.sqlite(dir.resolve("seen.db"));
    open();
    WebhookIngress failing = WebhookIngress.builder().pipeline(pipeline).verifier(deduplicating(seen)).build();
    outbox.close(); // the disk is gone: nothing can be stored

    assertThat(failing.handle(request("ok", "ev-7 LATTE 3"))).isEqualTo(503);
    assertThat(seen.seen("shopify", "ev-7")).as("no trace in the de-duplicator").isFalse();

    open();
    WebhookIngress recovered = WebhookIngress.builder().pipeline(pipeline).verifier(deduplicating(seen)).build();
    assertThat(recovered.handle(request("ok", "ev-7 LATTE 3"))).as("the vendor's retry").isEqualTo(200);
    assertThat(outbox.status().pending()).as("stored this time").isEqualTo(1);
    assertThat(seen.seen("shopify", "ev-7")).isTrue();
    assertThat(recovered.handle(request("ok", "ev-7 LATTE 3"))).isEqualTo(200);
    assertThat(outbox.status().pending()).isEqualTo(1);
  }

  @Test
  void anIngressRefusesAnOutboxThatForgetsReceiptsInsideTheReplayWindow() {
    Outbox shortLived = Outbox.builder().sqlite(dir.resolve("short.db")).retention(Duration.ofHours(1)).build();
    try {
      SyncPipeline p = SyncPipeline.builder().outbox(shortLived).inventory(new FakeInventory("square", 100))
          .build();
      assertThatThrownBy(() -> WebhookIngress.builder().pipeline(p).verifier(VERIFIER).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("replay window");
    } finally {
      shortLived.close();
    }
  }
}
