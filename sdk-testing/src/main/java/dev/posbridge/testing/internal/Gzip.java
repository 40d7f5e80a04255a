package dev.posbridge.testing.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Gzip helpers for request bodies. */
public final class Gzip {

  private Gzip() {}

  /**
   * Tells whether bytes start with the gzip magic number.
   *
   * @param bytes the bytes
   * @return whether they look gzipped
   */
  public static boolean isGzipped(byte[] bytes) {
    return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
  }

  /**
   * Inflates gzipped bytes.
   *
   * @param bytes gzipped bytes
   * @return the inflated bytes
   * @throws UncheckedIOException if the data is corrupt
   */
  public static byte[] gunzip(byte[] bytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt gzip body", e);
    }
  }

  /**
   * Compresses bytes.
   *
   * @param bytes plain bytes
   * @return the gzipped bytes
   */
  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
