package dev.posbridge.benchmarks.square;

import java.nio.file.Files;
import java.nio.file.Path;

/** Loops one decoder for a while, for a profiler to look at: args = page file, decoder, seconds. */
public final class DecodeProfile {
  private DecodeProfile() {}

  /**
   * Entry point.
   *
   * @param args page file, decoder (posbridge, sdk, plain), seconds
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    byte[] page = Files.readAllBytes(Path.of(args[0]));
    long end = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
    long n = 0;
    long t0 = System.nanoTime();
    long mark = t0;
    long markN = 0;
    while (System.nanoTime() < end) {
      Object o = switch (args[1]) {
        case "posbridge" -> Decoders.posbridge(Decoders.stream(page));
        case "sdk" -> Decoders.sdk(page);
        case "pbdto" -> Decoders.posbridgeDto(Decoders.stream(page));
        default -> Decoders.plain(Decoders.stream(page));
      };
      if (o == page) {
        System.out.print("");
      }
      n++;
      if (System.nanoTime() - mark > 2_000_000_000L) {
        System.out.printf("%s: %.0f orders/s%n", args[1], (n - markN) * 100 / ((System.nanoTime() - mark) / 1e9));
        mark = System.nanoTime();
        markN = n;
      }
    }
  }
}
