package dev.posbridge.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.http.RateLimiter;
import org.junit.jupiter.api.Test;

class ShopifyConnectorBuilderTest {

  private static ShopifyConnector.Builder valid() {
    return ShopifyConnector.builder().shopDomain("posbridge-dev.myshopify.com")
        .credentials(ShopifyAuth.accessToken("shpat_x"));
  }

  @Test
  void pinsApiVersion202610ByDefault() {
    try (ShopifyConnector c = valid().build()) {
      assertThat(c.apiVersion()).isEqualTo("2026-10");
      assertThat(c.shopDomain()).isEqualTo("posbridge-dev.myshopify.com");
      assertThat(c.toString()).doesNotContain("shpat_x");
    }
  }

  @Test
  void missingRequiredSettingsAreNamed() {
    assertThatThrownBy(() -> ShopifyConnector.builder().credentials(ShopifyAuth.accessToken("t")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shopDomain");
    assertThatThrownBy(() -> ShopifyConnector.builder().shopDomain("posbridge-dev.myshopify.com").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("credentials");
  }

  @Test
  void validatesEagerly() {
    assertThatThrownBy(() -> valid().shopDomain("shop.example.com").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("myshopify.com");
    assertThatThrownBy(() -> ShopifyAuth.accessToken(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessToken");
    assertThatThrownBy(() -> valid().apiVersion("2026-02").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiVersion");
    assertThatThrownBy(() -> valid().baseUrl("not a url").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> valid().stockQuantityName("damaged").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> valid().pageSize(251).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsUnstableAndOverriddenVersions() {
    try (ShopifyConnector c = valid().apiVersion("unstable").build()) {
      assertThat(c.apiVersion()).isEqualTo("unstable");
    }
  }

  @Test
  void acceptsAClientSideRateLimiterAndHasImmutableCapabilities() {
    try (ShopifyConnector c = valid().rateLimiter(RateLimiter.maxConcurrent(2)).build()) {
      assertThat(c.capabilities()).contains(Capability.WEBHOOKS, Capability.SALES_SOURCE);
      assertThatThrownBy(() -> c.capabilities().add(Capability.SALES_SINK))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void theWebhookVerifierNeedsASecretAndHidesIt() {
    assertThatThrownBy(() -> ShopifyWebhookVerifier.builder().build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ShopifyWebhookVerifier.builder().clientSecret("shpss_secret").build().toString())
        .doesNotContain("shpss_secret");
  }
}
