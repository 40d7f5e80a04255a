package dev.posbridge.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.model.ExternalRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IdMapTest {

  @TempDir static Path dir;
  private static final List<Connection> CONNECTIONS = new ArrayList<>();
  private static int databases;

  private final ExternalRef squareVariation = ExternalRef.of("square", "item_variation", "W62");
  private final ExternalRef shopifyItem =
      ExternalRef.of("shopify", "inventory_item", "gid://shopify/InventoryItem/1");

  static Connection sqlite(Path file) {
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
      CONNECTIONS.add(c);
      return c;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Supplier<IdMap>> implementations() {
    return Stream.of(IdMap::inMemory, () -> IdMap.jdbc(sqlite(dir.resolve("ids-" + (databases++) + ".db"))));
  }

  @AfterEach
  void close() throws SQLException {
    for (Connection c : CONNECTIONS) {
      c.close();
    }
    CONNECTIONS.clear();
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void mapsBothWaysIgnoringVersions(Supplier<IdMap> factory) {
    IdMap map = factory.get();
    map.put(IdMap.Kind.SKU, "LATTE-12", squareVariation.withVersion("7"));
    map.put(IdMap.Kind.SKU, "LATTE-12", shopifyItem);

    assertThat(map.find(IdMap.Kind.SKU, "LATTE-12", "shopify")).contains(shopifyItem);
    assertThat(map.find(IdMap.Kind.SKU, "LATTE-12", "square", "item_variation"))
        .contains(squareVariation.withVersion("7"));
    assertThat(map.canonicalId(IdMap.Kind.SKU, squareVariation)).contains("LATTE-12");
    assertThat(map.refs(IdMap.Kind.SKU, "LATTE-12")).hasSize(2);
    assertThat(map.canonicalId(IdMap.Kind.CUSTOMER, squareVariation)).isEmpty();
    assertThat(map.find(IdMap.Kind.SKU, "UNKNOWN", "square")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void remappingASkuReplacesTheOldRefOfTheSameSystemAndType(Supplier<IdMap> factory) {
    IdMap map = factory.get();
    map.put(IdMap.Kind.SKU, "LATTE-12", squareVariation);
    ExternalRef replacement = ExternalRef.of("square", "item_variation", "NEW");
    map.put(IdMap.Kind.SKU, "LATTE-12", replacement);

    assertThat(map.find(IdMap.Kind.SKU, "LATTE-12", "square")).contains(replacement);
    assertThat(map.canonicalId(IdMap.Kind.SKU, squareVariation)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void oneVendorIdCannotNameTwoSkus(Supplier<IdMap> factory) {
    IdMap map = factory.get();
    map.put(IdMap.Kind.SKU, "LATTE-12", squareVariation);

    assertThatThrownBy(() -> map.put(IdMap.Kind.SKU, "MOCHA-12", squareVariation))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LATTE-12");
    assertThat(map.canonicalId(IdMap.Kind.SKU, squareVariation)).contains("LATTE-12");
  }

  @Test
  void jdbcMapSurvivesReopening() throws SQLException {
    Path file = dir.resolve("persistent.db");
    IdMap first = IdMap.jdbc(sqlite(file));
    first.put(IdMap.Kind.LOCATION, "store-1", ExternalRef.of("square", "location", "L88917AVBK2S5"));
    close();

    IdMap reopened = IdMap.jdbc(sqlite(file));

    assertThat(reopened.find(IdMap.Kind.LOCATION, "store-1", "square"))
        .contains(ExternalRef.of("square", "location", "L88917AVBK2S5"));
  }
}
