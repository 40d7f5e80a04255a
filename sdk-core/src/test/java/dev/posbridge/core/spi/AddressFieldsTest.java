package dev.posbridge.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.model.Address;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressFieldsTest {

  private static final AddressFields NAMES =
      new AddressFields("addr1", "addr2", "city", "state", "zip", "country");

  @Test
  void thePresentPartsAreWrittenUnderTheVendorsNamesInOrder() {
    Address a = new Address("1 Main St", null, "Springfield", "IL", "62701", "US");

    assertThat(NAMES.of(a)).containsExactly(
        Map.entry("addr1", "1 Main St"), Map.entry("city", "Springfield"),
        Map.entry("state", "IL"), Map.entry("zip", "62701"),
        Map.entry("country", "US"));
  }

  @Test
  void anAddressIsAddedToAJsonObjectWithoutItsAbsentParts() {
    ObjectNode target = JsonNodeFactory.instance.objectNode().put("keep", 1);

    ObjectNode out = NAMES.write(new Address(null, null, "Paris", null, null, "FR"), target);

    assertThat(out).isSameAs(target);
    assertThat(out.toString()).isEqualTo("{\"keep\":1,\"city\":\"Paris\",\"country\":\"FR\"}");
  }
}
