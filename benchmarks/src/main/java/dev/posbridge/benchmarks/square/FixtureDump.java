package dev.posbridge.benchmarks.square;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the fixture page to a file, to look at. */
public final class FixtureDump {
  private FixtureDump() {}

  /**
   * Writes the page.
   *
   * @param args the file
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    byte[] page = OrderFixtures.page(100);
    Files.write(Path.of(args[0]), page);
    System.out.println(page.length + " bytes, " + page.length / 100 + " per order");
  }
}
