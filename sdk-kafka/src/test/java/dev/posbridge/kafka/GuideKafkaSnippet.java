package dev.posbridge.kafka;

import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncPipeline;
import java.nio.file.Path;

/**
 * The code of docs/guides/kafka.md (region {@code kafka-bus}), compiled with the module so the
 * guide cannot rot; the examples-spring module's guide test checks the text.
 */
final class GuideKafkaSnippet {

  private GuideKafkaSnippet() {}

  static SyncPipeline storeAndWorkers(SalesSink quickbooks, boolean storeProcess) {
    // snippet:kafka-bus
    KafkaEventBus bus = KafkaEventBus.builder()
        .bootstrapServers("kafka-1:9092,kafka-2:9092")
        .property("security.protocol", "SASL_SSL")          // your usual client properties
        .topic("posbridge-deliveries")
        .relay(storeProcess)                                 // stores: relay the outbox to Kafka
        .workers(storeProcess ? 0 : 4)                       // workers: deliver from Kafka
        .build();
    SyncPipeline pipeline = SyncPipeline.builder()
        .outbox(Outbox.sqlite(Path.of("posbridge-outbox.db")))   // intake stays local and durable
        .salesSink(quickbooks)
        .eventBus(bus)
        .build();
    pipeline.start();
    // end-snippet
    return pipeline;
  }
}
