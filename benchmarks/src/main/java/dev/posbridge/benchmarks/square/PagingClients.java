package dev.posbridge.benchmarks.square;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.squareup.square.SquareClient;
import com.squareup.square.types.OrderState;
import com.squareup.square.types.SearchOrdersDateTimeFilter;
import com.squareup.square.types.SearchOrdersFilter;
import com.squareup.square.types.SearchOrdersQuery;
import com.squareup.square.types.SearchOrdersRequest;
import com.squareup.square.types.SearchOrdersResponse;
import com.squareup.square.types.SearchOrdersSort;
import com.squareup.square.types.SearchOrdersSortField;
import com.squareup.square.types.SearchOrdersStateFilter;
import com.squareup.square.types.SortOrder;
import com.squareup.square.types.TimeRange;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.spi.NoDelaySocketFactory;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The three clients that page SearchOrders: posbridge's {@link SquareConnector}, the official SDK's
 * {@code SquareClient} and a raw OkHttp + Jackson loop. All send the same request bodies (updated_at
 * window, COMPLETED, sorted by UPDATED_AT ascending, 100 per page, one location), the same
 * Authorization and Square-Version headers, and use sockets with TCP_NODELAY.
 */
public final class PagingClients {

  /** The bearer token every client sends. */
  public static final String TOKEN = "bench-token";
  /** The Square-Version every client sends. */
  public static final String VERSION = "2026-08-19";
  /** Orders per page. */
  public static final int PAGE = 100;

  private PagingClients() {}

  /** A client paging through all orders. */
  public interface Client extends AutoCloseable {
    /** @return the client's name */
    String name();

    /**
     * Pages through every order.
     *
     * @param digest receives each page's digest lines, or null to skip digesting
     * @return the sum of the orders' totals, in minor units (so the work cannot be skipped)
     */
    long pageAll(@org.jspecify.annotations.Nullable Consumer<List<String>> digest);

    @Override
    void close();
  }

  /**
   * An OkHttp client with TCP_NODELAY on every socket.
   *
   * @return the client
   */
  public static OkHttpClient noDelayOkHttp() {
    return new OkHttpClient.Builder().socketFactory(NoDelaySocketFactory.wrap(SocketFactory.getDefault())).build();
  }

  /**
   * Creates a client by name.
   *
   * @param name posbridge, sdk or raw
   * @param baseUrl the stub
   * @return the client
   */
  public static Client create(String name, String baseUrl) {
    return create(name, baseUrl, null);
  }

  /**
   * Creates a client by name on a given OkHttp client, e.g. one whose interceptor serves the page
   * in process (so the three clients differ only in their own work).
   *
   * @param name posbridge, sdk or raw
   * @param baseUrl the base URL
   * @param ok the OkHttp client, or null for the default (TCP_NODELAY) one
   * @return the client
   */
  public static Client create(String name, String baseUrl, @org.jspecify.annotations.Nullable OkHttpClient ok) {
    return switch (name) {
      case "posbridge" -> posbridge(baseUrl, ok);
      case "sdk" -> sdk(baseUrl, ok);
      case "raw" -> raw(baseUrl, ok);
      default -> throw new IllegalArgumentException(name);
    };
  }

  /**
   * posbridge (its transport sets TCP_NODELAY itself).
   *
   * @param baseUrl the stub
   * @return the client
   */
  public static Client posbridge(String baseUrl) {
    return posbridge(baseUrl, null);
  }

  private static Client posbridge(String baseUrl, @org.jspecify.annotations.Nullable OkHttpClient ok) {
    SquareConnector c = SquareConnector.builder().credentials(SquareAuth.accessToken(TOKEN)).baseUrl(baseUrl).apiVersion(VERSION)
        .resolveSkus(false).okHttpClient(ok).build();
    SalesQuery q = SalesQuery.updatedBetween(OrderFixtures.FROM, OrderFixtures.TO)
        .atLocations(List.of(OrderFixtures.LOCATION)).withPageSize(PAGE);
    return new Client() {
      @Override
      public String name() {
        return "posbridge";
      }

      @Override
      public long pageAll(@org.jspecify.annotations.Nullable Consumer<List<String>> digest) {
        long sum = 0;
        for (var page : c.sales(q).pages()) {
          for (Sale s : page.items()) {
            sum += s.totals().total().toMinorUnits();
          }
          if (digest != null) {
            digest.accept(Decoders.digestSales(page.items()));
          }
        }
        return sum;
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  /**
   * Stops a client's dispatcher threads and closes its pooled connections.
   *
   * @param ok the client
   */
  static void release(OkHttpClient ok) {
    ok.dispatcher().executorService().shutdown();
    ok.connectionPool().evictAll();
  }

  /**
   * The official SDK, on an OkHttp client with TCP_NODELAY.
   *
   * @param baseUrl the stub
   * @return the client
   */
  public static Client sdk(String baseUrl) {
    return sdk(baseUrl, null);
  }

  private static Client sdk(String baseUrl, @org.jspecify.annotations.Nullable OkHttpClient given) {
    OkHttpClient ok = given != null ? given : noDelayOkHttp();
    SquareClient sq = SquareClient.builder().token(TOKEN).version(VERSION).url(baseUrl).httpClient(ok).build();
    SearchOrdersQuery query = SearchOrdersQuery.builder()
        .filter(SearchOrdersFilter.builder()
            .stateFilter(SearchOrdersStateFilter.builder().states(List.of(OrderState.COMPLETED)).build())
            .dateTimeFilter(SearchOrdersDateTimeFilter.builder()
                .updatedAt(TimeRange.builder().startAt(OrderFixtures.FROM.toString())
                    .endAt(OrderFixtures.TO.toString()).build())
                .build())
            .build())
        .sort(SearchOrdersSort.builder().sortField(SearchOrdersSortField.UPDATED_AT).sortOrder(SortOrder.ASC).build())
        .build();
    return cursorClient("official SDK", cursor -> {
      SearchOrdersRequest.Builder b = SearchOrdersRequest.builder()
          .locationIds(List.of(OrderFixtures.LOCATION)).query(query).limit(PAGE);
      if (cursor != null) {
        b.cursor(cursor);
      }
      SearchOrdersResponse r = sq.orders().search(b.build());
      long sum = 0;
      for (var o : r.getOrders().orElse(List.of())) {
        sum += o.getTotalMoney().flatMap(com.squareup.square.types.Money::getAmount).orElse(0L);
      }
      return new Fetched(sum, () -> Decoders.digestSdk(r), r.getCursor().orElse(null));
    }, () -> release(ok));
  }

  /**
   * Raw OkHttp + Jackson: the request body as a tree, the response streamed into plain records.
   *
   * @param baseUrl the stub
   * @return the client
   */
  public static Client raw(String baseUrl) {
    return raw(baseUrl, null);
  }

  private static Client raw(String baseUrl, @org.jspecify.annotations.Nullable OkHttpClient given) {
    OkHttpClient ok = given != null ? given : noDelayOkHttp();
    ObjectMapper mapper = PlainOrders.mapper();
    MediaType json = MediaType.get("application/json; charset=utf-8");
    return cursorClient("raw OkHttp + Jackson", cursor -> {
      ObjectNode body = mapper.createObjectNode();
      body.putArray("location_ids").add(OrderFixtures.LOCATION);
      if (cursor != null) {
        body.put("cursor", cursor);
      }
      ObjectNode query = body.putObject("query");
      ObjectNode filter = query.putObject("filter");
      filter.putObject("state_filter").putArray("states").add("COMPLETED");
      filter.putObject("date_time_filter").putObject("updated_at")
          .put("start_at", OrderFixtures.FROM.toString()).put("end_at", OrderFixtures.TO.toString());
      query.putObject("sort").put("sort_field", "UPDATED_AT").put("sort_order", "ASC");
      body.put("limit", PAGE);
      PlainOrders.Page page;
      try {
        Request req = new Request.Builder().url(baseUrl + "/v2/orders/search")
            .header("Authorization", "Bearer " + TOKEN).header("Square-Version", VERSION)
            .post(RequestBody.create(mapper.writeValueAsBytes(body), json)).build();
        try (Response resp = ok.newCall(req).execute()) {
          if (!resp.isSuccessful()) {
            throw new IOException("HTTP " + resp.code());
          }
          page = mapper.readValue(resp.body().byteStream(), PlainOrders.Page.class);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      long sum = 0;
      for (PlainOrders.Order o : page.orders() == null ? List.<PlainOrders.Order>of() : page.orders()) {
        sum += o.totalMoney() == null ? 0 : o.totalMoney().amount();
      }
      PlainOrders.Page read = page;
      return new Fetched(sum, () -> Decoders.digestPlain(read), page.cursor());
    }, () -> release(ok));
  }

  /** One page a cursor-paged client read: its orders' total, its digest (made on demand) and the next cursor. */
  private record Fetched(long sum, Supplier<List<String>> digest, @org.jspecify.annotations.Nullable String next) {}

  /** A client that reads pages by cursor until the server returns none. */
  private static Client cursorClient(String name,
      Function<@org.jspecify.annotations.Nullable String, Fetched> fetch, Runnable close) {
    return new Client() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long pageAll(@org.jspecify.annotations.Nullable Consumer<List<String>> digest) {
        long sum = 0;
        String cursor = null;
        do {
          Fetched page = fetch.apply(cursor);
          sum += page.sum();
          if (digest != null) {
            digest.accept(page.digest().get());
          }
          cursor = page.next();
        } while (cursor != null);
        return sum;
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }

  /**
   * Collects a client's digest of every order.
   *
   * @param c the client
   * @return the digest lines
   */
  public static List<String> digestAll(Client c) {
    List<String> all = new ArrayList<>();
    c.pageAll(all::addAll);
    return all;
  }
}
