package dev.posbridge.core.reconcile;

import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.Page;
import dev.posbridge.core.connect.PagedIterable;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.connect.SalesSource;
import dev.posbridge.core.model.Refund;
import dev.posbridge.core.model.Sale;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A point-of-sale system in memory, paged two documents at a time, honouring windows and locations. */
final class FakeSalesSource implements SalesSource {

  private final String system;
  private final List<Sale> sales = new ArrayList<>();
  private final List<Refund> refunds = new ArrayList<>();
  final List<SalesQuery> queries = new ArrayList<>();

  FakeSalesSource(String system) {
    this.system = system;
  }

  FakeSalesSource sell(Sale sale) {
    sales.add(sale);
    return this;
  }

  FakeSalesSource refund(Refund refund) {
    refunds.add(refund);
    return this;
  }

  @Override
  public String system() {
    return system;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.SALES_SOURCE);
  }

  @Override
  public void close() {}

  @Override
  public PagedIterable<Sale> sales(SalesQuery query) {
    queries.add(query);
    List<Sale> hits = new ArrayList<>();
    for (Sale s : sales) {
      Instant when = switch (query.field()) {
        case CLOSED -> s.closedAt() != null ? s.closedAt() : s.createdAt();
        case CREATED -> s.createdAt();
        case UPDATED -> s.updatedAt() != null ? s.updatedAt() : s.createdAt();
      };
      boolean located = query.locations().isEmpty()
          || (s.location() != null && query.locations().contains(s.location().id()));
      boolean state = !query.completedOnly() || s.state() == dev.posbridge.core.model.SaleState.COMPLETED;
      if (!when.isBefore(query.from()) && when.isBefore(query.to()) && located && state) {
        hits.add(s);
      }
    }
    return paged(hits);
  }

  @Override
  public PagedIterable<Refund> refunds(SalesQuery query) {
    List<Refund> hits = new ArrayList<>();
    for (Refund r : refunds) {
      boolean located = query.locations().isEmpty()
          || (r.location() != null && query.locations().contains(r.location().id()));
      if (!r.createdAt().isBefore(query.from()) && r.createdAt().isBefore(query.to()) && located) {
        hits.add(r);
      }
    }
    return paged(hits);
  }

  static <T> PagedIterable<T> paged(List<T> all) {
    return PagedIterable.of(cursor -> {
      int from = cursor == null ? 0 : Integer.parseInt(cursor);
      int to = Math.min(all.size(), from + 2);
      return new Page<>(List.copyOf(all.subList(from, to)), to < all.size() ? String.valueOf(to) : null);
    });
  }
}
