package dev.posbridge.shopify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.testing.shopify.OrderSeed;
import dev.posbridge.testing.shopify.ShopifySimulator;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.Parser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator answers every document the connector sends with every field the document selects
 * (nullable objects may be null; type-conditioned fragments apply to objects of their type).
 */
class SimulatorResponseShapeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static ShopifySimulator sim;
  private static Map<String, Map<String, Object>> variables;

  @BeforeAll
  static void seed() throws Exception {
    sim = ShopifySimulator.start();
    sim.throttle(100_000, 100_000);
    ShopifySimulator.Variant v = sim.seedItem("LATTE-12", "Latte", "10.60");
    sim.seedStock(v.inventoryItemId(), ShopifySimulator.DEFAULT_LOCATION, 40, 2);
    String customer = sim.seedCustomer("Jane", "Doe", "jane@example.com", "+18005550100");
    String order = sim.seedOrder(OrderSeed.create().customer(customer).taxesIncluded(true)
        .line("LATTE-12", "Latte", 2, "10.60", "VAT", "0.19").lineDiscount("Staff", "1.00")
        .discountCode("TEN", "10").shipping("Courier", "4.90", "VAT", "0.19")
        .cardPayment("Visa", "•••• 4242", null));
    sim.seedRefund(order, 0, 1, true, "note");
    String loc = ShopifySimulator.DEFAULT_LOCATION;
    String item = v.inventoryItemId();
    variables = new LinkedHashMap<>();
    variables.put("Orders", Map.of("first", 5, "lineItemsFirst", 10, "sortKey", "UPDATED_AT"));
    variables.put("OrderDetails", Map.of("id", order));
    variables.put("Order", Map.of("id", order, "lineItemsFirst", 10));
    variables.put("OrderLineItems", Map.of("id", order, "first", 50));
    variables.put("OrderRefunds", Map.of("first", 3));
    variables.put("OrderRefundTimes", Map.of("first", 10));
    variables.put("OrderAllRefunds", Map.of("id", order));
    variables.put("InventoryItems", Map.of("first", 25, "levelsFirst", 10));
    variables.put("InventoryItemLevels", Map.of("id", item, "first", 100));
    Map<String, Object> adjustRow = new LinkedHashMap<>();
    adjustRow.put("inventoryItemId", item);
    adjustRow.put("locationId", loc);
    adjustRow.put("delta", 1);
    adjustRow.put("changeFromQuantity", null);
    variables.put("InventoryAdjustQuantities", Map.of("idempotencyKey", "k1", "input", Map.of(
        "name", "available", "reason", "correction", "referenceDocumentUri", "gid://posbridge/T/1",
        "changes", List.of(adjustRow))));
    Map<String, Object> setRow = new LinkedHashMap<>();
    setRow.put("inventoryItemId", item);
    setRow.put("locationId", loc);
    setRow.put("quantity", 5);
    setRow.put("changeFromQuantity", null);
    variables.put("InventorySetQuantities", Map.of("idempotencyKey", "k2", "input", Map.of(
        "name", "available", "reason", "correction", "referenceDocumentUri", "gid://posbridge/T/2",
        "quantities", List.of(setRow))));
    variables.put("Customers", Map.of("first", 10, "query", "email:\"jane@example.com\""));
    variables.put("Customer", Map.of("id", customer));
    variables.put("CustomerCreate", Map.of("input", Map.of("firstName", "Ada", "email", "ada@example.com",
        "addresses", List.of(Map.of("city", "London", "countryCode", "GB")))));
    variables.put("CustomerUpdate", Map.of("input", Map.of("id", customer, "note", "VIP")));
    variables.put("ProductVariants", Map.of("first", 10));
    variables.put("Locations", Map.of("first", 10));
    String bulkQuery = Queries.bulkOrders("updated_at:>='2020-01-01T00:00:00Z'", "UPDATED_AT");
    variables.put("BulkOperationRunQuery", Map.of("query", bulkQuery));
    String completed = post("BulkOperationRunQuery", Queries.BULK_OPERATION_RUN_QUERY, Map.of("query", bulkQuery))
        .path("data").path("bulkOperationRunQuery").path("bulkOperation").path("id").asText();
    post("BulkOperation", Queries.BULK_OPERATION, Map.of("id", completed));
    variables.put("BulkOperation", Map.of("id", completed));
    String running = post("BulkOperationRunQuery", Queries.BULK_OPERATION_RUN_QUERY, Map.of("query", bulkQuery))
        .path("data").path("bulkOperationRunQuery").path("bulkOperation").path("id").asText();
    variables.put("BulkOperationCancel", Map.of("id", running));
  }

  private static JsonNode post(String name, String document, Map<String, Object> vars) throws Exception {
    String body = JSON.writeValueAsString(Map.of("query", document, "variables", vars));
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(sim.baseUrl() + "/admin/api/2026-10/graphql.json"))
        .header("X-Shopify-Access-Token", ShopifySimulator.DEFAULT_ACCESS_TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(response.body());
    assertThat(json.has("errors")).as(name + ": " + response.body()).isFalse();
    return json;
  }

  @AfterAll
  static void stop() {
    sim.assertNoInternalErrors();
    sim.close();
  }

  @Test
  void everyDocumentIsCovered() {
    assertThat(variables.keySet()).containsExactlyInAnyOrderElementsOf(Queries.all().keySet());
  }

  @Test
  void theSimulatorAnswersEveryDocumentWithEverySelectedField() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (Map.Entry<String, String> e : Queries.all().entrySet()) {
      String body = JSON.writeValueAsString(Map.of("query", e.getValue(),
          "variables", variables.get(e.getKey())));
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create(sim.baseUrl() + "/admin/api/2026-10/graphql.json"))
          .header("X-Shopify-Access-Token", ShopifySimulator.DEFAULT_ACCESS_TOKEN)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = JSON.readTree(response.body());
      assertThat(json.has("errors")).as(e.getKey() + ": " + response.body()).isFalse();
      assertThat(json.path("extensions").path("cost").path("throttleStatus").has("restoreRate"))
          .as(e.getKey()).isTrue();
      Document doc = Parser.parse(e.getValue());
      OperationDefinition op = (OperationDefinition) doc.getDefinitions().get(0);
      List<String> missing = new ArrayList<>();
      walk(op.getSelectionSet(), json.path("data"), e.getKey(), missing);
      assertThat(missing).as(e.getKey()).isEmpty();
      JsonNode userErrors = json.path("data").findValue("userErrors");
      if (userErrors != null) {
        assertThat(userErrors).as(e.getKey() + " userErrors").isEmpty();
      }
    }
  }

  private static void walk(SelectionSet set, JsonNode value, String path, List<String> missing) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    if (value.isArray()) {
      for (JsonNode element : value) {
        walk(set, element, path + "[]", missing);
      }
      return;
    }
    for (Selection<?> s : set.getSelections()) {
      if (s instanceof Field f) {
        String key = f.getAlias() != null ? f.getAlias() : f.getName();
        if (!value.has(key)) {
          missing.add(path + "." + key);
        } else if (f.getSelectionSet() != null) {
          walk(f.getSelectionSet(), value.get(key), path + "." + key, missing);
        }
      } else if (s instanceof InlineFragment fragment) {
        String type = fragment.getTypeCondition() == null ? null : fragment.getTypeCondition().getName();
        String actual = value.path("__typename").asText(null);
        boolean applies = actual != null ? actual.equals(type)
            : fragment.getSelectionSet().getSelections().stream()
                .anyMatch(x -> x instanceof Field f && value.has(f.getName()));
        if (applies) {
          walk(fragment.getSelectionSet(), value, path + "(" + type + ")", missing);
        }
      }
    }
  }
}
