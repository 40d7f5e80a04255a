package dev.posbridge.shopify;

import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A simulator on a fixed clock and connectors whose waits advance that clock instead of sleeping. */
final class ShopifyTestSupport implements AutoCloseable {

  static final Instant T0 = Instant.parse("2025-11-03T10:00:00Z");

  final ShopifySimulator sim;
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  ShopifyTestSupport() {
    sim = ShopifySimulator.start(SimulatorConfig.builder().clock(SimClock.fixed(T0)).build());
  }

  ShopifyConnector.Builder builder() {
    return withoutToken().credentials(ShopifyAuth.accessToken(ShopifySimulator.DEFAULT_ACCESS_TOKEN));
  }

  ShopifyConnector.Builder withoutToken() {
    return ShopifyConnector.builder()
        .shopDomain(ShopifySimulator.DEFAULT_SHOP)
        .baseUrl(sim.baseUrl())
        .clock(sim.clock())
        .retry(RetrySettings.builder().maxAttempts(3).jitter(0).build())
        .sleeper(d -> {
          sleeps.add(d);
          sim.clock().advance(d);
        });
  }

  ShopifyConnector connector() {
    return builder().build();
  }

  List<JournalEntry> graphqlRequests() {
    return sim.journal().requests("POST", "/admin/api/{version}/graphql.json");
  }

  JsonView lastBody() {
    List<JournalEntry> all = graphqlRequests();
    return all.get(all.size() - 1).request().json();
  }

  static String operation(JournalEntry e) {
    String q = e.request().json().path("query").asText().strip();
    int start = q.indexOf(' ') + 1;
    int end = start;
    while (end < q.length() && Character.isJavaIdentifierPart(q.charAt(end))) {
      end++;
    }
    return q.substring(start, end);
  }

  @Override
  public void close() {
    sim.assertNoInternalErrors();
    sim.close();
  }
}
