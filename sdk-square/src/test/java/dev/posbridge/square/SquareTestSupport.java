package dev.posbridge.square;

import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.square.SquareSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A simulator with two locations and a connector pointed at it, for contract tests. */
abstract class SquareTestSupport {

  static final Instant NOW = Instant.parse("2025-11-03T12:00:00Z");

  SquareSimulator sim;
  SquareConnector square;
  String main;
  String second;

  @BeforeEach
  void startSimulator() {
    sim = SquareSimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(NOW)).build());
    main = sim.seedLocation("Main Street", "USD");
    second = sim.seedLocation("Airport", "USD");
    square = connector(SquareSimulator.DEFAULT_TOKEN);
  }

  SquareConnector connector(String token) {
    return SquareConnector.builder()
        .credentials(SquareAuth.accessToken(token))
        .baseUrl(sim.baseUrl())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .retry(fastRetries())
        .build();
  }

  static RetrySettings fastRetries() {
    return RetrySettings.builder()
        .maxAttempts(4)
        .initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5))
        .maxRetryAfter(Duration.ofSeconds(2))
        .build();
  }

  @AfterEach
  void stopSimulator() {
    try {
      sim.assertNoInternalErrors();
    } finally {
      square.close();
      sim.close();
    }
  }

  List<JournalEntry> requests(String method, String template) {
    return sim.journal().requests(method, template);
  }
}
