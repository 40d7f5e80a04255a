package dev.posbridge.kafka;

import dev.posbridge.core.spi.Checks;
import dev.posbridge.core.spi.Threads;
import dev.posbridge.core.sync.EventBus;
import dev.posbridge.kafka.internal.BusConfig;
import dev.posbridge.kafka.internal.DeliveryConsumer;
import dev.posbridge.kafka.internal.OutboxRelay;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Carries a {@link dev.posbridge.core.sync.SyncPipeline}'s deliveries over Apache Kafka, so that
 * several processes share the delivery work of a chain of stores.
 *
 * <ul>
 *   <li><b>Outbox relay.</b> Intake stays local and durable: submits, webhooks and pollers store
 *       deliveries in the pipeline's outbox and never wait for Kafka. A relay thread moves pending
 *       deliveries to the main topic with an idempotent producer ({@code enable.idempotence=true},
 *       {@code acks=all}), keyed by their ordering key, and marks an outbox row done only after the
 *       broker acknowledged it. The next delivery of a key is relayed only after the previous one,
 *       so each key's deliveries reach its partition in order.
 *   <li><b>Workers.</b> Consumer-group members ({@code group.id}) read the main and retry topics
 *       and deliver through the pipeline's own delivery code: same mapping, same deterministic
 *       idempotency key, so a record delivered twice (a relay or worker crash, a rebalance) is
 *       applied once by the vendor. A record's offset is committed only after it is settled:
 *       delivered, or acknowledged on the retry or dead-letter topic.
 *   <li><b>Retries.</b> A retryable failure (outage, throttling) of a main-topic record is retried
 *       in place first: its partition is paused and rewound, so the following records of its keys
 *       wait (order kept). After {@code inPlaceAttempts} the record moves to the retry topic
 *       ({@code <topic>.retry}) with a not-before time, and the partition flows again; from then on
 *       later deliveries of that key may overtake it. After {@code maxAttempts}, or at once for a
 *       permanent failure (validation, unmapped SKU, unreadable record), it goes to the dead-letter
 *       topic ({@code <topic>.dlt}) with headers {@code pb-error}, {@code pb-attempts} and
 *       {@code pb-origin}; the other records keep flowing.
 * </ul>
 *
 * <p>Records are versioned JSON (a {@code schema} field; readers ignore fields they do not know).
 * Configuration is the usual Kafka client {@link Properties} (bootstrap servers, security, tuning),
 * passed through to the producer, consumers and admin client; the bus only enforces what its
 * guarantees need (idempotence, {@code acks=all}, manual commits, string serdes).
 *
 * <pre>{@code
 * Properties kafka = new Properties();
 * kafka.put("bootstrap.servers", "kafka-1:9092,kafka-2:9092");
 * kafka.put("security.protocol", "SASL_SSL");
 * KafkaEventBus bus = KafkaEventBus.builder().properties(kafka).groupId("posbridge-chain")
 *     .workers(2).build();
 * SyncPipeline pipeline = SyncPipeline.builder().outbox(outbox).salesSink(quickbooks)
 *     .eventBus(bus).build().start();
 * }</pre>
 *
 * <p>Thread-safe. One pipeline starts a bus at a time; a stopped bus can be started again.
 */
public final class KafkaEventBus implements EventBus {

  /** The settings, frozen by {@link Builder#build()}. */
  private final BusConfig config;
  private final List<Thread> threads = new ArrayList<>();
  private final List<DeliveryConsumer> consumers = new ArrayList<>();
  private @Nullable OutboxRelay relayLoop;
  private @Nullable Producer<String, String> producer;

  private KafkaEventBus(BusConfig config) {
    this.config = config;
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the documented defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the relay (if enabled) and the workers, creating the topics first if
   * {@link Builder#createTopics} was set.
   *
   * @param context the pipeline's side
   * @throws IllegalStateException if already started, or the topics cannot be created
   * @throws org.apache.kafka.common.KafkaException if a client cannot be created (bad
   *     configuration); nothing is left running then
   */
  @Override
  public synchronized void start(Context context) {
    Objects.requireNonNull(context, "context");
    if (producer != null) {
      throw new IllegalStateException("bus already started");
    }
    if (config.partitions() > 0) {
      createTopics();
    }
    Producer<String, String> p = new KafkaProducer<>(producerProperties());
    producer = p;
    try {
      startThreads(context, p);
    } catch (RuntimeException e) {
      stop(Duration.ofSeconds(5));
      throw e;
    }
  }

  private void startThreads(Context context, Producer<String, String> p) {
    if (config.relay()) {
      OutboxRelay r = new OutboxRelay(config, context, p, config.name() + "-relay@" + ProcessHandle.current().pid()
          + "-" + Long.toHexString(System.identityHashCode(this)));
      relayLoop = r;
      spawn(r, config.name() + "-relay");
    }
    for (int i = 1; i <= config.workers(); i++) {
      String name = config.name() + "-worker-" + i;
      DeliveryConsumer c = new DeliveryConsumer(config, context, new KafkaConsumer<>(consumerProperties(name)),
          p, name);
      consumers.add(c);
      spawn(c, name);
    }
  }

  /**
   * Stops the relay and the workers: each finishes the record or round in progress, workers commit
   * what they settled and leave the group (their partitions go to the other members); then the
   * producer is closed.
   *
   * @param timeout how long to wait
   * @return {@code true} if every thread stopped within the timeout
   */
  @Override
  public synchronized boolean stop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (relayLoop != null) {
      relayLoop.stop();
    }
    for (DeliveryConsumer c : consumers) {
      c.stop();
    }
    return joinAndClose(timeout);
  }

  /** Ends the workers without committing, as if the process died (tests). */
  synchronized void crashWorkers() {
    for (DeliveryConsumer c : consumers) {
      c.crash();
    }
  }

  /** Waits for the threads after {@link #crashWorkers()} and releases resources (tests). */
  synchronized boolean awaitStopped(Duration timeout) {
    if (relayLoop != null) {
      relayLoop.stop();
    }
    return joinAndClose(timeout);
  }

  private boolean joinAndClose(Duration timeout) {
    boolean clean = Threads.joinUntil(threads, System.nanoTime() + timeout.toNanos());
    threads.clear();
    consumers.clear();
    relayLoop = null;
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
    return clean;
  }

  /**
   * Returns the main topic.
   *
   * @return the topic name
   */
  public String topic() {
    return config.topic();
  }

  /**
   * Returns the retry topic, {@code <topic>.retry}.
   *
   * @return the topic name
   */
  public String retryTopic() {
    return config.retryTopic();
  }

  /**
   * Returns the dead-letter topic, {@code <topic>.dlt}.
   *
   * @return the topic name
   */
  public String deadLetterTopic() {
    return config.deadLetterTopic();
  }

  /**
   * Returns the workers' consumer group.
   *
   * @return the group id
   */
  public String groupId() {
    return config.groupId();
  }

  private void spawn(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void createTopics() {
    try (Admin admin = Admin.create(copy(config.clientProperties()))) {
      for (String t : List.of(config.topic(), config.retryTopic(), config.deadLetterTopic())) {
        try {
          admin.createTopics(List.of(new NewTopic(t, config.partitions(), config.replicationFactor()))).all()
              .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + t + ": " + e.getCause(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("timed out creating topics", e);
    }
  }

  private Properties producerProperties() {
    Properties p = copy(config.clientProperties());
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.name() + "-producer");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return p;
  }

  private Properties consumerProperties(String clientId) {
    Properties p = copy(config.clientProperties());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return p;
  }

  private static Properties copy(Properties source) {
    Properties p = new Properties();
    for (Map.Entry<Object, Object> e : source.entrySet()) {
      p.put(e.getKey(), e.getValue());
    }
    return p;
  }

  /**
   * Builds a {@link KafkaEventBus}. Defaults: topic {@code posbridge.deliveries}, group
   * {@code posbridge-sync}, relay on, 1 worker, 500 deliveries per relay round, 3 attempts in place
   * then the retry topic, dead-letter after 8 failed attempts, retry delay from 500 ms doubling to
   * 1 minute, poll timeout 100 ms, topics not created (create them with your usual tooling, or see
   * {@link #createTopics}).
   */
  public static final class Builder {
    private final Properties properties = new Properties();
    private String name = "posbridge-kafka";
    private String groupId = "posbridge-sync";
    private String topic = "posbridge.deliveries";
    private boolean relay = true;
    private int workers = 1;
    private int relayBatch = 500;
    private int inPlaceAttempts = 3;
    private int maxAttempts = 8;
    private Duration backoffMin = Duration.ofMillis(500);
    private Duration backoffMax = Duration.ofMinutes(1);
    private Duration pollTimeout = Duration.ofMillis(100);
    private int partitions;
    private short replicationFactor = 1;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the brokers to connect to ({@code bootstrap.servers}).
     *
     * @param value e.g. {@code "kafka-1:9092,kafka-2:9092"}
     * @return this builder
     */
    public Builder bootstrapServers(String value) {
      return property("bootstrap.servers", value);
    }

    /**
     * Adds Kafka client properties, passed to the producer, the consumers and the admin client:
     * bootstrap servers, {@code security.protocol}, SASL and SSL settings, tuning. Properties the
     * bus's guarantees depend on (idempotence, acks, auto commit, serdes, group id) are set by the
     * bus.
     *
     * @param value the properties; copied
     * @return this builder
     */
    public Builder properties(Properties value) {
      for (String k : Objects.requireNonNull(value, "properties").stringPropertyNames()) {
        properties.put(k, value.getProperty(k));
      }
      return this;
    }

    /**
     * Adds one Kafka client property.
     *
     * @param key the property name
     * @param value its value
     * @return this builder
     */
    public Builder property(String key, String value) {
      properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the prefix of thread names and client ids.
     *
     * @param value e.g. {@code "store-42"}
     * @return this builder
     */
    public Builder name(String value) {
      this.name = Checks.notBlank(value, "name");
      return this;
    }

    /**
     * Sets the workers' consumer group: every process delivering the same deliveries uses the
     * same group.
     *
     * @param value the group id
     * @return this builder
     */
    public Builder groupId(String value) {
      this.groupId = Checks.notBlank(value, "groupId");
      return this;
    }

    /**
     * Sets the main topic; the retry and dead-letter topics are {@code <topic>.retry} and
     * {@code <topic>.dlt}.
     *
     * @param value the topic name
     * @return this builder
     */
    public Builder topic(String value) {
      this.topic = Checks.notBlank(value, "topic");
      return this;
    }

    /**
     * Sets whether this process relays its outbox to Kafka. Turn it off in worker-only processes
     * that take no intake.
     *
     * @param value default {@code true}
     * @return this builder
     */
    public Builder relay(boolean value) {
      this.relay = value;
      return this;
    }

    /**
     * Sets how many consumer-group workers (threads, each with its own consumer) this process
     * runs; {@code 0} for a relay-only process (e.g. a store's till server).
     *
     * @param value 0 to 64
     * @return this builder
     */
    public Builder workers(int value) {
      this.workers = Checks.between(value, 0, 64, "workers");
      return this;
    }

    /**
     * Sets the most outbox deliveries the relay claims and sends per round.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder relayBatch(int value) {
      this.relayBatch = Checks.atLeast(value, 1, "relayBatch");
      return this;
    }

    /**
     * Sets the retry policy for retryable failures.
     *
     * @param inPlace attempts made in place, in order, before a record moves to the retry topic
     *     (at least 1; {@code 1}: move at the first failure)
     * @param max failed attempts after which it goes to the dead-letter topic (at least
     *     {@code inPlace})
     * @return this builder
     */
    public Builder retries(int inPlace, int max) {
      if (inPlace < 1 || max < inPlace) {
        throw new IllegalArgumentException("need 1 <= inPlace <= max: " + inPlace + ", " + max);
      }
      this.inPlaceAttempts = inPlace;
      this.maxAttempts = max;
      return this;
    }

    /**
     * Sets the retry delay: {@code min} after the first failure, doubling up to {@code max}.
     *
     * @param min the first delay
     * @param max the longest delay
     * @return this builder
     */
    public Builder backoff(Duration min, Duration max) {
      Checks.positiveRange(min, max);
      this.backoffMin = min;
      this.backoffMax = max;
      return this;
    }

    /**
     * Sets the consumers' poll timeout, which bounds how late a paused partition resumes.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder pollTimeout(Duration value) {
      this.pollTimeout = Checks.positive(value, "pollTimeout");
      return this;
    }

    /**
     * Creates the main, retry and dead-letter topics on start when they do not exist.
     *
     * @param partitions partitions per topic: the most workers that can share the work
     * @param replicationFactor replicas per partition
     * @return this builder
     */
    public Builder createTopics(int partitions, short replicationFactor) {
      this.partitions = Checks.atLeast(partitions, 1, "partitions");
      this.replicationFactor = (short) Checks.atLeast(replicationFactor, 1, "replicationFactor");
      return this;
    }

    /**
     * Sets the clock used for retry times, for tests.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Builds the bus (not started: the pipeline starts it).
     *
     * @return the bus
     * @throws IllegalStateException if no bootstrap servers are set, or neither the relay nor any
     *     worker is enabled
     */
    public KafkaEventBus build() {
      if (properties.getProperty("bootstrap.servers", "").isBlank()) {
        throw new IllegalStateException("bootstrap.servers is required");
      }
      if (!relay && workers == 0) {
        throw new IllegalStateException("enable the relay or at least one worker");
      }
      return new KafkaEventBus(new BusConfig(name, copy(properties), groupId, topic, relay, workers,
          relayBatch, inPlaceAttempts, maxAttempts, backoffMin, backoffMax, pollTimeout, partitions,
          replicationFactor, clock));
    }
  }
}
