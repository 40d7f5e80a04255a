package dev.posbridge.core.connect;

import dev.posbridge.core.model.Location;
import java.util.List;

/** Lists the vendor account's locations (stores, warehouses). */
public interface LocationDirectory extends Connector {

  /**
   * Returns all locations, active or not.
   *
   * @return the locations
   */
  List<Location> locations();
}
