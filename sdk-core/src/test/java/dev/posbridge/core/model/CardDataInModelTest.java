package dev.posbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.posbridge.core.LocalValidationException;
import dev.posbridge.core.ValidationException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every {@code String} component of every record in the model by reflection and checks that
 * a full card number (PAN) cannot survive construction: free text is masked, identifiers are
 * refused with a {@link ValidationException}, and fields with a strict format reject the value.
 * The PAN detector here is independent of the production one (a plain regex and Luhn).
 */
class CardDataInModelTest {

  private static final Currency USD = Currency.getInstance("USD");

  /** Hostile values: PANs in several networks and formats, with expiry and CVV around them. */
  private static final List<String> HOSTILE = List.of(
      "4111111111111111 exp 12/28 cvv 123",
      "card 5555-5555-5555-4444 12/28",
      "3782 822463 10005",
      "6011-1111-1111-1117",
      "gift for 4000056655665556 thanks");

  /** Identifiers: masking them would change what they name, so they are refused. */
  private static final Set<String> IDENTIFIERS = Set.of(
      "ExternalRef.system", "ExternalRef.type", "ExternalRef.id", "ExternalRef.version",
      "SaleLine.lineId", "SaleLine.sku", "RefundLine.originalLineId", "RefundLine.sku",
      "CatalogItem.sku", "CatalogItem.barcode", "StockChange.sku", "StockLevel.sku",
      "ChangeEvent.system", "ChangeEvent.eventId", "Sale.version");

  /** Components with a strict format that a PAN-bearing text cannot meet. */
  private static final Set<String> FORMATTED = Set.of(
      "Address.countryCode", "Tender.cardLastFour", "Customer.email", "Customer.phone");

  /** Valid values for components whose format a plain "x" does not meet. */
  private static final Map<String, Object> VALID = Map.of(
      "ExternalRef.system", "square",
      "Address.countryCode", "US",
      "Tender.cardLastFour", "1234",
      "Customer.email", "a@example.com",
      "Customer.phone", "+1 555 0100");

  private static final Pattern CANDIDATE = Pattern.compile("\\d(?:[ -]?\\d){12,18}");

  static Stream<Arguments> stringComponents() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (Class<?> type : modelRecords()) {
      for (RecordComponent c : type.getRecordComponents()) {
        if (c.getType() == String.class) {
          for (String hostile : HOSTILE) {
            out.add(Arguments.of(type.getSimpleName() + "." + c.getName(), hostile));
          }
        }
      }
    }
    return out.stream();
  }

  @Test
  void theWalkCoversEveryRecordOfTheModel() throws Exception {
    List<String> names = modelRecords().stream().map(Class::getSimpleName).toList();
    assertThat(names).contains("Sale", "SaleLine", "Refund", "RefundLine", "Tender", "Customer",
        "Address", "CatalogItem", "Location", "Discount", "TaxLine", "Charge", "ExternalRef",
        "StockChange", "StockLevel", "ChangeEvent", "Discrepancy");
    long strings = stringComponents().count() / HOSTILE.size();
    assertThat(strings).isGreaterThanOrEqualTo(45);
  }

  @ParameterizedTest(name = "{0} <- {1}")
  @MethodSource("stringComponents")
  void aCardNumberCannotSurviveConstruction(String component, String hostile) throws Exception {
    String recordName = component.substring(0, component.indexOf('.'));
    Class<?> type = modelRecords().stream().filter(c -> c.getSimpleName().equals(recordName))
        .findFirst().orElseThrow();
    Object built;
    try {
      built = build(type, component, hostile);
    } catch (LocalValidationException e) {
      assertThat(IDENTIFIERS).as("only identifiers are refused").contains(component);
      assertNoPan(e.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      assertThat(FORMATTED).as("only strictly formatted fields reject the text").contains(component);
      assertNoPan(e.getMessage());
      return;
    }
    assertThat(IDENTIFIERS).as("identifiers must be refused, not kept").doesNotContain(component);
    assertNoPan(built.toString());
    for (RecordComponent c : type.getRecordComponents()) {
      Object v = c.getAccessor().invoke(built);
      if (v instanceof String s) {
        assertNoPan(s);
      }
    }
  }

  @Test
  void freeTextKeepsItsWordsAndTheVisibleDigits() {
    Sale sale = sampleSale("4111111111111111 exp 12/28 cvv 123");
    assertThat(sale.note()).isEqualTo("411111******1111 exp 12/28 cvv 123");
    assertThat(sale.toString()).doesNotContain("4111111111111111");
    assertThat(sale.toBuilder().build()).isEqualTo(sale);
  }

  @Test
  void aCustomerWhosePhoneOrEmailHoldsACardNumberKeepsOnlyTheMaskedForm() {
    Customer c = Customer.builder().email("4111111111111111@example.com").phone("4111 1111 1111 1111")
        .build();
    assertThat(c.email()).isEqualTo("411111******1111@example.com");
    assertThat(c.phone()).isEqualTo("4111 11** **** 1111");
  }

  @Test
  void anExternalRefWithACardNumberIsRefusedWithATypedException() {
    assertThatThrownBy(() -> ExternalRef.of("square", "order", "4111111111111111 exp 12/28"))
        .isInstanceOf(LocalValidationException.class)
        .satisfies(e -> assertThat(((LocalValidationException) e).fieldErrors())
            .extracting(ValidationException.FieldError::field).containsExactly("id"));
    assertThat(ExternalRef.of("shopify", "order", "gid://shopify/Order/4512345678901").id())
        .endsWith("4512345678901");
  }

  @Test
  void aBareNumericIdIsKeptBecauseVendorsIssueLongNumericIds() {
    // Shopify order ids have 18 digits and one in ten passes the Luhn check (decision 0018).
    assertThat(ExternalRef.of("shopify", "order", "gid://shopify/Order/820982911946154508").id())
        .isEqualTo("gid://shopify/Order/820982911946154508");
    assertThat(new SaleLine("4111111111111111", "4111111111111111", "n", BigDecimal.ONE,
        Money.of("1.00", "USD"), Money.of("1.00", "USD"), List.of(), List.of(), Money.of("1.00", "USD"),
        null).sku()).isEqualTo("4111111111111111");
  }

  private static Sale sampleSale(String note) {
    Money price = Money.of("3.50", "USD");
    return Sale.builder().ref(ExternalRef.of("square", "order", "o1")).channel(Channel.IN_STORE, null)
        .createdAt(Instant.parse("2026-03-02T10:00:00Z")).currency(USD)
        .addLine(SaleLine.of("LATTE", "Latte", BigDecimal.ONE, price))
        .addTender(Tender.of(TenderType.CARD, price)).deriveTotals().note(note).build();
  }

  private static void assertNoPan(String text) {
    Matcher m = CANDIDATE.matcher(text);
    while (m.find()) {
      String digits = m.group().replaceAll("[^0-9]", "");
      for (int len = 13; len <= digits.length(); len++) {
        for (int s = 0; s + len <= digits.length(); s++) {
          String w = digits.substring(s, s + len);
          if (luhn(w) && isHostilePan(w)) {
            fail("a card number survived in: " + text);
          }
        }
      }
    }
  }

  private static boolean isHostilePan(String digits) {
    return Stream.of("4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
        "4000056655665556").anyMatch(digits::equals);
  }

  private static boolean luhn(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  // ----------------------------------------------------------------- generic record construction

  static List<Class<?>> modelRecords() throws IOException, URISyntaxException {
    Path dir = Path.of(Sale.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("dev/posbridge/core/model");
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".class")) {
          continue;
        }
        try {
          Class<?> c = Class.forName("dev.posbridge.core.model." + name.replace(".class", ""));
          if (c.isRecord() && Modifier.isPublic(c.getModifiers())) {
            out.add(c);
          }
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }

  private static Object build(Class<?> type, String hostileComponent, String hostile) throws Exception {
    RecordComponent[] comps = type.getRecordComponents();
    Class<?>[] types = new Class<?>[comps.length];
    Object[] args = new Object[comps.length];
    for (int i = 0; i < comps.length; i++) {
      types[i] = comps[i].getType();
      String key = type.getSimpleName() + "." + comps[i].getName();
      args[i] = key.equals(hostileComponent) ? hostile : sample(key, comps[i].getGenericType());
    }
    Constructor<?> ctor = type.getDeclaredConstructor(types);
    try {
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static Object sample(String key, Type generic) throws Exception {
    if (VALID.containsKey(key)) {
      return VALID.get(key);
    }
    Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
    if (raw == String.class) {
      return "x";
    }
    if (raw == BigDecimal.class) {
      return BigDecimal.ONE;
    }
    if (raw == Money.class) {
      return Money.of("1.00", "USD");
    }
    if (raw == Currency.class) {
      return USD;
    }
    if (raw == Instant.class) {
      return Instant.parse("2026-03-02T10:00:00Z");
    }
    if (raw == ZoneId.class) {
      return ZoneId.of("UTC");
    }
    if (raw == boolean.class) {
      return false;
    }
    if (raw == List.class) {
      return List.of();
    }
    if (raw == ExternalRef.class) {
      return ExternalRef.of("square", "thing", "id-1");
    }
    if (raw == Totals.class) {
      Money z = Money.zero(USD);
      return new Totals(z, z, z, z, z, z);
    }
    if (raw.isEnum()) {
      return raw.getEnumConstants()[0];
    }
    if (raw.isRecord()) {
      return build(raw, "", "");
    }
    throw new IllegalStateException("no sample for " + key + " of " + generic);
  }
}
