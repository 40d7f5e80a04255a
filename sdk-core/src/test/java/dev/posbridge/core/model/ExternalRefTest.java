package dev.posbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalRefTest {

  @ParameterizedTest
  @ValueSource(strings = {"square", "shopify", "quickbooks", "netsuite", "posbridge", "a", "my-erp.v2_x", "z9"})
  void acceptsLowerCaseSystemNames(String system) {
    assertThat(ExternalRef.of(system, "order", "1").system()).isEqualTo(system);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Square", "9square", "-x", ".x", "_x", "squ are", "squäre", "square/", "SQUARE", "sq\nuare"})
  void rejectsSystemNamesOutsideTheLowerCaseAlphabet(String system) {
    assertThatThrownBy(() -> ExternalRef.of(system, "order", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("system must be lower case");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void rejectsBlankSystemTypeAndId(String blank) {
    assertThatThrownBy(() -> ExternalRef.of(blank, "order", "1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExternalRef.of("square", blank, "1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExternalRef.of("square", "order", blank)).isInstanceOf(IllegalArgumentException.class);
  }
}
