package dev.posbridge.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrySettingsTest {

  @Test
  void defaultsAreDocumentedValues() {
    RetrySettings d = RetrySettings.defaults();
    assertThat(d.maxAttempts()).isEqualTo(4);
    assertThat(d.initialBackoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(d.maxBackoff()).isEqualTo(Duration.ofSeconds(20));
    assertThat(d.jitter()).isEqualTo(0.2);
    assertThat(d.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.maxElapsed()).isEqualTo(Duration.ofMinutes(2));
    assertThat(RetrySettings.disabled().retriesEnabled()).isFalse();
  }

  @Test
  void toBuilderRoundTrips() {
    RetrySettings s = RetrySettings.builder().maxAttempts(7).jitter(0).build();
    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
  }

  @Test
  void builderRejectsInvalidValuesNamingTheField() {
    assertThatThrownBy(() -> RetrySettings.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetrySettings.builder().initialBackoff(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> RetrySettings.builder().maxBackoff(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> RetrySettings.builder().jitter(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetrySettings.builder().jitter(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetrySettings.builder().maxRetryAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetryAfter");
    assertThatThrownBy(() -> RetrySettings.builder().maxElapsed(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxElapsed");
    assertThatThrownBy(() -> RetrySettings.builder()
            .initialBackoff(Duration.ofSeconds(30)).maxBackoff(Duration.ofSeconds(10)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff");
  }

  @Test
  void otherSettingsValidateToo() {
    assertThatThrownBy(() -> CircuitBreakerSettings.builder().failureThreshold(0))
        .hasMessageContaining("failureThreshold");
    assertThatThrownBy(() -> TimeoutSettings.builder().read(Duration.ZERO)).hasMessageContaining("read");
    assertThat(CircuitBreakerSettings.disabled().enabled()).isFalse();
    assertThat(TimeoutSettings.defaults().call()).isEqualTo(Duration.ofSeconds(60));
  }
}
