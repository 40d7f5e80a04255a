package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.testing.JsonView;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SquareTokenRefresherContractTest extends SquareTestSupport {

  @Test
  void refreshesWithAJsonObtainTokenRequestAndKeepsTheCodeFlowRefreshToken() {
    String refresh = sim.seedOAuthClient("sq0idp-app", "sq0csp-secret");
    try (SquareTokenRefresher r = SquareTokenRefresher.create("sq0idp-app", "sq0csp-secret", sim.baseUrl(), null)) {
      OAuthToken token = r.refresh(new OAuthToken("expired", refresh, null, null, null));

      assertThat(token.accessToken()).startsWith("EAAA");
      assertThat(token.refreshToken()).isEqualTo(refresh);
      assertThat(token.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
      JsonView body = requests("POST", "/oauth2/token").get(0).request().json();
      assertThat(body.path("grant_type").asText()).isEqualTo("refresh_token");
      assertThat(body.path("client_id").asText()).isEqualTo("sq0idp-app");
      assertThat(r.toString()).doesNotContain("sq0csp-secret");
    }
  }

  @Test
  void aRejectedRefreshIsAnAuthenticationFailure() {
    sim.seedOAuthClient("sq0idp-app", "sq0csp-secret");
    try (SquareTokenRefresher r = SquareTokenRefresher.create("sq0idp-app", "wrong", sim.baseUrl(), null)) {
      assertThatThrownBy(() -> r.refresh(new OAuthToken("expired", "EQAAnope", null, null, null)))
          .isInstanceOf(AuthenticationException.class);
    }
  }

  @Test
  void oauth2AuthRenewsAnExpiredTokenBeforeCallingSquare() {
    String refresh = sim.seedOAuthClient("sq0idp-app", "sq0csp-secret");
    TokenStore store = TokenStore.inMemory(new OAuthToken("stale", refresh, NOW.minusSeconds(1), null, null));
    SquareAuth auth = SquareAuth.oauth2(store, "sq0idp-app", "sq0csp-secret");
    assertThat(auth.toString()).doesNotContain("sq0csp-secret");
    try (SquareConnector c = SquareConnector.builder().credentials(auth)
        .clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC))
        .baseUrl(sim.baseUrl()).retry(fastRetries()).build()) {
      assertThat(c.locations()).hasSize(2);
      assertThat(requests("POST", "/oauth2/token")).hasSize(1);
      assertThat(store.load()).isNotNull().extracting(OAuthToken::accessToken).asString().startsWith("EAAA");
    }
  }

}
