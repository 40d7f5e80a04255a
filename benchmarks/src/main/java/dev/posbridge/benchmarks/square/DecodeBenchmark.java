package dev.posbridge.benchmarks.square;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: one SearchOrders page (100 orders × 5 lines, ~6 KB per order) decoded by posbridge into
 * canonical sales, by the official SDK into its models, and into plain Jackson records. The page
 * is read from the file named by the system property {@code bench.page} (written by the harness
 * from {@link OrderFixtures}), so every fork decodes the same bytes. One operation = one page.
 */
@State(Scope.Benchmark)
public class DecodeBenchmark {

  /** Orders on the page. */
  public static final int ORDERS = 100;

  private byte[] page = new byte[0];

  /** Creates the state (JMH). */
  public DecodeBenchmark() {}

  /**
   * Reads the page and checks the three decoders agree.
   *
   * @throws IOException if the page cannot be read
   */
  @Setup
  public void setup() throws IOException {
    String file = System.getProperty("bench.page");
    page = file != null ? Files.readAllBytes(Path.of(file)) : OrderFixtures.page(ORDERS);
    java.util.List<String> expected = Decoders.digestPlain(Decoders.plain(Decoders.stream(page)));
    Decoders.requireSame("posbridge and plain records", expected,
        Decoders.digestSales(Decoders.posbridge(Decoders.stream(page))));
    Decoders.requireSame("official SDK and plain records", expected, Decoders.digestSdk(Decoders.sdk(page)));
  }

  /**
   * posbridge: bytes → DTOs → canonical sales.
   *
   * @return the sales
   */
  @Benchmark
  public Object posbridge() {
    return Decoders.posbridge(Decoders.stream(page));
  }

  /**
   * The official SDK: bytes → String → its models.
   *
   * @return the response
   */
  @Benchmark
  public Object officialSdk() {
    return Decoders.sdk(page);
  }

  /**
   * Plain Jackson records from the bytes.
   *
   * @return the page
   */
  @Benchmark
  public Object plainRecords() {
    return Decoders.plain(Decoders.stream(page));
  }
}
