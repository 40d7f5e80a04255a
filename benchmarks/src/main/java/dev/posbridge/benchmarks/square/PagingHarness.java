package dev.posbridge.benchmarks.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.benchmarks.ChildJvm;
import dev.posbridge.benchmarks.Figure;
import dev.posbridge.core.connect.SalesQuery;
import dev.posbridge.core.model.Sale;
import dev.posbridge.square.SquareAuth;
import dev.posbridge.square.SquareConnector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Items 2 and 3: paging 10,000 orders (100 pages of 100) from {@link SquareStub} in a separate
 * JVM, and cold start (a fresh JVM per run builds the client and makes the first call).
 */
public final class PagingHarness {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CLIENTS = List.of("posbridge", "sdk", "raw");

  private PagingHarness() {}

  /**
   * Runs both items.
   *
   * @param pages pages of 100 orders
   * @param runs timed runs per client (interleaved, after 3 warm-up runs each)
   * @param coldRuns cold-start runs per client (interleaved)
   * @return the figures
   * @throws Exception on failure, including a failed equivalence check
   */
  public static List<Figure> run(int pages, int runs, int coldRuns) throws Exception {
    try (ChildJvm stub = ChildJvm.start(List.of("-Xmx512m", "-Dsun.net.httpserver.nodelay=true"),
        SquareStub.class, String.valueOf(pages))) {
      String port = stub.await(l -> l.startsWith("PORT ")).substring(5).trim();
      String base = "http://127.0.0.1:" + port;
      OkHttpClient admin = PagingClients.noDelayOkHttp();
      List<PagingClients.Client> clients = new ArrayList<>();
      for (String n : CLIENTS) {
        clients.add(PagingClients.create(n, base));
      }
      try {
        check(admin, base, clients, pages);
        List<Figure> out = new ArrayList<>(paging(clients, runs, pages));
        out.add(heap(base, pages));
        out.addAll(coldStart(base, coldRuns));
        out.addAll(stock(admin, base, runs));
        return out;
      } finally {
        for (PagingClients.Client c : clients) {
          c.close();
        }
        admin.dispatcher().executorService().shutdown();
      }
    }
  }

  /** Same requests (method, path, auth, version, body) and same decoded values, or stop. */
  private static void check(OkHttpClient admin, String base, List<PagingClients.Client> clients, int pages)
      throws IOException {
    List<JsonNode> refRequests = null;
    List<String> refDigest = null;
    String refName = "";
    for (PagingClients.Client c : clients) {
      call(admin, base + "/__reset", true);
      List<String> digest = PagingClients.digestAll(c);
      ArrayNode journal = (ArrayNode) JSON.readTree(call(admin, base + "/__journal", false));
      List<JsonNode> requests = new ArrayList<>();
      journal.forEach(e -> requests.add(withoutNulls(e)));
      if (digest.size() != pages * PagingClients.PAGE || requests.size() != pages) {
        throw new IllegalStateException(c.name() + " read " + digest.size() + " orders in " + requests.size()
            + " requests; expected " + pages * PagingClients.PAGE + " in " + pages + ", stopping");
      }
      if (refRequests == null) {
        refRequests = requests;
        refDigest = digest;
        refName = c.name();
        continue;
      }
      for (int i = 0; i < requests.size(); i++) {
        if (!requests.get(i).equals(refRequests.get(i))) {
          throw new IllegalStateException(c.name() + " and " + refName + " send different requests, stopping: "
              + requests.get(i) + " vs " + refRequests.get(i));
        }
      }
      Decoders.requireSame(c.name() + " and " + refName,
          Objects.requireNonNull(refDigest, "set with refRequests"), digest);
    }
  }

  private static JsonNode withoutNulls(JsonNode n) {
    if (n instanceof ObjectNode o) {
      ObjectNode copy = JSON.createObjectNode();
      o.properties().forEach(e -> {
        if (!e.getValue().isNull()) {
          copy.set(e.getKey(), withoutNulls(e.getValue()));
        }
      });
      return copy;
    }
    if (n instanceof ArrayNode a) {
      ArrayNode copy = JSON.createArrayNode();
      a.forEach(x -> copy.add(withoutNulls(x)));
      return copy;
    }
    return n;
  }

  private static String call(OkHttpClient ok, String url, boolean post) throws IOException {
    Request.Builder b = new Request.Builder().url(url);
    if (post) {
      b.post(RequestBody.create(new byte[0]));
    }
    try (Response r = ok.newCall(b.build()).execute()) {
      return r.body().string();
    }
  }

  private static List<Figure> paging(List<PagingClients.Client> clients, int runs, int pages) {
    int n = clients.size();
    long expected = -1;
    for (int w = 0; w < 3; w++) {
      for (PagingClients.Client c : clients) {
        long sum = c.pageAll(null);
        if (expected >= 0 && sum != expected) {
          throw new IllegalStateException(c.name() + " totals differ, stopping");
        }
        expected = sum;
      }
    }
    List<List<Double>> ms = new ArrayList<>();
    List<List<Double>> cpu = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ms.add(new ArrayList<>());
      cpu.add(new ArrayList<>());
    }
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < runs; r++) {
      for (int k = 0; k < n; k++) {
        int i = (r + k) % n; // rotate who goes first
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        clients.get(i).pageAll(null);
        ms.get(i).add((System.nanoTime() - t0) / 1e6);
        cpu.get(i).add((mx.getCurrentThreadCpuTime() - c0) / 1e6);
      }
    }
    String item = "2 Paging";
    String orders = String.format(java.util.Locale.ROOT, "%,d", pages * PagingClients.PAGE);
    List<Figure> out = new ArrayList<>();
    out.addAll(perClient(item, orders + " orders", ms));
    List<Double> vsRaw = ratios(ms.get(0), ms.get(2));
    List<Double> vsSdk = ratios(ms.get(0), ms.get(1));
    out.add(Figure.target(item, "posbridge time ÷ raw (same round)", "×", vsRaw, "≤ 1.15",
        Figure.median(vsRaw) <= 1.15));
    out.add(Figure.target(item, "posbridge time ÷ official SDK (same round)", "×", vsSdk, "≤ 0.75",
        Figure.median(vsSdk) <= 0.75));
    out.add(Figure.info(item, "client CPU (calling thread): posbridge", "ms", cpu.get(0)));
    out.add(Figure.info(item, "client CPU (calling thread): official SDK", "ms", cpu.get(1)));
    out.add(Figure.info(item, "client CPU (calling thread): raw", "ms", cpu.get(2)));
    out.add(Figure.info(item, "client CPU posbridge ÷ raw (same round)", "×", ratios(cpu.get(0), cpu.get(2))));
    out.add(Figure.info(item, "client CPU posbridge ÷ official SDK (same round)", "×",
        ratios(cpu.get(0), cpu.get(1))));
    return out;
  }

  /**
   * Heap retained while streaming: used heap after a full GC once the first page is consumed, and
   * again after the last, through posbridge's lazy iterator (nothing kept).
   */
  private static Figure heap(String base, int pages) {
    List<Double> growth = new ArrayList<>();
    SalesQuery q = SalesQuery.updatedBetween(OrderFixtures.FROM, OrderFixtures.TO)
        .atLocations(List.of(OrderFixtures.LOCATION)).withPageSize(PagingClients.PAGE);
    try (SquareConnector c = SquareConnector.builder().credentials(SquareAuth.accessToken(PagingClients.TOKEN)).baseUrl(base)
        .apiVersion(PagingClients.VERSION).resolveSkus(false).build()) {
      for (int run = 0; run < 3; run++) {
        Iterator<Sale> it = c.sales(q).iterator();
        long n = 0;
        long first = 0;
        while (it.hasNext()) {
          it.next();
          n++;
          if (n == PagingClients.PAGE) {
            first = usedAfterGc();
          }
        }
        long last = usedAfterGc();
        if (n != (long) pages * PagingClients.PAGE) {
          throw new IllegalStateException("streamed " + n + " orders");
        }
        growth.add((last - first) / 1048576.0);
      }
    }
    double max = growth.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return Figure.target("2 Paging", "heap growth streaming page 1 → " + pages + " (posbridge)", "MB", growth,
        "flat (< 2 MB)", max < 2.0);
  }

  private static long usedAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static List<Figure> coldStart(String base, int runs) throws IOException {
    List<List<Double>> ms = new ArrayList<>();
    List<List<Double>> secondMs = new ArrayList<>();
    for (int i = 0; i < CLIENTS.size(); i++) {
      ms.add(new ArrayList<>());
      secondMs.add(new ArrayList<>());
    }
    for (int r = 0; r < runs + 1; r++) {
      for (int k = 0; k < CLIENTS.size(); k++) {
        int i = (r + k) % CLIENTS.size();
        long t0 = System.nanoTime();
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx256m"), ColdStart.class, CLIENTS.get(i), base)) {
          child.await(l -> l.startsWith("FIRST "));
          double t = (System.nanoTime() - t0) / 1e6;
          double second = Double.parseDouble(child.await(l -> l.startsWith("SECOND ")).substring(7).trim());
          if (r > 0) { // the first round warms the OS file cache
            ms.get(i).add(t);
            secondMs.get(i).add(second);
          }
        }
      }
    }
    String item = "3 Cold start";
    List<Figure> out = new ArrayList<>();
    out.addAll(perClient(item, "JVM start → first page", ms));
    List<Double> vsRaw = ratios(ms.get(0), ms.get(2));
    out.add(Figure.target(item, "posbridge ÷ raw (same round)", "×", vsRaw, "≤ 1.2", Figure.median(vsRaw) <= 1.2));
    out.addAll(perClient(item, "second page on the fresh JVM", secondMs));
    out.add(Figure.info(item, "second page posbridge ÷ raw (same round)", "×", ratios(secondMs.get(0), secondMs.get(2))));
    return out;
  }

  /** 1,000 stock decrements in calls of 100, three clients, same bodies checked first. */
  private static List<Figure> stock(OkHttpClient admin, String base, int runs) throws IOException {
    List<String> names = List.of("posbridge", "sdk", "raw");
    List<StockClients.Client> clients = new ArrayList<>();
    for (String n : names) {
      clients.add(StockClients.create(n, base));
    }
    try {
      List<JsonNode> reference = null;
      for (int i = 0; i < clients.size(); i++) {
        call(admin, base + "/__reset", true);
        int calls = clients.get(i).write("bench-stock");
        ArrayNode journal = (ArrayNode) JSON.readTree(call(admin, base + "/__journal", false));
        List<JsonNode> requests = new ArrayList<>();
        journal.forEach(e -> requests.add(withoutNulls(e)));
        if (calls != StockClients.CHANGES / StockClients.PER_CALL || requests.size() != calls) {
          throw new IllegalStateException(names.get(i) + " made " + calls + " calls, stopping");
        }
        if (reference == null) {
          reference = requests;
        } else if (!reference.equals(requests)) {
          throw new IllegalStateException(names.get(i) + " and posbridge send different stock requests, stopping: "
              + requests.get(0) + " vs " + reference.get(0));
        }
      }
      for (int w = 0; w < 5; w++) {
        for (StockClients.Client c : clients) {
          c.write("warm-" + w);
        }
      }
      List<List<Double>> ms = new ArrayList<>();
      for (int i = 0; i < clients.size(); i++) {
        ms.add(new ArrayList<>());
      }
      for (int r = 0; r < runs; r++) {
        for (int k = 0; k < clients.size(); k++) {
          int i = (r + k) % clients.size();
          long t0 = System.nanoTime();
          clients.get(i).write("run-" + r);
          ms.get(i).add((System.nanoTime() - t0) / 1e6);
        }
      }
      String item = "4 Stock writes";
      List<Figure> out = new ArrayList<>();
      out.addAll(perClient(item, "1,000 decrements, 100 per call", ms));
      List<Double> vsRaw = ratios(ms.get(0), ms.get(2));
      out.add(Figure.target(item, "posbridge time ÷ raw (same round)", "×", vsRaw, "≤ 1.2",
          Figure.median(vsRaw) <= 1.2));
      out.add(Figure.info(item, "posbridge time ÷ official SDK (same round)", "×", ratios(ms.get(0), ms.get(1))));
      return out;
    } finally {
      for (StockClients.Client c : clients) {
        c.close();
      }
    }
  }

  /** The three clients' times, in milliseconds, as figures labelled {@code <label>: <client>}. */
  private static List<Figure> perClient(String item, String label, List<List<Double>> ms) {
    return List.of(Figure.info(item, label + ": posbridge", "ms", ms.get(0)),
        Figure.info(item, label + ": official SDK", "ms", ms.get(1)),
        Figure.info(item, label + ": raw OkHttp + Jackson", "ms", ms.get(2)));
  }

  private static List<Double> ratios(List<Double> a, List<Double> b) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      out.add(a.get(i) / b.get(i));
    }
    return out;
  }
}
