package dev.posbridge.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestOptionsTest {

  @Test
  void toBuilderDoesNotCopyTheIdempotencyKey() {
    RequestOptions options = RequestOptions.builder().idempotencyKey("k").timeout(Duration.ofSeconds(5)).build();

    RequestOptions derived = options.toBuilder().build();

    assertThat(derived.idempotencyKey()).isNull();
    assertThat(derived.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void deriveMakesADistinctDeterministicKeyPerPart() {
    RequestOptions options = RequestOptions.idempotencyKey("sale-1");

    assertThat(options.derive("0").idempotencyKey()).isEqualTo("sale-1:0");
    assertThat(options.derive("0").idempotencyKey()).isEqualTo(options.derive("0").idempotencyKey());
    assertThat(RequestOptions.none().derive("0").idempotencyKey()).isNull();
  }

  @Test
  void rejectsBlankKeysAndNonPositiveTimeouts() {
    assertThatThrownBy(() -> RequestOptions.idempotencyKey(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestOptions.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
