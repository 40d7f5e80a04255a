package dev.posbridge.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.core.LocalException;
import dev.posbridge.core.spi.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the token in a JSON file. Each save writes a temporary file in the same directory,
 * forces it to disk and moves it over the target atomically, so a crash never leaves a torn file.
 */
final class FileTokenStore implements TokenStore {

  /** The component named in its failures. */
  private static final String COMPONENT = "token-store";
  private static final ObjectMapper MAPPER = Json.create();
  private final Path file;

  FileTokenStore(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public synchronized @Nullable OAuthToken load() {
    try {
      JsonNode node = MAPPER.readTree(file.toFile());
      if (node == null || !node.hasNonNull("access_token")) {
        throw new LocalException("Token file has no access_token", COMPONENT, "load", false, null);
      }
      return new OAuthToken(
          node.get("access_token").asText(),
          text(node, "refresh_token"),
          instant(node, "expires_at"),
          instant(node, "refresh_token_expires_at"),
          text(node, "scope"));
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      return null;
    } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
      throw new LocalException("Token file unreadable", COMPONENT, "load", false, e);
    }
  }

  @Override
  public synchronized void save(OAuthToken token) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("access_token", token.accessToken());
    node.put("refresh_token", token.refreshToken());
    node.put("expires_at", token.expiresAt() == null ? null : token.expiresAt().toString());
    node.put("refresh_token_expires_at",
        token.refreshTokenExpiresAt() == null ? null : token.refreshTokenExpiresAt().toString());
    node.put("scope", token.scope());
    Path dir = file.getParent();
    Path tmp = null;
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      tmp = posix
          ? Files.createTempFile(dir, ".token", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(dir, ".token", ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(channel);
        out.write(MAPPER.writeValueAsBytes(node));
        out.flush();
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new LocalException("Token file could not be written", COMPONENT, "save", false, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: a stray temp file holds no more than the target would
        }
      }
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static @Nullable Instant instant(JsonNode node, String field) {
    String v = text(node, field);
    return v == null ? null : Instant.parse(v);
  }

  @Override
  public String toString() {
    return "TokenStore.file(" + file + ")";
  }
}
