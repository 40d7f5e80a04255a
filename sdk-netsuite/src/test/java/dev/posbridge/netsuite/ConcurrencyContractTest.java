package dev.posbridge.netsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.http.RateLimiter;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.testing.SimFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyContractTest extends SimFixture {

  private void thirtyParallelSales(NetSuiteConnector c) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(30);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String id = "PAR-" + i;
        futures.add(pool.submit(() -> c.recordSale(sale(id, "MUG-01", "1"), RequestOptions.none())));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void thirtyParallelWritesNeverExceedTheConcurrencyLimit() throws Exception {
    sim.concurrencyLimit(5);
    sim.handlerLatency(Duration.ofMillis(5));
    NetSuiteConnector governed = connector(mappingBuilder().build(),
        b -> b.rateLimiter(dev.posbridge.core.http.RateLimiter.maxConcurrent(5)));
    try {
      thirtyParallelSales(governed);
    } finally {
      governed.close();
    }
    assertThat(sim.count("cashSale")).isEqualTo(30);
    assertThat(sim.maxInFlight()).isBetween(1, 5);
    assertThat(sim.concurrencyRejections()).isZero();
    assertThat(sim.stock(mug, store)).isEqualByComparingTo("-20");
  }

  @Test
  void byDefaultAtMostFourRequestsAreInFlight() throws Exception {
    sim.concurrencyLimit(5);
    sim.handlerLatency(Duration.ofMillis(5));
    thirtyParallelSales(connector);
    assertThat(sim.count("cashSale")).isEqualTo(30);
    assertThat(sim.maxInFlight()).isBetween(1, NetSuiteConnector.DEFAULT_MAX_CONCURRENT_REQUESTS);
  }

  @Test
  void anAccountLimitBelowTheClientsIsAbsorbedByBackingOffAndRetrying() throws Exception {
    sim.concurrencyLimit(2);
    sim.handlerLatency(Duration.ofMillis(5));
    NetSuiteConnector greedy = connector(mappingBuilder().build(), b -> b.rateLimiter(RateLimiter.maxConcurrent(8))
        .retry(RetrySettings.builder().maxAttempts(200).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(10)).maxElapsed(Duration.ofMinutes(1)).build()));
    try {
      thirtyParallelSales(greedy);
    } finally {
      greedy.close();
    }
    assertThat(sim.count("cashSale")).isEqualTo(30);
    assertThat(sim.maxInFlight()).isLessThanOrEqualTo(2);
    assertThat(sim.effects().duplicates("cashSale")).isEmpty();
  }

  @Test
  void concurrencyLimitExceededIsRetriedThenSucceeds() {
    sim.faults().inject(SimFault.status(429).on("PUT", "/services/rest/record/v1/{type}/{id}").times(2));

    connector.recordSale(sale("R-429", "MUG-01", "1"), RequestOptions.none());

    assertThat(requests("PUT", "/services/rest/record/v1/{type}/{id}")).extracting(e -> e.status())
        .containsExactly(429, 429, 204);
    assertThat(sim.count("cashSale")).isEqualTo(1);
  }

  @Test
  void concurrencyLimitExceededThatOutlastsTheRetriesIsRateLimited() {
    sim.faults().inject(SimFault.status(429).on("PUT", "/services/rest/record/v1/{type}/{id}").times(10));

    assertThatThrownBy(() -> connector.recordSale(sale("R-429b", "MUG-01", "1"), RequestOptions.none()))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.vendorCode()).isEqualTo("CONCURRENCY_LIMIT_EXCEEDED");
          assertThat(e.isRetryable()).isTrue();
        });
    assertThat(requests("PUT", "/services/rest/record/v1/{type}/{id}")).hasSize(6);
  }
}
