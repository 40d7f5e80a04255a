package dev.posbridge.benchmarks.square;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.squareup.square.SquareClient;
import com.squareup.square.types.BatchChangeInventoryRequest;
import com.squareup.square.types.InventoryAdjustment;
import com.squareup.square.types.InventoryChange;
import com.squareup.square.types.InventoryChangeType;
import com.squareup.square.types.InventoryState;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Three clients that send the same 1,000 stock decrements (one unit each, 50 variations, one
 * location) as BatchChangeInventory calls of 100 changes: posbridge's
 * {@code SquareConnector.applyStockChanges}, the official SDK's {@code inventory().batchCreateChanges}
 * and raw OkHttp + Jackson. The n-th call of a run carries the idempotency key
 * {@code <run key>:<n>}, as posbridge derives it, so the three send identical bodies.
 */
public final class StockClients {
  /** Changes per run. */
  public static final int CHANGES = 1000;
  /** Changes per call (Square's maximum). */
  public static final int PER_CALL = 100;
  private static final Instant AT = Instant.parse("2026-01-15T12:00:00Z");

  private StockClients() {}

  /** A client writing the 1,000 changes. */
  public interface Client extends AutoCloseable {
    /**
     * Sends the changes.
     *
     * @param key the run's idempotency key
     * @return calls made
     */
    int write(String key);

    @Override
    void close();
  }

  static String variation(int i) {
    return String.format(java.util.Locale.ROOT, "VSTOCK%018d", i % 50);
  }

  /**
   * Creates a client.
   *
   * @param name posbridge, sdk or raw
   * @param baseUrl the stub
   * @return the client
   */
  public static Client create(String name, String baseUrl) {
    return switch (name) {
      case "posbridge" -> posbridge(baseUrl);
      case "sdk" -> sdk(baseUrl);
      case "raw" -> raw(baseUrl);
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static Client posbridge(String baseUrl) {
    SquareConnector c = SquareConnector.builder().credentials(SquareAuth.accessToken(PagingClients.TOKEN)).baseUrl(baseUrl)
        .apiVersion(PagingClients.VERSION).resolveSkus(false).build();
    ExternalRef location = ExternalRef.of("square", "location", OrderFixtures.LOCATION);
    return new Client() {
      @Override
      public int write(String key) {
        List<StockChange> changes = new ArrayList<>(CHANGES);
        for (int i = 0; i < CHANGES; i++) {
          changes.add(new StockChange("SKU-" + (i % 50), ExternalRef.of("square", "item_variation", variation(i)),
              location, StockChangeKind.ADJUST, BigDecimal.ONE.negate(), StockChangeReason.SALE, null, AT,
              "sale-" + i, null));
        }
        return c.applyStockChanges(changes, RequestOptions.idempotencyKey(key)).calls();
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  private static Client sdk(String baseUrl) {
    OkHttpClient ok = PagingClients.noDelayOkHttp();
    SquareClient sq = SquareClient.builder().token(PagingClients.TOKEN).version(PagingClients.VERSION)
        .url(baseUrl).httpClient(ok).build();
    return new Client() {
      @Override
      public int write(String key) {
        int calls = 0;
        for (int start = 0; start < CHANGES; start += PER_CALL) {
          List<InventoryChange> changes = new ArrayList<>(PER_CALL);
          for (int i = start; i < start + PER_CALL; i++) {
            changes.add(InventoryChange.builder().type(InventoryChangeType.ADJUSTMENT)
                .adjustment(InventoryAdjustment.builder().referenceId("sale-" + i)
                    .fromState(InventoryState.IN_STOCK).toState(InventoryState.SOLD)
                    .fromLocationId(OrderFixtures.LOCATION).toLocationId(OrderFixtures.LOCATION)
                    .catalogObjectId(variation(i)).catalogObjectType("ITEM_VARIATION").quantity("1")
                    .occurredAt(AT.toString()).build())
                .build());
          }
          sq.inventory().batchCreateChanges(BatchChangeInventoryRequest.builder().idempotencyKey(key + ":" + calls)
              .changes(changes).ignoreUnchangedCounts(true).build());
          calls++;
        }
        return calls;
      }

      @Override
      public void close() {
        PagingClients.release(ok);
      }
    };
  }

  private static Client raw(String baseUrl) {
    OkHttpClient ok = PagingClients.noDelayOkHttp();
    ObjectMapper mapper = new ObjectMapper();
    MediaType json = MediaType.get("application/json; charset=utf-8");
    return new Client() {
      @Override
      public int write(String key) {
        int calls = 0;
        for (int start = 0; start < CHANGES; start += PER_CALL) {
          ObjectNode body = mapper.createObjectNode();
          body.put("idempotency_key", key + ":" + calls);
          ArrayNode changes = body.putArray("changes");
          for (int i = start; i < start + PER_CALL; i++) {
            ObjectNode c = changes.addObject();
            c.put("type", "ADJUSTMENT");
            c.putObject("adjustment").put("reference_id", "sale-" + i).put("from_state", "IN_STOCK")
                .put("to_state", "SOLD").put("from_location_id", OrderFixtures.LOCATION)
                .put("to_location_id", OrderFixtures.LOCATION).put("catalog_object_id", variation(i))
                .put("catalog_object_type", "ITEM_VARIATION").put("quantity", "1")
                .put("occurred_at", AT.toString());
          }
          body.put("ignore_unchanged_counts", true);
          try {
            Request req = new Request.Builder().url(baseUrl + "/v2/inventory/changes/batch-create")
                .header("Authorization", "Bearer " + PagingClients.TOKEN)
                .header("Square-Version", PagingClients.VERSION)
                .post(RequestBody.create(mapper.writeValueAsBytes(body), json)).build();
            try (Response resp = ok.newCall(req).execute()) {
              if (!resp.isSuccessful()) {
                throw new IOException("HTTP " + resp.code());
              }
              mapper.readTree(resp.body().byteStream());
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          calls++;
        }
        return calls;
      }

      @Override
      public void close() {
        PagingClients.release(ok);
      }
    };
  }
}
