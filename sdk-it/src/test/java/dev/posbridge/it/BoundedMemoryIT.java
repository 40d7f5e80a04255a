package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.ResponseTooLargeException;
import dev.posbridge.testing.HostileServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The memory promise, in a JVM that has only 64 MiB of heap: a 50 MB JSON array on a success
 * answer and a 356 KB-ish gzip body that expands to 100 MB end in
 * {@link ResponseTooLargeException} on all four connectors, never in an
 * {@code OutOfMemoryError}. (Before the response limits, every connector died of OOM here.)
 */
class BoundedMemoryIT {

  @Test
  void hugeAndGzipBombAnswersFailTypedInA64MegabyteHeapOnEveryConnector() throws Exception {
    try (HostileServer array = HostileServer.start(); HostileServer bomb = HostileServer.start()) {
      array.respond(HostileServer.huge("{\"items\":[", "{\"id\":\"123456789\",\"n\":1},", "{}]}", 50L << 20,
          false));
      bomb.respond(HostileServer.huge("{\"items\":[{\"note\":\"", "                ", "\"}]}", 100L << 20, true));
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          "-Dorg.slf4j.simpleLogger.logFile=System.err", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          "-Dorg.slf4j.simpleLogger.log.dev.posbridge=warn",
          BoundedMemoryChild.class.getName(), array.url(""), bomb.url(""));
      pb.redirectErrorStream(true);
      Process child = pb.start();
      List<String> lines;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        lines = out.lines().filter(l -> l.matches("[A-Z]+ \\d .*")).toList();
      }
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(lines).hasSize(8).allSatisfy(l -> assertThat(l)
          .endsWith(ResponseTooLargeException.class.getName()));
    }
  }
}
