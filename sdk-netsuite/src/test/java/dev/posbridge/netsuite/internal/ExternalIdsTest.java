package dev.posbridge.netsuite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExternalIdsTest {

  @Test
  void keepsValidCharactersAsIs() {
    assertThat(ExternalIds.of("POS-", "square", "ORDER_1-a")).isEqualTo("POS-square-ORDER_1-a");
  }

  @Test
  void replacesInvalidCharactersAndAddsAHashSoDistinctInputsStayDistinct() {
    String a = ExternalIds.of("POS-", "shopify", "gid://shopify/Order/1");
    String b = ExternalIds.of("POS-", "shopify", "gid:/shopify/Order/1/");
    assertThat(a).matches("[A-Za-z0-9_-]+").startsWith("POS-shopify-gid___shopify_Order_1-");
    assertThat(b).matches("[A-Za-z0-9_-]+");
    assertThat(a).isNotEqualTo(b);
    assertThat(ExternalIds.of("POS-", "x", "a|b")).doesNotContain("|");
  }
}
