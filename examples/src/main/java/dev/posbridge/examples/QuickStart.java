package dev.posbridge.examples;

import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.model.Sale;
import dev.posbridge.quickbooks.QuickBooksAuth;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.quickbooks.QuickBooksMapping;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Square → QuickBooks Online, point to point: read one day of Square sales and record each as a
 * QuickBooks sales receipt, exactly once.
 *
 * <p>The idempotency key is derived from the Square order id, so running the same day twice (or
 * retrying after a crash) books nothing twice: QuickBooks replays the first answer for a repeated
 * {@code requestid}. The code between the {@code README-START} and {@code README-END} comments is
 * the README's quick start, compiled with the build so that it cannot rot.
 *
 * <p>Run against real accounts with {@code main}: {@code SQUARE_TOKEN}, {@code QBO_REALM_ID},
 * {@code QBO_ACCESS_TOKEN} and {@code QBO_DEPOSIT_ACCOUNT} from the environment, sandbox URLs.
 */
public final class QuickStart {

  private QuickStart() {}

  /**
   * Books one day of Square sales in QuickBooks.
   *
   * @param squareUrl Square's base URL, e.g. {@code https://connect.squareupsandbox.com}
   * @param squareToken a Square access token
   * @param qboUrl QuickBooks' base URL, e.g. {@code https://sandbox-quickbooks.api.intuit.com}
   * @param realmId the QuickBooks company id
   * @param qboToken a QuickBooks OAuth access token
   * @param depositAccount the QuickBooks account id sales are deposited to (e.g. Undeposited Funds)
   * @param day the day, in {@code zone}
   * @param zone the store's time zone
   */
  public static void syncDay(String squareUrl, String squareToken, String qboUrl, String realmId,
      String qboToken, String depositAccount, LocalDate day, ZoneId zone) {
    Instant from = day.atStartOfDay(zone).toInstant();
    Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
    // README-START
    try (SquareConnector square = SquareConnector.builder()
             .credentials(SquareAuth.accessToken(squareToken)).baseUrl(squareUrl).build();
         QuickBooksConnector qbo = QuickBooksConnector.builder().realmId(realmId)
             .credentials(QuickBooksAuth.accessToken(qboToken)).baseUrl(qboUrl)
             .mapping(QuickBooksMapping.builder().defaultDepositAccount(depositAccount).build()).build()) {
      for (Sale sale : square.sales(SalesQuery.updatedBetween(from, to))) {
        qbo.recordSale(sale, RequestOptions.idempotencyKey("square-sale-" + sale.ref().id()));
      }
    }
    // README-END
  }

  /**
   * Books yesterday's Square sales in QuickBooks, with credentials from the environment.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    syncDay("https://connect.squareupsandbox.com", env("SQUARE_TOKEN"),
        "https://sandbox-quickbooks.api.intuit.com", env("QBO_REALM_ID"), env("QBO_ACCESS_TOKEN"),
        env("QBO_DEPOSIT_ACCOUNT"), LocalDate.now(ZoneId.systemDefault()).minusDays(1), ZoneId.systemDefault());
    System.out.println("Booked yesterday's Square sales in QuickBooks.");
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("set the environment variable " + name);
    }
    return value;
  }
}
