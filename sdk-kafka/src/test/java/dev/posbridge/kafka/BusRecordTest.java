package dev.posbridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.sync.OutboxEvent;
import dev.posbridge.kafka.internal.BusRecord;
import org.junit.jupiter.api.Test;

class BusRecordTest {

  @Test
  void aDeliveryRoundTripsWithItsSchemaVersionAndPayloadAsJson() {
    OutboxEvent event = new OutboxEvent("quickbooks|sale:square/order/O1", "quickbooks/sale",
        "{\"schema\":1,\"key\":\"pbABC\"}", "pbABC");
    String json = BusRecord.encode(event, 42);

    assertThat(json).contains("\"schema\":1").contains("\"payload\":{\"schema\":1,\"key\":\"pbABC\"}")
        .contains("\"outboxId\":42");
    assertThat(BusRecord.decode(json)).isEqualTo(event);
  }

  @Test
  void aPayloadThatIsNotAJsonObjectTravelsVerbatim() {
    OutboxEvent poison = OutboxEvent.of("k", "quickbooks/sale", "{not json");
    assertThat(BusRecord.decode(BusRecord.encode(poison, 1))).isEqualTo(poison);
  }

  @Test
  void fieldsOfANewerSchemaAreIgnored() {
    String newer = "{\"schema\":3,\"type\":\"shopify/stock\",\"orderingKey\":\"k\",\"tenant\":\"t-9\","
        + "\"payload\":{\"a\":1},\"trace\":{\"id\":\"x\"}}";
    assertThat(BusRecord.decode(newer)).isEqualTo(OutboxEvent.of("k", "shopify/stock", "{\"a\":1}"));
  }

  @Test
  void aRecordWithoutSchemaOrRequiredFieldsIsUnreadable() {
    assertThatThrownBy(() -> BusRecord.decode("{\"type\":\"a/b\",\"orderingKey\":\"k\",\"payload\":{}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema");
    assertThatThrownBy(() -> BusRecord.decode("{\"schema\":1,\"orderingKey\":\"k\",\"payload\":{}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
    assertThatThrownBy(() -> BusRecord.decode("[1]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BusRecord.decode(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBuilderRequiresBrokersAndSomethingToRun() {
    assertThatThrownBy(() -> KafkaEventBus.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bootstrap.servers");
    assertThatThrownBy(() -> KafkaEventBus.builder().bootstrapServers("localhost:1").relay(false)
        .workers(0).build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> KafkaEventBus.builder().retries(3, 2)).isInstanceOf(IllegalArgumentException.class);
    KafkaEventBus bus = KafkaEventBus.builder().bootstrapServers("localhost:1").topic("t").build();
    assertThat(bus.retryTopic()).isEqualTo("t.retry");
    assertThat(bus.deadLetterTopic()).isEqualTo("t.dlt");
    assertThat(bus.groupId()).isEqualTo("posbridge-sync");
  }
}
