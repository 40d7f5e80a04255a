package dev.posbridge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

  @TempDir Path tmp;

  @Test
  void booksEverySaleOnceInEachSystemKeepsStockConsistentAndWritesTheReport() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Demo.Options options = Demo.Options.parse("--sales", "12", "--stores", "2", "--skus", "6", "--drift", "0",
        "--out", tmp.toString());

    Demo.Result r;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      r = Demo.run(options, out);
    }

    String printed = buffer.toString(StandardCharsets.UTF_8);
    assertThat(r.salesPlayed()).isEqualTo(12);
    assertThat(r.salesBooked()).containsEntry("QuickBooks sales receipts", 12).containsEntry("NetSuite cash sales", 12);
    assertThat(r.refundsPlayed()).isPositive();
    assertThat(r.salesBooked()).containsEntry("QuickBooks refund receipts", r.refundsPlayed())
        .containsEntry("NetSuite cash refunds", r.refundsPlayed());
    assertThat(r.duplicateBookings()).isZero();
    assertThat(r.rateBefore()).isZero();
    assertThat(r.rateAfterSync()).isZero();   // every channel moved with every sale
    assertThat(r.rateAfterCorrection()).isZero();
    assertThat(r.report()).exists();
    assertThat(Files.readString(r.report())).startsWith("<!DOCTYPE html>").contains("store-01", "store-02");
    assertThat(printed).contains("Report: " + r.report());
  }

  @Test
  void losesNothingWhenNetSuiteIsDownMidRun() {
    Demo.Options options = Demo.Options.parse("--sales", "30", "--skus", "6", "--drift", "0", "--faults", "--quiet",
        "--out", tmp.toString());

    Demo.Result r = Demo.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(r.retries()).isPositive();
    assertThat(r.salesBooked()).containsEntry("QuickBooks sales receipts", 30).containsEntry("NetSuite cash sales", 30);
    assertThat(r.duplicateBookings()).isZero();
    assertThat(r.rateAfterSync()).isZero();
  }

  @Test
  void runsPointToPointWithoutTheEngineToo() {
    Demo.Options options = Demo.Options.parse("--sales", "20", "--skus", "6", "--drift", "0", "--point-to-point",
        "--quiet", "--out", tmp.toString());

    Demo.Result r = Demo.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(r.salesBooked()).containsEntry("QuickBooks sales receipts", 20).containsEntry("NetSuite cash sales", 20);
    assertThat(r.duplicateBookings()).isZero();
    assertThat(r.rateAfterSync()).isZero();
  }
}
