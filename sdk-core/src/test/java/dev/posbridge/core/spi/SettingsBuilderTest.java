package dev.posbridge.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.http.CircuitBreakerSettings;
import dev.posbridge.core.http.ResponseLimits;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.http.TimeoutSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsBuilderTest {

  /** A settings record with a rule across its components, and a builder with a misnamed setter. */
  public record Window(int min, int max) {
    public Window {
      if (min > max) {
        throw new IllegalArgumentException("min must not exceed max: " + min + " > " + max);
      }
    }

    static final class Builder extends SettingsBuilder<Window, Builder> {
      Builder(Window start) {
        super(start);
      }

      Builder min(int value) {
        return set("min", value);
      }

      Builder max(int value) {
        return set("max", value);
      }

      Builder misnamed(int value) {
        return set("maximum", value);
      }
    }
  }

  @Test
  void setsEachComponentAndKeepsTheOthers() {
    Window w = new Window.Builder(new Window(1, 5)).max(9).build();
    assertThat(w).isEqualTo(new Window(1, 9));
  }

  @Test
  void checksRulesAcrossComponentsOnlyWhenBuilding() {
    Window.Builder b = new Window.Builder(new Window(1, 5)).min(7);
    assertThat(b.max(8).build()).isEqualTo(new Window(7, 8));
    assertThatThrownBy(() -> b.max(6).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("min must not exceed max: 7 > 6");
  }

  @Test
  void buildsANewInstanceEachTime() {
    Window.Builder b = new Window.Builder(new Window(1, 5));
    Window first = b.build();
    assertThat(b.max(6).build()).isEqualTo(new Window(1, 6));
    assertThat(first).isEqualTo(new Window(1, 5));
  }

  @Test
  void aSetterNamingNoComponentIsAProgrammingError() {
    assertThatThrownBy(() -> new Window.Builder(new Window(1, 5)).misnamed(3))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("maximum");
  }

  @Test
  void everySettingsRecordRoundTripsEveryComponentThroughItsBuilder() {
    RetrySettings retry = RetrySettings.builder().maxAttempts(6).initialBackoff(Duration.ofSeconds(1))
        .maxBackoff(Duration.ofSeconds(40)).jitter(0.5).maxRetryAfter(Duration.ofSeconds(90))
        .maxElapsed(Duration.ofMinutes(5)).build();
    assertThat(retry).isEqualTo(new RetrySettings(6, Duration.ofSeconds(1), Duration.ofSeconds(40), 0.5,
        Duration.ofSeconds(90), Duration.ofMinutes(5)));
    assertThat(retry.toBuilder().build()).isEqualTo(retry);

    TimeoutSettings timeouts = TimeoutSettings.builder().connect(Duration.ofSeconds(1))
        .read(Duration.ofSeconds(2)).call(Duration.ofSeconds(3)).build();
    assertThat(timeouts).isEqualTo(
        new TimeoutSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)));

    CircuitBreakerSettings circuit = CircuitBreakerSettings.builder().minimumCalls(3).failureRatePercent(70)
        .window(Duration.ofSeconds(10)).delay(Duration.ofSeconds(5)).build();
    assertThat(circuit).isEqualTo(
        new CircuitBreakerSettings(true, 3, 70, Duration.ofSeconds(10), Duration.ofSeconds(5)));
    assertThat(CircuitBreakerSettings.builder().failureThreshold(4).build().minimumCalls()).isEqualTo(4);
    assertThat(CircuitBreakerSettings.disabled().toBuilder().build())
        .as("a builder builds enabled settings, also from the disabled ones")
        .isEqualTo(CircuitBreakerSettings.defaults());

    ResponseLimits limits = ResponseLimits.builder().maxBodyBytes(2048).maxTokens(200).maxNestingDepth(9)
        .maxStringLength(2000).maxNumberLength(21).maxNameLength(65).build();
    assertThat(limits).isEqualTo(new ResponseLimits(2048, 200, 9, 2000, 21, 65));
    assertThat(limits.toBuilder().build()).isEqualTo(limits);
  }

  @Test
  void defaultsAreWhatTheBuildersStartFrom() {
    assertThat(RetrySettings.builder().build()).isEqualTo(RetrySettings.defaults());
    assertThat(TimeoutSettings.builder().build()).isEqualTo(TimeoutSettings.defaults());
    assertThat(CircuitBreakerSettings.builder().build()).isEqualTo(CircuitBreakerSettings.defaults());
    assertThat(ResponseLimits.builder().build()).isEqualTo(ResponseLimits.defaults());
    assertThat(RetrySettings.disabled().maxAttempts()).isEqualTo(1);
    assertThat(ResponseLimits.defaults().maxBodyBytes()).isEqualTo(16L * 1024 * 1024);
  }
}
