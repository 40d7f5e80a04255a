package dev.posbridge.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves that a sales reconciliation streams: a generated day of 100,000 sales (both the source and
 * the books produced page by page) reconciles and exports, finding exactly the seeded differences,
 * in a child JVM limited to {@code -Xmx64m}. Figures go to stdout and
 * {@code target/sales-reconcile-benchmark.txt}; nothing here asserts on time.
 */
class SalesReconcileBenchmarkIT {

  @Test
  void aDayOfOneHundredThousandSalesReconcilesIn64Megabytes() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = Path.of("target", "sales-reconcile-benchmark.txt");
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
            SalesReconcileBenchmarkMain.class.getName(), "100000")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    p.getOutputStream().close();
    boolean done = p.waitFor(180, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
    out.forEach(line -> System.out.println("[sales-reconcile-benchmark] " + line));
    assertThat(done).as("child JVM finished").isTrue();
    assertThat(p.exitValue()).as("child exit code; output: %s", out).isZero();
    assertThat(out).contains("OK");
    assertThat(out).anySatisfy(l -> assertThat(l).startsWith("RESULT sales=100000 "));
  }
}
