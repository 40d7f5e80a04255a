package dev.posbridge.core.spi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A successful response as a {@link ResponseHandler} sees it: status, headers and the body as a
 * stream. Valid only during {@link ResponseHandler#handle(HttpResponse)}.
 */
public final class HttpResponse {
  private final int status;
  private final HttpHeaders headers;
  private final CapturingInputStream body;
  private final ObjectMapper mapper;

  HttpResponse(int status, HttpHeaders headers, CapturingInputStream body, ObjectMapper mapper) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.mapper = mapper;
  }

  /** @return the HTTP status */
  public int status() {
    return status;
  }

  /** @return the response headers */
  public HttpHeaders headers() {
    return headers;
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the name, any case
   * @return the value or {@code null}
   */
  public @Nullable String header(String name) {
    return headers.first(name);
  }

  /** @return the body stream; closed by the transport */
  public InputStream body() {
    return body;
  }

  /**
   * Returns a Jackson parser over the body stream, for handlers that stream large arrays.
   *
   * @return a new parser
   * @throws IOException if the parser cannot be created
   */
  public JsonParser parser() throws IOException {
    return mapper.getFactory().createParser(body);
  }

  /**
   * Reads the body as JSON of the given type.
   *
   * @param <T> the value type
   * @param type the Jackson type
   * @return the value
   * @throws IOException if the body is malformed or does not match the type
   * @throws EmptyBodyException if the body is empty
   */
  @SuppressWarnings("TypeParameterUnusedInFormals") // Jackson's JavaType is untyped: the caller names T
  public <T> T readJson(JavaType type) throws IOException {
    try (JsonParser parser = parser()) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new EmptyBodyException();
      }
      T value = mapper.readValue(parser, type);
      if (value == null) {
        throw new EmptyBodyException();
      }
      return value;
    }
  }

  /** @return the transport's mapper */
  public ObjectMapper mapper() {
    return mapper;
  }

  String excerpt() {
    return body.excerpt();
  }

  /** The body was empty where a value was expected. */
  public static final class EmptyBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    EmptyBodyException() {
      super("empty body");
    }
  }
}
