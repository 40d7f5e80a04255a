package dev.posbridge.core.auth;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Persists the current OAuth token, so that a rotated refresh token survives a restart.
 *
 * <p>Vendors such as QuickBooks rotate the refresh token on every refresh and invalidate the old
 * one; {@link OAuth2Credentials} therefore saves each new token here before using it.
 * Implementations must be thread-safe and {@link #save(OAuthToken)} must be durable when it
 * returns.
 *
 * <p>Implementers: {@link #inMemory(OAuthToken)}, {@link #file(Path)}; users plug in a database
 * row or a secret manager.
 */
public interface TokenStore {

  /**
   * Loads the current token.
   *
   * @return the token, or {@code null} if none has been stored
   * @throws dev.posbridge.core.PosbridgeException if the store cannot be read
   */
  @Nullable OAuthToken load();

  /**
   * Durably replaces the current token.
   *
   * @param token the new token
   * @throws dev.posbridge.core.PosbridgeException if the token could not be stored
   */
  void save(OAuthToken token);

  /**
   * Returns a store that keeps the token in memory only, for tests and short-lived processes.
   *
   * @param initial the initial token
   * @return a new store
   */
  static TokenStore inMemory(OAuthToken initial) {
    return new InMemoryTokenStore(initial);
  }

  /**
   * Returns a store that keeps the token in a JSON file, replaced atomically on each save and
   * readable by the owner only where the file system supports POSIX permissions.
   *
   * @param file the file; its directory must exist
   * @return a new store
   */
  static TokenStore file(Path file) {
    return new FileTokenStore(file);
  }
}
