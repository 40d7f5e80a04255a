package dev.posbridge.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.ValidationException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.testing.square.SquareSimulator;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a summary webhook names is read by ref; refs of the wrong type are refused early. */
class SquareSaleLookupTest {

  private SquareSimulator sim;
  private SquareConnector square;
  private String location;
  private String variation;

  @BeforeEach
  void start() {
    sim = SquareSimulator.start();
    square = SquareConnector.builder().credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN)).baseUrl(sim.baseUrl()).build();
    location = sim.seedLocation("Main", "USD");
    variation = sim.seedItem("LATTE-12", 450);
  }

  @AfterEach
  void stop() {
    square.close();
    sim.close();
  }

  private String order(String state) {
    return sim.seedOrder("""
        {"location_id":"%s","state":"%s","line_items":[{"catalog_object_id":"%s","quantity":"1"}]}
        """.formatted(location, state, variation));
  }

  @Test
  void anOrderIsReadAsASaleInItsLifecycleState() {
    String completed = order("COMPLETED");
    String open = order("OPEN");

    assertThat(square.findSale(ExternalRef.of("square", "order", completed))).hasValueSatisfying(s -> {
      assertThat(s.ref().id()).isEqualTo(completed);
      assertThat(s.state()).isEqualTo(dev.posbridge.core.model.SaleState.COMPLETED);
      assertThat(s.lines()).singleElement().satisfies(l -> assertThat(l.sku()).isEqualTo("LATTE-12"));
    });
    assertThat(square.findSale(ExternalRef.of("square", "order", open)))
        .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(dev.posbridge.core.model.SaleState.OPEN));
    assertThat(square.findSale(ExternalRef.of("square", "order", "NO-SUCH-ORDER"))).isEmpty();
    assertThatThrownBy(() -> square.findSale(ExternalRef.of("shopify", "order", completed)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anItemRefWhereAVariationIsNeededIsRefusedBeforeAnyHttpCall() {
    int before = sim.journal().count();
    StockChange change = new StockChange("LATTE-12", ExternalRef.of("square", "item", "ITEM-1"),
        ExternalRef.of("square", "location", location), StockChangeKind.ADJUST, BigDecimal.ONE,
        StockChangeReason.CORRECTION, null, Instant.now(), "r", null);

    assertThatThrownBy(() -> square.applyStockChanges(List.of(change), RequestOptions.idempotencyKey("k")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("item").hasMessageContaining("item_variation");
    assertThat(sim.journal().count()).isEqualTo(before);
  }
}
