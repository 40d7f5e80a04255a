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

  static {
    // The demo runs at a standard plan's Shopify budget; its tests use a larger plan's budget so the
    // build does not spend minutes waiting for the bucket (see Demo).
    System.setProperty("posbridge.demo.shopifyPlus", "true");
  }

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
    // the later changes add two sales (the exchange's new sale, the CAD sale) and two refunds
    assertThat(r.changesPlayed()).containsExactly("amendment", "void", "refund", "exchange", "foreign-currency sale");
    assertThat(r.salesBooked()).containsEntry("QuickBooks sales receipts", 12 + 2).containsEntry("NetSuite cash sales", 12 + 2);
    assertThat(r.refundsPlayed()).isPositive();
    assertThat(r.salesBooked()).containsEntry("QuickBooks refund receipts", r.refundsPlayed() + 2)
        .containsEntry("NetSuite cash refunds", r.refundsPlayed() + 2);
    assertThat(r.duplicateBookings()).isZero();
    assertThat(r.rateBefore()).isZero();
    assertThat(r.rateAfterSync()).isZero();   // every channel moved with every sale
    assertThat(r.rateAfterCorrection()).isZero();
    assertThat(r.report()).exists();
    assertThat(Files.readString(r.report())).startsWith("<!DOCTYPE html>").contains("store-01", "store-02");
    assertThat(printed).contains("Report: " + r.report());
    // the late upload whose webhook was lost: found missing, booked once by the correction
    assertThat(r.salesMissingFound()).isEqualTo(1);
    assertThat(r.salesBookedByCorrection()).isEqualTo(1);
    assertThat(r.salesDifferencesAtEnd()).isZero();
    assertThat(Files.readString(r.salesReport())).startsWith("<!DOCTYPE html>")
        .contains("id=\"card-differing\"><div class=\"label\">Differ from the books</div><div class=\"value\">0<");
    assertThat(printed).contains("sales correction: 1 missing sale submitted to the engine")
        .contains("Sales report: " + r.salesReport());
  }

  @Test
  void losesNothingWhenNetSuiteIsDownMidRun() {
    Demo.Options options = Demo.Options.parse("--sales", "30", "--skus", "6", "--drift", "0", "--faults", "--quiet",
        "--out", tmp.toString());

    Demo.Result r = Demo.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(r.retries()).isPositive();
    assertThat(r.salesBooked()).containsEntry("QuickBooks sales receipts", 30 + 2).containsEntry("NetSuite cash sales", 30 + 2);
    assertThat(r.duplicateBookings()).isZero();
    assertThat(r.rateAfterSync()).isZero();
    assertThat(r.salesBookedByCorrection()).isEqualTo(1);
    assertThat(r.salesDifferencesAtEnd()).isZero();
  }

  @Test
  void runsPointToPointWithoutTheEngineToo() {
    Demo.Options options = Demo.Options.parse("--sales", "20", "--skus", "6", "--drift", "0", "--point-to-point",
        "--quiet", "--out", tmp.toString());

    Demo.Result r = Demo.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(r.salesBooked()).containsEntry("QuickBooks sales receipts", 20).containsEntry("NetSuite cash sales", 20);
    assertThat(r.duplicateBookings()).isZero();
    assertThat(r.rateAfterSync()).isZero();
    assertThat(r.salesMissingFound()).isZero();
    assertThat(r.changesPlayed()).isEmpty();
    assertThat(r.salesDifferencesAtEnd()).isZero();
  }
}
