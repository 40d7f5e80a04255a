package dev.posbridge.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopifyExpiringTokenContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ShopifyTestSupport t;
  private TokenStore store;

  @BeforeEach
  void setUp() throws Exception {
    t = new ShopifyTestSupport();
    t.sim.revokeToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN);
    JsonNode issued = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(t.sim.baseUrl() + "/admin/oauth/access_token"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
            "client_id", ShopifySimulator.DEFAULT_CLIENT_ID,
            "client_secret", ShopifySimulator.DEFAULT_CLIENT_SECRET,
            "code", t.sim.issueAuthorizationCode()))))
        .build(), HttpResponse.BodyHandlers.ofString()).body());
    store = TokenStore.inMemory(new OAuthToken(issued.path("access_token").asText(),
        issued.path("refresh_token").asText(),
        t.sim.clock().instant().plusSeconds(issued.path("expires_in").asLong()), null, null));
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  private ShopifyConnector connector() {
    return t.withoutToken().credentials(ShopifyAuth.expiringToken(store, ShopifySimulator.DEFAULT_CLIENT_ID,
        ShopifySimulator.DEFAULT_CLIENT_SECRET)).build();
  }

  @Test
  void refreshesBeforeExpiryAndSavesTheRotatedToken() {
    OAuthToken first = store.load();
    try (ShopifyConnector shopify = connector()) {
      assertThat(shopify.locations()).hasSize(1);
      t.sim.clock().advance(Duration.ofMinutes(59).plusSeconds(30));

      assertThat(shopify.locations()).hasSize(1);
    }
    OAuthToken second = store.load();
    assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(refreshes()).isEqualTo(1);
    assertThat(t.graphqlRequests()).allSatisfy(e -> assertThat(e.request().header("Authorization")).isEmpty());
    assertThat(t.graphqlRequests().get(1).request().header("X-Shopify-Access-Token"))
        .contains(second.accessToken());
  }

  @Test
  void refreshesOnceAfterA401() {
    try (ShopifyConnector shopify = connector()) {
      t.sim.revokeToken(store.load().accessToken());

      assertThat(shopify.locations()).hasSize(1);
    }
    assertThat(refreshes()).isEqualTo(1);
  }

  @Test
  void aRejectedRefreshIsAnAuthenticationError() {
    try (ShopifyConnector shopify = t.withoutToken().credentials(ShopifyAuth.expiringToken(store,
        ShopifySimulator.DEFAULT_CLIENT_ID, "wrong-secret")).build()) {
      t.sim.revokeToken(store.load().accessToken());

      assertThatThrownBy(shopify::locations).isInstanceOf(AuthenticationException.class)
          .hasMessageNotContaining("wrong-secret");
    }
  }

  private long refreshes() {
    return t.sim.journal().requests("POST", "/admin/oauth/access_token").stream()
        .filter(e -> e.request().json().path("grant_type").asText().equals("refresh_token"))
        .count();
  }

  @Test
  void needsCredentialsWithAClientIdAndSecret() {
    assertThatThrownBy(() -> t.withoutToken().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("credentials");
    assertThatThrownBy(() -> ShopifyAuth.expiringToken(store, "id", " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ShopifyAuth.expiringToken(store, "id", "shpss_hidden").toString()).doesNotContain("shpss_hidden");
  }

}
