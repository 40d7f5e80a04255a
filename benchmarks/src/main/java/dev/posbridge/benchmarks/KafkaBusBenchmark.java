package dev.posbridge.benchmarks;

import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.kafka.KafkaEventBus;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Plain-main benchmark of the Kafka event bus against a one-node KRaft broker in this JVM. Each run
 * fills a till's SQLite outbox with sales, times the relay (outbox to broker-acknowledged records,
 * rows marked done), then times the consumer-group workers (poll, decode, deliver through the
 * pipeline's delivery code into an in-memory sink, commit) with one and with two workers, from the
 * first sink call (after the group formed) to the last.
 *
 * <p>Settings (system properties): {@code sales} per run (default 20000), {@code partitions} (6),
 * {@code sinkMicros} simulated vendor call time per delivery (0 and 1000 are both run unless set),
 * {@code dir} for the database files.
 */
public final class KafkaBusBenchmark {

  private static final int SALES = Integer.getInteger("sales", 20_000);
  private static final int PARTITIONS = Integer.getInteger("partitions", 6);

  private KafkaBusBenchmark() {}

  /**
   * Runs the benchmark and prints a table.
   *
   * @param args ignored
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    Path dir = System.getProperty("dir") != null ? Path.of(System.getProperty("dir"))
        : Files.createTempDirectory("posbridge-kafka-bench");
    System.out.printf(Locale.ROOT, "posbridge Kafka event bus benchmark — %s, JVM %s %s, %d cores, load %.2f%n",
        Instant.now(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    List<Integer> latencies = System.getProperty("sinkMicros") != null
        ? List.of(Integer.getInteger("sinkMicros")) : List.of(0, 1000);
    KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .build();
    try {
      kafka.format();
      kafka.startup();
      kafka.waitForReadyBrokers();
      String bootstrap = kafka.bootstrapServers();
      List<String> rows = new ArrayList<>();
      rows.add(String.format(Locale.ROOT, "%-40s %8s %14s %16s %14s", "run", "events",
          "relay ev/s", "workers ev/s", "overall ev/s"));
      int run = 0;
      endToEnd(dir, bootstrap, "warmup", 1, 0, SALES / 4);
      for (int micros : latencies) {
        for (int workers : new int[] {1, 2}) {
          double[] r = endToEnd(dir, bootstrap, "run-" + run++, workers, micros, SALES);
          rows.add(String.format(Locale.ROOT, "%-40s %8d %14.0f %16.0f %14.0f",
              workers + " worker(s), sink call " + micros + " µs", SALES, r[0], r[1], r[2]));
        }
      }
      rows.forEach(System.out::println);
    } finally {
      kafka.close();
    }
  }

  /**
   * Fills a till outbox, relays it all to a fresh topic (timed: relay rate), then starts the workers
   * and waits until the sink saw every sale (timed: worker rate).
   *
   * @return relay events/s, worker events/s, overall events/s
   */
  private static double[] endToEnd(Path dir, String bootstrap, String name, int workers, int micros,
      int sales) throws Exception {
    CountingSink sink = new CountingSink(micros);
    try (Outbox tillOutbox = Outbox.builder().sqlite(dir.resolve(name + "-till.db")).build();
        Outbox workerOutbox = Outbox.builder().sqlite(dir.resolve(name + "-worker.db")).build()) {
      SyncPipeline till = SyncPipeline.builder().outbox(tillOutbox).salesSink(sink)
          .eventBus(KafkaEventBus.builder().bootstrapServers(bootstrap).name(name + "-till").topic(name)
              .workers(0).relayBatch(1000).createTopics(PARTITIONS, (short) 1).build())
          .build();
      SyncPipeline worker = SyncPipeline.builder().outbox(workerOutbox).salesSink(sink)
          .eventBus(KafkaEventBus.builder().bootstrapServers(bootstrap).name(name).topic(name)
              .groupId(name).relay(false).workers(workers).build())
          .build();
      fill(till, sales);
      long start = System.nanoTime();
      till.start();
      while (tillOutbox.status().pending() > 0) {
        Thread.sleep(1);
      }
      long relayed = System.nanoTime();
      worker.start();
      while (sink.count() < sales) {
        Thread.sleep(1);
      }
      long end = System.nanoTime();
      worker.stop(Duration.ofSeconds(10));
      till.stop(Duration.ofSeconds(10));
      return new double[] {sales / ((relayed - start) / 1e9), sales / ((end - sink.firstCall()) / 1e9),
          sales / ((end - start) / 1e9)};
    }
  }

  /** Stores the sales in the till's outbox before the clock starts. */
  private static void fill(SyncPipeline till, int sales) {
    Currency usd = Currency.getInstance("USD");
    List<ChangeEvent> chunk = new ArrayList<>();
    for (int i = 0; i < sales; i++) {
      Sale s = Sale.builder().ref(ExternalRef.of("square", "order", "O" + i))
          .location(ExternalRef.of("square", "location", "L1")).createdAt(Instant.EPOCH).currency(usd)
          .addLine(SaleLine.of("SKU" + (i % 200), "Item", BigDecimal.ONE, Money.of("4.50", "USD")))
          .deriveTotals().build();
      chunk.add(new ChangeEvent("square", "sale-" + i, ChangeType.SALE, "order.updated", s.ref(), false,
          s.createdAt(), s, null, List.of(), null));
      if (chunk.size() == 500) {
        till.submit(chunk);
        chunk.clear();
      }
    }
    if (!chunk.isEmpty()) {
      till.submit(chunk);
    }
  }

}
