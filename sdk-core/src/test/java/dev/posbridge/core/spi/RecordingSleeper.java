package dev.posbridge.core.spi;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records requested sleeps instead of sleeping. */
final class RecordingSleeper implements Sleeper {
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
  }
}
