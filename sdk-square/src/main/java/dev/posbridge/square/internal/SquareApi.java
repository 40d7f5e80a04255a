package dev.posbridge.square.internal;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.spi.HttpCall;
import dev.posbridge.core.spi.HttpTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Thin layer over the transport for Square calls: builds calls, and turns a 2xx response that
 * still carries {@code errors[]} into the mapped exception. Thread-safe.
 */
public final class SquareApi implements AutoCloseable {

  private final HttpTransport transport;

  /**
   * Wraps a transport.
   *
   * @param transport the transport, configured with {@link SquareErrorMapper}
   */
  public SquareApi(HttpTransport transport) {
    this.transport = transport;
  }

  /**
   * Sends a read-only POST (search, batch-retrieve): retried on failures like a GET.
   *
   * @param <T> the response type
   * @param operation Square's operation name
   * @param path the path
   * @param body the request body
   * @param type the response class
   * @return the response
   */
  public <T> T search(String operation, String path, Object body, Class<T> type) {
    return check(operation, transport.execute(
        HttpCall.post(path).operation(operation).jsonBody(body).readOnly().build(), type));
  }

  /**
   * Sends a write with an idempotency key (in the body): retried where safe.
   *
   * @param <T> the response type
   * @param method POST or PUT
   * @param operation Square's operation name
   * @param path the path
   * @param body the request body
   * @param key the idempotency key in the body, or null if the endpoint takes none
   * @param type the response class
   * @return the response
   */
  public <T> T write(
      String method, String operation, String path, Object body, @Nullable String key, Class<T> type) {
    HttpCall.Builder b = HttpCall.builder(method, path).operation(operation).jsonBody(body);
    if (key != null) {
      b.idempotencyKey(key);
    }
    return check(operation, transport.execute(b.build(), type));
  }

  /**
   * Sends a GET.
   *
   * @param <T> the response type
   * @param operation Square's operation name
   * @param path the path
   * @param query query parameters (null values skipped)
   * @param type the response class
   * @return the response
   */
  public <T> T get(String operation, String path, Map<String, @Nullable String> query, Class<T> type) {
    HttpCall.Builder b = HttpCall.get(path).operation(operation);
    query.forEach((k, v) -> {
      if (v != null) {
        b.query(k, v);
      }
    });
    return check(operation, transport.execute(b.build(), type));
  }

  private <T> T check(String operation, T response) {
    List<Dto.SqError> errors = errorsOf(response);
    if (!errors.isEmpty()) {
      throw SquareErrorMapper.map(
          ErrorContext.of(ExternalRefs.SYSTEM, operation).withStatus(200), errors, Duration.ZERO, "");
    }
    return response;
  }

  private static List<Dto.SqError> errorsOf(Object r) {
    List<Dto.SqError> e = r instanceof Dto.SquareResponse x ? x.errors() : null;
    return e == null ? List.of() : e;
  }

  @Override
  public void close() {
    transport.close();
  }
}
