package dev.posbridge.core.connect;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A capability a connector may offer; each corresponds to one connector interface. */
public enum Capability {
  /** Reads sales and refunds: {@link SalesSource}. */
  SALES_SOURCE(SalesSource.class),
  /** Records sales and refunds, e.g. as accounting documents: {@link SalesSink}. */
  SALES_SINK(SalesSink.class),
  /** Reads stock levels and applies stock changes: {@link InventoryConnector}. */
  INVENTORY(InventoryConnector.class),
  /** Finds and upserts customers: {@link CustomerConnector}. */
  CUSTOMERS(CustomerConnector.class),
  /** Looks up catalog items by SKU and lists the catalog: {@link CatalogConnector}. */
  CATALOG(CatalogConnector.class),
  /** Reads changes since a cursor by polling: {@link ChangeFeed}. */
  CHANGE_FEED(ChangeFeed.class),
  /** Lists locations: {@link LocationDirectory}. */
  LOCATIONS(LocationDirectory.class),
  /** Reads back the documents booked by a {@link SalesSink}: {@link BookedSalesReader}. */
  BOOKED_SALES(BookedSalesReader.class),
  /**
   * Verifies and parses the vendor's webhooks: see {@code dev.posbridge.core.webhook}. No connector
   * interface stands for it; a connector names it in {@link #of(Connector, Capability...)}.
   */
  WEBHOOKS(null);

  private final @Nullable Class<? extends Connector> type;

  Capability(@Nullable Class<? extends Connector> type) {
    this.type = type;
  }

  /**
   * Returns the capabilities a connector offers through the interfaces it implements, plus the
   * given ones that no interface stands for (such as {@link #WEBHOOKS}), for
   * {@link Connector#capabilities()}.
   *
   * <pre>{@code
   * private final Set<Capability> capabilities = Capability.of(this, Capability.WEBHOOKS);
   * }</pre>
   *
   * @param connector the connector
   * @param extra capabilities to add
   * @return an immutable set
   */
  public static Set<Capability> of(Connector connector, Capability... extra) {
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    for (Capability c : values()) {
      if (c.type != null && c.type.isInstance(connector)) {
        set.add(c);
      }
    }
    for (Capability c : extra) {
      set.add(c);
    }
    return Collections.unmodifiableSet(set);
  }
}
