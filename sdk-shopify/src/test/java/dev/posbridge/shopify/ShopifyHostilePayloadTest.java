package dev.posbridge.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.ResponseTooLargeException;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.model.Sale;
import dev.posbridge.testing.HostileJson;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.SimFault;
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile Orders answers: a valid answer recorded from the simulator, then one field at a time
 * made malformed. Each variant fails the read with an {@link InvalidResponseException} naming the
 * field; no NullPointerException, IllegalArgumentException, NumberFormatException,
 * ArithmeticException or DateTimeException escapes.
 */
class ShopifyHostilePayloadTest {

  private static final String GRAPHQL = "/admin/api/{version}/graphql.json";

  private ShopifyTestSupport t;
  private ShopifyConnector shopify;
  private String validAnswer;

  @BeforeEach
  void recordAValidAnswer() throws Exception {
    t = new ShopifyTestSupport();
    shopify = t.connector();
    t.sim.seedItem("LATTE-12", "Latte", "10.60");
    t.sim.seedOrder(OrderSeed.create().name("#1001").at(ShopifyTestSupport.T0).taxesIncluded(true)
        .line("LATTE-12", "Latte", 2, "10.60", "VAT", "0.19"));
    assertThat(read()).hasSize(1);
    List<JournalEntry> requests = t.graphqlRequests();
    JournalEntry orders = requests.get(requests.size() - 1);
    HttpRequest replay = HttpRequest.newBuilder(URI.create(t.sim.baseUrl() + orders.request().path()))
        .header("X-Shopify-Access-Token", ShopifySimulator.DEFAULT_ACCESS_TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(orders.request().bodyString())).build();
    validAnswer = HttpClient.newHttpClient().send(replay, HttpResponse.BodyHandlers.ofString()).body();
    assertThat(validAnswer).contains("\"lineItems\"");
  }

  @AfterEach
  void close() {
    shopify.close();
    t.close();
  }

  static Stream<Arguments> variants() {
    String o = "data.orders.nodes[0].";
    String li = o + "lineItems.nodes[0].";
    List<Arguments> v = new ArrayList<>();
    // null elements and wrong element types in arrays
    v.add(Arguments.of("data.orders.nodes[0]", "null", "nodes"));
    v.add(Arguments.of(o + "lineItems.nodes[0]", "null", "lineItems"));
    v.add(Arguments.of(o + "lineItems.nodes[0]", "42", "lineItems"));
    v.add(Arguments.of(li + "taxLines[0]", "null", "taxLines"));
    // wrong JSON types
    v.add(Arguments.of(o + "lineItems", "\"many\"", "lineItems"));
    v.add(Arguments.of(o + "lineItems.nodes", "{}", "lineItems"));
    v.add(Arguments.of(o + "taxesIncluded", "\"yes\"", "taxesIncluded"));
    v.add(Arguments.of(o + "name", "{\"a\":1}", "name"));
    v.add(Arguments.of(li + "originalUnitPriceSet", "\"10.60\"", "originalUnitPriceSet"));
    // out-of-range and fractional numbers
    v.add(Arguments.of(li + "quantity", "1e999999999", "quantity"));
    v.add(Arguments.of(li + "quantity", "2.5", "quantity"));
    v.add(Arguments.of(li + "quantity", "-3", "quantity"));
    v.add(Arguments.of(li + "quantity", "99999999999999999999", "quantity"));
    v.add(Arguments.of(li + "quantity", "\"two\"", "quantity"));
    v.add(Arguments.of(li + "originalUnitPriceSet.shopMoney.amount", "\"1e999999999\"", "amount"));
    v.add(Arguments.of(li + "originalUnitPriceSet.shopMoney.amount", "\"1e-999999999\"", "amount"));
    v.add(Arguments.of(li + "originalUnitPriceSet.shopMoney.amount", "\"ten\"", "amount"));
    v.add(Arguments.of(li + "originalUnitPriceSet.shopMoney.amount", "10.605", "amount"));
    // missing required fields
    v.add(Arguments.of(o + "id", HostileJson.REMOVE, "id"));
    v.add(Arguments.of(o + "currencyCode", HostileJson.REMOVE, "currencyCode"));
    v.add(Arguments.of(li + "quantity", HostileJson.REMOVE, "quantity"));
    v.add(Arguments.of(o + "createdAt", HostileJson.REMOVE, "createdAt"));
    // invalid currencies
    v.add(Arguments.of(o + "currencyCode", "\"XYZ\"", "currency"));
    v.add(Arguments.of(li + "originalUnitPriceSet.shopMoney.currencyCode", "\"USD\"", "shopMoney"));
    // bad timestamps
    v.add(Arguments.of(o + "createdAt", "\"last tuesday\"", "createdAt"));
    v.add(Arguments.of(o + "createdAt", "\"2025-02-30T10:00:00Z\"", "createdAt"));
    // a card number where an id belongs
    v.add(Arguments.of(o + "id", "\"gid://shopify/Order/4111-1111-1111-1111\"", "id"));
    return v.stream();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("variants")
  void aMalformedOrderFailsTypedAndNamesTheField(String path, String value, String field) {
    t.sim.faults().inject(SimFault.status(200)
        .body(HostileJson.raw(HostileJson.mutate(validAnswer, path, value))).on("POST", GRAPHQL));

    Throwable thrown = catchThrowable(this::read);

    assertThat(thrown).isInstanceOf(InvalidResponseException.class);
    // A number past the parse limits (e.g. 1e999999999) is refused by the JSON reader before any
    // field is mapped: the message names the limit instead of the field.
    assertThat(thrown.getMessage()).contains(thrown instanceof ResponseTooLargeException ? "parse limit" : field).hasSizeLessThan(700)
        .doesNotContain("4111111111111111").doesNotContain("4111-1111-1111-1111");
  }

  @Test
  void aCardNumberInTheNoteIsMaskedAndAnUnknownSourceIsKeptRaw() {
    String hostile = HostileJson.mutate(
        HostileJson.mutate(validAnswer, "data.orders.nodes[0].note", "\"4111 1111 1111 1111 exp 12/28\""),
        "data.orders.nodes[0].sourceName", "\"drone-delivery\"");
    t.sim.faults().inject(SimFault.status(200).body(HostileJson.raw(hostile)).on("POST", GRAPHQL));

    Sale sale = read().get(0);

    assertThat(sale.note()).isEqualTo("4111 11** **** 1111 exp 12/28");
    assertThat(sale.rawChannel()).isEqualTo("drone-delivery");
  }

  @Test
  void anOrderThatCannotBeMappedIsReportedAloneAndTheRestOfItsPageIsStillRead() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode answer =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(validAnswer);
    com.fasterxml.jackson.databind.node.ArrayNode nodes =
        (com.fasterxml.jackson.databind.node.ArrayNode) answer.path("data").path("orders").path("nodes");
    com.fasterxml.jackson.databind.node.ObjectNode good = (com.fasterxml.jackson.databind.node.ObjectNode) nodes.get(0);
    com.fasterxml.jackson.databind.node.ObjectNode poison = good.deepCopy();
    poison.put("id", "gid://shopify/Order/666").put("currencyCode", "XYZ");
    com.fasterxml.jackson.databind.node.ObjectNode later = good.deepCopy();
    later.put("id", "gid://shopify/Order/777").put("name", "#1002");
    nodes.removeAll();
    nodes.add(good).add(poison).add(later);
    t.sim.faults().inject(SimFault.status(200).body(HostileJson.raw(json.writeValueAsString(answer)))
        .on("POST", GRAPHQL));

    java.util.Iterator<Sale> it = shopify.sales(SalesQuery.updatedBetween(
        ShopifyTestSupport.T0.minus(Duration.ofDays(1)), ShopifyTestSupport.T0.plus(Duration.ofDays(1)))).iterator();
    List<String> read = new ArrayList<>();
    List<dev.posbridge.core.SourceRecordException> quarantined = new ArrayList<>();
    while (it.hasNext()) {
      try {
        read.add(it.next().number());
      } catch (dev.posbridge.core.SourceRecordException e) {
        quarantined.add(e);
      }
    }

    assertThat(read).containsExactly("#1001", "#1002");
    assertThat(quarantined).singleElement().satisfies(e -> {
      assertThat(e.recordRef()).isEqualTo("gid://shopify/Order/666");
      assertThat(e.rawPayload()).contains("XYZ");
      assertThat(e.getMessage()).contains("currency");
    });
  }

  private List<Sale> read() {
    return shopify.sales(SalesQuery.updatedBetween(ShopifyTestSupport.T0.minus(Duration.ofDays(1)),
        ShopifyTestSupport.T0.plus(Duration.ofDays(1)))).stream().toList();
  }
}
