package dev.posbridge.core.spi;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes a body through while keeping its first bytes, so that a parse failure can report an
 * excerpt without the body ever being copied whole.
 */
final class CapturingInputStream extends FilterInputStream {
  static final int LIMIT = 2048;
  private final ByteArrayOutputStream prefix = new ByteArrayOutputStream();

  CapturingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0 && prefix.size() < LIMIT) {
      prefix.write(b);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0 && prefix.size() < LIMIT) {
      prefix.write(buf, off, Math.min(n, LIMIT - prefix.size()));
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    int read = read(buf, 0, buf.length);
    return Math.max(read, 0);
  }

  /** Returns the captured prefix, decoded leniently and redacted. */
  String excerpt() {
    return Redactor.text(new String(prefix.toByteArray(), StandardCharsets.UTF_8));
  }
}
