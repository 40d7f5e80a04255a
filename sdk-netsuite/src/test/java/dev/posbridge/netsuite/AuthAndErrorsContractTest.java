package dev.posbridge.netsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.connect.RequestOptions;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.netsuite.internal.TokenBasedAuth;
import dev.posbridge.testing.JournalEntry;
import dev.posbridge.testing.SimFault;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthAndErrorsContractTest extends SimFixture {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static KeyPair rsa;

  private static synchronized KeyPair rsa() throws Exception {
    if (rsa == null) {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      rsa = gen.generateKeyPair();
    }
    return rsa;
  }

  private NetSuiteConnector withAuth(NetSuiteAuth auth) {
    return connector(mappingBuilder().build(), b -> b.credentials(auth));
  }

  private NetSuiteConnector withAuth(dev.posbridge.core.auth.Credentials credentials) {
    return withAuth(NetSuiteAuth.of(credentials));
  }

  private static void assertInvalidLogin(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(AuthenticationException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.vendorCode()).isEqualTo("INVALID_LOGIN");
    });
  }

  @Test
  void tbaSignedRequestsAreAccepted() {
    assertThat(connector.findCatalogItemBySku("MUG-01")).isPresent();
    assertThat(requests("POST", "/services/rest/query/v1/suiteql")).singleElement().satisfies(e ->
        assertThat(e.request().header("Authorization").orElseThrow())
            .contains("oauth_signature_method=\"HMAC-SHA256\"", "oauth_version=\"1.0\"",
                "oauth_consumer_key=\"" + CONSUMER_KEY + "\""));
  }

  @Test
  void aWrongSecretOrRealmIsInvalidLogin() {
    NetSuiteConnector badSecret = withAuth(TokenBasedAuth.builder().accountId("1234567_SB1")
        .consumer(CONSUMER_KEY, "wrong").token(TOKEN_ID, TOKEN_SECRET).clock(clock).build());
    NetSuiteConnector badRealm = withAuth(TokenBasedAuth.builder().accountId("7654321")
        .consumer(CONSUMER_KEY, CONSUMER_SECRET).token(TOKEN_ID, TOKEN_SECRET).clock(clock).build());
    try {
      assertInvalidLogin(() -> badSecret.findCatalogItemBySku("MUG-01"));
      assertInvalidLogin(() -> badRealm.findCatalogItemBySku("MUG-01"));
    } finally {
      badSecret.close();
      badRealm.close();
    }
  }

  @Test
  void aReusedNonceIsInvalidLogin() {
    NetSuiteConnector fixedNonce = withAuth(TokenBasedAuth.builder().accountId("1234567_SB1")
        .consumer(CONSUMER_KEY, CONSUMER_SECRET).token(TOKEN_ID, TOKEN_SECRET).clock(clock)
        .nonceSource(() -> "SameNonce123").build());
    try {
      assertThat(fixedNonce.findCatalogItemBySku("MUG-01")).isPresent();
      assertInvalidLogin(() -> fixedNonce.findCatalogItemBySku("MUG-01"));
    } finally {
      fixedNonce.close();
    }
  }

  @Test
  void aStaleTimestampIsInvalidLogin() {
    NetSuiteConnector stale = withAuth(TokenBasedAuth.builder().accountId("1234567_SB1")
        .consumer(CONSUMER_KEY, CONSUMER_SECRET).token(TOKEN_ID, TOKEN_SECRET)
        .clock(java.time.Clock.fixed(T0.minus(Duration.ofMinutes(10)), java.time.ZoneOffset.UTC)).build());
    try {
      assertInvalidLogin(() -> stale.findCatalogItemBySku("MUG-01"));
    } finally {
      stale.close();
    }
  }

  @Test
  void forbiddenAndServerErrorsMapWithTheVendorCode() {
    sim.faults().inject(SimFault.status(403).on("GET", "/services/rest/record/v1/{type}/{id}"));
    assertThatThrownBy(() -> connector.findCustomerByRef(ExternalRef.of("netsuite", "customer", walkIn)))
        .isInstanceOfSatisfying(ForbiddenException.class,
            e -> assertThat(e.vendorCode()).isEqualTo("INSUFFICIENT_PERMISSION"));

    sim.faults().inject(SimFault.status(500).on("GET", "/services/rest/record/v1/{type}/{id}").times(2));
    assertThat(connector.findCustomerByRef(ExternalRef.of("netsuite", "customer", walkIn))).isPresent();

    NetSuiteConnector few = connector(mappingBuilder().build(), b -> b.retry(fastRetries(3)));
    try {
      sim.faults().inject(SimFault.status(500).on("GET", "/services/rest/record/v1/{type}/{id}").times(3));
      assertThatThrownBy(() -> few.findCustomerByRef(ExternalRef.of("netsuite", "customer", walkIn)))
          .isInstanceOfSatisfying(VendorUnavailableException.class, e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.vendorCode()).isEqualTo("UNEXPECTED_ERROR");
            assertThat(e.isRetryable()).isTrue();
          });
    } finally {
      few.close();
    }
  }

  @Test
  void aServerErrorOnTheUpsertIsRetriedBecauseTheExternalIdMakesItReplaySafe() {
    sim.faults().inject(SimFault.status(502).on("PUT", "/services/rest/record/v1/{type}/{id}"));
    connector.recordSale(sale("ERR-1", "MUG-01", "1"), RequestOptions.none());
    assertThat(sim.count("cashSale")).isEqualTo(1);
  }

  private static NetSuiteAuth m2m(KeyPair keys, String kid) {
    return NetSuiteAuth.clientCredentials("client-1", kid, keys.getPrivate());
  }

  private static Map<String, String> form(JournalEntry e) {
    Map<String, String> out = new HashMap<>();
    for (String p : e.request().bodyString().split("&")) {
      String[] kv = p.split("=", 2);
      out.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  private static JsonNode jwtPart(String jwt, int i) throws Exception {
    return MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]));
  }

  @Test
  void clientCredentialsMintsAPs256AssertionAndCachesTheTokenUntilNearExpiry() throws Exception {
    KeyPair keys = rsa();
    sim.registerCertificate("cert-1", "client-1", keys.getPublic());
    NetSuiteConnector c = withAuth(m2m(keys, "cert-1"));
    try {
      c.findCatalogItemBySku("MUG-01");
      c.findCatalogItemBySku("TEE-01");
      c.findCatalogItemBySku("CAP-01");
      List<JournalEntry> tokens = requests("POST", "/services/rest/auth/oauth2/v1/token");
      assertThat(tokens).hasSize(1);
      Map<String, String> form = form(tokens.get(0));
      assertThat(form).containsEntry("grant_type", "client_credentials")
          .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
      JsonNode header = jwtPart(form.get("client_assertion"), 0);
      JsonNode claims = jwtPart(form.get("client_assertion"), 1);
      assertThat(header.path("alg").asText()).isEqualTo("PS256");
      assertThat(header.path("kid").asText()).isEqualTo("cert-1");
      assertThat(header.path("typ").asText()).isEqualTo("JWT");
      assertThat(claims.path("iss").asText()).isEqualTo("client-1");
      assertThat(claims.path("aud").asText()).isEqualTo(sim.tokenUrl());
      assertThat(claims.path("scope").asText()).isEqualTo("rest_webservices");
      assertThat(claims.path("iat").asLong()).isEqualTo(T0.getEpochSecond());
      assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isBetween(1L, 3600L);
      assertThat(requests("POST", "/services/rest/query/v1/suiteql"))
          .allSatisfy(e -> assertThat(e.request().header("Authorization").orElseThrow()).startsWith("Bearer "));

      clock.advance(Duration.ofMinutes(59).plusSeconds(30));
      c.findCatalogItemBySku("MUG-01");
      assertThat(requests("POST", "/services/rest/auth/oauth2/v1/token")).hasSize(2);
    } finally {
      c.close();
    }
  }

  @Test
  void clientCredentialsWorksWithAnEcKeyAndEs256() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = gen.generateKeyPair();
    sim.registerCertificate("cert-ec", "client-1", keys.getPublic());
    NetSuiteConnector c = withAuth(m2m(keys, "cert-ec"));
    try {
      assertThat(c.findCatalogItemBySku("MUG-01")).isPresent();
      String assertion = form(requests("POST", "/services/rest/auth/oauth2/v1/token").get(0)).get("client_assertion");
      assertThat(jwtPart(assertion, 0).path("alg").asText()).isEqualTo("ES256");
    } finally {
      c.close();
    }
  }

  @Test
  void anAssertionForAnUnknownCertificateIsAnAuthenticationFailure() throws Exception {
    NetSuiteConnector c = withAuth(m2m(rsa(), "unknown"));
    try {
      assertThatThrownBy(() -> c.findCatalogItemBySku("MUG-01")).isInstanceOfSatisfying(AuthenticationException.class,
          e -> assertThat(e.vendorCode()).isEqualTo("invalid_grant"));
    } finally {
      c.close();
    }
  }

  @Test
  void anExpiredBearerTokenIsRenewedAfterA401() throws Exception {
    KeyPair keys = rsa();
    sim.registerCertificate("cert-2", "client-1", keys.getPublic());
    NetSuiteConnector c = withAuth(m2m(keys, "cert-2"));
    try {
      c.findCatalogItemBySku("MUG-01");
      sim.expireAccessTokens();
      assertThat(c.findCatalogItemBySku("MUG-01")).isPresent();
      assertThat(requests("POST", "/services/rest/auth/oauth2/v1/token")).hasSize(2);
    } finally {
      c.close();
    }
  }

  @Test
  void builderValidatesEagerly() {
    assertThatThrownBy(() -> NetSuiteConnector.builder().accountId("1234567").mapping(mappingBuilder().build())
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("credentials");
    assertThatThrownBy(() -> NetSuiteConnector.builder().credentials(tba()).mapping(mappingBuilder().build())
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("accountId");
    assertThatThrownBy(() -> NetSuiteConnector.builder().accountId("1234567").credentials(tba())
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("mapping");
    assertThatThrownBy(() -> NetSuiteAuth.tokenBased("k", " ", "t", "u")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NetSuiteAuth.accessToken("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NetSuiteConnector.builder().apiVersion("2")).isInstanceOf(IllegalArgumentException.class);
    assertThat(NetSuiteAuth.tokenBased("k", "hidden-secret", "t", "u").toString()).doesNotContain("hidden-secret");
    assertThat(connector.apiVersion()).isEqualTo("v1");
    assertThatThrownBy(() -> NetSuiteConnector.builder().accountId("bad id")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> NetSuiteConnector.builder().pageSize(1001)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Instant.now()).isNotNull();
  }

  @Test
  void aSuiteQlAnswerWithoutItemsIsAnInvalidResponse() {
    sim.faults().inject(SimFault.status(200).body(Map.of("count", 0)).on("POST", "/services/rest/query/v1/suiteql"));
    assertThatThrownBy(() -> connector.findCatalogItemBySku("MUG-01"))
        .isInstanceOfSatisfying(dev.posbridge.core.InvalidResponseException.class, e -> {
          assertThat(e.system()).isEqualTo("netsuite");
          assertThat(e.operation()).isEqualTo("FindItemBySku");
        });
  }

  @Test
  void aCustomerRowTheModelRejectsIsAnInvalidResponseNotASkip() {
    sim.seedCustomer("Bad", "Email", "not-an-email", null);
    assertThatThrownBy(() -> connector.findCustomerByEmail("not-an-email"))
        .isInstanceOfSatisfying(dev.posbridge.core.InvalidResponseException.class,
            e -> assertThat(e.operation()).isEqualTo("FindCustomerByEmail"));
  }
}
