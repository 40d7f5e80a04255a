package dev.posbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HelpersTest {

  private static JsonView json(String s) {
    return JsonView.parse(s);
  }

  @Test
  void fingerprintIgnoresKeyOrderAndNumberFormatButNotArrayOrder() throws Exception {
    String a = JsonFingerprint.of(json("{\"a\":1,\"b\":{\"x\":[1,2],\"y\":\"s\"}}"));
    String b = JsonFingerprint.of(json("{\"b\":{\"y\":\"s\",\"x\":[1.0,2]},\"a\":1}"));
    String c = JsonFingerprint.of(json("{\"b\":{\"y\":\"s\",\"x\":[2,1]},\"a\":1}"));

    assertThat(a).isEqualTo(b).hasSize(64);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void fingerprintExcludesNamedFieldsEverywhereAndPointersExactly() throws Exception {
    JsonView one = json("{\"idempotency_key\":\"1\",\"order\":{\"idempotency_key\":\"x\",\"v\":1}}");
    JsonView two = json("{\"idempotency_key\":\"2\",\"order\":{\"idempotency_key\":\"y\",\"v\":1}}");

    assertThat(JsonFingerprint.of(one, "idempotency_key"))
        .isEqualTo(JsonFingerprint.of(two, "idempotency_key"));
    assertThat(JsonFingerprint.of(one, "/idempotency_key"))
        .isNotEqualTo(JsonFingerprint.of(two, "/idempotency_key"));
    assertThat(JsonFingerprint.canonical(one, "/order/idempotency_key"))
        .isEqualTo("{\"idempotency_key\":\"1\",\"order\":{\"v\":1}}");
  }

  @Test
  void effectCounterReportsCountsTotalsAndDuplicates() {
    EffectCounter effects = new EffectCounter();
    effects.record("receipt", "sale-1");
    effects.record("receipt", "sale-2");
    assertThat(effects.record("receipt", "sale-2")).isEqualTo(2);

    assertThat(effects.count("receipt", "sale-1")).isEqualTo(1);
    assertThat(effects.count("receipt", "nope")).isZero();
    assertThat(effects.total("receipt")).isEqualTo(3);
    assertThat(effects.duplicates("receipt")).containsExactly(Map.entry("sale-2", 2));
    assertThat(effects.duplicates("other")).isEmpty();
  }

  @Test
  void idGeneratorIsDeterministicPerSeedAndVendorShaped() {
    IdGenerator a = new IdGenerator(7);
    IdGenerator b = new IdGenerator(7);

    String upper = a.upperAlnum(22);
    assertThat(upper).isEqualTo(b.upperAlnum(22)).matches("[A-Z0-9]{22}");
    assertThat(a.alnum(12)).isEqualTo(b.alnum(12)).matches("[A-Za-z0-9]{12}");
    assertThat(a.digits(9)).isEqualTo(b.digits(9)).matches("[1-9][0-9]{8}");
    assertThat(a.uuid()).isEqualTo(b.uuid()).satisfies(u -> assertThat(u.version()).isEqualTo(4));
    assertThat(List.of(a.next("Customer"), a.next("Customer"), a.next("Item")))
        .containsExactly(1L, 2L, 1L);

    a.reset();
    assertThat(a.upperAlnum(22)).isEqualTo(upper);
    assertThat(a.next("Customer")).isEqualTo(1L);
    assertThat(new IdGenerator(8).upperAlnum(22)).isNotEqualTo(upper);
  }

  @Test
  void fixedClockMovesOnlyWhenSetOrAdvanced() {
    Instant start = Instant.parse("2025-03-01T12:00:00Z");
    SimClock clock = SimClock.fixed(start);

    assertThat(clock.instant()).isEqualTo(start);
    clock.advance(Duration.ofMinutes(5));
    assertThat(clock.instant()).isEqualTo(start.plusSeconds(300));
    assertThat(clock.withZone(java.time.ZoneId.of("Europe/Paris")).instant())
        .isEqualTo(start.plusSeconds(300));
    clock.set(start);
    assertThat(clock.millis()).isEqualTo(start.toEpochMilli());
    assertThat(clock.ticking()).isFalse();
  }

  @Test
  void systemClockTicksFromWhereItWasSet() {
    SimClock clock = SimClock.system();
    Instant past = Instant.parse("2020-01-01T00:00:00Z");

    clock.set(past);

    assertThat(clock.instant()).isBetween(past, past.plusSeconds(60));
    clock.advance(Duration.ofDays(1));
    assertThat(clock.instant()).isAfter(past.plus(Duration.ofDays(1)).minusMillis(1));
    assertThat(clock.ticking()).isTrue();
  }

  @Test
  void throttleRejectsWhenEmptyAndRefillsWithTheClock() {
    SimClock clock = SimClock.fixed(Instant.EPOCH);
    Throttle throttle = new Throttle(2, 1, clock);

    assertThat(throttle.tryAcquire("t").allowed()).isTrue();
    assertThat(throttle.tryAcquire("t").allowed()).isTrue();
    Throttle.Decision rejected = throttle.tryAcquire("t");
    assertThat(rejected.allowed()).isFalse();
    assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(rejected.retryAfterSeconds()).isEqualTo("1");
    assertThat(throttle.tryAcquire("other").allowed()).isTrue();

    clock.advance(Duration.ofMillis(1500));
    assertThat(throttle.available("t")).isEqualTo(1.5);
    assertThat(throttle.tryAcquire("t", 1.5).allowed()).isTrue();
    assertThat(throttle.tryAcquire("t", 0.5).retryAfter()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void concurrencyLimiterFreesSlotsWhenPermitsClose() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(2);

    Optional<ConcurrencyLimiter.Permit> p1 = limiter.tryEnter("realm");
    Optional<ConcurrencyLimiter.Permit> p2 = limiter.tryEnter("realm");
    assertThat(limiter.tryEnter("realm")).isEmpty();
    assertThat(limiter.tryEnter("other")).isPresent();

    p1.orElseThrow().close();
    p1.orElseThrow().close();
    assertThat(limiter.inFlight("realm")).isEqualTo(1);
    assertThat(limiter.tryEnter("realm")).isPresent();
    assertThat(p2).isPresent();
  }

  @Test
  void simResponseHeadersReplaceCaseInsensitivelyAndAddAppends() {
    SimResponse r = SimResponse.json(201, Map.of("a", 1))
        .header("content-type", "application/vnd+json")
        .addHeader("X-Tag", "1")
        .addHeader("x-tag", "2");

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.firstHeader("Content-Type")).hasValue("application/vnd+json");
    assertThat(r.headers()).containsEntry("X-Tag", List.of("1", "2")).hasSize(2);
    assertThat(r.json().path("a").asInt()).isEqualTo(1);
    assertThat(SimResponse.noContent().hasBody()).isFalse();
    assertThatThrownBy(() -> SimResponse.status(99)).isInstanceOf(IllegalArgumentException.class);
  }

  record Payload(String name, int count) {}

  @Test
  void simRequestBindsJsonAndRejectsMalformedBodiesWith400() {
    SimRequest ok = SimRequest.of("post", "/x?a=1",
        Map.of("Content-Type", List.of("application/json")),
        "{\"name\":\"n\",\"count\":2,\"extra\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    SimRequest bad = SimRequest.of("POST", "/x", Map.of(),
        "{oops".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(ok.method()).isEqualTo("POST");
    assertThat(ok.bodyAs(Payload.class)).isEqualTo(new Payload("n", 2));
    assertThat(ok.header("content-type")).hasValue("application/json");
    assertThat(ok.queryParam("a")).hasValue("1");
    assertThatThrownBy(bad::json).isInstanceOfSatisfying(SimulatorError.class,
        e -> assertThat(e.status()).isEqualTo(400));
  }
}
