package dev.posbridge.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.model.Address;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A vendor's field names for the parts of an {@link Address}, so that each connector states its
 * names once and shares how an address is written.
 *
 * @param line1 the name of the first street line
 * @param line2 the name of the second street line
 * @param city the name of the city
 * @param region the name of the state, province or region
 * @param postalCode the name of the postal code
 * @param countryCode the name of the country code
 */
public record AddressFields(
    String line1, String line2, String city, String region, String postalCode,
    String countryCode) {

  /**
   * Returns the address's present parts under this vendor's names, in the order of the
   * components; absent parts are left out.
   *
   * @param address the address
   * @return the parts by field name, in order
   */
  public Map<String, String> of(Address address) {
    Map<String, String> out = new LinkedHashMap<>();
    put(out, line1, address.line1());
    put(out, line2, address.line2());
    put(out, city, address.city());
    put(out, region, address.region());
    put(out, postalCode, address.postalCode());
    put(out, countryCode, address.countryCode());
    return out;
  }

  /**
   * Adds the address's present parts to a JSON object under this vendor's names.
   *
   * @param address the address
   * @param target the object to fill; returned for chaining
   * @return {@code target}
   */
  public ObjectNode write(Address address, ObjectNode target) {
    of(address).forEach(target::put);
    return target;
  }

  private static void put(Map<String, String> out, String field, @Nullable String value) {
    if (value != null) {
      out.put(field, value);
    }
  }
}
