package dev.posbridge.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.model.Customer;
import dev.posbridge.core.model.ExternalRef;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UpsertMemoTest {

  private static Customer customer(String version, String email) {
    return Customer.builder().putRef(new ExternalRef("square", "customer", "C1", version)).email(email)
        .updatedAt(Instant.parse("2026-12-01T10:00:00Z")).build();
  }

  private static Customer stored(String id) {
    return Customer.builder().putRef(ExternalRef.of("netsuite", "customer", id)).email("a@b.io").build();
  }

  @Test
  void theSameCustomerIsUpsertedOnceAndAnsweredFromMemoryAfterwards() {
    UpsertMemo memo = new UpsertMemo();
    AtomicInteger calls = new AtomicInteger();

    Customer first = memo.upsert(customer("1", "a@b.io"), () -> stored("7" + calls.incrementAndGet()));
    Customer second = memo.upsert(customer("1", "a@b.io"), () -> stored("7" + calls.incrementAndGet()));

    assertThat(calls).hasValue(1);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void anyChangeInFieldsOrVersionIsWrittenAgain() {
    UpsertMemo memo = new UpsertMemo();
    AtomicInteger calls = new AtomicInteger();

    memo.upsert(customer("1", "a@b.io"), () -> stored("1" + calls.incrementAndGet()));
    memo.upsert(customer("2", "a@b.io"), () -> stored("1" + calls.incrementAndGet()));
    memo.upsert(customer("2", "c@b.io"), () -> stored("1" + calls.incrementAndGet()));

    assertThat(calls).hasValue(3);
  }

  @Test
  void aFailedUpsertIsNotRememberedAndTheLeastRecentlyUsedEntryGoesFirst() {
    UpsertMemo memo = new UpsertMemo(2);
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> memo.upsert(customer("1", "a@b.io"), () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("vendor down");
    })).isInstanceOf(IllegalStateException.class);
    memo.upsert(customer("1", "a@b.io"), () -> stored("1" + calls.incrementAndGet()));
    memo.upsert(customer("2", "a@b.io"), () -> stored("1" + calls.incrementAndGet()));
    memo.upsert(customer("1", "a@b.io"), () -> stored("1" + calls.incrementAndGet())); // hit, now most recent
    memo.upsert(customer("3", "a@b.io"), () -> stored("1" + calls.incrementAndGet())); // evicts version 2
    assertThat(calls).hasValue(4);

    memo.upsert(customer("1", "a@b.io"), () -> stored("1" + calls.incrementAndGet()));
    memo.upsert(customer("2", "a@b.io"), () -> stored("1" + calls.incrementAndGet()));

    assertThat(calls).hasValue(5);
    assertThat(memo.forget(customer("2", "a@b.io"))).isNotNull();
  }
}
