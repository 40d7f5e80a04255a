package dev.posbridge.core.reconcile;

import dev.posbridge.core.connect.IdMap;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.internal.reconcile.CorrectionKeys;
import dev.posbridge.core.internal.reconcile.CsvReportWriter;
import dev.posbridge.core.internal.reconcile.HtmlReportWriter;
import dev.posbridge.core.internal.reconcile.JsonReportWriter;
import dev.posbridge.core.internal.reconcile.StockTable;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeKind;
import dev.posbridge.core.model.StockChangeReason;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The result of one {@link Reconciler#reconcile()}: per canonical SKU × location, each system's
 * quantity and the drift, plus summary figures, the worst items and the unmapped stock levels.
 *
 * <p>Memory stays bounded: the report keeps a compact table of quantities (not the stock levels),
 * materializes {@link ReconciliationRow}s only while they are streamed by {@link #rows()} or
 * written by {@link #write(ReportFormat, Writer)}, and keeps in detail only the
 * {@link #worst()} items and up to the configured number of {@link #unmapped()} levels.
 *
 * <p>Immutable and safe to read from several threads.
 *
 * <pre>{@code
 * ReconciliationReport report = reconciler.reconcile();
 * report.write(ReportFormat.HTML, Path.of("stock-drift.html"));
 * if (report.summary().discrepancies() > 0) {
 *   CorrectionPlan plan = report.correctionPlan();   // dry run
 *   plan.apply();
 * }
 * }</pre>
 */
public final class ReconciliationReport implements ExportableReport {

  private final List<String> systems;
  private final int recordIndex;
  private final Instant generatedAt;
  private final StockTable table;
  private final Tolerance tolerance;
  private final Map<String, Tolerance> skuTolerances;
  private final ReconciliationSummary summary;
  private final List<ReconciliationRow> worst;
  private final List<UnmappedLevel> unmapped;
  private final Map<String, InventoryConnector> connectors;
  private final IdMap idMap;
  private final Map<String, String> itemTypes;
  private final Map<String, String> locationTypes;

  ReconciliationReport(
      List<String> systems,
      @Nullable String systemOfRecord,
      Instant generatedAt,
      StockTable table,
      Tolerance tolerance,
      Map<String, Tolerance> skuTolerances,
      int worstItems,
      List<UnmappedLevel> unmapped,
      long unmappedCount,
      Map<String, InventoryConnector> connectors,
      IdMap idMap,
      Map<String, String> itemTypes,
      Map<String, String> locationTypes) {
    this.systems = List.copyOf(systems);
    this.recordIndex = systemOfRecord == null ? -1 : systems.indexOf(systemOfRecord);
    this.generatedAt = generatedAt;
    this.table = table;
    this.tolerance = tolerance;
    this.skuTolerances = Map.copyOf(skuTolerances);
    this.unmapped = List.copyOf(unmapped);
    this.connectors = Map.copyOf(connectors);
    this.idMap = idMap;
    this.itemTypes = Map.copyOf(itemTypes);
    this.locationTypes = Map.copyOf(locationTypes);

    long discrepancies = 0;
    long missing = 0;
    long differences = 0;
    BigDecimal unitsOff = BigDecimal.ZERO;
    Map<String, long[]> locCounts = new LinkedHashMap<>();
    Map<String, BigDecimal> locUnits = new LinkedHashMap<>();
    Comparator<Ranked> worse =
        Comparator.comparing(Ranked::drift).thenComparing(Ranked::missing)
            .thenComparing(Comparator.comparingInt(Ranked::row).reversed());
    PriorityQueue<Ranked> heap = new PriorityQueue<>(Math.max(1, worstItems + 1), worse);
    for (int r = 0; r < table.size(); r++) {
      ReconciliationRow row = row(r);
      long[] counts = locCounts.computeIfAbsent(row.location(), k -> new long[2]);
      counts[0]++;
      BigDecimal drift = row.drift();
      unitsOff = unitsOff.add(drift);
      locUnits.merge(row.location(), drift, BigDecimal::add);
      if (row.missing()) {
        missing++;
      }
      if (row.missing() || row.spread().signum() != 0) {
        differences++;
      }
      if (row.discrepancy()) {
        discrepancies++;
        counts[1]++;
        if (worstItems > 0) {
          heap.add(new Ranked(drift, row.missing(), r));
          if (heap.size() > worstItems) {
            heap.poll();
          }
        }
      }
    }
    List<LocationSummary> locations = new ArrayList<>();
    for (Map.Entry<String, long[]> e : locCounts.entrySet()) {
      locations.add(new LocationSummary(
          e.getKey(), e.getValue()[0], e.getValue()[1],
          Objects.requireNonNull(locUnits.get(e.getKey()), "units of a counted location")));
    }
    this.summary = new ReconciliationSummary(
        table.size(), discrepancies, missing, differences, unitsOff, unmappedCount, locations);
    List<Ranked> ranked = new ArrayList<>(heap);
    ranked.sort(worse.reversed());
    List<ReconciliationRow> w = new ArrayList<>(ranked.size());
    for (Ranked k : ranked) {
      w.add(row(k.row()));
    }
    this.worst = List.copyOf(w);
  }

  private record Ranked(BigDecimal drift, boolean missing, int row) {}

  /**
   * Returns the compared systems' names, in the reconciler's order.
   *
   * @return the names
   */
  public List<String> systems() {
    return systems;
  }

  /**
   * Returns the system of record, if one was chosen.
   *
   * @return its name, or {@code null}
   */
  public @Nullable String systemOfRecord() {
    return recordIndex < 0 ? null : systems.get(recordIndex);
  }

  /**
   * Returns when the reconciliation started, by the reconciler's clock.
   *
   * @return the moment
   */
  public Instant generatedAt() {
    return generatedAt;
  }

  /**
   * Returns the headline figures.
   *
   * @return the summary
   */
  public ReconciliationSummary summary() {
    return summary;
  }

  /**
   * Returns the worst discrepancies in detail, largest drift first (missing rows before others of
   * the same drift); at most the reconciler's {@code worstItems}.
   *
   * @return the worst rows
   */
  public List<ReconciliationRow> worst() {
    return worst;
  }

  /**
   * Returns the stock levels that could not be mapped, up to the reconciler's
   * {@code unmappedDetails}; {@link ReconciliationSummary#unmapped()} counts them all.
   *
   * @return the unmapped levels in the order they were read
   */
  public List<UnmappedLevel> unmapped() {
    return unmapped;
  }

  /**
   * Streams every compared SKU × location, in the order keys were first seen. Rows are built as
   * the stream is consumed, so streaming a large report needs little memory.
   *
   * @return the rows
   */
  public Stream<ReconciliationRow> rows() {
    return IntStream.range(0, table.size()).mapToObj(this::row);
  }

  /**
   * Streams the discrepancies: rows outside tolerance or missing in a system.
   *
   * @return the discrepant rows
   */
  public Stream<ReconciliationRow> discrepancies() {
    return rows().filter(ReconciliationRow::discrepancy);
  }

  /**
   * Finds one SKU × location.
   *
   * @param sku the canonical SKU
   * @param location the canonical location
   * @return the row, or empty if no system reported the key
   */
  public Optional<ReconciliationRow> row(String sku, String location) {
    int r = table.find(sku, location);
    return r < 0 ? Optional.empty() : Optional.of(row(r));
  }

  /**
   * Writes the report to a writer, which is flushed but not closed.
   *
   * @param format the format
   * @param out the destination
   * @throws IOException if writing fails
   */
  @Override
  public void write(ReportFormat format, Writer out) throws IOException {
    switch (format) {
      case CSV -> CsvReportWriter.write(this, out);
      case JSON -> JsonReportWriter.write(this, out);
      case HTML -> HtmlReportWriter.write(this, out);
      default -> throw new IllegalArgumentException("unknown format " + format);
    }
    out.flush();
  }


  /**
   * Plans the correction of the discrepancies from the system of record. Nothing is written until
   * {@link CorrectionPlan#apply()}.
   *
   * @return the plan
   * @throws IllegalStateException if the reconciler has no system of record
   */
  public CorrectionPlan correctionPlan() {
    return correctionPlan(CorrectionScope.DISCREPANCIES);
  }

  /**
   * Plans a correction from the system of record. Every target system whose quantity differs from
   * the record's, or that lacks the key, gets a SET to the record's quantity; keys the system of
   * record lacks are skipped, as are keys the id map cannot resolve for a target.
   *
   * @param scope which rows to correct
   * @return the plan
   * @throws IllegalStateException if the reconciler has no system of record
   */
  public CorrectionPlan correctionPlan(CorrectionScope scope) {
    if (recordIndex < 0) {
      throw new IllegalStateException("choose a system of record on the Reconciler to plan a correction");
    }
    String record = systems.get(recordIndex);
    String stamp = generatedAt.toString();
    String reference = "posbridge-reconcile-" + stamp;
    List<List<StockChange>> changes = new ArrayList<>();
    List<CorrectionKeys> keys = new ArrayList<>();
    for (int t = 0; t < systems.size(); t++) {
      changes.add(new ArrayList<>());
      keys.add(null);
    }
    List<SkippedCorrection> skipped = new ArrayList<>();
    List<CorrectionBatch> batches = new ArrayList<>();
    for (int r = 0; r < table.size(); r++) {
      ReconciliationRow row = row(r);
      boolean wanted = scope == CorrectionScope.DISCREPANCIES
          ? row.discrepancy()
          : row.missing() || row.spread().signum() != 0;
      if (!wanted) {
        continue;
      }
      BigDecimal recordQty = table.quantity(r, recordIndex);
      if (recordQty == null) {
        skipped.add(new SkippedCorrection(
            row.sku(), row.location(), record, SkippedCorrection.Reason.MISSING_IN_RECORD));
        continue;
      }
      for (int t = 0; t < systems.size(); t++) {
        if (t == recordIndex) {
          continue;
        }
        BigDecimal observed = table.quantity(r, t);
        if (observed != null && observed.compareTo(recordQty) == 0) {
          continue;
        }
        String target = systems.get(t);
        InventoryConnector connector =
            Objects.requireNonNull(connectors.get(target), "every system of the table has a connector");
        String system = connector.system();
        Optional<ExternalRef> item = find(IdMap.Kind.SKU, row.sku(), system, itemTypes.get(target));
        if (item.isEmpty()) {
          skipped.add(new SkippedCorrection(
              row.sku(), row.location(), target, SkippedCorrection.Reason.ITEM_NOT_MAPPED));
          continue;
        }
        Optional<ExternalRef> location =
            find(IdMap.Kind.LOCATION, row.location(), system, locationTypes.get(target));
        if (location.isEmpty()) {
          skipped.add(new SkippedCorrection(
              row.sku(), row.location(), target, SkippedCorrection.Reason.LOCATION_NOT_MAPPED));
          continue;
        }
        List<StockChange> pending = changes.get(t);
        if (pending.isEmpty()) {
          keys.set(t, new CorrectionKeys(stamp, record, target));
        }
        pending.add(new StockChange(
            row.sku(), item.get(), location.get(), StockChangeKind.SET, recordQty,
            StockChangeReason.CORRECTION, null, generatedAt, reference, null));
        CorrectionKeys k = keys.get(t);
        k.add(row.sku(), row.location(), recordQty, observed);
        int max = Math.max(1, connector.maxStockChangesPerCall());
        if (pending.size() == max) {
          batches.add(new CorrectionBatch(target, k.batches(), k.finishBatch(), pending));
          changes.set(t, new ArrayList<>());
        }
      }
    }
    for (int t = 0; t < systems.size(); t++) {
      List<StockChange> pending = changes.get(t);
      if (!pending.isEmpty()) {
        CorrectionKeys k = keys.get(t);
        batches.add(new CorrectionBatch(systems.get(t), k.batches(), k.finishBatch(), pending));
      }
    }
    List<String> order = systems;
    batches.sort(Comparator.comparingInt((CorrectionBatch b) -> order.indexOf(b.system()))
        .thenComparingInt(CorrectionBatch::index));
    return new CorrectionPlan(record, batches, skipped, connectors);
  }

  private Optional<ExternalRef> find(IdMap.Kind kind, String id, String system, @Nullable String type) {
    if (type != null) {
      Optional<ExternalRef> typed = idMap.find(kind, id, system, type);
      if (typed.isPresent()) {
        return typed;
      }
    }
    return idMap.find(kind, id, system);
  }

  private ReconciliationRow row(int r) {
    String sku = table.sku(r);
    Map<String, BigDecimal> quantities = new LinkedHashMap<>();
    List<String> missingIn = new ArrayList<>(0);
    BigDecimal max = null;
    BigDecimal min = null;
    BigDecimal record = BigDecimal.ZERO;
    for (int s = 0; s < systems.size(); s++) {
      BigDecimal q = table.quantity(r, s);
      if (q == null) {
        missingIn.add(systems.get(s));
        q = BigDecimal.ZERO;
      } else {
        quantities.put(systems.get(s), q);
      }
      if (s == recordIndex) {
        record = q;
      }
      max = max == null || q.compareTo(max) > 0 ? q : max;
      min = min == null || q.compareTo(min) < 0 ? q : min;
    }
    // A table has at least one system, so the loop above set both.
    BigDecimal spread = Objects.requireNonNull(max).subtract(Objects.requireNonNull(min));
    BigDecimal vsRecord = null;
    BigDecimal reference = max;
    if (recordIndex >= 0) {
      BigDecimal up = max.subtract(record).abs();
      BigDecimal down = record.subtract(min).abs();
      vsRecord = up.compareTo(down) >= 0 ? up : down;
      reference = record;
    }
    Tolerance t = skuTolerances.getOrDefault(sku, tolerance);
    BigDecimal allowed = t.allowedDrift(reference);
    BigDecimal drift = vsRecord != null ? vsRecord : spread;
    return new ReconciliationRow(
        sku, table.location(r), quantities, missingIn, spread, vsRecord, allowed,
        drift.compareTo(allowed) <= 0);
  }

  @Override
  public String toString() {
    return "ReconciliationReport[systems=" + systems + ", compared=" + summary.compared()
        + ", discrepancies=" + summary.discrepancies() + ", unmapped=" + summary.unmapped() + "]";
  }
}
