package dev.posbridge.netsuite.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.connect.ChangeBatch;
import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.model.ExternalRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The polling change feed: SuiteQL on {@code lastmodifieddate} of transactions, customers and
 * items, each from its own watermark minus an overlap window, de-duplicated by id and
 * last-modified time.
 *
 * <p>The cursor holds, per table, the watermark (largest last-modified time seen) and the keys
 * ({@code id@lmd}) seen within the overlap window below it. A record changed while a poll runs,
 * or committed late with an earlier last-modified time, falls inside the next poll's window: it
 * is returned then, and a record already returned is not returned again unless it changes.
 */
public final class ChangePoller {

  private static final ObjectMapper MAPPER = dev.posbridge.core.spi.Json.constrain(
      new ObjectMapper(), dev.posbridge.core.http.ResponseLimits.defaults());
  private static final int MAX_PAGES_PER_POLL = 10;

  private record Table(String name, String select, String extraWhere) {}

  private static final List<Table> TABLES = List.of(
      new Table("transaction", "id, type, tranid",
          " AND type IN ('CashSale','CashRfnd','SalesOrd','CustInvc','InvAdjst')"),
      new Table("customer", "id", ""),
      new Table("item", "id, itemid", ""));

  private final Settings s;

  /**
   * Creates the feed.
   *
   * @param settings the shared settings
   */
  public ChangePoller(Settings settings) {
    this.s = settings;
  }

  private static final class TableState {
    long watermark;
    final Set<String> seen = new LinkedHashSet<>();
  }

  /**
   * Polls once.
   *
   * @param cursor the previous cursor, or {@code null} to start at now minus the initial look-back
   * @return the changes and the next cursor
   */
  public ChangeBatch poll(@Nullable String cursor) {
    String op = "PollChanges";
    Map<String, TableState> state = cursor == null ? initial() : decode(cursor);
    List<ChangeEvent> events = new ArrayList<>();
    boolean more = false;
    for (Table t : TABLES) {
      TableState ts = state.computeIfAbsent(t.name(), k -> {
        TableState n = new TableState();
        n.watermark = s.clock().instant().minus(s.initialLookBack()).getEpochSecond();
        return n;
      });
      long from = ts.watermark - s.overlap().toSeconds();
      String sql = "SELECT " + t.select() + ", TO_CHAR(lastmodifieddate," + Times.MASK + ") AS lmd FROM "
          + t.name() + " WHERE lastmodifieddate >= TO_TIMESTAMP("
          + NetSuiteApi.quote(Times.format(Instant.ofEpochSecond(from), s.zone())) + "," + Times.MASK + ")"
          + t.extraWhere() + " ORDER BY lastmodifieddate, id";
      long max = ts.watermark;
      Set<String> fresh = new LinkedHashSet<>();
      int offset = 0;
      boolean hasMore = false;
      for (int page = 0; page < MAX_PAGES_PER_POLL; page++) {
        NetSuiteApi.SuiteQlPage p = s.api().suiteql(op, sql, s.pageSize(), offset);
        for (Map<String, String> row : p.items()) {
          String id = row.get("id");
          Instant lmd;
          try {
            lmd = Times.parse(row.get("lmd"), s.zone());
          } catch (RuntimeException e) {
            throw new InvalidResponseException("lastmodifieddate cannot be read",
                ErrorContext.of(NetSuiteApi.SYSTEM, op).withStatus(200), "", e);
          }
          if (id == null || lmd == null) {
            throw NetSuiteApi.invalid(op, t.name() + " row without id or lastmodifieddate");
          }
          String key = id + "@" + lmd.getEpochSecond();
          if (ts.seen.contains(key) || !fresh.add(key)) {
            continue;
          }
          max = Math.max(max, lmd.getEpochSecond());
          try {
            events.add(event(t.name(), row, id, lmd));
          } catch (RuntimeException e) {
            throw NetSuiteApi.wrap(op, t.name() + " row", e);
          }
        }
        offset += p.items().size();
        hasMore = p.hasMore() && !p.items().isEmpty();
        if (!hasMore) {
          break;
        }
      }
      more |= hasMore;
      ts.seen.addAll(fresh);
      ts.watermark = max;
      long keepFrom = max - s.overlap().toSeconds();
      ts.seen.removeIf(k -> Long.parseLong(k.substring(k.lastIndexOf('@') + 1)) < keepFrom);
    }
    more |= deletions(state, events, op);
    events.sort(Comparator.comparing(ChangeEvent::occurredAt));
    return new ChangeBatch(events, encode(state), more);
  }

  /**
   * Reads NetSuite's deleted-record log ({@code DeletedRecord}) with the same watermark, overlap
   * and de-duplication as the other tables; each deleted transaction, customer or item becomes a
   * change event with {@code deleted = true}.
   */
  private boolean deletions(Map<String, TableState> state, List<ChangeEvent> events, String op) {
    TableState ts = state.computeIfAbsent("deletedrecord", k -> {
      TableState n = new TableState();
      n.watermark = s.clock().instant().minus(s.initialLookBack()).getEpochSecond();
      return n;
    });
    long from = ts.watermark - s.overlap().toSeconds();
    String sql = "SELECT recordid, recordtypeid, TO_CHAR(deleteddate," + Times.MASK + ") AS dd FROM DeletedRecord"
        + " WHERE deleteddate >= TO_TIMESTAMP(" + NetSuiteApi.quote(Times.format(Instant.ofEpochSecond(from), s.zone()))
        + "," + Times.MASK + ") ORDER BY deleteddate, recordid";
    long max = ts.watermark;
    Set<String> fresh = new LinkedHashSet<>();
    NetSuiteApi.SuiteQlPage p = s.api().suiteql(op, sql, s.pageSize(), 0);
    for (Map<String, String> row : p.items()) {
      String id = row.get("recordid");
      String type = row.get("recordtypeid");
      Instant at;
      try {
        at = Times.parse(row.get("dd"), s.zone());
      } catch (IllegalArgumentException e) {
        throw new InvalidResponseException("deleteddate cannot be read", ErrorContext.of(NetSuiteApi.SYSTEM, op), "", e);
      }
      if (id == null || type == null || at == null) {
        throw NetSuiteApi.invalid(op, "DeletedRecord row without recordid, recordtypeid or deleteddate");
      }
      String key = type + ":" + id + "@" + at.getEpochSecond();
      if (ts.seen.contains(key) || !fresh.add(key)) {
        continue;
      }
      max = Math.max(max, at.getEpochSecond());
      String t = type.toLowerCase(java.util.Locale.ROOT);
      ChangeType ct = switch (t) {
        case "cashsale", "salesorder", "invoice" -> ChangeType.SALE;
        case "cashrefund" -> ChangeType.REFUND;
        case "customer" -> ChangeType.CUSTOMER;
        case "inventoryitem", "item" -> ChangeType.CATALOG;
        default -> ChangeType.OTHER;
      };
      String recordType = switch (t) {
        case "cashsale" -> "cashSale";
        case "salesorder" -> "salesOrder";
        case "cashrefund" -> "cashRefund";
        case "inventoryitem" -> "inventoryItem";
        default -> t;
      };
      events.add(new ChangeEvent(NetSuiteApi.SYSTEM, "deleted:" + key, ct, recordType + ".deleted",
          ExternalRef.of(NetSuiteApi.SYSTEM, recordType, id), true, at, null, null, List.of(), null));
    }
    ts.seen.addAll(fresh);
    ts.watermark = max;
    long keepFrom = max - s.overlap().toSeconds();
    ts.seen.removeIf(k -> Long.parseLong(k.substring(k.lastIndexOf('@') + 1)) < keepFrom);
    return p.hasMore();
  }

  private ChangeEvent event(String table, Map<String, String> row, String id, Instant lmd) {
    ChangeType type;
    String raw;
    String recordType;
    switch (table) {
      case "transaction" -> {
        raw = row.getOrDefault("type", "Transaction");
        switch (raw) {
          case "CashSale" -> { type = ChangeType.SALE; recordType = "cashSale"; }
          case "SalesOrd" -> { type = ChangeType.SALE; recordType = "salesOrder"; }
          case "CustInvc" -> { type = ChangeType.SALE; recordType = "invoice"; }
          case "CashRfnd" -> { type = ChangeType.REFUND; recordType = "cashRefund"; }
          case "InvAdjst" -> { type = ChangeType.STOCK; recordType = "inventoryAdjustment"; }
          default -> { type = ChangeType.OTHER; recordType = "transaction"; }
        }
      }
      case "customer" -> {
        raw = "customer";
        type = ChangeType.CUSTOMER;
        recordType = "customer";
      }
      default -> {
        raw = "item";
        type = ChangeType.CATALOG;
        recordType = "item";
      }
    }
    return ChangeEvent.summary(NetSuiteApi.SYSTEM, table + ":" + id + "@" + lmd.getEpochSecond(), type, raw,
        ExternalRef.of(NetSuiteApi.SYSTEM, recordType, id), lmd);
  }

  private Map<String, TableState> initial() {
    Map<String, TableState> m = new LinkedHashMap<>();
    long w = s.clock().instant().minus(s.initialLookBack()).getEpochSecond();
    for (Table t : TABLES) {
      TableState ts = new TableState();
      ts.watermark = w;
      m.put(t.name(), ts);
    }
    return m;
  }

  private static String encode(Map<String, TableState> state) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("v", 1);
    ObjectNode tables = root.putObject("t");
    state.forEach((name, ts) -> {
      ObjectNode n = tables.putObject(name);
      n.put("w", ts.watermark);
      ArrayNode keys = n.putArray("k");
      ts.seen.forEach(keys::add);
    });
    return "ns1." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(root.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, TableState> decode(String cursor) {
    if (!cursor.startsWith("ns1.")) {
      throw new IllegalArgumentException("not a NetSuite change cursor");
    }
    try {
      JsonNode root = MAPPER.readTree(Base64.getUrlDecoder().decode(cursor.substring(4)));
      Map<String, TableState> m = new LinkedHashMap<>();
      JsonNode tables = root.get("t");
      if (root.path("v").asInt() != 1 || tables == null || !tables.isObject()) {
        throw new IllegalArgumentException("not a NetSuite change cursor");
      }
      for (Map.Entry<String, JsonNode> e : tables.properties()) {
        TableState ts = new TableState();
        if (!e.getValue().path("w").canConvertToLong()) {
          throw new IllegalArgumentException("not a NetSuite change cursor");
        }
        ts.watermark = e.getValue().path("w").asLong();
        for (JsonNode k : e.getValue().path("k")) {
          String key = k.asText();
          if (key.lastIndexOf('@') < 0) {
            throw new IllegalArgumentException("not a NetSuite change cursor");
          }
          Long.parseLong(key.substring(key.lastIndexOf('@') + 1));
          ts.seen.add(key);
        }
        m.put(e.getKey(), ts);
      }
      return m;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a NetSuite change cursor", e);
    }
  }
}
