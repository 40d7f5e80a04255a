package dev.posbridge.netsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.ResponseTooLargeException;
import dev.posbridge.core.connect.StockQuery;
import dev.posbridge.core.model.StockLevel;
import dev.posbridge.testing.HostileJson;
import dev.posbridge.testing.SimFault;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile SuiteQL answers for stock levels and the catalog, one field at a time. Each variant
 * fails with an {@link InvalidResponseException} naming the column; absurd quantities never
 * reach a stock level or an adjustment.
 */
class NetSuiteHostilePayloadTest extends SimFixture {

  private static final String SUITEQL = "/services/rest/query/v1/suiteql";

  private static final String STOCK = """
      {"links":[],"count":1,"hasMore":false,"offset":0,"totalResults":1,"items":[
        {"links":[],"item":"ITEM","location":"LOC","quantityonhand":"8","quantityavailable":"7",
         "quantitycommitted":"1"}]}""";

  private static final String ITEMS = """
      {"links":[],"count":1,"hasMore":false,"offset":0,"totalResults":1,"items":[
        {"links":[],"id":"ITEM","itemid":"MUG-01","displayname":"Mug","upccode":"012345678905",
         "itemtype":"InvtPart"}]}""";

  static Stream<Arguments> variants() {
    List<Arguments> v = new ArrayList<>();
    for (String reader : List.of("stock", "items")) {
      v.add(Arguments.of(reader, "items[0]", "null", "items[0]"));
      v.add(Arguments.of(reader, "items[0]", "42", "items[0]"));
      v.add(Arguments.of(reader, "items", "\"rows\"", "items"));
    }
    String row = "items[0].";
    v.add(Arguments.of("stock", row + "quantityonhand", "\"1e999999999\"", "quantityonhand"));
    v.add(Arguments.of("stock", row + "quantityonhand", "1e999999999", "quantityonhand"));
    v.add(Arguments.of("stock", row + "quantityonhand", "\"-1e999999999\"", "quantityonhand"));
    v.add(Arguments.of("stock", row + "quantityonhand", "\"1e15\"", "quantityonhand"));
    v.add(Arguments.of("stock", row + "quantityonhand", "\"1e-999999999\"", "quantityonhand"));
    v.add(Arguments.of("stock", row + "quantityonhand", "\"lots\"", "quantityonhand"));
    v.add(Arguments.of("stock", row + "quantityonhand", "{}", "quantityonhand"));
    v.add(Arguments.of("stock", row + "quantityavailable", "[8]", "quantityavailable"));
    v.add(Arguments.of("stock", row + "quantitycommitted", "\"1e999999999\"", "quantitycommitted"));
    v.add(Arguments.of("stock", row + "item", HostileJson.REMOVE, "item"));
    v.add(Arguments.of("stock", row + "location", HostileJson.REMOVE, "location"));
    v.add(Arguments.of("items", row + "id", HostileJson.REMOVE, "id"));
    v.add(Arguments.of("items", row + "itemid", "{\"sku\":1}", "itemid"));
    v.add(Arguments.of("items", row + "upccode", "\"4111 1111 1111 1111\"", "barcode"));
    v.add(Arguments.of("items", row + "itemid", "\"4111-1111-1111-1111\"", "sku"));
    return v.stream();
  }

  @ParameterizedTest(name = "{0}: {1} = {2}")
  @MethodSource("variants")
  void aMalformedRowFailsTypedAndNamesTheColumn(String reader, String path, String value, String field) {
    String valid = (reader.equals("stock") ? STOCK : ITEMS).replace("ITEM", mug).replace("LOC", store);
    sim.faults().inject(SimFault.status(200)
        .body(HostileJson.raw(HostileJson.mutate(valid, path, value))).on("POST", SUITEQL));

    Throwable thrown = catchThrowable(() -> read(reader));

    assertThat(thrown).isInstanceOf(InvalidResponseException.class);
    // A number past the parse limits (e.g. 1e999999999) is refused by the JSON reader before any
    // field is mapped: the message names the limit instead of the field.
    assertThat(thrown.getMessage()).contains(thrown instanceof ResponseTooLargeException ? "parse limit" : field).hasSizeLessThan(700)
        .doesNotContain("4111 1111 1111 1111").doesNotContain("4111-1111-1111-1111");
  }

  @Test
  void theValidRowsRead() {
    sim.faults().inject(SimFault.status(200)
        .body(HostileJson.raw(STOCK.replace("ITEM", mug).replace("LOC", store))).on("POST", SUITEQL));

    List<?> levels = read("stock");

    assertThat(levels).hasSize(1);
    assertThat(((StockLevel) levels.get(0)).onHand()).isEqualByComparingTo("8");
  }

  private List<?> read(String reader) {
    if (reader.equals("stock")) {
      return connector.stockLevels(StockQuery.all()).stream().toList();
    }
    return connector.catalogItems().stream().toList();
  }
}
