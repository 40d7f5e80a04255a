package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.ResponseTooLargeException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.testing.HostileJson;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.SimFault;
import dev.posbridge.testing.SimRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile Item query answers for stock levels and the catalog: a valid answer recorded from the
 * simulator, then one field at a time made malformed. Each variant fails with an
 * {@link InvalidResponseException} naming the field; absurd quantities never reach a stock level.
 */
class QuickBooksHostilePayloadTest extends QboFixture {

  private static final String QUERY = "/v3/company/{realmId}/query";

  static Stream<Arguments> variants() {
    String item = "QueryResponse.Item[0].";
    List<Arguments> v = new ArrayList<>();
    for (String reader : List.of("stock", "items")) {
      v.add(Arguments.of(reader, "QueryResponse.Item[0]", "null", "Item"));
      v.add(Arguments.of(reader, "QueryResponse.Item[0]", "\"Mug\"", "Item"));
      v.add(Arguments.of(reader, "QueryResponse.Item", "{}", "Item"));
      v.add(Arguments.of(reader, item + "Id", HostileJson.REMOVE, "Id"));
      v.add(Arguments.of(reader, item + "Id", "{\"value\":1}", "Id"));
      v.add(Arguments.of(reader, item + "Sku", "[\"MUG-01\"]", "Sku"));
      v.add(Arguments.of(reader, item + "Sku", "\"4111 1111 1111 1111\"", "sku"));
    }
    v.add(Arguments.of("stock", item + "QtyOnHand", "1e999999999", "QtyOnHand"));
    v.add(Arguments.of("stock", item + "QtyOnHand", "-1e999999999", "QtyOnHand"));
    v.add(Arguments.of("stock", item + "QtyOnHand", "1e15", "QtyOnHand"));
    v.add(Arguments.of("stock", item + "QtyOnHand", "1e-999999999", "QtyOnHand"));
    v.add(Arguments.of("stock", item + "QtyOnHand", "\"lots\"", "QtyOnHand"));
    v.add(Arguments.of("stock", item + "QtyOnHand", "{}", "QtyOnHand"));
    v.add(Arguments.of("stock", item + "MetaData.LastUpdatedTime", "\"yesterday\"", "LastUpdatedTime"));
    v.add(Arguments.of("items", item + "UnitPrice", "1e999999999", "UnitPrice"));
    v.add(Arguments.of("items", item + "UnitPrice", "-1e999999999", "UnitPrice"));
    v.add(Arguments.of("items", item + "UnitPrice", "\"cheap\"", "UnitPrice"));
    v.add(Arguments.of("items", item + "TrackQtyOnHand", "{}", "TrackQtyOnHand"));
    return v.stream();
  }

  @ParameterizedTest(name = "{0}: {1} = {2}")
  @MethodSource("variants")
  void aMalformedItemFailsTypedAndNamesTheField(String reader, String path, String value, String field)
      throws Exception {
    String valid = recordValidAnswer(reader);
    String hostile = HostileJson.mutate(valid, path, value);
    sim.faults().inject(SimFault.status(200).body(HostileJson.raw(hostile)).on("GET", QUERY));
    sim.faults().inject(SimFault.status(200).body(HostileJson.raw(hostile)).on("POST", QUERY));

    Throwable thrown = catchThrowable(() -> read(reader));

    assertThat(thrown).isInstanceOf(InvalidResponseException.class);
    // A number past the parse limits (e.g. 1e999999999) is refused by the JSON reader before any
    // field is mapped: the message names the limit instead of the field.
    assertThat(thrown.getMessage()).containsIgnoringCase(
            thrown instanceof ResponseTooLargeException ? "parse limit" : field).hasSizeLessThan(700)
        .doesNotContain("4111 1111 1111 1111");
  }

  @Test
  void aUnitPriceFinerThanTheCurrencyStillLeavesThePriceEmptyAndTheItemReadable() throws Exception {
    String valid = recordValidAnswer("items");
    sim.faults().inject(SimFault.status(200).body(HostileJson.raw(
        HostileJson.mutate(valid, "QueryResponse.Item[0].UnitPrice", "0.0375"))).on("GET", QUERY));
    sim.faults().inject(SimFault.status(200).body(HostileJson.raw(
        HostileJson.mutate(valid, "QueryResponse.Item[0].UnitPrice", "0.0375"))).on("POST", QUERY));

    List<?> items = read("items");

    assertThat(items).isNotEmpty();
    assertThat(((CatalogItem) items.get(0)).price()).isNull();
  }

  @Test
  void aCardNumberTypedIntoASaleNeverReachesQuickBooks() {
    Sale base = mugSale("pan");
    SaleLine line = base.lines().get(0);
    Sale sale = base.toBuilder()
        .note("4111111111111111 exp 12/28 cvv 123")
        .lines(List.of(new SaleLine(line.lineId(), line.sku(), "Mug for card 4111-1111-1111-1111",
            line.quantity(), line.unitPrice().toMoney(), line.gross(), line.discounts(), line.taxes(), line.total(),
            line.item())))
        .build();

    qbo.recordSale(sale, RequestOptions.idempotencyKey("sale-pan"));

    String sent = posts("salesreceipt").get(0).request().bodyString();
    assertThat(sent).contains("411111******1111 exp 12/28 cvv 123").contains("4111-11**-****-1111")
        .doesNotContain("4111111111111111").doesNotContain("4111-1111-1111-1111");
    assertThat(sale.toString()).doesNotContain("4111111111111111");
  }

  private List<?> read(String reader) {
    if (reader.equals("stock")) {
      List<StockLevel> out = new ArrayList<>();
      qbo.stockLevels(StockQuery.all()).forEach(out::add);
      return out;
    }
    List<CatalogItem> out = new ArrayList<>();
    qbo.catalogItems().forEach(out::add);
    return out;
  }

  private String recordValidAnswer(String reader) throws Exception {
    assertThat(read(reader)).isNotEmpty();
    List<JournalEntry> all = sim.journal().entries();
    SimRequest last = null;
    for (JournalEntry e : all) {
      if (e.request().path().endsWith("/query")) {
        last = e.request();
      }
    }
    assertThat(last).isNotNull();
    String url = sim.baseUrl() + last.path() + (last.rawQuery().isEmpty() ? "" : "?" + last.rawQuery());
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", last.header("Authorization").orElseThrow())
        .header("Accept", "application/json");
    if (last.method().equals("POST")) {
      b.header("Content-Type", last.header("Content-Type").orElse("application/text"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(last.body()));
    } else {
      b.GET();
    }
    String body = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(body).contains("\"Item\"");
    return body;
  }
}
