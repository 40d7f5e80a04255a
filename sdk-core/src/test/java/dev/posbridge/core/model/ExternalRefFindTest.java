package dev.posbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExternalRefFindTest {

  @Test
  void aRefWrittenAfterAMarkerIsFoundUpToTheEndCharacter() {
    ExternalRef ref =
        ExternalRef.find("POS sale [posbridge sale square/order/O1@3]: lunch", "[posbridge sale ", ']');
    assertThat(ref).isEqualTo(new ExternalRef("square", "order", "O1", "3"));
  }

  @Test
  void aRefWrittenAfterAMarkerIsFoundUpToTheNextSpace() {
    ExternalRef ref = ExternalRef.find("posbridge refund shopify/refund/9 | of shopify/order/8",
        "posbridge refund ", ' ');
    assertThat(ref).isEqualTo(ExternalRef.of("shopify", "refund", "9"));
    assertThat(ExternalRef.find("posbridge refund shopify/refund/9 of shopify/order/8", " of ", ' '))
        .isEqualTo(ExternalRef.of("shopify", "order", "8"));
  }

  @Test
  void textWithoutTheMarkerOrWithoutARefAfterItHasNone() {
    assertThat(ExternalRef.find(null, "[posbridge sale ", ']')).isNull();
    assertThat(ExternalRef.find("a note", "[posbridge sale ", ']')).isNull();
    assertThat(ExternalRef.find("[posbridge sale nonsense]", "[posbridge sale ", ']')).isNull();
    assertThat(ExternalRef.find("[posbridge sale ", "[posbridge sale ", ']')).isNull();
  }
}
