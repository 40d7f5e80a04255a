package dev.posbridge.core.spi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails once more than a given number of bytes has been read, so that a response body (counted
 * after OkHttp's transparent gzip decompression) never costs more than the limit.
 */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      count(skipped);
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) throws LimitExceededException {
    count += n;
    if (count > limit) {
      throw new LimitExceededException(limit);
    }
  }

  /** The body exceeded the limit; an {@link IOException} so that parsers pass it through. */
  static final class LimitExceededException extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceededException(long limit) {
      super("Response body exceeds " + limit + " bytes");
    }
  }
}
