package dev.posbridge.core.model;

import java.time.ZoneId;
import java.util.Currency;
import org.jspecify.annotations.Nullable;

/**
 * A store, warehouse or other place that holds stock or makes sales, as known to one system.
 *
 * @param ref how the system identifies it
 * @param name its display name
 * @param address its address, if known
 * @param timeZone its time zone, if known (sales days are local days)
 * @param currency its default currency, if known
 * @param active whether it is in use
 */
public record Location(
    ExternalRef ref, String name, @Nullable Address address, @Nullable ZoneId timeZone,
    @Nullable Currency currency, boolean active) {

  /**
   * Validates the components.
   *
   * @param ref the system id
   * @param name the name
   * @param address the address
   * @param timeZone the time zone
   * @param currency the currency
   * @param active whether in use
   * @throws IllegalArgumentException if the reference or name is missing
   */
  public Location {
    Checks.notNull(ref, "ref");
    name = Checks.requiredText(name, "name");
  }
}
