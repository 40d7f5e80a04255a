package dev.posbridge.ops;

import com.sun.net.httpserver.HttpServer;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.SyncPipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline with two sales sinks, its operator page on the JDK HTTP server. */
abstract class OperatorFixture {

  static final String BASE = "/posbridge/operator";

  @TempDir Path dir;
  Outbox outbox;
  SyncPipeline pipeline;
  TestBooks books;
  TestBooks erp;
  SinkActivity activity;
  ReconciliationBoard board;
  OperatorPage page;
  HttpServer server;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    outbox = Outbox.builder().sqlite(dir.resolve("outbox.db")).maxAttempts(2)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build();
    books = new TestBooks("books", "LATTE");
    erp = new TestBooks("erp", "LATTE");
    activity = new SinkActivity();
    pipeline = SyncPipeline.builder().outbox(outbox).salesSink(books).salesSink(erp).listener(activity)
        .idlePoll(Duration.ofMillis(5), Duration.ofMillis(20)).build();
    board = new ReconciliationBoard();
    page = new OperatorPage(new EngineView(pipeline, List.of("books", "erp")), activity, board, Clock.systemUTC());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(BASE, new OperatorHandler(page, BASE));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    pipeline.stop(Duration.ofSeconds(5));
    outbox.close();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, boolean withHeader) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.noBody());
    if (withHeader) {
      b.header(OperatorPage.REPLAY_HEADER, "replay");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One sale of an unmapped SKU dead-letters in both sinks; two good sales wait while stopped. */
  void deadLetterAnUnmappedSale() {
    pipeline.start();
    pipeline.submitSale(TestBooks.sale("S-BAD", "SCONE"));
    TestBooks.await("two dead letters", () -> pipeline.status().dead() == 2);
    pipeline.stop(Duration.ofSeconds(5));
    pipeline.submitSale(TestBooks.sale("S-1", "LATTE"));
    pipeline.submitSale(TestBooks.sale("S-2", "LATTE"));
  }

}
