package dev.posbridge.core.model;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A postal address. Personal data: {@link #toString()} shows only the country.
 *
 * @param line1 the first street line, if any
 * @param line2 the second street line, if any
 * @param city the city or locality, if any
 * @param region the state, province or region, if any
 * @param postalCode the postal code, if any
 * @param countryCode the ISO 3166-1 alpha-2 country code in upper case, if any
 */
public record Address(
    @Nullable String line1,
    @Nullable String line2,
    @Nullable String city,
    @Nullable String region,
    @Nullable String postalCode,
    @Nullable String countryCode) {

  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  /**
   * Normalises blank parts to {@code null} and validates the country code.
   *
   * @param line1 street line 1
   * @param line2 street line 2
   * @param city the city
   * @param region the region
   * @param postalCode the postal code
   * @param countryCode the country code
   * @throws IllegalArgumentException if the country code is not two upper-case letters
   */
  public Address {
    line1 = Checks.text(line1);
    line2 = Checks.text(line2);
    city = Checks.text(city);
    region = Checks.text(region);
    postalCode = Checks.text(postalCode);
    countryCode = Checks.blankToNull(countryCode);
    if (countryCode != null && !COUNTRY.matcher(countryCode).matches()) {
      throw new IllegalArgumentException(
          "countryCode must be ISO 3166-1 alpha-2 in upper case: " + Checks.quote(countryCode));
    }
  }

  /**
   * Tells whether every part is absent.
   *
   * @return {@code true} if the address is empty
   */
  public boolean isEmpty() {
    return line1 == null && line2 == null && city == null && region == null && postalCode == null
        && countryCode == null;
  }

  /** Renders without personal data: only the country code. */
  @Override
  public String toString() {
    return "Address[country=" + countryCode + ", ***]";
  }
}
