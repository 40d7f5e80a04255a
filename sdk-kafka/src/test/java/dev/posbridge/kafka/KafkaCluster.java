package dev.posbridge.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A one-node KRaft cluster inside the test JVM (see docs/decisions/0016-kafka-dependency.md). */
final class KafkaCluster implements AutoCloseable {

  private final KafkaClusterTestKit kit;

  private KafkaCluster(KafkaClusterTestKit kit) {
    this.kit = kit;
  }

  static KafkaCluster start() throws Exception {
    KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        // Fewer partitions of __consumer_offsets: the first group forms faster on a loaded machine.
        .setConfigProp("offsets.topic.num.partitions", "1")
        .build();
    kit.format();
    kit.startup();
    kit.waitForReadyBrokers();
    return new KafkaCluster(kit);
  }

  String bootstrapServers() {
    return kit.bootstrapServers();
  }

  @Override
  public void close() {
    try {
      kit.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot stop the Kafka cluster", e);
    }
  }
}
