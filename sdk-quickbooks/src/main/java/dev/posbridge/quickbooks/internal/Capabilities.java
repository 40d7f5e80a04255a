package dev.posbridge.quickbooks.internal;

import dev.posbridge.core.connect.BookedSalesReader;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.CatalogConnector;
import dev.posbridge.core.connect.ChangeFeed;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.LocationDirectory;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.SalesSource;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Derives a connector's capabilities from the connector interfaces its class implements. */
public final class Capabilities {

  private static final Map<Class<?>, Capability> BY_INTERFACE = Map.of(
      SalesSource.class, Capability.SALES_SOURCE,
      SalesSink.class, Capability.SALES_SINK,
      InventoryConnector.class, Capability.INVENTORY,
      CustomerConnector.class, Capability.CUSTOMERS,
      CatalogConnector.class, Capability.CATALOG,
      ChangeFeed.class, Capability.CHANGE_FEED,
      LocationDirectory.class, Capability.LOCATIONS,
      BookedSalesReader.class, Capability.BOOKED_SALES);

  private Capabilities() {}

  /**
   * Lists the capabilities of a connector class.
   *
   * @param connector the connector class
   * @param others capabilities no interface stands for, e.g. {@link Capability#WEBHOOKS}
   * @return an immutable set
   */
  public static Set<Capability> of(Class<?> connector, Capability... others) {
    EnumSet<Capability> out = EnumSet.noneOf(Capability.class);
    BY_INTERFACE.forEach((type, capability) -> {
      if (type.isAssignableFrom(connector)) {
        out.add(capability);
      }
    });
    Collections.addAll(out, others);
    return Collections.unmodifiableSet(out);
  }
}
