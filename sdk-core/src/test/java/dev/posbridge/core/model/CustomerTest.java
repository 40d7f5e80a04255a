package dev.posbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CustomerTest {

  private static Customer jane() {
    return Customer.builder()
        .putRef(ExternalRef.of("square", "customer", "JDKYHBWT1D4F8MFH63DBMEN8Y4").withVersion("3"))
        .givenName("Jane").familyName("Doe")
        .email("Jane.Doe@Example.com").phone("+1 (415) 555-0100")
        .addAddress(new Address("1 Main St", null, "Springfield", "IL", "62701", "US"))
        .build();
  }

  @Test
  void toStringRedactsPersonalData() {
    String text = jane().toString();

    assertThat(text).doesNotContain("Jane", "Doe", "Example", "555", "Main", "Springfield");
    assertThat(text).contains("JDKYHBWT1D4F8MFH63DBMEN8Y4");
  }

  @Test
  void normalisesEmailAndPhoneForMatching() {
    assertThat(jane().normalizedEmail()).isEqualTo("jane.doe@example.com");
    assertThat(jane().normalizedPhone()).isEqualTo("+14155550100");
  }

  @Test
  void needsAtLeastOneIdentifyingField() {
    assertThatThrownBy(() -> Customer.builder().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("email");
  }

  @Test
  void malformedEmailIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> Customer.builder().email("not-an-email").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("not-an-email");
  }

  @Test
  void putRefReplacesTheSameSystemAndType() {
    Customer updated = jane().toBuilder()
        .putRef(ExternalRef.of("square", "customer", "JDKYHBWT1D4F8MFH63DBMEN8Y4").withVersion("4"))
        .build();

    assertThat(updated.refs()).hasSize(1);
    assertThat(updated.refIn("square").version()).isEqualTo("4");
    assertThat(updated.refIn("shopify")).isNull();
  }

  @Test
  void addressValidatesCountryAndRedacts() {
    assertThatThrownBy(() -> new Address(null, null, null, null, null, "usa"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("countryCode");
    assertThat(new Address("1 Main St", null, null, null, null, "US").toString())
        .doesNotContain("Main").contains("US");
  }
}
