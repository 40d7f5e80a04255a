package dev.posbridge.kafka.internal;

import dev.posbridge.core.sync.EventBus;
import org.apache.kafka.clients.producer.Producer;

/**
 * What the outbox relay and the consumer workers share: the bus settings, the pipeline side, the
 * bus's producer, a name for logs and leases, and the flag that ends the loop. One thread runs a
 * loop; {@link #stop()} may be called from any thread.
 */
public abstract class BusLoop implements Runnable {

  /** The bus settings. */
  protected final BusConfig config;
  /** The pipeline side. */
  protected final EventBus.Context context;
  /** The bus's producer, shared by its loops. */
  protected final Producer<String, String> producer;
  /** The loop's name, for logs (and the relay's lease owner in the outbox). */
  protected final String name;
  /** Cleared to end the loop. */
  protected volatile boolean running = true;

  /**
   * Creates a loop.
   *
   * @param config the bus settings
   * @param context the pipeline side
   * @param producer the bus's producer
   * @param name the loop's name
   */
  protected BusLoop(BusConfig config, EventBus.Context context, Producer<String, String> producer, String name) {
    this.config = config;
    this.context = context;
    this.producer = producer;
    this.name = name;
  }

  /** Asks the loop to end after the record or round in progress. */
  public void stop() {
    running = false;
  }
}
