package dev.posbridge.core.reconcile;

import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.StockWriteResult;
import dev.posbridge.core.model.StockChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stock changes that bring every system to the system of record's quantities: a dry run until
 * {@link #apply()} is called.
 *
 * <p>Each change is a {@link dev.posbridge.core.model.StockChangeKind#SET} to the system of
 * record's quantity with reason {@link dev.posbridge.core.model.StockChangeReason#CORRECTION},
 * naming the target system's item and location as found in the id map. Changes are grouped per
 * target into {@link CorrectionBatch}es of at most the connector's {@code maxStockChangesPerCall()},
 * each with an idempotency key derived from the report: applying the same plan twice, or planning
 * again from the same report and applying that, does not correct twice. Each change's
 * {@code occurredAt} is the report's timestamp, when the quantities were read, so a vendor that
 * orders changes by time (Square) applies sales made after the reading on top of the correction.
 *
 * <p>Immutable; {@link #apply()} may be called again after a failure to finish the remaining
 * batches, the applied ones being skipped by the vendor through their keys.
 *
 * <pre>{@code
 * CorrectionPlan plan = report.correctionPlan();
 * plan.batches().forEach(b -> log(b));   // review first: nothing is written yet
 * CorrectionResult result = plan.apply();
 * }</pre>
 */
public final class CorrectionPlan {

  private final String systemOfRecord;
  private final List<CorrectionBatch> batches;
  private final List<SkippedCorrection> skipped;
  private final Map<String, InventoryConnector> connectors;

  CorrectionPlan(
      String systemOfRecord,
      List<CorrectionBatch> batches,
      List<SkippedCorrection> skipped,
      Map<String, InventoryConnector> connectors) {
    this.systemOfRecord = systemOfRecord;
    this.batches = List.copyOf(batches);
    this.skipped = List.copyOf(skipped);
    this.connectors = connectors;
  }

  /**
   * Returns the system whose quantities the others are set to.
   *
   * @return the system of record's name
   */
  public String systemOfRecord() {
    return systemOfRecord;
  }

  /**
   * Returns the batches, grouped by target system in the reconciler's system order.
   *
   * @return the batches; empty when nothing needs correcting
   */
  public List<CorrectionBatch> batches() {
    return batches;
  }

  /**
   * Returns the corrections that cannot be made.
   *
   * @return the skipped corrections
   */
  public List<SkippedCorrection> skipped() {
    return skipped;
  }

  /**
   * Returns every change for one target system.
   *
   * @param system the target's name
   * @return the changes, in batch order
   */
  public List<StockChange> changes(String system) {
    List<StockChange> out = new ArrayList<>();
    for (CorrectionBatch b : batches) {
      if (b.system().equals(system)) {
        out.addAll(b.changes());
      }
    }
    return out;
  }

  /**
   * Returns the number of planned changes.
   *
   * @return the sum over batches
   */
  public int changeCount() {
    return batches.stream().mapToInt(b -> b.changes().size()).sum();
  }

  /**
   * Tells whether there is nothing to change.
   *
   * @return {@code true} if there are no batches
   */
  public boolean isEmpty() {
    return batches.isEmpty();
  }

  /**
   * Applies the plan: one {@code applyStockChanges} call per batch, with the batch's idempotency key.
   *
   * @return what each target accepted
   * @throws dev.posbridge.core.PosbridgeException if a vendor call fails; batches before it stay
   *     applied, and calling {@code apply()} again finishes the rest without repeating them
   */
  public CorrectionResult apply() {
    Map<String, Integer> applied = new LinkedHashMap<>();
    int calls = 0;
    for (CorrectionBatch b : batches) {
      InventoryConnector connector = connectors.get(b.system());
      if (connector == null) {
        throw new IllegalStateException("no connector named " + b.system());
      }
      StockWriteResult r =
          connector.applyStockChanges(b.changes(), RequestOptions.idempotencyKey(b.idempotencyKey()));
      applied.merge(b.system(), r.applied(), Integer::sum);
      calls++;
    }
    return new CorrectionResult(applied, calls);
  }

  @Override
  public String toString() {
    return "CorrectionPlan[systemOfRecord=" + systemOfRecord + ", batches=" + batches.size()
        + ", changes=" + changeCount() + ", skipped=" + skipped.size() + "]";
  }
}
