package dev.posbridge.benchmarks.square;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;

/**
 * An OkHttp application interceptor that answers every request with the same SearchOrders page,
 * in process: no socket, no server, so the clients compared differ only in their own work
 * (building the request, the call machinery, reading and mapping the body). It reads the
 * request body as a server would.
 */
public final class PageInterceptor implements Interceptor {
  private static final MediaType JSON = MediaType.get("application/json");
  private final byte[] page;

  /**
   * Creates the interceptor.
   *
   * @param page the response body served for every request
   */
  public PageInterceptor(byte[] page) {
    this.page = page.clone();
  }

  /**
   * An OkHttp client whose every call is answered with the page.
   *
   * @param page the body
   * @return the client
   */
  public static OkHttpClient client(byte[] page) {
    return new OkHttpClient.Builder().addInterceptor(new PageInterceptor(page)).build();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (chain.request().body() != null) {
      chain.request().body().writeTo(new Buffer());
    }
    return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
        .header("Content-Type", "application/json").header("Square-Version", PagingClients.VERSION)
        .body(new PageBody(page)).build();
  }

  /** The page streamed from the shared array (no per-call copy of the whole body). */
  private static final class PageBody extends ResponseBody {
    private final byte[] bytes;

    PageBody(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public MediaType contentType() {
      return JSON;
    }

    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public BufferedSource source() {
      return Okio.buffer(Okio.source(new ByteArrayInputStream(bytes)));
    }
  }
}
