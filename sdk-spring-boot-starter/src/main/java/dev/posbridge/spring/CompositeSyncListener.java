package dev.posbridge.spring;

import dev.posbridge.core.sync.SyncAction;
import dev.posbridge.core.sync.SyncListener;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes each pipeline event to several listeners; one failing does not stop the others. */
final class CompositeSyncListener implements SyncListener {

  private static final Logger LOG = LoggerFactory.getLogger(dev.posbridge.core.Loggers.SYNC);

  private final List<SyncListener> listeners;

  CompositeSyncListener(List<SyncListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(Consumer<SyncListener> call) {
    for (SyncListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("sync listener {} failed", l.getClass().getName(), e);
      }
    }
  }

  @Override
  public void onEnqueued(int sourceEvents, int deliveries) {
    each(l -> l.onEnqueued(sourceEvents, deliveries));
  }

  @Override
  public void onDelivered(String sink, SyncAction action, int batchSize, Duration callTime, Duration endToEnd) {
    each(l -> l.onDelivered(sink, action, batchSize, callTime, endToEnd));
  }

  @Override
  public void onRetry(String sink, SyncAction action, int batchSize, Throwable error) {
    each(l -> l.onRetry(sink, action, batchSize, error));
  }

  @Override
  public void onDeadLettered(String sink, SyncAction action, int batchSize, Throwable error) {
    each(l -> l.onDeadLettered(sink, action, batchSize, error));
  }

  @Override
  public void onEchoSuppressed(String system, String sku, String locationId) {
    each(l -> l.onEchoSuppressed(system, sku, locationId));
  }
}
