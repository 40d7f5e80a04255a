package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.connect.Capability;
import org.junit.jupiter.api.Test;

class SquareConnectorBuilderTest {

  @Test
  void requiresCredentialsAndNamesThem() {
    assertThatThrownBy(() -> SquareConnector.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("credentials");
  }

  @Test
  void validatesEagerly() {
    assertThatThrownBy(() -> SquareAuth.accessToken(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SquareAuth.oauth2(dev.posbridge.core.auth.TokenStore.inMemory(
        new dev.posbridge.core.auth.OAuthToken("a", "r", null, null, null)), "id", " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SquareConnector.builder().apiVersion("2026-8-19"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SquareConnector.builder().baseUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pinsTheApiVersionUnlessOverriddenAndHidesTheToken() {
    try (SquareConnector c = SquareConnector.builder().credentials(SquareAuth.accessToken("secret-token"))
        .environment(SquareEnvironment.SANDBOX).build()) {
      assertThat(c.apiVersion()).isEqualTo("2026-08-19");
      assertThat(c.toString()).doesNotContain("secret-token");
    }
    try (SquareConnector c = SquareConnector.builder().credentials(SquareAuth.accessToken("t"))
        .apiVersion("2025-08-20").build()) {
      assertThat(c.apiVersion()).isEqualTo("2025-08-20");
    }
    assertThat(SquareAuth.accessToken("secret-token").toString()).doesNotContain("secret-token");
    assertThat(SquareEnvironment.SANDBOX.baseUrl()).isEqualTo("https://connect.squareupsandbox.com");
  }

  @Test
  void capabilitiesAreImmutable() {
    try (SquareConnector c = SquareConnector.builder().credentials(SquareAuth.accessToken("t")).build()) {
      assertThat(c.capabilities()).contains(Capability.WEBHOOKS, Capability.SALES_SOURCE);
      assertThatThrownBy(() -> c.capabilities().add(Capability.CHANGE_FEED))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

}
