package dev.posbridge.benchmarks.square;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.squareup.square.core.ObjectMappers;
import com.squareup.square.types.SearchOrdersResponse;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.Tender;
import dev.posbridge.square.internal.Dto;
import dev.posbridge.square.internal.SalesMapper;
import dev.posbridge.square.internal.SquareJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The three ways of decoding a SearchOrders body that the benchmarks compare, each the way its
 * HTTP path does it, and a digest of the decoded values to check they agree.
 */
public final class Decoders {

  private static final ObjectMapper POSBRIDGE = SquareJson.create();
  private static final ObjectMapper PLAIN = PlainOrders.mapper();

  private Decoders() {}

  /**
   * posbridge: streams the body into its Square DTOs (as {@code HttpTransport} does, from the
   * response's byte stream) and maps each order to a canonical {@link Sale}.
   *
   * @param body the response body
   * @return the sales
   */
  public static List<Sale> posbridge(InputStream body) {
    return posbridgeSales(posbridgeDto(body));
  }

  /**
   * posbridge's DTO decode alone, without the mapping (for profiling).
   *
   * @param body the response body
   * @return the DTOs
   */
  public static Dto.SearchOrdersResponse posbridgeDto(InputStream body) {
    return read(POSBRIDGE, body, Dto.SearchOrdersResponse.class);
  }

  /**
   * Maps a decoded page to sales, as {@code SalesService} does (SKU lookup off).
   *
   * @param r the page
   * @return the sales
   */
  public static List<Sale> posbridgeSales(Dto.SearchOrdersResponse r) {
    List<Dto.SqOrder> orders = r.orders() == null ? List.of() : r.orders();
    List<Sale> out = new ArrayList<>(orders.size());
    for (Dto.SqOrder o : orders) {
      out.add(SalesMapper.sale(o, id -> null, "SearchOrders"));
    }
    return out;
  }

  /**
   * The official SDK: its generated {@code RawOrdersClient.search} reads the body with
   * {@code ResponseBody.string()} and then {@code ObjectMappers.JSON_MAPPER.readValue(String, ...)}.
   *
   * @param body the response body
   * @return the SDK's response model
   */
  public static SearchOrdersResponse sdk(byte[] body) {
    try {
      String text = new String(body, StandardCharsets.UTF_8);
      return ObjectMappers.JSON_MAPPER.readValue(text, SearchOrdersResponse.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Plain records, streamed from the bytes.
   *
   * @param body the response body
   * @return the page
   */
  public static PlainOrders.Page plain(InputStream body) {
    return read(PLAIN, body, PlainOrders.Page.class);
  }

  private static <T> T read(ObjectMapper mapper, InputStream body, Class<T> type) {
    try {
      return mapper.readValue(body, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens bytes as a stream.
   *
   * @param bytes the bytes
   * @return the stream
   */
  public static InputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  // ------------------------------------------------------------------ digests

  /**
   * One line per order: id, total, tax, discount, tip, each line's quantity and total, each
   * tender's amount, in minor units.
   *
   * @param sales posbridge's sales
   * @return the digest
   */
  public static List<String> digestSales(List<Sale> sales) {
    List<String> out = new ArrayList<>();
    for (Sale s : sales) {
      StringBuilder b = new StringBuilder(s.ref().id()).append('|')
          .append(minor(s.totals().total().amount())).append('|')
          .append(minor(s.totals().taxTotal().amount())).append('|')
          .append(minor(s.totals().discountTotal().amount())).append('|')
          .append(minor(s.totals().tipTotal().amount()));
      for (SaleLine l : s.lines()) {
        b.append("|L").append(l.quantity().stripTrailingZeros().toPlainString()).append('/')
            .append(minor(l.total().amount()));
      }
      for (Tender t : s.tenders()) {
        b.append("|T").append(minor(t.amount().amount()));
      }
      out.add(b.toString());
    }
    return out;
  }

  /**
   * The same digest from the SDK's models.
   *
   * @param r the SDK's response
   * @return the digest
   */
  public static List<String> digestSdk(SearchOrdersResponse r) {
    List<String> out = new ArrayList<>();
    for (com.squareup.square.types.Order o : r.getOrders().orElse(List.of())) {
      StringBuilder b = new StringBuilder(o.getId().orElse("?")).append('|')
          .append(sdkMoney(o.getTotalMoney())).append('|')
          .append(sdkMoney(o.getTotalTaxMoney())).append('|')
          .append(sdkMoney(o.getTotalDiscountMoney())).append('|')
          .append(sdkMoney(o.getTotalTipMoney()));
      for (com.squareup.square.types.OrderLineItem l : o.getLineItems().orElse(List.of())) {
        b.append("|L").append(new BigDecimal(l.getQuantity()).stripTrailingZeros().toPlainString())
            .append('/').append(sdkMoney(l.getTotalMoney()));
      }
      for (com.squareup.square.types.Tender t : o.getTenders().orElse(List.of())) {
        b.append("|T").append(sdkMoney(t.getAmountMoney()));
      }
      out.add(b.toString());
    }
    return out;
  }

  /**
   * The same digest from the plain records.
   *
   * @param p the page
   * @return the digest
   */
  public static List<String> digestPlain(PlainOrders.Page p) {
    List<String> out = new ArrayList<>();
    for (PlainOrders.Order o : p.orders() == null ? List.<PlainOrders.Order>of() : p.orders()) {
      StringBuilder b = new StringBuilder(String.valueOf(o.id())).append('|')
          .append(plainMoney(o.totalMoney())).append('|')
          .append(plainMoney(o.totalTaxMoney())).append('|')
          .append(plainMoney(o.totalDiscountMoney())).append('|')
          .append(plainMoney(o.totalTipMoney()));
      for (PlainOrders.LineItem l : o.lineItems() == null ? List.<PlainOrders.LineItem>of() : o.lineItems()) {
        b.append("|L").append(new BigDecimal(String.valueOf(l.quantity())).stripTrailingZeros().toPlainString())
            .append('/').append(plainMoney(l.totalMoney()));
      }
      for (PlainOrders.Tender t : o.tenders() == null ? List.<PlainOrders.Tender>of() : o.tenders()) {
        b.append("|T").append(plainMoney(t.amountMoney()));
      }
      out.add(b.toString());
    }
    return out;
  }

  /**
   * Fails unless the digests agree.
   *
   * @param what what is compared, for the message
   * @param expected the reference digest
   * @param actual the other digest
   * @throws IllegalStateException if they differ
   */
  public static void requireSame(String what, List<String> expected, List<String> actual) {
    if (!expected.equals(actual)) {
      int n = Math.min(expected.size(), actual.size());
      String first = "sizes " + expected.size() + " vs " + actual.size();
      for (int i = 0; i < n; i++) {
        if (!expected.get(i).equals(actual.get(i))) {
          first = "order " + i + ": " + expected.get(i) + " vs " + actual.get(i);
          break;
        }
      }
      throw new IllegalStateException(what + " decode different values, stopping: " + first);
    }
  }

  private static long minor(BigDecimal amount) {
    return amount.movePointRight(2).longValueExact();
  }

  private static String sdkMoney(Optional<com.squareup.square.types.Money> m) {
    return m.flatMap(com.squareup.square.types.Money::getAmount).map(String::valueOf).orElse("0");
  }

  private static String plainMoney(PlainOrders.@org.jspecify.annotations.Nullable Money m) {
    return m == null ? "0" : String.valueOf(m.amount());
  }
}
