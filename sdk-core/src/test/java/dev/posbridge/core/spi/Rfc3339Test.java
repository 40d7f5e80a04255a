package dev.posbridge.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

  @ParameterizedTest
  @ValueSource(strings = {
      "2026-11-29T12:00:00Z", "2026-11-29T12:00:00.1Z", "2026-11-29T12:00:00.123Z",
      "2026-11-29T12:00:00.123456789Z", "2024-02-29T23:59:59.999Z", "2000-02-29T00:00:00Z",
      "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "0000-01-01T00:00:00Z", "0001-03-01T00:00:00Z",
      "1600-02-29T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2026-03-01T00:00:00.000000Z",
      "2026-11-29T12:00:00+00:00", "2026-11-29T12:00:00-05:00", "2026-11-29T12:00:00.5+05:30",
      "2026-11-29t12:00:00z", "2026-11-29T12:00:00z", "+12026-11-29T12:00:00Z",
      "2026-11-29T12:00Z", "2026-11-29T12:00:00.Z"})
  void validTimestampsGiveTheJdksInstant(String text) {
    assertThat(Rfc3339.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2026-02-29T12:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
      "2026-00-01T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29T12:60:00Z",
      "2026-11-29T12:00:60Z", "2026-11-29T12:00:00.1234567890Z", "2026-11-29 12:00:00Z",
      "2026-11-29T12:00:00", "2026-11-29T1a:00:00Z", "２０２６-11-29T12:00:00Z", "2026-11-29T12:00:00.12a4Z",
      "2026-11-29T12:00:00,5Z", "2026-11-29T12:00:00+25:00", "", "Z", "2026-11-29T12:00:00ZZ"})
  void malformedTimestampsFailAsTheJdkDoes(String text) {
    Class<? extends Throwable> expected = jdkFailure(text);
    assertThat(expected).as("the JDK rejects %s", text).isNotNull();
    assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(expected);
  }

  @Test
  void randomInstantsRoundTripAtEveryFractionLength() {
    Random r = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      long sec = r.nextLong() % 253_402_300_799L; // years 0000 to 9999 either side of 1970
      Instant at = Instant.ofEpochSecond(Math.abs(sec) - (i % 2 == 0 ? 62_167_219_200L : 0),
          r.nextInt(1_000_000_000));
      String base = at.toString();
      for (String text : List.of(base, base.replaceAll("\\.\\d+Z$", "Z"))) {
        if (text.startsWith("-") || text.startsWith("+")) {
          continue;
        }
        assertThat(Rfc3339.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
      }
    }
  }

  private static Class<? extends Throwable> jdkFailure(String text) {
    try {
      OffsetDateTime.parse(text);
      return null;
    } catch (DateTimeParseException e) {
      return e.getClass();
    }
  }
}
