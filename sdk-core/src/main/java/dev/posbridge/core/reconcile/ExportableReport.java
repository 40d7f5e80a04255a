package dev.posbridge.core.reconcile;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A reconciliation report that can be written in every {@link ReportFormat}: the stock
 * {@link ReconciliationReport} and the {@link SalesReconciliationReport}.
 */
public sealed interface ExportableReport permits ReconciliationReport, SalesReconciliationReport {

  /**
   * Writes the report to a writer, which is flushed but not closed.
   *
   * @param format the format
   * @param out the destination
   * @throws IOException if writing fails
   */
  void write(ReportFormat format, Writer out) throws IOException;

  /**
   * Writes the report as UTF-8 to a stream, which is flushed but not closed.
   *
   * @param format the format
   * @param out the destination
   * @throws IOException if writing fails
   */
  default void write(ReportFormat format, OutputStream out) throws IOException {
    write(format, new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
  }

  /**
   * Writes the report as UTF-8 to a file, replacing it.
   *
   * @param format the format
   * @param file the file
   * @throws IOException if writing fails
   */
  default void write(ReportFormat format, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(format, w);
    }
  }
}
