package dev.posbridge.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A tiny raw-socket HTTP/1.1 server on {@code 127.0.0.1} that answers like a hostile or broken
 * vendor: redirects to another host, impossible statuses, bodies trickled one byte at a time,
 * huge or gzip-bomb bodies, anything a {@link Responder} writes to the socket. Every request is
 * recorded (method, target, headers, body), so a test can prove that a host received nothing.
 *
 * <p>Each connection serves one request and is closed. Thread-safe; close it after the test.
 *
 * <pre>{@code
 * try (HostileServer vendor = HostileServer.start(); HostileServer foreign = HostileServer.start()) {
 *   vendor.respond(HostileServer.redirect(307, foreign.url("/steal")));
 *   // ... call the connector against vendor.url("") ...
 *   assertThat(foreign.requests()).isEmpty();
 * }
 * }</pre>
 */
public final class HostileServer implements AutoCloseable {

  /** Writes one answer to the socket. */
  @FunctionalInterface
  public interface Responder {
    /**
     * Answers a request.
     *
     * @param request the recorded request
     * @param out the socket's output; the connection is closed afterwards
     * @throws IOException if the client went away
     */
    void respond(Request request, OutputStream out) throws IOException;
  }

  /**
   * One received request.
   *
   * @param method the method
   * @param target the request target (path and query)
   * @param headers the headers, names in lower case
   * @param body the body bytes (at most 1 MiB kept)
   */
  @SuppressWarnings("ArrayRecordComponent") // a captured request to inspect, never compared or hashed
  public record Request(String method, String target, Map<String, String> headers, byte[] body) {
    /**
     * Returns the body as UTF-8 text.
     *
     * @return the body
     */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Returns the request line, headers and body as one text, to search for leaked secrets.
     *
     * @return everything the server received
     */
    public String everything() {
      return method + " " + target + "\n" + headers + "\n" + bodyText();
    }
  }

  private final ServerSocket socket;
  private final ExecutorService pool;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Responder responder = json(200, "{}");

  private HostileServer(ServerSocket socket) {
    this.socket = socket;
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "hostile-server");
      t.setDaemon(true);
      return t;
    });
    pool.execute(this::acceptLoop);
  }

  /**
   * Starts a server on an ephemeral port of {@code 127.0.0.1}.
   *
   * @return the running server, answering {@code 200 {}} until told otherwise
   * @throws IOException if no port can be bound
   */
  public static HostileServer start() throws IOException {
    return new HostileServer(new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1})));
  }

  /**
   * Returns an absolute URL on this server.
   *
   * @param path a path starting with {@code /}, or empty
   * @return e.g. {@code http://127.0.0.1:4711/path}
   */
  public String url(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  /**
   * Sets how every following request is answered.
   *
   * @param value the responder
   * @return this server
   */
  public HostileServer respond(Responder value) {
    responder = value;
    return this;
  }

  /**
   * Returns the requests received so far.
   *
   * @return a snapshot, oldest first
   */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * An answer with a JSON body.
   *
   * @param status the status, any three digits
   * @param json the body
   * @return the responder
   */
  public static Responder json(int status, String json) {
    return raw(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An answer with the given headers and body.
   *
   * @param status the status, any three digits
   * @param headers extra headers
   * @param body the body
   * @return the responder
   */
  public static Responder raw(int status, Map<String, String> headers, byte[] body) {
    return (request, out) -> {
      writeHead(out, status, headers, body.length);
      out.write(body);
      out.flush();
    };
  }

  /**
   * A redirect.
   *
   * @param status e.g. 301, 302, 303, 307 or 308
   * @param location the {@code Location} value
   * @return the responder
   */
  public static Responder redirect(int status, String location) {
    return raw(status, Map.of("Location", location), new byte[0]);
  }

  /**
   * A 200 answer whose body arrives one byte every {@code pauseMillis}: never silent long enough
   * for a read timeout, so only a whole-call deadline ends it.
   *
   * @param body the body to trickle
   * @param pauseMillis the pause between bytes
   * @return the responder
   */
  public static Responder trickle(String body, long pauseMillis) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return (request, out) -> {
      writeHead(out, 200, Map.of("Content-Type", "application/json"), bytes.length);
      out.flush();
      for (byte b : bytes) {
        out.write(b);
        out.flush();
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    };
  }

  /**
   * A 200 answer streaming {@code prefix}, then {@code element} repeated until {@code totalBytes},
   * then {@code suffix}, without holding it in memory.
   *
   * @param prefix what opens the document, e.g. an object with an array field, opened
   * @param element one array element followed by a comma
   * @param suffix the last element and what closes the array and the document
   * @param totalBytes the approximate body size
   * @param gzip whether to send it gzip-compressed ({@code Content-Encoding: gzip})
   * @return the responder
   */
  public static Responder huge(String prefix, String element, String suffix, long totalBytes, boolean gzip) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] e = element.getBytes(StandardCharsets.UTF_8);
    byte[] s = suffix.getBytes(StandardCharsets.UTF_8);
    return (request, out) -> {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      headers.put("Transfer-Encoding", "chunked");
      if (gzip) {
        headers.put("Content-Encoding", "gzip");
      }
      writeHead(out, 200, headers, -1);
      OutputStream chunked = new ChunkedOutputStream(out);
      OutputStream body = gzip ? new GZIPOutputStream(chunked, 64 * 1024) : chunked;
      try {
        body.write(p);
        byte[] block = new byte[Math.max(e.length, 64 * 1024 / Math.max(1, e.length) * e.length)];
        for (int i = 0; i + e.length <= block.length; i += e.length) {
          System.arraycopy(e, 0, block, i, e.length);
        }
        long written = p.length;
        while (written < totalBytes) {
          body.write(block);
          written += block.length;
        }
        body.write(s);
        body.close();
      } catch (SocketException ignored) {
        // the client stopped reading: that is the point
      }
    };
  }

  /**
   * Writes a status line and headers.
   *
   * @param out the socket
   * @param status any three digits
   * @param headers the headers
   * @param contentLength the length, or -1 to send none
   * @throws IOException if the client went away
   */
  public static void writeHead(OutputStream out, int status, Map<String, String> headers, long contentLength)
      throws IOException {
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" Hostile\r\n");
    headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    if (contentLength >= 0) {
      sb.append("Content-Length: ").append(contentLength).append("\r\n");
    }
    sb.append("Connection: close\r\n\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        pool.execute(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      Request request = read(in);
      if (request == null) {
        return;
      }
      requests.add(request);
      responder.respond(request, out);
      out.flush();
    } catch (IOException e) {
      // the client hung up
    }
  }

  private static @Nullable Request read(InputStream in) throws IOException {
    String line = readLine(in);
    if (line == null || line.isEmpty()) {
      return null;
    }
    String[] parts = line.split(" ", -1);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    byte[] body = new byte[0];
    String length = headers.get("content-length");
    if (length != null) {
      long n = Long.parseLong(length);
      body = in.readNBytes((int) Math.min(n, 1 << 20));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      for (String size = readLine(in); size != null; size = readLine(in)) {
        int n = Integer.parseInt(size.trim().split(";", -1)[0], 16);
        if (n == 0) {
          readLine(in);
          break;
        }
        byte[] chunk = in.readNBytes(n);
        if (buf.size() < (1 << 20)) {
          buf.write(chunk);
        }
        readLine(in);
      }
      body = buf.toByteArray();
    }
    return new Request(parts[0], parts.length > 1 ? parts[1] : "", headers, body);
  }

  private static @Nullable String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        line.write(c);
      }
      if (line.size() > 64 * 1024) {
        throw new IOException("header line too long");
      }
    }
    if (c < 0 && line.size() == 0) {
      return null;
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** Stops accepting and closes open connections. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    pool.shutdownNow();
  }

  @Override
  public String toString() {
    return "HostileServer[" + url("") + ", " + requests.size() + " requests]";
  }

  /** Writes HTTP/1.1 chunks. */
  private static final class ChunkedOutputStream extends OutputStream {
    private final OutputStream out;

    ChunkedOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(b, off, len);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }

  /**
   * Collects the given values, for tests that assert several servers at once.
   *
   * @param servers the servers
   * @return all their requests
   */
  public static List<Request> allRequests(HostileServer... servers) {
    List<Request> all = new ArrayList<>();
    for (HostileServer s : servers) {
      all.addAll(s.requests());
    }
    return all;
  }
}
