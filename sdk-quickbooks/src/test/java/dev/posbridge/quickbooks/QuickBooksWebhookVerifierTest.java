package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuickBooksWebhookVerifierTest {

  static final String TOKEN = "d6f1c0a2-7b3e-4c59-9a8e-2f4b6c1d3e5a";
  static final String LEGACY = "{\"eventNotifications\":[{\"realmId\":\"9341453050423871\",\"dataChangeEvent\":{\"entities\":[{\"name\":\"SalesReceipt\",\"id\":\"1042\",\"operation\":\"Create\",\"lastUpdated\":\"2026-03-02T14:05:11.000Z\"},{\"name\":\"Item\",\"id\":\"57\",\"operation\":\"Update\",\"lastUpdated\":\"2026-03-02T14:05:12.000Z\"}]}}]}";
  static final String LEGACY_SIG = "HnwldmQM3JEL4yLTBRst3XnOItxjfGrGIuaKqtJasDU=";
  static final String CLOUD = "[{\"specversion\":\"1.0\",\"id\":\"5b0e6c2a-3f1d-4e8b-9c7a-1d2e3f4a5b6c\",\"source\":\"intuit.Q2hhbmdlRXZlbnRTb3VyY2VFeGFtcGxl\",\"type\":\"qbo.salesreceipt.created.v1\",\"datacontenttype\":\"application/json\",\"time\":\"2026-03-02T14:05:11.482Z\",\"intuitentityid\":\"1042\",\"intuitaccountid\":\"9341453050423871\",\"data\":{}}]";
  static final String CLOUD_SIG = "IeHba010jYurPiIp9XF9qQrfaLXlbDjnu+hcyGtqTZ0=";

  private static WebhookRequest request(String body, String signature) {
    return WebhookRequest.of(Map.of("intuit-signature", signature),
        body.getBytes(StandardCharsets.UTF_8), "https://example.test/qbo");
  }

  /** The vectors date from 2025 and 2026: their signatures are checked here, the window below. */
  private static QuickBooksWebhookVerifier verifier() {
    return QuickBooksWebhookVerifier.create(TOKEN, dev.posbridge.core.webhook.EventDeduplicator.inMemory(),
        java.time.Clock.systemUTC(), java.time.Duration.ofDays(3650));
  }

  @Test
  void theBuilderMakesTheSameVerifierAndNamesAMissingToken() {
    QuickBooksWebhookVerifier built = QuickBooksWebhookVerifier.builder().verifierToken(TOKEN)
        .clock(java.time.Clock.fixed(java.time.Instant.parse("2026-03-02T15:00:00Z"), java.time.ZoneOffset.UTC))
        .build();
    assertThat(built.verify(request(CLOUD, CLOUD_SIG)).changes()).hasSize(1);
    assertThatThrownBy(() -> QuickBooksWebhookVerifier.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("verifierToken");
    assertThatThrownBy(() -> QuickBooksWebhookVerifier.builder().verifierToken(TOKEN)
        .replayWindow(java.time.Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeliveryWithAnEventOlderThanTheReplayWindowIsStaleInBothFormats() {
    java.time.Clock at = java.time.Clock.fixed(java.time.Instant.parse("2026-03-13T14:05:11Z"),
        java.time.ZoneOffset.UTC);
    QuickBooksWebhookVerifier strict = QuickBooksWebhookVerifier.create(TOKEN,
        dev.posbridge.core.webhook.EventDeduplicator.inMemory(), at, QuickBooksWebhookVerifier.DEFAULT_REPLAY_WINDOW);

    assertThatThrownBy(() -> strict.verify(request(CLOUD, CLOUD_SIG)))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.STALE));
    assertThatThrownBy(() -> strict.verify(request(LEGACY, LEGACY_SIG)))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.STALE));
    QuickBooksWebhookVerifier inTime = QuickBooksWebhookVerifier.create(TOKEN,
        dev.posbridge.core.webhook.EventDeduplicator.inMemory(),
        java.time.Clock.fixed(java.time.Instant.parse("2026-03-02T15:00:00Z"), java.time.ZoneOffset.UTC),
        QuickBooksWebhookVerifier.DEFAULT_REPLAY_WINDOW);
    assertThat(inTime.verify(request(CLOUD, CLOUD_SIG)).changes()).hasSize(1);
  }

  @Test
  void factSheetVectorsAreTheBytesTheSheetDescribes() throws Exception {
    byte[] legacy = LEGACY.getBytes(StandardCharsets.UTF_8);
    assertThat(legacy).hasSize(274);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(legacy)))
        .isEqualTo("3a07038b06688327d8465222798733b45651de3f0234b75923ed806a8073aab0");
    assertThat(CLOUD.getBytes(StandardCharsets.UTF_8)).hasSize(297);
  }

  @Test
  void legacyVectorVerifiesAndParsesIntoOneEventPerEntity() {
    WebhookEvent event = verifier().verify(request(LEGACY, LEGACY_SIG));
    assertThat(event.changes()).hasSize(2);
    assertThat(event.changes().get(0).type()).isEqualTo(ChangeType.SALE);
    assertThat(event.changes().get(0).subject().id()).isEqualTo("1042");
    assertThat(event.changes().get(0).rawType()).isEqualTo("SalesReceipt.Create");
    assertThat(event.changes().get(1).type()).isEqualTo(ChangeType.CATALOG);
    assertThat(event.changes().get(1).subject().type()).isEqualTo("Item");
  }

  @Test
  void cloudEventsVectorVerifiesAndUsesTheEventIdForDedupe() {
    QuickBooksWebhookVerifier verifier = verifier();
    WebhookEvent event = verifier.verify(request(CLOUD, CLOUD_SIG));
    verifier.accepted(event);
    assertThat(event.changes()).singleElement().satisfies(c -> {
      assertThat(c.eventId()).isEqualTo("5b0e6c2a-3f1d-4e8b-9c7a-1d2e3f4a5b6c");
      assertThat(c.subject().type()).isEqualTo("SalesReceipt");
      assertThat(c.subject().id()).isEqualTo("1042");
      assertThat(c.type()).isEqualTo(ChangeType.SALE);
    });
    assertThatThrownBy(() -> verifier.verify(request(CLOUD, CLOUD_SIG)))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.DUPLICATE));
  }

  @Test
  void aChangedByteFailsTheSignature() {
    String tampered = LEGACY.replace("\"1042\"", "\"1043\"");
    assertThatThrownBy(() -> verifier().verify(request(tampered, LEGACY_SIG)))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.BAD_SIGNATURE));
  }

  @Test
  void missingSignatureIsRejected() {
    WebhookRequest req = WebhookRequest.of(Map.of(), LEGACY.getBytes(StandardCharsets.UTF_8), "u");
    assertThatThrownBy(() -> verifier().verify(req))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.MISSING_SIGNATURE));
  }

  @Test
  void intuitSdkAgreesOnBothVectorsAndOnTheTamperedBody() {
    assertThat(IntuitOracle.sdkVerifies(TOKEN, LEGACY, LEGACY_SIG)).isTrue();
    assertThat(IntuitOracle.sdkVerifies(TOKEN, CLOUD, CLOUD_SIG)).isTrue();
    assertThat(IntuitOracle.sdkVerifies(TOKEN, LEGACY.replace("1042", "1043"), LEGACY_SIG)).isFalse();
    assertThat(QuickBooksWebhookVerifier.sign(TOKEN, LEGACY.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(LEGACY_SIG);
  }

  @Test
  void malformedBodyWithGoodSignatureIsRejectedAsMalformed() {
    String body = "{\"hello\":1}";
    String sig = QuickBooksWebhookVerifier.sign(TOKEN, body.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> verifier().verify(request(body, sig)))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.MALFORMED));
  }

  @Test
  void legacyRedeliveryIsADuplicateButANewChangeOfTheSameEntityIsNot() {
    QuickBooksWebhookVerifier verifier = verifier();
    verifier.accepted(verifier.verify(request(LEGACY, LEGACY_SIG)));
    assertThatThrownBy(() -> verifier.verify(request(LEGACY, LEGACY_SIG)))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.DUPLICATE));
    String later = LEGACY.replace("2026-03-02T14:05:12.000Z", "2026-03-02T15:00:00.000Z");
    WebhookEvent event = verifier.verify(request(later,
        QuickBooksWebhookVerifier.sign(TOKEN, later.getBytes(StandardCharsets.UTF_8))));
    assertThat(event.changes()).singleElement()
        .satisfies(c -> assertThat(c.subject().id()).isEqualTo("57"));
  }

  @Test
  void mergeAlsoDeletesTheMergedAwayEntityAndDeleteIsMarkedDeleted() {
    String body = "{\"eventNotifications\":[{\"realmId\":\"1\",\"dataChangeEvent\":{\"entities\":["
        + "{\"name\":\"Customer\",\"id\":\"5\",\"operation\":\"Merge\",\"lastUpdated\":\"2026-03-02T14:05:11Z\",\"deletedId\":\"6\"},"
        + "{\"name\":\"Item\",\"id\":\"7\",\"operation\":\"Delete\",\"lastUpdated\":\"2026-03-02T14:05:10Z\"}]}}]}";
    WebhookEvent event = verifier().verify(request(body,
        QuickBooksWebhookVerifier.sign(TOKEN, body.getBytes(StandardCharsets.UTF_8))));
    assertThat(event.changes()).extracting(c -> c.subject().id() + ":" + c.deleted())
        .containsExactly("5:false", "6:true", "7:true");
    assertThat(event.changes().get(0).type()).isEqualTo(ChangeType.CUSTOMER);
  }

  @Test
  void cloudEventsOfUnknownEntitiesAreOtherNotFatal() {
    String body = "[{\"specversion\":\"1.0\",\"id\":\"x1\",\"source\":\"s\",\"type\":\"qbo.timeactivity.updated.v1\","
        + "\"time\":\"2025-09-10T21:31:25.179851517Z\",\"intuitentityid\":\"9\",\"intuitaccountid\":\"1\",\"data\":{}}]";
    WebhookEvent event = verifier().verify(request(body,
        QuickBooksWebhookVerifier.sign(TOKEN, body.getBytes(StandardCharsets.UTF_8))));
    assertThat(event.changes()).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(ChangeType.OTHER);
      assertThat(c.rawType()).isEqualTo("qbo.timeactivity.updated.v1");
    });
  }
}
