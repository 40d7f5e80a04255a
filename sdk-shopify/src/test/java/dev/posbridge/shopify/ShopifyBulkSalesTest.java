package dev.posbridge.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.SourceRecordException;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.model.Sale;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Long windows are read through a bulk query operation: the same sales as page by page, for a
 * handful of calls; failures are typed, poison records quarantined, the file never held.
 */
class ShopifyBulkSalesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = ShopifyTestSupport.T0;
  private static final String FILES = "/bulk-results/{file}";

  private final ShopifyTestSupport t = new ShopifyTestSupport();
  /** Requested and actual cost of every GraphQL answer the connectors got. */
  private final List<int[]> costs = new CopyOnWriteArrayList<>();
  private final OkHttpClient ok = new OkHttpClient.Builder().addInterceptor(chain -> {
    okhttp3.Response r = chain.proceed(chain.request());
    if (chain.request().url().encodedPath().endsWith("/graphql.json")) {
      JsonNode cost = JSON.readTree(r.peekBody(1L << 24).bytes()).path("extensions").path("cost");
      costs.add(new int[] {cost.path("requestedQueryCost").asInt(), cost.path("actualQueryCost").asInt()});
    }
    return r;
  }).build();

  @AfterEach
  void close() {
    ok.dispatcher().executorService().shutdown();
    t.close();
  }

  private ShopifyConnector connector(Duration threshold) {
    return t.builder().okHttpClient(ok).bulkReadThreshold(threshold).build();
  }

  private static SalesQuery lastDays(int days) {
    return SalesQuery.updatedBetween(T0.minus(Duration.ofDays(days)), T0.plusSeconds(1));
  }

  /** Orders of every kind the mapper handles, spread over about four weeks. */
  private void seedOrders(int count) {
    t.sim.seedItem("MUG", "Mug", "12.00");
    for (int i = 0; i < count; i++) {
      OrderSeed seed = OrderSeed.create().at(T0.minus(Duration.ofDays(28)).plus(Duration.ofSeconds(480L * i)))
          .taxesIncluded(i % 2 == 0);
      int lines = i % 50 == 0 ? 12 : 1 + i % 3;
      for (int l = 0; l < lines; l++) {
        seed.line(l == 0 ? "MUG" : "SKU-" + l, "Item " + l, 1 + l % 2, "4.50", "VAT", "0.19");
      }
      if (i % 7 == 0) {
        seed.discountCode("TEN", "10");
      }
      if (i % 11 == 0) {
        seed.lineDiscount("Staff", "0.50");
      }
      if (i % 5 == 0) {
        seed.shipping("Courier", "4.90", "VAT", "0.19");
      }
      if (i % 3 == 0) {
        seed.cardPayment("Visa", "•••• 4242", null);
      }
      if (i % 97 == 0) {
        for (int k = 0; k < 5; k++) {
          seed.transaction("AUTHORIZATION", "SUCCESS", "shopify_payments", "1.00");
        }
      }
      if (i % 41 == 0) {
        seed.cancelled();
      }
      if (i % 43 == 0) {
        seed.financialStatus("PENDING");
      }
      t.sim.seedOrder(seed);
    }
  }

  private List<JournalEntry> graphqlSince(int before) {
    List<JournalEntry> all = t.graphqlRequests();
    return all.subList(before, all.size());
  }

  @Test
  void aBackfillOf5000OrdersThroughBulkGivesTheSalesThePagesGiveForAFractionOfTheCalls() {
    seedOrders(5_000);
    SalesQuery month = lastDays(30);

    List<Sale> paged;
    int pagedCalls;
    int pagedRequested;
    int pagedActual;
    try (ShopifyConnector shopify = connector(Duration.ofDays(365_000))) {
      int before = t.graphqlRequests().size();
      paged = shopify.sales(month).stream().toList();
      pagedCalls = graphqlSince(before).size();
      pagedRequested = costs.stream().mapToInt(c -> c[0]).sum();
      pagedActual = costs.stream().mapToInt(c -> c[1]).sum();
    }
    costs.clear();
    t.sim.clock().advance(Duration.ofMinutes(1)); // the paged read emptied the bucket: let it refill
    List<Sale> bulk;
    int bulkCalls;
    List<String> operations;
    try (ShopifyConnector shopify = connector(Duration.ofDays(7))) {
      int before = t.graphqlRequests().size();
      bulk = shopify.sales(month).stream().toList();
      operations = graphqlSince(before).stream().map(ShopifyTestSupport::operation).toList();
      bulkCalls = operations.size();
    }
    int bulkRequested = costs.stream().mapToInt(c -> c[0]).sum();
    int bulkActual = costs.stream().mapToInt(c -> c[1]).sum();
    int files = t.sim.journal().count("GET", FILES);

    assertThat(paged).hasSizeGreaterThan(4_700);
    assertThat(bulk).as("the same sales in the same order").isEqualTo(paged);
    assertThat(operations).containsExactly("BulkOperationRunQuery", "BulkOperation", "BulkOperation");
    assertThat(files).as("one range request per 250 orders").isEqualTo(20);
    assertThat(bulkRequested).isEqualTo(12);
    assertThat(bulkCalls * 50).as("paged: %d calls, %d requested / %d actual points; bulk: %d calls + %d file "
        + "requests, %d / %d points", pagedCalls, pagedRequested, pagedActual, bulkCalls, files, bulkRequested,
        bulkActual).isLessThan(pagedCalls);
    System.out.printf("backfill of 5,000 orders: paged %d calls, %d requested / %d actual points; bulk %d calls "
        + "+ %d file requests, %d / %d points%n", pagedCalls, pagedRequested, pagedActual, bulkCalls, files,
        bulkRequested, bulkActual);
  }

  @Test
  void windowsUpToTheThresholdAreStillReadPageByPage() {
    seedOrders(20);
    try (ShopifyConnector shopify = connector(Duration.ofDays(7))) {
      int before = t.graphqlRequests().size();

      List<Sale> sales = shopify.sales(SalesQuery.updatedBetween(
          T0.minus(Duration.ofDays(28)), T0.minus(Duration.ofDays(21)))).stream().toList();

      assertThat(graphqlSince(before)).extracting(ShopifyTestSupport::operation).doesNotContain(
          "BulkOperationRunQuery").contains("Orders");
      assertThat(sales).isNotEmpty();
      assertThat(t.sim.bulkOperationCount()).isZero();
    }
  }

  @Test
  void theResultIsFetchedInRangesWithoutTheAccessTokenAndACursorResumesIt() {
    seedOrders(25);
    try (ShopifyConnector shopify = connector(Duration.ZERO)) {
      SalesQuery query = lastDays(30).withPageSize(10);
      List<Sale> all = shopify.sales(query).stream().toList();
      Iterator<Page<Sale>> pages = shopify.sales(query).pages().iterator();
      Page<Sale> first = pages.next();

      List<Sale> rest = shopify.sales(query.resumingAt(first.nextCursor())).stream().toList();

      assertThat(first.nextCursor()).startsWith("bulk:gid://shopify/BulkOperation/");
      List<Sale> joined = new ArrayList<>(first.items());
      joined.addAll(rest);
      assertThat(joined).isEqualTo(all);
      assertThat(t.sim.bulkOperationCount()).as("resuming starts no new operation").isEqualTo(2);
      List<JournalEntry> downloads = t.sim.journal().requests("GET", FILES);
      assertThat(downloads).allSatisfy(e -> {
        assertThat(e.request().header("X-Shopify-Access-Token")).isEmpty();
        assertThat(e.request().header("Range").orElseThrow()).matches("bytes=\\d+-");
      });
    }
  }

  @Test
  void aFailedOperationEndsTheReadWithATypedExceptionCarryingShopifysErrorCode() {
    seedOrders(5);
    try (ShopifyConnector shopify = connector(Duration.ZERO)) {
      t.sim.failNextBulkOperation("INTERNAL_SERVER_ERROR");
      assertThatThrownBy(() -> shopify.sales(lastDays(30)).stream().toList())
          .isInstanceOfSatisfying(ShopifyBulkOperationException.class, e -> {
            assertThat(e.bulkOperation().status()).isEqualTo("FAILED");
            assertThat(e.bulkOperation().errorCode()).isEqualTo("INTERNAL_SERVER_ERROR");
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.bulkOperation().waitTimedOut()).isFalse();
            assertThat(e.vendorCode()).isEqualTo("INTERNAL_SERVER_ERROR");
          });
      t.sim.failNextBulkOperation("ACCESS_DENIED");
      assertThatThrownBy(() -> shopify.sales(lastDays(30)).stream().toList())
          .isInstanceOfSatisfying(ShopifyBulkOperationException.class, e -> {
            assertThat(e.bulkOperation().errorCode()).isEqualTo("ACCESS_DENIED");
            assertThat(e.isRetryable()).isFalse();
          });
    }
  }

  @Test
  void anOperationStillRunningWhenTheWaitRunsOutIsCancelledAndReported() throws Exception {
    seedOrders(5);
    t.sim.bulkOperationTiming(1_000_000, Duration.ofDays(1));
    try (ShopifyConnector shopify = connector(Duration.ZERO)) {
      assertThatThrownBy(() -> shopify.sales(lastDays(30)).stream().toList())
          .isInstanceOfSatisfying(ShopifyBulkOperationException.class, e -> {
            assertThat(e.bulkOperation().waitTimedOut()).isTrue();
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.bulkOperation().status()).isEqualTo("RUNNING");
          });
    }
    Duration waited = t.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(waited).isLessThanOrEqualTo(Duration.ofMinutes(30));
    assertThat(t.sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(30)));
    assertThat(t.graphqlRequests()).extracting(ShopifyTestSupport::operation).endsWith("BulkOperationCancel");
  }

  @Test
  void aPoisonOrderAndABrokenLineAreQuarantinedAndTheRestOfTheResultIsRead() {
    seedOrders(6);
    List<Sale> expected;
    try (ShopifyConnector shopify = connector(Duration.ofDays(365_000))) {
      expected = shopify.sales(lastDays(30)).stream().toList();
    }
    String poisoned = expected.get(1).ref().id();
    String broken = expected.get(3).ref().id();
    t.sim.rewriteBulkResults(line -> line.startsWith("{\"id\":\"" + poisoned + "\"")
        ? line.replace("\"currencyCode\":\"EUR\"", "\"currencyCode\":\"XYZ\"")
        : line.contains("\"__parentId\":\"" + broken + "\"") && line.contains("LineItem") ? "{\"truncated" : line);

    List<Sale> read = new ArrayList<>();
    List<SourceRecordException> quarantined = new ArrayList<>();
    try (ShopifyConnector shopify = connector(Duration.ZERO)) {
      Iterator<Sale> it = shopify.sales(lastDays(30)).iterator();
      while (it.hasNext()) {
        try {
          read.add(it.next());
        } catch (SourceRecordException e) {
          quarantined.add(e);
        }
      }
    }

    List<Sale> rest = new ArrayList<>(expected);
    rest.removeIf(s -> s.ref().id().equals(poisoned) || s.ref().id().equals(broken));
    assertThat(read).isEqualTo(rest);
    assertThat(quarantined).anySatisfy(e -> {
      assertThat(e.recordRef()).isEqualTo(poisoned);
      assertThat(e.rawPayload()).contains("XYZ");
      assertThat(e.getMessage()).contains("currency");
    });
    assertThat(quarantined).anySatisfy(e -> {
      assertThat(e.recordRef()).startsWith("gid://shopify/BulkOperation/");
      assertThat(e.rawPayload()).isEqualTo("{\"truncated");
    });
    assertThat(quarantined).anySatisfy(e -> assertThat(e.recordRef()).isEqualTo(broken));
  }

  @Test
  void itemsWhoseOrderLineIsMissingAreQuarantinedUnderThatOrdersIdAndTheOthersAreRead() {
    seedOrders(4);
    List<Sale> expected;
    try (ShopifyConnector shopify = connector(Duration.ofDays(365_000))) {
      expected = shopify.sales(lastDays(30)).stream().toList();
    }
    String lost = expected.get(2).ref().id();
    t.sim.rewriteBulkResults(line -> line.startsWith("{\"id\":\"" + lost + "\"") ? null : line);

    List<String> read = new ArrayList<>();
    List<SourceRecordException> quarantined = new ArrayList<>();
    try (ShopifyConnector shopify = connector(Duration.ZERO)) {
      Iterator<Sale> it = shopify.sales(lastDays(30)).iterator();
      while (it.hasNext()) {
        try {
          read.add(it.next().ref().id());
        } catch (SourceRecordException e) {
          quarantined.add(e);
        }
      }
    }

    assertThat(read).containsExactlyElementsOf(expected.stream().map(s -> s.ref().id())
        .filter(id -> !id.equals(lost)).toList());
    assertThat(quarantined).singleElement().satisfies(e -> {
      assertThat(e.recordRef()).isEqualTo(lost);
      assertThat(e.rawPayload()).contains("\"__parentId\":\"" + lost + "\"");
    });
  }

  @Test
  void aLineLongerThanMaxBodyBytesIsQuarantinedWithoutBeingHeld() {
    seedOrders(4); // the first is cancelled: three sales
    List<Sale> expected;
    try (ShopifyConnector shopify = connector(Duration.ofDays(365_000))) {
      expected = shopify.sales(lastDays(30)).stream().toList();
    }
    String huge = expected.get(2).ref().id();
    String note = "x".repeat(200_000);
    t.sim.rewriteBulkResults(line -> line.startsWith("{\"id\":\"" + huge + "\"")
        ? line.replace("\"note\":null", "\"note\":\"" + note + "\"") : line);

    List<String> read = new ArrayList<>();
    List<SourceRecordException> quarantined = new ArrayList<>();
    try (ShopifyConnector shopify = t.builder().okHttpClient(ok).bulkReadThreshold(Duration.ZERO)
        .responseLimits(dev.posbridge.core.http.ResponseLimits.builder().maxBodyBytes(64 * 1024).build()).build()) {
      Iterator<Sale> it = shopify.sales(lastDays(30)).iterator();
      while (it.hasNext()) {
        try {
          read.add(it.next().ref().id());
        } catch (SourceRecordException e) {
          quarantined.add(e);
        }
      }
    }

    assertThat(read).containsExactly(expected.get(0).ref().id());
    assertThat(quarantined).anySatisfy(e -> {
      assertThat(e.getMessage()).contains("longer than 65536 bytes");
      assertThat(e.rawPayload().length()).isLessThanOrEqualTo(64 * 1024);
    });
    assertThat(quarantined).extracting(SourceRecordException::recordRef)
        .as("the order before it may have lost an item; the huge order's items have no order line")
        .contains(expected.get(1).ref().id(), huge);
  }

  @Test
  void whileShopifyRunsAsManyBulkQueriesAsItAllowsTheWindowIsReadPageByPage() throws Exception {
    seedOrders(8);
    t.sim.bulkQueryLimit(1);
    String run = JSON.writeValueAsString(Map.of("query", "mutation R($q: String!) { bulkOperationRunQuery("
        + "query: $q) { bulkOperation { id } userErrors { message } } }", "variables",
        Map.of("q", "{ orders { edges { node { id } } } }")));
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(t.sim.baseUrl()
            + "/admin/api/2026-10/graphql.json"))
        .header("X-Shopify-Access-Token", ShopifySimulator.DEFAULT_ACCESS_TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(run)).build(), HttpResponse.BodyHandlers.ofString());
    try (ShopifyConnector shopify = connector(Duration.ZERO)) {
      int before = t.graphqlRequests().size();

      List<Sale> sales = shopify.sales(lastDays(30)).stream().toList();

      assertThat(sales).hasSizeGreaterThan(5);
      assertThat(graphqlSince(before)).extracting(ShopifyTestSupport::operation)
          .startsWith("BulkOperationRunQuery", "Orders");
    }
  }

  @Test
  void refundScanPagesGrowToTheCostBudgetAfterTheFirst() {
    seedOrders(120);
    try (ShopifyConnector shopify = connector(Duration.ofDays(365_000))) {
      int before = t.graphqlRequests().size();

      assertThat(shopify.refunds(lastDays(30)).stream()).isEmpty();

      List<Integer> firsts = graphqlSince(before).stream()
          .map(e -> e.request().json().path("variables").path("first").asInt()).toList();
      assertThat(firsts).hasSize(3);
      assertThat(firsts.get(0)).isEqualTo(10);
      assertThat(firsts.get(1)).as("≈ 997 / 12 points per order").isBetween(80, 83);
    }
  }

  @Test
  void aNegativeBulkReadThresholdIsRefused() {
    assertThatThrownBy(() -> t.builder().bulkReadThreshold(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bulkReadThreshold");
  }
}
