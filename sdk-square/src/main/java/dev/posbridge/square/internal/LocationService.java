package dev.posbridge.square.internal;

import dev.posbridge.core.model.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lists locations (ListLocations has no paging). Thread-safe. */
public final class LocationService {

  private final SquareApi api;

  /**
   * Creates the service.
   *
   * @param api the API
   */
  public LocationService(SquareApi api) {
    this.api = api;
  }

  /**
   * Lists the seller's locations.
   *
   * @return the locations
   */
  public List<Location> locations() {
    List<Location> out = new ArrayList<>();
    for (Dto.SqLocation l : fetch()) {
      out.add(RecordMapper.location(l, "ListLocations"));
    }
    return out;
  }

  /**
   * Lists the ids of all locations, active or not (old sales may be at closed ones).
   *
   * @return the ids
   */
  public List<String> locationIds() {
    List<String> ids = new ArrayList<>();
    for (Dto.SqLocation l : fetch()) {
      ids.add(SalesMapper.require(l.id(), "location.id"));
    }
    return ids;
  }

  private List<Dto.SqLocation> fetch() {
    return Convert.list(api.get("ListLocations", "/v2/locations", Map.of(),
        Dto.ListLocationsResponse.class).locations());
  }
}
