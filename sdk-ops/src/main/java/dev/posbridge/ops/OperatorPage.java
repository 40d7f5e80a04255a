package dev.posbridge.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The operator's page: one self-contained HTML document (no external script, style or font) that
 * shows the sync engine's backlog and lag per sink, paused and failing sinks, the dead letters
 * with their errors and a replay button each, and the latest stock (and, when recorded, sales)
 * reconciliations; and the same facts as JSON.
 *
 * <p>The replay button posts to {@code <basePath>/dead-letters/<id>/replay} with the header
 * {@value #REPLAY_HEADER}: {@code replay}, which a cross-site form cannot send. Serve the page
 * behind your application's authentication: it lists what failed and lets the reader replay it.
 */
public final class OperatorPage {

  /** The header the replay button sends; handlers refuse a replay without it. */
  public static final String REPLAY_HEADER = "X-Posbridge-Operator";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEAD_LETTERS = 200;

  private final EngineView engine;
  private final SinkActivity activity;
  private final ReconciliationBoard board;
  private final Clock clock;

  /**
   * Creates the page.
   *
   * @param engine the engine's state
   * @param activity the sinks' recent deliveries
   * @param board the latest reconciliations
   * @param clock the clock for the page's time stamp
   */
  public OperatorPage(EngineView engine, SinkActivity activity, ReconciliationBoard board, Clock clock) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.activity = Objects.requireNonNull(activity, "activity");
    this.board = Objects.requireNonNull(board, "board");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns the engine's view this page reads.
   *
   * @return the view
   */
  public EngineView engine() {
    return engine;
  }

  /**
   * Renders the HTML page.
   *
   * @param basePath the path the page is served at, e.g. {@code /posbridge/operator}; the replay
   *     button posts under it
   * @return the HTML document
   */
  public String html(String basePath) {
    EngineView.Totals totals = engine.totals();
    List<SinkState> sinks = engine.sinks();
    List<FailedDelivery> dead = engine.deadLetters(MAX_DEAD_LETTERS);
    EngineHealth health = engine.health();
    StringBuilder h = new StringBuilder(8_192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>posbridge — operator</title><style>")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d2330}")
        .append("h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}")
        .append("table{border-collapse:collapse;min-width:40rem}th,td{padding:.3rem .6rem;border-bottom:1px solid #dde;text-align:left}")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}")
        .append(".bad{color:#a40000;font-weight:600}.ok{color:#0b6b2b;font-weight:600}.warn{color:#8a5a00}")
        .append(".cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #dde;border-radius:6px;padding:.6rem 1rem}")
        .append(".card b{display:block;font-size:1.4rem}button{cursor:pointer}")
        .append("</style></head><body>\n");
    h.append("<h1>posbridge sync engine</h1>\n<p>As of <time id=\"as-of\">")
        .append(esc(clock.instant().toString())).append("</time>. Engine: ")
        .append(health.up() ? "<span class=\"ok\" id=\"engine-state\">running</span>"
            : "<span class=\"bad\" id=\"engine-state\">" + esc(health.detail()) + "</span>")
        .append("</p>\n");
    h.append("<div class=\"cards\" id=\"totals\" data-backlog=\"").append(totals.backlog())
        .append("\" data-dead=\"").append(totals.deadLetters()).append("\">")
        .append(card("Backlog", String.valueOf(totals.backlog())))
        .append(card("In flight", String.valueOf(totals.inFlight())))
        .append(card("Dead letters", String.valueOf(totals.deadLetters())))
        .append(card("Delivered (retained)", String.valueOf(totals.delivered())))
        .append(card("Oldest wait", duration(totals.oldestWait())))
        .append("</div>\n");

    h.append("<h2>Sinks</h2>\n<table id=\"sinks\"><thead><tr><th>Sink</th><th>Backlog</th><th>In flight</th>")
        .append("<th>Lag</th><th>Dead letters</th><th>State</th><th>Last error</th></tr></thead><tbody>\n");
    for (SinkState s : sinks) {
      SinkActivity.Snapshot a = activity.of(s.sink());
      String state = s.paused() ? "<span class=\"warn\">paused: " + esc(Objects.requireNonNullElse(s.pauseReason(), "")) + "</span>"
          : a.failing() ? "<span class=\"bad\">failing (" + a.consecutiveFailures() + " failed calls in a row)</span>"
          : "<span class=\"ok\">delivering</span>";
      h.append("<tr data-sink=\"").append(esc(s.sink())).append("\" data-backlog=\"").append(s.backlog())
          .append("\" data-lag-ms=\"").append(s.lag().toMillis()).append("\" data-dead=\"").append(s.deadLetters())
          .append("\" data-paused=\"").append(s.paused()).append("\"><td>").append(esc(s.sink()))
          .append("</td><td class=\"n\">").append(s.backlog()).append("</td><td class=\"n\">").append(s.inFlight())
          .append("</td><td class=\"n\">").append(duration(s.lag())).append("</td><td class=\"n\">")
          .append(s.deadLetters()).append("</td><td>").append(state).append("</td><td>")
          .append(esc(a.failing() ? a.lastError() : "")).append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");

    h.append("<h2>Dead letters</h2>\n");
    if (dead.isEmpty()) {
      h.append("<p id=\"no-dead-letters\">None: every delivery went through or is still being tried.</p>\n");
    } else {
      h.append("<p>Fix the cause (e.g. map the SKU in the IdMap), then replay. A replayed delivery is sent")
          .append(" again under its original idempotency key, so it is applied at most once.</p>\n")
          .append("<table id=\"dead-letters\"><thead><tr><th>Id</th><th>Sink</th><th>Action</th><th>From</th>")
          .append("<th>Code</th><th>Error</th><th>Attempts</th><th>Failed at</th><th></th></tr></thead><tbody>\n");
      for (FailedDelivery d : dead) {
        h.append("<tr data-dead-letter=\"").append(d.id()).append("\" data-sink=\"").append(esc(d.sink()))
            .append("\"><td class=\"n\">").append(d.id()).append("</td><td>").append(esc(d.sink()))
            .append("</td><td>").append(esc(d.action())).append("</td><td>").append(esc(d.sourceRef()))
            .append("</td><td>").append(esc(d.errorCode())).append("</td><td>").append(esc(d.error()))
            .append("</td><td class=\"n\">").append(d.attempts()).append("</td><td>")
            .append(esc(d.failedAt().toString())).append("</td><td><button type=\"button\" data-replay-url=\"")
            .append(esc(basePath + "/dead-letters/" + d.id() + "/replay")).append("\">Replay</button></td></tr>\n");
      }
      h.append("</tbody></table>\n");
    }

    h.append("<h2>Reconciliations</h2>\n");
    Map<String, ReportSummary> reports = board.latest();
    if (reports.isEmpty()) {
      h.append("<p id=\"no-reconciliation\">No reconciliation has run yet.</p>\n");
    } else {
      h.append("<table id=\"reconciliations\"><thead><tr><th>Kind</th><th>When</th><th>Systems</th>")
          .append("<th>Compared</th><th>Discrepancies</th><th>Rate</th><th>Off by</th><th></th></tr></thead><tbody>\n");
      for (ReportSummary r : reports.values()) {
        h.append("<tr data-report=\"").append(esc(r.kind())).append("\" data-compared=\"").append(r.compared())
            .append("\" data-discrepancies=\"").append(r.discrepancies()).append("\"><td>").append(esc(r.kind()))
            .append("</td><td>").append(esc(r.generatedAt().toString())).append("</td><td>")
            .append(esc(String.join(", ", r.systems()))).append("</td><td class=\"n\">").append(r.compared())
            .append("</td><td class=\"n\">").append(r.discrepancies()).append("</td><td class=\"n\">")
            .append(String.format(Locale.ROOT, "%.2f %%", r.discrepancyRate() * 100)).append("</td><td class=\"n\">")
            .append(esc(r.unitsOff().toPlainString())).append("</td><td>")
            .append(r.kind().equals("stock") && board.lastStockReport().isPresent()
                ? "<a id=\"stock-report\" href=\"" + esc(basePath + "/reports/stock.html") + "\">full report</a>" : "")
            .append("</td></tr>\n");
      }
      h.append("</tbody></table>\n");
    }
    h.append("<script>\n")
        .append("(function(){\n")
        .append("  var buttons=document.querySelectorAll('button[data-replay-url]');\n")
        .append("  buttons.forEach(function(b){b.addEventListener('click',function(){\n")
        .append("    b.disabled=true;\n")
        .append("    fetch(b.getAttribute('data-replay-url'),{method:'POST',headers:{'")
        .append(REPLAY_HEADER).append("':'replay'}})\n")
        .append("      .then(function(r){b.textContent=r.ok?'Replayed':'Failed ('+r.status+')';if(r.ok){setTimeout(function(){location.reload();},800);}})\n")
        .append("      .catch(function(){b.textContent='Failed';b.disabled=false;});\n")
        .append("  });});\n")
        .append("  document.body.setAttribute('data-replay-ready',String(buttons.length));\n")
        .append("})();\n</script>\n</body></html>\n");
    return h.toString();
  }

  /**
   * Returns the last stock reconciliation's own HTML report (headline figures, drift chart, worst
   * items), as {@code ReconciliationReport.write(ReportFormat.HTML, …)} writes it.
   *
   * @return the HTML document, if a stock reconciliation was recorded
   */
  public java.util.Optional<String> stockReportHtml() {
    return board.lastStockReport().map(r -> {
      java.io.StringWriter out = new java.io.StringWriter();
      try {
        r.write(dev.posbridge.core.reconcile.ReportFormat.HTML, out);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return out.toString();
    });
  }

  /**
   * Returns the same facts as the page, as JSON.
   *
   * @return the JSON document
   */
  public String json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("asOf", clock.instant().toString());
    EngineHealth health = engine.health();
    root.put("up", health.up());
    root.put("outboxAvailable", health.outboxAvailable());
    root.put("workersAlive", health.workersAlive());
    EngineView.Totals t = engine.totals();
    ObjectNode totals = root.putObject("totals");
    totals.put("backlog", t.backlog());
    totals.put("inFlight", t.inFlight());
    totals.put("deadLetters", t.deadLetters());
    totals.put("delivered", t.delivered());
    totals.put("oldestWaitMillis", t.oldestWait().toMillis());
    ArrayNode sinks = root.putArray("sinks");
    for (SinkState s : engine.sinks()) {
      SinkActivity.Snapshot a = activity.of(s.sink());
      ObjectNode n = sinks.addObject();
      n.put("sink", s.sink());
      n.put("backlog", s.backlog());
      n.put("inFlight", s.inFlight());
      n.put("lagMillis", s.lag().toMillis());
      n.put("deadLetters", s.deadLetters());
      n.put("paused", s.paused());
      n.put("pauseReason", s.pauseReason());
      n.put("failing", a.failing());
      n.put("lastError", a.failing() ? a.lastError() : null);
    }
    ArrayNode dead = root.putArray("deadLetters");
    for (FailedDelivery d : engine.deadLetters(MAX_DEAD_LETTERS)) {
      dead.add(deadLetter(d));
    }
    ObjectNode rec = root.putObject("reconciliations");
    for (ReportSummary r : board.latest().values()) {
      ObjectNode n = rec.putObject(r.kind());
      n.put("generatedAt", r.generatedAt().toString());
      n.put("compared", r.compared());
      n.put("discrepancies", r.discrepancies());
      n.put("discrepancyRate", r.discrepancyRate());
      n.put("unitsOff", r.unitsOff());
    }
    return root.toString();
  }

  /**
   * Renders one dead letter as a JSON object.
   *
   * @param d the dead letter
   * @return the JSON object
   */
  public static ObjectNode deadLetter(FailedDelivery d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", d.id());
    n.put("sink", d.sink());
    n.put("action", d.action());
    n.put("sourceRef", d.sourceRef());
    n.put("errorCode", d.errorCode());
    n.put("error", d.error());
    n.put("attempts", d.attempts());
    n.put("failedAt", d.failedAt().toString());
    return n;
  }

  private static String card(String label, String value) {
    return "<div class=\"card\">" + esc(label) + "<b>" + esc(value) + "</b></div>";
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1_000) {
      return ms + " ms";
    }
    if (ms < 120_000) {
      return BigDecimal.valueOf(ms).movePointLeft(3).setScale(1, java.math.RoundingMode.HALF_UP) + " s";
    }
    if (ms < 7_200_000) {
      return (ms / 60_000) + " min";
    }
    return (ms / 3_600_000) + " h";
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
