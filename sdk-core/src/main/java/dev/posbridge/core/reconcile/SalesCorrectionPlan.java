package dev.posbridge.core.reconcile;

import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.sync.SaleTransformer;
import dev.posbridge.core.sync.SyncPipeline;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Books the documents a {@link SalesReconciliationReport} found missing in the books: a dry run
 * until {@code apply} is called.
 *
 * <p>Two ways to book: {@link #apply(SyncPipeline)} submits each document to the sync engine, which
 * books it like any other (transformers, totals policy, retries, dead letters; the outbox dedupes
 * it if it is already queued); {@link #apply(SalesSink, SaleTransformer)} books it directly through
 * a sink. Either way each document is booked under the engine's own idempotency key for it
 * ({@link SalesCorrection#idempotencyKey(String)}), so a correction racing a late webhook, a second
 * correction, or a correction and the engine, book it once; and a second reconciliation after the
 * correction finds nothing missing, so its plan is empty.
 *
 * <p>Resumable: after a failure, calling {@code apply} again continues with the documents this plan
 * has not booked yet; a new plan from a new reconciliation, in a new process, books only what is
 * still missing, and the keys make a document booked just before a crash a replay.
 */
public final class SalesCorrectionPlan {

  private static final Logger log = LoggerFactory.getLogger(SalesCorrectionPlan.class);

  private final String books;
  private final List<SalesCorrection> corrections;
  private final BitSet done;

  SalesCorrectionPlan(String books, List<SalesCorrection> corrections) {
    this.books = books;
    this.corrections = List.copyOf(corrections);
    this.done = new BitSet(corrections.size());
  }

  /**
   * Returns the books' system the documents are missing in.
   *
   * @return e.g. {@code quickbooks}
   */
  public String books() {
    return books;
  }

  /**
   * Returns the documents to book, sales first.
   *
   * @return the corrections; empty when nothing is missing
   */
  public List<SalesCorrection> corrections() {
    return corrections;
  }

  /**
   * Tells whether there is nothing to book.
   *
   * @return {@code true} if no document is missing
   */
  public boolean isEmpty() {
    return corrections.isEmpty();
  }

  /**
   * Returns how many documents this plan has not booked yet.
   *
   * @return the count
   */
  public synchronized int remaining() {
    return corrections.size() - done.cardinality();
  }

  /**
   * Submits every missing document to the sync engine, which books it in every sales sink it
   * serves (the books among them) under its usual keys.
   *
   * @param pipeline the engine
   * @return what was queued
   * @throws dev.posbridge.core.OutboxException if the outbox cannot store a document; the
   *     ones before it stay queued and {@code apply} again continues
   */
  public synchronized SalesCorrectionResult apply(SyncPipeline pipeline) {
    if (pipeline == null) {
      throw new IllegalArgumentException("pipeline must not be null");
    }
    SalesCorrectionResult result = run(c -> (c.sale() != null
        ? pipeline.submitSale(c.sale())
        : pipeline.submitRefund(Objects.requireNonNull(c.refund()))) > 0);
    log.info("sales correction for {}: {} queued in the engine, {} already queued, {} done before",
        books, result.booked(), result.alreadyBooked(), result.skipped());
    return result;
  }

  /**
   * Books every missing document directly through a sink, unchanged.
   *
   * @param sink the books' sales sink
   * @return what was booked
   * @throws dev.posbridge.core.PosbridgeException if the vendor rejects or fails a document; the
   *     ones before it stay booked and {@code apply} again continues
   */
  public SalesCorrectionResult apply(SalesSink sink) {
    return apply(sink, SaleTransformer.IDENTITY);
  }

  /**
   * Books every missing document directly through a sink, through the same transformer the engine
   * uses for that sink (accounts, exchange rate), under the engine's idempotency keys.
   *
   * @param sink the books' sales sink
   * @param transformer the sink's transformer
   * @return what was booked
   * @throws dev.posbridge.core.PosbridgeException if the vendor rejects or fails a document; the
   *     ones before it stay booked and {@code apply} again continues
   */
  public synchronized SalesCorrectionResult apply(SalesSink sink, SaleTransformer transformer) {
    if (sink == null || transformer == null) {
      throw new IllegalArgumentException("sink and transformer must not be null");
    }
    SalesCorrectionResult result = run(c -> {
      RequestOptions options = RequestOptions.idempotencyKey(c.idempotencyKey(sink.system()));
      WriteResult r = c.sale() != null
          ? sink.recordSale(transformer.transform(c.sale()), options)
          : sink.recordRefund(transformer.transformRefund(Objects.requireNonNull(c.refund())), options);
      return r.created();
    });
    log.info("sales correction in {}: {} booked, {} already booked, {} done before",
        sink.system(), result.booked(), result.alreadyBooked(), result.skipped());
    return result;
  }

  /** Books each correction not done yet; {@code book} tells whether it was new. */
  private SalesCorrectionResult run(Predicate<SalesCorrection> book) {
    int booked = 0;
    int already = 0;
    int skipped = 0;
    for (int i = 0; i < corrections.size(); i++) {
      if (done.get(i)) {
        skipped++;
        continue;
      }
      if (book.test(corrections.get(i))) {
        booked++;
      } else {
        already++;
      }
      done.set(i);
    }
    return new SalesCorrectionResult(booked, already, skipped);
  }

  @Override
  public String toString() {
    return "SalesCorrectionPlan[books=" + books + ", corrections=" + corrections.size()
        + ", remaining=" + remaining() + "]";
  }
}
