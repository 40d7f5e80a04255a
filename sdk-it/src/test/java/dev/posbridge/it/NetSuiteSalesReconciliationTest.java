package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.core.reconcile.SalesCorrectionResult;
import dev.posbridge.core.reconcile.SalesDifference;
import dev.posbridge.core.reconcile.SalesReconciler;
import dev.posbridge.core.reconcile.SalesReconciliationReport;
import dev.posbridge.core.reconcile.SalesReconciliationRow;
import dev.posbridge.core.sync.SyncPipeline;
import dev.posbridge.netsuite.NetSuiteAuth;
import dev.posbridge.netsuite.NetSuiteConnector;
import dev.posbridge.netsuite.NetSuiteMapping;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.netsuite.NetSuiteSimulator;
import dev.posbridge.testing.square.SquareSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same seeded faults as {@link SalesReconciliationAcrossSimulatorsIT}, with NetSuite as the
 * books: sales booked by the NetSuite connector under the engine's keys, faults made in the NetSuite
 * simulator from the outside, the reconciliation reading the cash sales back through NetSuite's
 * REST API.
 */
class NetSuiteSalesReconciliationTest {

  private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<AutoCloseable> open = new ArrayList<>();
  private SquareSimulator squareSim;
  private NetSuiteSimulator nsSim;
  private SquareConnector square;
  private NetSuiteConnector netsuite;
  private String location;
  private String variation;

  @BeforeEach
  void start() {
    SimulatorConfig config = SimulatorConfig.builder().build();
    squareSim = SquareSimulator.start(config);
    open.add(squareSim);
    nsSim = NetSuiteSimulator.start(config);
    open.add(nsSim);
    location = squareSim.seedLocation("Store 1", "USD", "UTC");
    variation = squareSim.seedItem("Latte", "LATTE-12", 450, "USD");
    String nsItem = nsSim.seedItem("LATTE-12", "Latte", null);
    String nsLocation = nsSim.seedLocation("Store 1");
    nsSim.seedStock(nsItem, nsLocation, new BigDecimal("1000"));
    String walkIn = nsSim.seedCustomer("Walk-in", "Customer", null, null);
    RetrySettings retry = RetrySettings.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(50)).build();
    square = SquareConnector.builder().credentials(SquareAuth.accessToken(SquareSimulator.DEFAULT_TOKEN)).baseUrl(squareSim.baseUrl())
        .retry(retry).build();
    open.add(square);
    IdMap idMap = IdMap.inMemory();
    idMap.put(IdMap.Kind.SKU, "LATTE-12", dev.posbridge.core.model.ExternalRef.of("netsuite", "item", nsItem));
    netsuite = NetSuiteConnector.builder().accountId(nsSim.accountId()).baseUrl(nsSim.baseUrl())
        .credentials(NetSuiteAuth.accessToken(nsSim.issueAccessToken()))
        .mapping(NetSuiteMapping.builder().subsidiary("1").defaultCustomer(walkIn)
            .paymentMethod(TenderType.CASH, "1").location(location, nsLocation).currency("CAD", "3")
            .build())
        .idMap(idMap).retry(retry).build();
    open.add(netsuite);
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private String order(int n, int quantity, int hour) {
    return LatteOrders.seed(squareSim, location, variation, DAY, n, quantity, hour);
  }

  private Sale squareSale(String orderId) {
    for (Sale s : square.sales(SalesQuery.closedBetween(DAY.atStartOfDay(ZoneOffset.UTC).toInstant(),
        DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))) {
      if (s.ref().id().equals(orderId)) {
        return s;
      }
    }
    throw new AssertionError("order " + orderId + " not found in Square");
  }

  private void book(String orderId) {
    Sale sale = squareSale(orderId);
    netsuite.recordSale(sale, RequestOptions.idempotencyKey(SyncPipeline.idempotencyKey(sale, netsuite.system())));
  }

  private JsonView cashSaleOf(String orderId) {
    return netsuite.bookedSale(squareSale(orderId).ref()).map(s -> nsSim.record("cashSale",
        s.refIn("netsuite").orElseThrow().id()).orElseThrow()).orElseThrow();
  }

  private SalesReconciliationReport reconcile() {
    return SalesReconciler.builder().source(square).books(netsuite).dates(DAY, DAY, ZoneOffset.UTC).build()
        .reconcile();
  }

  private static Map<String, List<SalesDifference>> byOrder(SalesReconciliationReport report) {
    Map<String, List<SalesDifference>> m = new TreeMap<>();
    for (SalesReconciliationRow r : report.rows()) {
      m.put(r.sourceRef().id(), r.differences());
    }
    return m;
  }

  @Test
  void seededFaultsInNetSuiteAreFoundExactlyAndTheCorrectionBooksTheMissedSaleOnce() throws Exception {
    String fine = order(1, 1, 9);
    String missed = order(2, 2, 10);
    String doubled = order(3, 1, 11);
    String cent = order(4, 3, 12);
    String currency = order(5, 1, 13);
    for (String id : List.of(fine, doubled, cent, currency)) {
      book(id);
    }
    // An import books order 3 a second time (a copy without the external id).
    @SuppressWarnings("unchecked")
    Map<String, Object> copy = JSON.convertValue(cashSaleOf(doubled), Map.class);
    copy.remove("id");
    copy.remove("externalId");
    copy.put("tranId", "IMPORT-3");
    nsSim.seedRecord("cashSale", copy);
    // Someone edits the total of order 4 by a cent, and books order 5 in Canadian dollars.
    JsonView centSale = cashSaleOf(cent);
    nsSim.editRecord("cashSale", centSale.path("id").asText(),
        Map.of("total", centSale.path("total").decimalValue().add(new BigDecimal("0.01"))));
    nsSim.editRecord("cashSale", cashSaleOf(currency).path("id").asText(),
        Map.of("currency", Map.of("id", "3"), "exchangeRate", new BigDecimal("0.73")));

    SalesReconciliationReport report = reconcile();

    assertThat(byOrder(report)).containsExactlyInAnyOrderEntriesOf(Map.of(
        missed, List.of(SalesDifference.MISSING_IN_BOOKS),
        doubled, List.of(SalesDifference.DOUBLED),
        cent, List.of(SalesDifference.AMOUNT_DIFFERENT),
        currency, List.of(SalesDifference.CURRENCY_DIFFERENT)));
    assertThat(report.rows(SalesDifference.AMOUNT_DIFFERENT).findFirst().orElseThrow().amountDifference())
        .isEqualTo(Money.of("0.01", "USD"));

    SalesCorrectionResult first = report.correctionPlan().apply(netsuite);
    SalesCorrectionResult again = report.correctionPlan().apply(netsuite);

    assertThat(first.booked() + first.alreadyBooked()).isEqualTo(1);
    assertThat(first.booked()).isEqualTo(1);
    assertThat(again.booked()).isZero();
    assertThat(nsSim.count("cashSale")).isEqualTo(6);
    SalesReconciliationReport after = reconcile();
    assertThat(after.rows(SalesDifference.MISSING_IN_BOOKS)).isEmpty();
    assertThat(after.correctionPlan().isEmpty()).isTrue();
    assertThat(after.summary().matched()).isEqualTo(2);
  }
}
