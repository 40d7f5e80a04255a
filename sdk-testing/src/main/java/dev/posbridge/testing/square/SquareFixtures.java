package dev.posbridge.testing.square;

/**
 * Known-good Square values for tests, above all the webhook signature test vector (docs/vendors/square.md:
 * computed with Python {@code hmac} and {@code openssl}, and accepted by Square's own
 * {@code WebhooksHelper.verifySignature} in SDK 47.1.0.20260819).
 */
public final class SquareFixtures {

  /** The test vector's signature key. */
  public static final String WEBHOOK_SIGNATURE_KEY = "sqwk_TEST_9f2c4e6a8b0d1f3e5a7c9e1b";

  /** The test vector's notification URL. */
  public static final String WEBHOOK_NOTIFICATION_URL = "https://pos-sync.example.com/webhooks/square";

  /** The test vector's raw body: 423 bytes, one line, no trailing newline. */
  public static final String WEBHOOK_BODY = "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"order.updated\","
      + "\"event_id\":\"5f0c1d7e-9a4b-4c2e-8b1a-3d6f7e8a9b01\",\"created_at\":\"2025-11-03T10:15:30.123Z\","
      + "\"data\":{\"type\":\"order_updated\",\"id\":\"CAISEM82RcpmcFBM0TfOyiHV3es\",\"object\":{\"order_updated\":"
      + "{\"order_id\":\"CAISEM82RcpmcFBM0TfOyiHV3es\",\"version\":4,\"location_id\":\"L88917AVBK2S5\","
      + "\"state\":\"COMPLETED\",\"created_at\":\"2025-11-03T10:14:02.000Z\",\"updated_at\":"
      + "\"2025-11-03T10:15:29.000Z\"}}}}";

  /** The test vector's {@code x-square-hmacsha256-signature}. */
  public static final String WEBHOOK_SIGNATURE = "Ekz/hQux6Rg+aS1019AIO0ycoWMYMNh3r459GrhDBv8=";

  private SquareFixtures() {}
}
