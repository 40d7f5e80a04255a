package dev.posbridge.core.errors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.posbridge.core.CallInterruptedException;
import dev.posbridge.core.LocalException;
import dev.posbridge.core.OutboxException;
import dev.posbridge.core.PosbridgeException;
import dev.posbridge.core.UnbalancedTotalsException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.WebhookRejectedException;
import dev.posbridge.core.auth.TokenStore;
import dev.posbridge.core.http.RetrySettings;
import dev.posbridge.core.spi.HttpCall;
import dev.posbridge.core.spi.HttpTransport;
import dev.posbridge.core.sync.Outbox;
import dev.posbridge.core.sync.OutboxEvent;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Every posbridge exception is either a vendor's failure (with the vendor's context) or a local
 * one (with the local component), never both and never a local failure dressed as a vendor's.
 */
class VendorVsLocalExceptionsTest {

  @TempDir Path dir;

  private static List<Class<?>> publicExceptionsOfTheCorePackage() throws IOException, URISyntaxException {
    Path classes = Path.of(PosbridgeException.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("dev/posbridge/core");
    List<Class<?>> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String simple = f.getFileName().toString().replace(".class", "");
        try {
          Class<?> c = Class.forName("dev.posbridge.core." + simple);
          if (Throwable.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers())) {
            found.add(c);
          }
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
      }
    }
    return found;
  }

  @Test
  void everyPublicExceptionOfTheCorePackageExtendsExactlyOneOfTheTwoRoots() throws Exception {
    List<Class<?>> exceptions = publicExceptionsOfTheCorePackage();
    assertThat(exceptions).contains(OutboxException.class, ValidationException.class,
        CallInterruptedException.class, WebhookRejectedException.class);
    assertThat(Modifier.isAbstract(PosbridgeException.class.getModifiers())).isTrue();
    for (Class<?> c : exceptions) {
      if (c == PosbridgeException.class) {
        continue;
      }
      boolean vendor = VendorException.class.isAssignableFrom(c);
      boolean local = LocalException.class.isAssignableFrom(c);
      assertThat(PosbridgeException.class.isAssignableFrom(c)).as(c + " is a PosbridgeException").isTrue();
      assertThat(vendor ^ local).as(c + " extends exactly one of VendorException and LocalException").isTrue();
    }
    assertThat(UnbalancedTotalsException.class).isAssignableTo(LocalException.class);
    assertThat(VendorUnavailableException.class).isAssignableTo(VendorException.class);
  }

  @Test
  void onlyVendorExceptionsCarryVendorFields() {
    assertThat(Stream.of(PosbridgeException.class.getMethods()).map(m -> m.getName()))
        .doesNotContain("status", "system", "context", "vendorCode", "requestId");
    assertThat(Stream.of(LocalException.class.getMethods()).map(m -> m.getName()))
        .contains("component", "operation").doesNotContain("status", "context", "vendorCode", "requestId");
  }

  @Test
  void aFullDiskUnderTheOutboxSurfacesAsALocalFailureWithoutVendorStatus() {
    SQLiteConfig config = new SQLiteConfig();
    config.setMaxPageCount(40); // SQLite fails writes past 40 pages with SQLITE_FULL, as on a full disk
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + dir.resolve("full.db").toAbsolutePath());
    String payload = "x".repeat(8_000);

    assertThatThrownBy(() -> {
      try (Outbox outbox = Outbox.builder().dataSource(ds).build()) {
        for (int i = 0; i < 1_000; i++) {
          outbox.enqueue(OutboxEvent.of("k" + i, "t", payload));
        }
      }
    }).isInstanceOfSatisfying(OutboxException.class, e -> {
      assertThat(e).isInstanceOf(LocalException.class).isNotInstanceOf(VendorException.class);
      assertThat(e.component()).isEqualTo("outbox");
      assertThat(e.isRetryable()).isTrue();
      assertThat(e.getMessage()).doesNotContain("status=");
    });
  }

  @Test
  void anUnreadableTokenFileIsALocalFailureOfTheTokenStore() throws IOException {
    Path file = dir.resolve("token.json");
    Files.writeString(file, "{not json");

    assertThatThrownBy(() -> TokenStore.file(file).load())
        .isInstanceOfSatisfying(LocalException.class, e -> {
          assertThat(e.component()).isEqualTo("token-store");
          assertThat(e.operation()).isEqualTo("load");
          assertThat(e.isRetryable()).isFalse();
        });
  }

  @Test
  void aWebhookRefusedByTheVerifierIsLocalAndStillNamesTheClaimedSender() {
    WebhookRejectedException e = new WebhookRejectedException(
        WebhookRejectedException.Reason.BAD_SIGNATURE, "mismatch", "square", null);

    assertThat(e).isInstanceOf(LocalException.class);
    assertThat(e.system()).isEqualTo("square");
    assertThat(e.component()).isEqualTo("square-webhook");
    assertThat(e.getMessage()).isEqualTo("BAD_SIGNATURE: mismatch [square-webhook verify]");
  }

  @Test
  void localMessagesAreBoundedAndNameTheComponent() {
    LocalException e = new LocalException("y".repeat(50_000), "outbox", "jdbc", false, null);

    assertThat(e.getMessage()).hasSizeLessThan(1100).endsWith("[outbox jdbc]");
    assertThatThrownBy(() -> new LocalException("m", " ", "op", false, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void vendorErrorsSurfaceAsVendorExceptionsWithTheirContext() {
    WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    try {
      server.stubFor(get("/bad").willReturn(aResponse().withStatus(400).withHeader("X-Request-Id", "r-4")
          .withBody("{\"error\":\"bad\"}")));
      server.stubFor(get("/down").willReturn(aResponse().withStatus(503)));
      HttpTransport t = HttpTransport.builder().system("square").baseUrl(server.baseUrl())
          .requestIdHeader("X-Request-Id").sleeper(d -> { }).retry(RetrySettings.disabled()).build();

      assertThatThrownBy(() -> t.execute(HttpCall.get("/bad").operation("GetBad").build(), Map.class))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e).isInstanceOf(VendorException.class).isNotInstanceOf(LocalException.class);
            assertThat(e.system()).isEqualTo("square");
            assertThat(e.operation()).isEqualTo("GetBad");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.requestId()).isEqualTo("r-4");
            assertThat(e.context().status()).isEqualTo(400);
          });
      assertThatThrownBy(() -> t.execute(HttpCall.get("/down").operation("GetDown").build(), Map.class))
          .isInstanceOfSatisfying(VendorUnavailableException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.system()).isEqualTo("square");
            assertThat(e.isRetryable()).isTrue();
          });
    } finally {
      server.stop();
    }
  }
}
