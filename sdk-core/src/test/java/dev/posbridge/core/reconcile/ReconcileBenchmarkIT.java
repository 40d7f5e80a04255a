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
 * Proves the memory bound: 100,000 SKUs × 3 locations across 3 systems reconcile, export and plan
 * a correction in a child JVM limited to {@code -Xmx128m}. Figures go to stdout and
 * {@code target/reconcile-benchmark.txt} for BENCHMARKS.md; nothing here asserts on time.
 */
class ReconcileBenchmarkIT {

  @Test
  void reconcilesOneHundredThousandSkusAcrossThreeSystemsIn128Megabytes() throws IOException,
      InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = Path.of("target", "reconcile-benchmark.txt");
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
            ReconcileBenchmarkMain.class.getName(), "100000", "3", "-")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    p.getOutputStream().close();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
    out.forEach(line -> System.out.println("[reconcile-benchmark] " + line));
    assertThat(done).as("child JVM finished").isTrue();
    assertThat(p.exitValue()).as("child exit code; output: %s", out).isZero();
    assertThat(out).contains("OK");
    assertThat(out).anySatisfy(l -> assertThat(l).startsWith("RESULT compared=300000 "));
  }
}
