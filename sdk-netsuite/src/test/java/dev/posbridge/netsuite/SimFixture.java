package dev.posbridge.netsuite;

import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.netsuite.NetSuiteSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A simulator seeded with two locations, three items and a walk-in customer, and a TBA connector. */
abstract class SimFixture {

  static final Instant T0 = Instant.parse("2026-03-02T13:55:00Z");
  static final Currency USD = Currency.getInstance("USD");
  static final String CONSUMER_KEY = "ck-posbridge";
  static final String CONSUMER_SECRET = "cs-secret";
  static final String TOKEN_ID = "tok-posbridge";
  static final String TOKEN_SECRET = "ts-secret";

  SimClock clock;
  NetSuiteSimulator sim;
  NetSuiteConnector connector;
  String store;
  String warehouse;
  String mug;
  String tee;
  String cap;
  String walkIn;
  String discountItem;

  @BeforeEach
  void startSimulator() {
    clock = SimClock.fixed(T0);
    sim = NetSuiteSimulator.start(SimulatorConfig.builder().clock(clock).build())
        .tbaToken(CONSUMER_KEY, CONSUMER_SECRET, TOKEN_ID, TOKEN_SECRET);
    store = sim.seedLocation("Store 9");
    warehouse = sim.seedLocation("Warehouse");
    mug = sim.seedItem("MUG-01", "Mug", "012345678905");
    tee = sim.seedItem("TEE-01", "T-shirt", null);
    cap = sim.seedItem("CAP-01", "Cap", null);
    discountItem = sim.seedItem("DISCOUNT", "Discount", null);
    walkIn = sim.seedCustomer("Walk-in", "Customer", null, null);
    sim.seedStock(mug, store, new BigDecimal("10"));
    sim.seedStock(tee, store, new BigDecimal("5"));
    sim.seedStock(mug, warehouse, new BigDecimal("100"));
    connector = connector(mappingBuilder().build(), b -> { });
  }

  @AfterEach
  void stopSimulator() {
    connector.close();
    sim.assertNoInternalErrors();
    sim.close();
  }

  NetSuiteMapping.Builder mappingBuilder() {
    return NetSuiteMapping.builder()
        .subsidiary("1")
        .defaultCustomer(walkIn)
        .item("MUG-01", mug)
        .location("store-9", store)
        .inventoryAdjustmentAccount("214")
        .discountItem(discountItem)
        .paymentMethod(TenderType.CASH, "1");
  }

  static NetSuiteAuth tba() {
    return NetSuiteAuth.tokenBased(CONSUMER_KEY, CONSUMER_SECRET, TOKEN_ID, TOKEN_SECRET);
  }

  NetSuiteConnector connector(NetSuiteMapping mapping, java.util.function.Consumer<NetSuiteConnector.Builder> tweak) {
    NetSuiteConnector.Builder b = NetSuiteConnector.builder()
        .accountId("1234567_SB1")
        .baseUrl(sim.baseUrl())
        .credentials(tba())
        .mapping(mapping)
        .clock(clock)
        .retry(fastRetries(6));
    tweak.accept(b);
    return b.build();
  }

  static RetrySettings fastRetries(int attempts) {
    return RetrySettings.builder().maxAttempts(attempts).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5)).build();
  }

  static Sale sale(String id, String... skusAndQuantities) {
    Sale.Builder b = Sale.builder()
        .ref(ExternalRef.of("square", "order", id))
        .number("R-" + id)
        .location(ExternalRef.of("square", "location", "store-9"))
        .createdAt(T0)
        .currency(USD);
    for (int i = 0; i < skusAndQuantities.length; i += 2) {
      b.addLine(SaleLine.of(skusAndQuantities[i], skusAndQuantities[i], new BigDecimal(skusAndQuantities[i + 1]),
          Money.of("9.99", "USD")));
    }
    Sale draft = b.deriveTotals().build();
    return draft.toBuilder().tenders(List.of(Tender.of(TenderType.CASH, draft.totals().total()))).deriveTotals()
        .build();
  }

  List<JournalEntry> requests(String method, String template) {
    return sim.journal().requests(method, template);
  }
}
