package dev.posbridge.it;

import dev.posbridge.core.sync.Outbox;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * The engine process {@link SyncSoakIT} kills with SIGKILL: the {@link SoakEngine} on the same
 * outbox file and simulators as the test's own engine, with the test engine's clock offset,
 * delivering and polling until it is killed.
 */
public final class SoakChild {

  private SoakChild() {}

  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
      p.load(r);
    }
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(p.getProperty("clockOffset"))));
    // A short lease: what the killed process held is claimed again soon after it dies.
    Outbox outbox = Outbox.builder().sqlite(Path.of(p.getProperty("db"))).clock(clock)
        .lease(Duration.ofSeconds(3)).backoff(Duration.ofMillis(20), Duration.ofMillis(500)).build();
    SoakEngine engine = new SoakEngine(p, outbox, clock);
    engine.pipeline.start();
    engine.poller.start();
    System.out.println("STARTED");
    System.out.flush();
    while (true) {
      Thread.sleep(1_000);
      System.out.println("status " + engine.pipeline.status());
    }
  }
}
