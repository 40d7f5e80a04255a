package dev.posbridge.netsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.auth.AuthRequest;
import dev.posbridge.netsuite.internal.OAuth1Signer;
import dev.posbridge.netsuite.internal.TokenBasedAuth;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NetSuite's token-based authentication test vector (docs/vendors/netsuite.md), computed independently with python3-oauthlib. */
class TokenBasedAuthTest {

  static final String CONSUMER_KEY = "5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e";
  static final String CONSUMER_SECRET = "0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9";
  static final String TOKEN_ID = "1122334455667788990011223344556677889900aabbccddeeff001122334455";
  static final String TOKEN_SECRET = "ffeeddccbbaa00998877665544332211ffeeddccbbaa00998877665544332211";
  static final String NONCE = "Xq3bT9LmP2vR8sYw4KdN";
  static final Instant TIMESTAMP = Instant.ofEpochSecond(1767225600L);
  static final URI URL = URI.create("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/"
      + "inventoryItem/42?fields=itemId,displayName&expandSubResources=true");

  static final String BASE_STRING = "GET&https%3A%2F%2F1234567-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest"
      + "%2Frecord%2Fv1%2FinventoryItem%2F42&expandSubResources%3Dtrue%26fields%3DitemId%252CdisplayName"
      + "%26oauth_consumer_key%3D5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"
      + "%26oauth_nonce%3DXq3bT9LmP2vR8sYw4KdN%26oauth_signature_method%3DHMAC-SHA256"
      + "%26oauth_timestamp%3D1767225600"
      + "%26oauth_token%3D1122334455667788990011223344556677889900aabbccddeeff001122334455"
      + "%26oauth_version%3D1.0";

  static final String HEADER = "OAuth realm=\"1234567_SB1\", "
      + "oauth_consumer_key=\"5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e\", "
      + "oauth_token=\"1122334455667788990011223344556677889900aabbccddeeff001122334455\", "
      + "oauth_signature_method=\"HMAC-SHA256\", oauth_timestamp=\"1767225600\", "
      + "oauth_nonce=\"Xq3bT9LmP2vR8sYw4KdN\", oauth_version=\"1.0\", "
      + "oauth_signature=\"6fXf0%2BSQUiqR83RFSNOunM%2ByOExUhi42xniagrApenk%3D\"";

  static TokenBasedAuth vectorAuth(String accountId) {
    return TokenBasedAuth.builder()
        .accountId(accountId)
        .consumer(CONSUMER_KEY, CONSUMER_SECRET)
        .token(TOKEN_ID, TOKEN_SECRET)
        .nonceSource(() -> NONCE)
        .clock(Clock.fixed(TIMESTAMP, ZoneOffset.UTC))
        .build();
  }

  @Test
  void baseStringMatchesTheSheetsVector() {
    Map<String, String> oauth = new LinkedHashMap<>();
    oauth.put("oauth_consumer_key", CONSUMER_KEY);
    oauth.put("oauth_token", TOKEN_ID);
    oauth.put("oauth_signature_method", "HMAC-SHA256");
    oauth.put("oauth_timestamp", "1767225600");
    oauth.put("oauth_nonce", NONCE);
    oauth.put("oauth_version", "1.0");
    assertThat(OAuth1Signer.baseString("GET", URL, oauth)).isEqualTo(BASE_STRING);
  }

  @Test
  void signatureMatchesTheSheetsVector() {
    assertThat(OAuth1Signer.sign(BASE_STRING, CONSUMER_SECRET, TOKEN_SECRET))
        .isEqualTo("6fXf0+SQUiqR83RFSNOunM+yOExUhi42xniagrApenk=");
  }

  @Test
  void authorizationHeaderMatchesTheSheetsVectorExactly() {
    Map<String, String> headers = vectorAuth("1234567_SB1").headers(new AuthRequest("GET", URL));
    assertThat(headers).containsExactly(Map.entry("Authorization", HEADER));
  }

  @Test
  void realmKeepsTheAccountIdFormEvenWhenGivenTheHostForm() {
    assertThat(vectorAuth("1234567-sb1").realm()).isEqualTo("1234567_SB1");
    assertThat(vectorAuth("1234567-sb1").headers(new AuthRequest("GET", URL)).get("Authorization"))
        .isEqualTo(HEADER);
  }

  @Test
  void queryEncodedByOkHttpSignsTheSameAsTheRawForm() {
    // OkHttp sends ',' in a query value as %2C; the decoded parameter set is the same.
    URI encoded = URI.create("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/"
        + "inventoryItem/42?fields=itemId%2CdisplayName&expandSubResources=true");
    assertThat(vectorAuth("1234567_SB1").headers(new AuthRequest("GET", encoded)).get("Authorization"))
        .isEqualTo(HEADER);
  }

  @Test
  void plusInTheQueryIsASpaceAndAnEncodedPlusStaysAPlus() {
    Map<String, String> oauth = Map.of("oauth_nonce", "abcdef");
    assertThat(OAuth1Signer.baseString("GET", URI.create("https://h/p?q=a+b&r=c%2Bd"), oauth))
        .isEqualTo("GET&https%3A%2F%2Fh%2Fp&oauth_nonce%3Dabcdef%26q%3Da%2520b%26r%3Dc%252Bd");
  }

  @Test
  void baseUriDropsDefaultPortsAndLowercasesSchemeAndHost() {
    assertThat(OAuth1Signer.baseUri(URI.create("HTTPS://Example.COM:443/A/b?x=1")))
        .isEqualTo("https://example.com/A/b");
    assertThat(OAuth1Signer.baseUri(URI.create("http://127.0.0.1:8080/x")))
        .isEqualTo("http://127.0.0.1:8080/x");
  }

  @Test
  void timestampsNeverGoBackwards() {
    java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
        TIMESTAMP);
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    TokenBasedAuth auth = TokenBasedAuth.builder().accountId("1234567").consumer("k", "s").token("t", "u")
        .clock(clock).build();
    auth.headers(new AuthRequest("GET", URL));
    now.set(TIMESTAMP.minusSeconds(30));
    assertThat(auth.headers(new AuthRequest("GET", URL)).get("Authorization"))
        .contains("oauth_timestamp=\"1767225600\"");
  }

  @Test
  void defaultNoncesAreTwentyAlphanumericsAndFresh() {
    TokenBasedAuth auth = TokenBasedAuth.builder().accountId("1234567").consumer("k", "s").token("t", "u").build();
    String a = OAuth1Signer.parseHeader(auth.headers(new AuthRequest("GET", URL)).get("Authorization"))
        .get("oauth_nonce");
    String b = OAuth1Signer.parseHeader(auth.headers(new AuthRequest("GET", URL)).get("Authorization"))
        .get("oauth_nonce");
    assertThat(a).matches("[A-Za-z0-9]{20}").isNotEqualTo(b);
  }

  @Test
  void rejectsAShortNonceAndMissingParts() {
    TokenBasedAuth auth = TokenBasedAuth.builder().accountId("1234567").consumer("k", "s").token("t", "u")
        .nonceSource(() -> "abc").build();
    assertThatThrownBy(() -> auth.headers(new AuthRequest("GET", URL))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> TokenBasedAuth.builder().accountId("1234567").token("t", "u").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumerKey");
    assertThatThrownBy(() -> TokenBasedAuth.builder().accountId("12 34").consumer("k", "s").token("t", "u").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringHidesSecrets() {
    assertThat(vectorAuth("1234567_SB1").toString()).doesNotContain(CONSUMER_SECRET, TOKEN_SECRET, CONSUMER_KEY);
  }
}
