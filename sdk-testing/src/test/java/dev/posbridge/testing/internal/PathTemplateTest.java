package dev.posbridge.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathTemplateTest {

  @Test
  void matchesVariablesInWholeAndPartialSegments() {
    PathTemplate t = PathTemplate.compile("/record/v1/{type}/eid:{eid}");

    assertThat(t.match("/record/v1/customer/eid:C%2F1")).containsExactly(
        java.util.Map.entry("type", "customer"), java.util.Map.entry("eid", "C/1"));
    assertThat(t.match("/record/v1/customer/42")).isNull();
    assertThat(t.match("/record/v1/a/b/eid:1")).isNull();
  }

  @Test
  void moreLiteralTemplatesAreMoreSpecific() {
    assertThat(PathTemplate.compile("/v2/orders/search").literalLength())
        .isGreaterThan(PathTemplate.compile("/v2/orders/{order_id}").literalLength());
  }

  @Test
  void rejectsMalformedTemplates() {
    assertThatThrownBy(() -> PathTemplate.compile("v2/orders"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PathTemplate.compile("/v2/{a}/{a}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PathTemplate.compile("/v2/{bad-name}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
