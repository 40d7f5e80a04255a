package dev.posbridge.core.internal.reconcile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The building blocks shared by the self-contained HTML report pages (stock and sales): the page
 * frame with its Content-Security-Policy, inline CSS and the sort script, summary cards, and the
 * escaping and number formats. Every table with {@code class="sortable"} sorts when a header is
 * clicked; the first one also applies a sort given in the address, {@code #sort=<column>:<asc|desc>}.
 * The script marks {@code <body data-sort-ready="true">} once it has wired the tables.
 */
public final class HtmlPage {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private HtmlPage() {}

  /**
   * Formats a moment for a page, in UTC to the minute.
   *
   * @param when the moment
   * @return e.g. {@code 2026-12-06 05:14 UTC}
   */
  public static String when(Instant when) {
    return WHEN.format(when);
  }

  /**
   * Opens a page: doctype, head with the policy, title and style, the header and {@code <main>}.
   *
   * @param h the page being built
   * @param title the heading, plain text (escaped here)
   * @param generatedAt when the report was made
   * @param metaHtml the header's second line after the time, already escaped HTML
   */
  public static void start(StringBuilder h, String title, Instant generatedAt, String metaHtml) {
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(title)).append(' ').append(esc(when(generatedAt)))
        .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<header><h1>").append(esc(title)).append("</h1><p class=\"meta\">")
        .append(esc(when(generatedAt))).append(metaHtml).append("</p></header>\n<main>\n");
  }

  /**
   * Closes a page: the footer, the sort script and the document.
   *
   * @param h the page being built
   * @param footerHtml the footer text, already escaped HTML
   */
  public static void end(StringBuilder h, String footerHtml) {
    h.append("</main>\n<footer>").append(footerHtml).append("</footer>\n");
    h.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
  }

  /**
   * Appends one summary card.
   *
   * @param h the page being built
   * @param id the card's id suffix ({@code card-<id>})
   * @param label the label, already escaped HTML
   * @param value the value, already escaped HTML
   * @param tone {@code ""}, {@code "good"}, {@code "warn"} or {@code "bad"}
   */
  public static void card(StringBuilder h, String id, String label, String value, String tone) {
    h.append("<div class=\"card ").append(tone).append("\" id=\"card-").append(id)
        .append("\"><div class=\"label\">").append(label).append("</div><div class=\"value\">")
        .append(value).append("</div></div>\n");
  }

  /**
   * Shortens text to a length, ending it with an ellipsis when cut.
   *
   * @param s the text
   * @param max the longest result
   * @return the text
   */
  public static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  /**
   * Formats a count with thousands separators.
   *
   * @param n the count
   * @return e.g. {@code 12,345}
   */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * Formats a decimal with thousands separators and without trailing zeros.
   *
   * @param n the number
   * @return e.g. {@code 1,234.5}
   */
  public static String units(BigDecimal n) {
    DecimalFormat f = new DecimalFormat("#,##0.##########", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setRoundingMode(RoundingMode.HALF_EVEN);
    return f.format(n);
  }

  /**
   * Formats a rate as a percentage with one decimal.
   *
   * @param rate between 0 and 1
   * @return e.g. {@code 12.5%}
   */
  public static String percent(double rate) {
    return String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  /**
   * Escapes text for HTML element content and quoted attribute values.
   *
   * @param s the text
   * @return the escaped text
   */
  public static String esc(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (r != null) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(r);
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  static final String CSS = """
      :root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--bad:#d64545;\
      --warn:#e8a33d;--good:#3e9e6b;--bar:#4c63b6}
      *{box-sizing:border-box}
      body{margin:0;font:15px/1.45 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;\
      color:var(--ink);background:var(--bg)}
      header{background:#243b53;color:#fff;padding:20px 32px}
      header h1{margin:0;font-size:24px;font-weight:600}
      .meta{margin:4px 0 0;color:#bcccdc}
      main{padding:24px 32px;max-width:1200px}
      h2{font-size:18px;margin:28px 0 10px}
      .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:14px}
      .card{background:var(--card);border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px rgba(0,0,0,.08);\
      border-top:4px solid var(--line)}
      .card .label{color:var(--muted);font-size:13px}
      .card .value{font-size:28px;font-weight:650;margin-top:4px}
      .card.bad{border-top-color:var(--bad)}.card.bad .value{color:var(--bad)}
      .card.warn{border-top-color:var(--warn)}.card.good{border-top-color:var(--good)}
      .chart{background:var(--card);border-radius:10px;padding:8px;max-width:900px}
      .chart .track{fill:#eef0f3}.chart .bar{fill:var(--bar)}.chart .bar.bad{fill:var(--bad)}
      .chart text{font-size:13px;fill:var(--ink)}.chart .val{fill:var(--muted)}
      .scroll{overflow-x:auto;background:var(--card);border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
      table{border-collapse:collapse;width:100%}
      th,td{padding:7px 12px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
      th{background:#f0f4f8;font-weight:600;position:sticky;top:0}
      table.sortable th{cursor:pointer;user-select:none}
      table.sortable th:hover{background:#d9e2ec}
      th[aria-sort=ascending]::after{content:" \\25B2";font-size:11px}
      th[aria-sort=descending]::after{content:" \\25BC";font-size:11px}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      td.drift{font-weight:650}
      td.missing{color:var(--warn);font-style:italic}
      tbody tr:hover{background:#f7f9fb}
      .pill{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;color:#fff}
      .pill.bad{background:var(--bad)}.pill.warn{background:var(--warn)}
      .sor{font-size:11px;background:var(--good);color:#fff;border-radius:6px;padding:0 5px}
      .note,.empty{color:var(--muted)}.empty.good{color:var(--good);font-weight:600}
      footer{color:var(--muted);font-size:12px;padding:8px 32px 32px}
      """;

  static final String SCRIPT = """
      (function () {
        'use strict';
        var tables = document.querySelectorAll('table.sortable');
        Array.prototype.forEach.call(tables, function (table, index) {
          var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
          var value = function (row, i, numeric) {
            var cell = row.cells[i];
            var raw = cell.getAttribute('data-value');
            if (raw === null) { raw = cell.textContent; }
            if (numeric) { var n = parseFloat(raw); return isNaN(n) ? 0 : n; }
            return raw.toLowerCase();
          };
          var sortBy = function (i, dir) {
            var numeric = headers[i].getAttribute('data-type') === 'num';
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            var sign = dir === 'asc' ? 1 : -1;
            rows.sort(function (a, b) {
              var x = value(a, i, numeric), y = value(b, i, numeric);
              return (x < y ? -1 : x > y ? 1 : 0) * sign;
            });
            rows.forEach(function (r) { body.appendChild(r); });
            headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
            headers[i].setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
          };
          headers.forEach(function (th, i) {
            th.tabIndex = 0;
            var toggle = function () {
              sortBy(i, th.getAttribute('aria-sort') === 'descending' ? 'asc' : 'desc');
            };
            th.addEventListener('click', toggle);
            th.addEventListener('keydown', function (e) {
              if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); }
            });
          });
          var m = /^#sort=(\\d+):(asc|desc)$/.exec(window.location.hash);
          if (index === 0 && m && Number(m[1]) < headers.length) { sortBy(Number(m[1]), m[2]); }
        });
        document.body.setAttribute('data-sort-ready', 'true');
      })();
      """;
}
