package dev.posbridge.core.connect;

import dev.posbridge.core.model.CatalogItem;
import dev.posbridge.core.model.ExternalRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link IdMap#fillFromCatalogs(IdMap, List)} recorded.
 *
 * @param recorded refs recorded under their SKU
 * @param skipped human-readable reasons for refs not recorded (at most 100 kept)
 */
public record CatalogFill(int recorded, List<String> skipped) {

  /**
   * Copies the list.
   *
   * @param recorded refs recorded
   * @param skipped reasons
   */
  public CatalogFill {
    skipped = List.copyOf(skipped);
  }

  static CatalogFill fill(IdMap map, List<? extends CatalogConnector> catalogs) {
    Objects.requireNonNull(map, "map");
    int recorded = 0;
    List<String> skipped = new ArrayList<>();
    for (CatalogConnector catalog : catalogs) {
      Set<String> seen = new HashSet<>();
      for (CatalogItem item : catalog.catalogItems()) {
        String sku = item.sku();
        if (sku == null || sku.isBlank()) {
          continue;
        }
        if (!seen.add(sku)) {
          note(skipped, catalog.system() + " lists SKU " + sku + " more than once; kept the first");
          continue;
        }
        for (ExternalRef ref : item.refs()) {
          if (!ref.system().equals(catalog.system())) {
            continue;
          }
          ExternalRef plain = ExternalRef.of(ref.system(), ref.type(), ref.id());
          try {
            map.put(IdMap.Kind.SKU, sku, plain);
            recorded++;
          } catch (IllegalArgumentException e) {
            note(skipped, plain + " is already mapped to another SKU than " + sku);
          }
        }
      }
    }
    return new CatalogFill(recorded, skipped);
  }

  private static void note(List<String> skipped, String why) {
    if (skipped.size() < 100) {
      skipped.add(why);
    }
  }
}
