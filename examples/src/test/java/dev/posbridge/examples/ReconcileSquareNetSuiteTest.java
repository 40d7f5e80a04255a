package dev.posbridge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.reconcile.ReconciliationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcileSquareNetSuiteTest {

  @TempDir Path tmp;

  @Test
  void writesAnHtmlReportOfTheSeededDrift() throws Exception {
    Path html = tmp.resolve("report.html");

    ReconciliationReport report = ReconcileSquareNetSuite.runOnSimulators(html);

    assertThat(report.summary().compared()).isEqualTo(12);
    assertThat(report.summary().discrepancies()).isEqualTo(2);
    assertThat(report.summary().unmapped()).isEqualTo(2);
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("CAP-01", "MUG-01");
  }
}
