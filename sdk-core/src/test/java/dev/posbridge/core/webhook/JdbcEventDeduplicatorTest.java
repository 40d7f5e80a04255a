package dev.posbridge.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcEventDeduplicatorTest {

  @TempDir Path dir;


  private DataSource sqlite(String name) {
    String url = "jdbc:sqlite:" + dir.resolve(name).toAbsolutePath();
    return (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            Connection c = DriverManager.getConnection(url);
            return c;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void anIdIsSeenOnlyAfterItIsMarkedAndSurvivesARestart() {
    MutableClock clock = new MutableClock();
    EventDeduplicator first = EventDeduplicator.jdbc(sqlite("seen.db"), Duration.ofHours(73), clock);

    assertThat(first.seen("square", "ev-1")).as("checking does not mark").isFalse();
    assertThat(first.seen("square", "ev-1")).isFalse();
    first.markSeen("square", "ev-1");

    EventDeduplicator restarted = EventDeduplicator.jdbc(sqlite("seen.db"), Duration.ofHours(73), clock);
    assertThat(restarted.seen("square", "ev-1")).isTrue();
    assertThat(restarted.seen("shopify", "ev-1")).as("per system").isFalse();
    assertThat(restarted.firstSeen("square", "ev-1")).isFalse();
  }

  @Test
  void idsAreForgottenAfterTheirTtlAndOnRequest() {
    MutableClock clock = new MutableClock();
    EventDeduplicator d = EventDeduplicator.jdbc(sqlite("ttl.db"), Duration.ofHours(5), clock);
    d.markSeen("shopify", "sha256:ab");
    d.markSeen("shopify", "sha256:cd");

    clock.advance(Duration.ofHours(4));
    assertThat(d.seen("shopify", "sha256:ab")).isTrue();
    d.forget("shopify", "sha256:cd");
    assertThat(d.seen("shopify", "sha256:cd")).isFalse();
    clock.advance(Duration.ofHours(2));
    assertThat(d.seen("shopify", "sha256:ab")).isFalse();
  }

  @Test
  void theInMemoryDeduplicatorAlsoChecksWithoutMarking() {
    EventDeduplicator d = EventDeduplicator.inMemory();
    assertThat(d.seen("quickbooks", "x")).isFalse();
    assertThat(d.seen("quickbooks", "x")).isFalse();
    d.markSeen("quickbooks", "x");
    assertThat(d.seen("quickbooks", "x")).isTrue();
  }
}
