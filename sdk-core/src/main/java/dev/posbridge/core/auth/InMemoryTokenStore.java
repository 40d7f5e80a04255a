package dev.posbridge.core.auth;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** Keeps the token in memory. */
final class InMemoryTokenStore implements TokenStore {
  private final AtomicReference<OAuthToken> token;

  InMemoryTokenStore(OAuthToken initial) {
    this.token = new AtomicReference<>(initial);
  }

  @Override
  public @Nullable OAuthToken load() {
    return token.get();
  }

  @Override
  public void save(OAuthToken newToken) {
    token.set(newToken);
  }

  @Override
  public String toString() {
    return "TokenStore.inMemory";
  }
}
