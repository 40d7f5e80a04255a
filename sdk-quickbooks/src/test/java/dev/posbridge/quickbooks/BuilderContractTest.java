package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.http.RateLimiter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BuilderContractTest extends QboFixture {

  @Test
  void eachMissingRequiredSettingIsNamed() {
    QuickBooksAuth auth = QuickBooksAuth.accessToken("token");
    assertThatThrownBy(() -> QuickBooksConnector.builder().mapping(mapping()).credentials(auth).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("realmId");
    assertThatThrownBy(() -> QuickBooksConnector.builder().realmId(REALM).credentials(auth).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("mapping");
    assertThatThrownBy(() -> QuickBooksConnector.builder().realmId(REALM).mapping(mapping()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("credentials");
  }

  @Test
  void aStaticAccessTokenAuthenticates() {
    qbo.close();
    qbo = connector().credentials(QuickBooksAuth.accessToken(sim.issueTokens().accessToken())).build();
    assertThat(qbo.findCatalogItemBySku("MUG-01")).isPresent();
  }

  @Test
  void authenticationNeverShowsItsSecrets() {
    assertThat(QuickBooksAuth.oauth2("app-id", "app-secret-1", TokenStore.file(tokenFile)).toString())
        .contains("app-id").doesNotContain("app-secret-1");
    assertThat(QuickBooksAuth.accessToken("access-token-1").toString()).doesNotContain("access-token-1");
    assertThatThrownBy(() -> QuickBooksAuth.accessToken(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuickBooksAuth.oauth2("id", "", TokenStore.file(tokenFile)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rateLimitsDefaultToQuickBooksDocumentedShares() {
    QuickBooksRateLimits d = QuickBooksRateLimits.defaults();
    assertThat(List.of(d.maxConcurrent(), d.perSecond(), d.perMinute(), d.batchPerMinute()))
        .containsExactly(4, 8, 450, 36);
    assertThat(QuickBooksConnector.builder().limits).isEqualTo(d);
    assertThat(QuickBooksRateLimits.builder().perMinute(100).build().toBuilder().build())
        .isEqualTo(QuickBooksRateLimits.builder().perMinute(100).build());
    assertThatThrownBy(() -> QuickBooksRateLimits.builder().batchPerMinute(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchPerMinute");
  }

  @Test
  void aCustomRateLimiterSeesEveryCall() {
    List<String> operations = new CopyOnWriteArrayList<>();
    RateLimiter counting = operation -> {
      operations.add(operation);
      return (status, headers) -> { };
    };
    qbo.close();
    qbo = connector().rateLimiter(counting).build();
    qbo.findCatalogItemBySku("MUG-01");
    assertThat(operations).containsExactly("Query Item");
  }

  @Test
  void capabilitiesFollowTheImplementedInterfacesAndCannotBeChanged() {
    assertThat(qbo.capabilities()).containsExactlyInAnyOrder(Capability.SALES_SINK, Capability.BOOKED_SALES,
        Capability.INVENTORY, Capability.CUSTOMERS, Capability.CATALOG, Capability.CHANGE_FEED,
        Capability.WEBHOOKS);
    assertThatThrownBy(() -> qbo.capabilities().add(Capability.LOCATIONS))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
