package dev.posbridge.spring;

import dev.posbridge.core.sync.SaleTransformer;
import java.util.Map;

/**
 * Sale transformers per sales sink, e.g. to set accounts or classes before a sale is booked:
 * define one bean of this type and the starter's pipeline applies them.
 *
 * <pre>{@code
 * @Bean SinkTransformers transformers() {
 *   return SinkTransformers.of(Map.of("quickbooks", sale -> withClass(sale, "Retail")));
 * }
 * }</pre>
 *
 * @param bySink the transformer of each sink, by the sink's system name
 */
public record SinkTransformers(Map<String, SaleTransformer> bySink) {

  /**
   * Copies the map.
   *
   * @param bySink the transformers by sink
   */
  public SinkTransformers {
    bySink = Map.copyOf(bySink);
  }

  /**
   * Creates the transformers.
   *
   * @param bySink the transformer of each sink
   * @return the bean value
   */
  public static SinkTransformers of(Map<String, SaleTransformer> bySink) {
    return new SinkTransformers(bySink);
  }

  /**
   * No transformers.
   *
   * @return an empty set
   */
  public static SinkTransformers none() {
    return new SinkTransformers(Map.of());
  }
}
