package dev.posbridge.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthValuesTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void oauthTokenToStringHidesBothTokens() {
    OAuthToken token = new OAuthToken("acc-SECRET", "ref-SECRET", T, T, "payments");
    assertThat(token.toString()).doesNotContain("SECRET").contains("payments");
  }

  @Test
  void oauthTokenExpiresWithinTheSkew() {
    OAuthToken token = new OAuthToken("a", null, T, null, null);
    assertThat(token.isExpired(T.minusSeconds(61), Duration.ofSeconds(60))).isFalse();
    assertThat(token.isExpired(T.minusSeconds(60), Duration.ofSeconds(60))).isTrue();
    assertThat(OAuthToken.of("a").isExpired(T, Duration.ZERO)).isFalse();
  }

  @Test
  void bearerTokenSendsAuthorizationAndHidesTheTokenInToString() {
    BearerToken bearer = BearerToken.of("EAAA-SECRET");
    assertThat(bearer.headers(new AuthRequest("GET", URI.create("https://x/y"))))
        .containsEntry("Authorization", "Bearer EAAA-SECRET");
    assertThat(bearer.toString()).doesNotContain("SECRET");
    assertThatThrownBy(() -> BearerToken.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void authRequestToStringOmitsTheQuery() {
    assertThat(new AuthRequest("GET", URI.create("https://x/y?token=abc")).toString()).isEqualTo("GET https://x/y");
    assertThatThrownBy(() -> new AuthRequest("GET", URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fileTokenStoreSurvivesARestartAndIsOwnerOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token.json");
    OAuthToken token = new OAuthToken("acc", "ref", T, T.plusSeconds(100), "scope-a");

    assertThat(TokenStore.file(file).load()).isNull();
    TokenStore.file(file).save(token);
    TokenStore.file(file).save(token);

    assertThat(TokenStore.file(file).load()).isEqualTo(token);
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file);
    }
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  void inMemoryStoreReturnsTheLastSavedToken() {
    TokenStore store = TokenStore.inMemory(OAuthToken.of("a"));
    store.save(OAuthToken.of("b"));
    assertThat(store.load()).isEqualTo(OAuthToken.of("b"));
  }
}
