package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.model.TenderType;
import dev.posbridge.netsuite.NetSuiteMapping;
import dev.posbridge.quickbooks.QuickBooksMapping;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The books mappings keep their optional ids in one table keyed by the setter's name
 * (ADR 0029): every id setter of both mappings must be read back by the accessor of the same
 * name, so a misspelt key cannot turn a configured account into a silent {@code null}.
 */
class BooksMappingIdsTest {

  @Test
  void everyQuickBooksIdSetterIsReadBackByItsAccessor() throws Exception {
    QuickBooksMapping.Builder builder = QuickBooksMapping.builder().defaultDepositAccount("35")
        .defaultPaymentMethod("pm-default");
    List<String> checked = roundTrip(builder, QuickBooksMapping.class,
        b -> ((QuickBooksMapping.Builder) b).build());
    assertThat(builder.build().paymentMethodFor(TenderType.CASH)).isEqualTo("pm-default");
    assertThat(checked).contains("txnTaxCode", "discountAccount",
        "refundItem", "defaultCustomer", "chargeItem", "inventoryAdjustmentAccount", "taxCode",
        "nonTaxableTaxCode");
  }

  @Test
  void everyNetSuiteIdSetterIsReadBackByItsAccessor() throws Exception {
    List<String> checked = roundTrip(NetSuiteMapping.builder(), NetSuiteMapping.class,
        b -> ((NetSuiteMapping.Builder) b).build());
    assertThat(checked).contains("defaultLocation", "subsidiary", "department", "classification",
        "salesAccount", "refundAccount", "discountItem", "defaultCustomer", "chargeItem",
        "inventoryAdjustmentAccount", "taxCode", "nonTaxableTaxCode");
  }

  /**
   * Calls every public one-{@code String} setter of the builder with a value of its own, builds,
   * and checks each accessor of the same name returns that value.
   *
   * @return the names checked
   */
  private static List<String> roundTrip(Object builder, Class<?> mapping,
      Function<Object, Object> build) throws Exception {
    List<Method> setters = new ArrayList<>();
    for (Method m : builder.getClass().getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 1
          || m.getParameterTypes()[0] != String.class || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Method accessor = accessor(mapping, m.getName());
      if (accessor != null) {
        m.invoke(builder, "id-" + m.getName());
        setters.add(m);
      }
    }
    Object built = build.apply(builder);
    List<String> checked = new ArrayList<>();
    for (Method setter : setters) {
      Object value = mapping.getMethod(setter.getName()).invoke(built);
      assertThat(value).as(mapping.getSimpleName() + "." + setter.getName() + "()")
          .isEqualTo("id-" + setter.getName());
      checked.add(setter.getName());
    }
    return checked;
  }

  private static Method accessor(Class<?> mapping, String name) {
    try {
      Method m = mapping.getMethod(name);
      return m.getReturnType() == String.class ? m : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
