package dev.posbridge.core.spi;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Turns a successful (2xx) response into a value. The body is a stream; read it with
 * {@link HttpResponse#readJson(com.fasterxml.jackson.databind.JavaType)} or
 * {@link HttpResponse#parser()} and never copy it into a String first.
 *
 * <p>Jackson failures thrown from here become {@link dev.posbridge.core.InvalidResponseException}
 * with a body excerpt; other I/O failures count as a connection lost mid-response.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ResponseHandler<T extends @Nullable Object> {

  /**
   * Handles one response.
   *
   * @param response status, headers and streamed body
   * @return the value
   * @throws IOException if reading or parsing the body failed
   */
  T handle(HttpResponse response) throws IOException;
}
