package dev.posbridge.quickbooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.auth.OAuthToken;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.TaxLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.JsonView;
import dev.posbridge.testing.SimClock;
import dev.posbridge.testing.SimulatorConfig;
import dev.posbridge.testing.quickbooks.QuickBooksSimulator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts a simulator with one realm, seeds it, and builds connectors against it. */
abstract class QboFixture {

  static final String REALM = "9341453050423871";
  static final Currency USD = Currency.getInstance("USD");
  static final Instant START = Instant.parse("2026-03-02T14:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  QuickBooksSimulator sim;
  SimClock clock;
  Path tokenFile;
  QuickBooksConnector qbo;
  IdMap idMap;
  String mugId;
  String teaId;
  String tipId;
  String undeposited;
  String checking;
  String cash;
  String visa;
  String taxCode;
  String discounts;

  @BeforeEach
  void startSimulator() {
    clock = SimClock.fixed(START);
    sim = QuickBooksSimulator.start(SimulatorConfig.builder().clock(clock).build());
    sim.seedRealm(REALM);
    mugId = sim.seedItem(REALM, "Mug", "MUG-01", new BigDecimal("100"), new BigDecimal("9.99"));
    teaId = sim.seedItem(REALM, "Tea", "TEA-01", new BigDecimal("1000"), new BigDecimal("0.0375"));
    tipId = sim.seedServiceItem(REALM, "Tips", null);
    undeposited = sim.idOf(REALM, "Account", "Undeposited Funds");
    checking = sim.idOf(REALM, "Account", "Checking");
    cash = sim.idOf(REALM, "PaymentMethod", "Cash");
    visa = sim.idOf(REALM, "PaymentMethod", "Visa");
    taxCode = sim.idOf(REALM, "TaxCode", "California");
    discounts = sim.idOf(REALM, "Account", "Discounts given");
    tokenFile = tmp.resolve("qbo-token.json");
    QuickBooksSimulator.Tokens t = sim.issueTokens();
    TokenStore.file(tokenFile).save(new OAuthToken(t.accessToken(), t.refreshToken(),
        START.plus(Duration.ofHours(1)), null, "com.intuit.quickbooks.accounting"));
    idMap = IdMap.inMemory();
    qbo = connector().build();
  }

  @AfterEach
  void stopSimulator() {
    if (qbo != null) {
      qbo.close();
    }
    sim.assertNoInternalErrors();
    sim.close();
  }

  QuickBooksMapping mapping() {
    return QuickBooksMapping.builder()
        .defaultDepositAccount(undeposited)
        .depositAccount(TenderType.CARD, checking)
        .paymentMethod(TenderType.CASH, cash)
        .paymentMethod(TenderType.CARD, visa)
        .txnTaxCode(taxCode)
        .discountAccount(discounts)
        .chargeItem(tipId)
        .timeZone(ZoneId.of("America/Chicago"))
        .build();
  }

  QuickBooksConnector.Builder connector() {
    return QuickBooksConnector.builder()
        .realmId(REALM)
        .credentials(QuickBooksAuth.oauth2(QuickBooksSimulator.DEFAULT_CLIENT_ID,
            QuickBooksSimulator.DEFAULT_CLIENT_SECRET, TokenStore.file(tokenFile)))
        .baseUrl(sim.baseUrl())
        .tokenEndpoint(sim.tokenEndpoint())
        .clock(clock)
        .sleeper(d -> clock.advance(d))
        .retry(RetrySettings.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(5)).maxRetryAfter(Duration.ofMinutes(2))
            .maxElapsed(Duration.ofMinutes(10)).build())
        .mapping(mapping())
        .idMap(idMap);
  }

  /** A cash sale of two mugs, 8.25% tax. */
  static Sale mugSale(String id) {
    Money price = Money.of("9.99", "USD");
    SaleLine line = new SaleLine("l1", "MUG-01", "Mug", new BigDecimal("2"), price,
        Money.of("19.98", "USD"), List.of(), List.of(TaxLine.additive("Sales tax", new BigDecimal("8.25"),
            Money.of("1.65", "USD"))), Money.of("21.63", "USD"), null);
    return Sale.builder()
        .ref(ExternalRef.of("square", "order", id))
        .number("POS-" + id)
        .location(ExternalRef.of("square", "location", "L1"))
        .createdAt(START)
        .currency(USD)
        .addLine(line)
        .addTender(Tender.of(TenderType.CASH, Money.of("21.63", "USD")))
        .deriveTotals()
        .build();
  }

  List<JournalEntry> posts(String pathEnd) {
    return sim.journal().matching(e -> e.request().method().equals("POST")
        && e.request().path().equals("/v3/company/" + REALM + "/" + pathEnd));
  }

  static JsonView body(JournalEntry e) {
    return e.request().json();
  }
}
