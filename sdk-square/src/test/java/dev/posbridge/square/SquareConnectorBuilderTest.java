package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.auth.BearerToken;
import org.junit.jupiter.api.Test;

class SquareConnectorBuilderTest {

  @Test
  void requiresCredentials() {
    assertThatThrownBy(() -> SquareConnector.builder().build()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void validatesEagerly() {
    assertThatThrownBy(() -> SquareConnector.builder().accessToken(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SquareConnector.builder().squareVersion("2026-8-19"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SquareConnector.builder().baseUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pinsTheSquareVersionUnlessOverriddenAndHidesTheToken() {
    try (SquareConnector c = SquareConnector.builder().accessToken("secret-token")
        .environment(SquareEnvironment.SANDBOX).build()) {
      assertThat(c.squareVersion()).isEqualTo("2026-08-19");
      assertThat(c.toString()).doesNotContain("secret-token");
    }
    try (SquareConnector c = SquareConnector.builder().credentials(BearerToken.of("t"))
        .squareVersion("2025-08-20").build()) {
      assertThat(c.squareVersion()).isEqualTo("2025-08-20");
    }
    assertThat(SquareEnvironment.SANDBOX.baseUrl()).isEqualTo("https://connect.squareupsandbox.com");
  }
}
