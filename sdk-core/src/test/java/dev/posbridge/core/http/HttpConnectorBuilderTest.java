package dev.posbridge.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HttpConnectorBuilderTest {

  /** The smallest vendor builder: nothing but the shared settings. */
  static final class DemoBuilder extends HttpConnectorBuilder<DemoBuilder> {
    @Override
    protected DemoBuilder self() {
      return this;
    }
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    DemoBuilder b = new DemoBuilder();

    assertThat(b.baseUrl()).isNull();
    assertThat(b.okHttpClient()).isNull();
    assertThat(b.retry()).isEqualTo(RetrySettings.defaults());
    assertThat(b.circuitBreaker().enabled()).isTrue();
    assertThat(b.circuitBreaker().failureThreshold())
        .isEqualTo(CircuitBreakerSettings.defaults().failureThreshold());
    assertThat(b.timeouts().call()).isEqualTo(TimeoutSettings.defaults().call());
    assertThat(b.clock().getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void settersChainAsTheConcreteTypeAndReadBack() {
    Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    RetrySettings retry = RetrySettings.builder().maxAttempts(2).build();

    DemoBuilder b = new DemoBuilder().baseUrl("http://127.0.0.1:8080").retry(retry)
        .circuitBreaker(CircuitBreakerSettings.disabled())
        .timeouts(TimeoutSettings.builder().call(Duration.ofSeconds(5)).build()).clock(fixed);

    assertThat(b.baseUrl()).isEqualTo("http://127.0.0.1:8080");
    assertThat(b.retry()).isSameAs(retry);
    assertThat(b.circuitBreaker().enabled()).isFalse();
    assertThat(b.timeouts().call()).isEqualTo(Duration.ofSeconds(5));
    assertThat(b.clock()).isSameAs(fixed);
  }

  @Test
  void invalidValuesAreRejectedEagerly() {
    DemoBuilder b = new DemoBuilder();

    assertThatThrownBy(() -> b.baseUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> b.retry(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("retry");
  }
}
