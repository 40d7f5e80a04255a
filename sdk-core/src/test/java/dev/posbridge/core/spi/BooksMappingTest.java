package dev.posbridge.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.model.TenderType;
import java.util.Currency;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class BooksMappingTest {

  /** A vendor mapping with one field of its own, as a vendor module writes one. */
  static final class ShopMapping extends BooksMapping {
    private final Builder values;

    private ShopMapping(Builder values) {
      super(values);
      this.values = values;
    }

    @Nullable String ledger() {
      return idOf("ledger");
    }

    Builder toBuilder() {
      return new Builder(values);
    }

    static final class Builder extends BooksMapping.Builder<Builder> {
      Builder() {}

      private Builder(Builder from) {
        super(from);
      }

      Builder ledger(@Nullable String value) {
        return setId("ledger", value);
      }

      ShopMapping build() {
        return new ShopMapping(new Builder(this));
      }
    }
  }

  @Test
  void sharedAndVendorSettersChainAndReadBack() {
    ShopMapping m = new ShopMapping.Builder().paymentMethod(TenderType.CASH, "1").defaultCustomer("7")
        .chargeItem("9").inventoryAdjustmentAccount("21").taxCode("TAX").nonTaxableTaxCode("NON")
        .homeCurrency(Currency.getInstance("CAD")).ledger("L1").build();
    assertThat(m.paymentMethods()).containsOnly(org.assertj.core.api.Assertions.entry(TenderType.CASH, "1"));
    assertThat(m.defaultCustomer()).isEqualTo("7");
    assertThat(m.chargeItem()).isEqualTo("9");
    assertThat(m.inventoryAdjustmentAccount()).isEqualTo("21");
    assertThat(m.taxCode()).isEqualTo("TAX");
    assertThat(m.nonTaxableTaxCode()).isEqualTo("NON");
    assertThat(m.homeCurrency()).isEqualTo(Currency.getInstance("CAD"));
    assertThat(m.ledger()).isEqualTo("L1");
  }

  @Test
  void defaultsAreNoIdsAndUsd() {
    ShopMapping m = new ShopMapping.Builder().build();
    assertThat(m.paymentMethods()).isEmpty();
    assertThat(m.defaultCustomer()).isNull();
    assertThat(m.taxCode()).isNull();
    assertThat(m.homeCurrency()).isEqualTo(Currency.getInstance("USD"));
  }

  @Test
  void aBuiltMappingDoesNotChangeWithItsBuilderNorItsCopy() {
    ShopMapping.Builder b = new ShopMapping.Builder().paymentMethod(TenderType.CASH, "1").ledger("L1");
    ShopMapping first = b.build();
    b.paymentMethod(TenderType.CARD, "2").ledger("L2");
    ShopMapping changed = first.toBuilder().chargeItem("9").ledger("L3").build();

    assertThat(first.paymentMethods()).containsOnlyKeys(TenderType.CASH);
    assertThat(first.ledger()).isEqualTo("L1");
    assertThat(first.chargeItem()).isNull();
    assertThat(changed.paymentMethods()).containsOnlyKeys(TenderType.CASH);
    assertThat(changed.ledger()).isEqualTo("L3");
    assertThat(changed.chargeItem()).isEqualTo("9");
    assertThatThrownBy(() -> first.paymentMethods().put(TenderType.CARD, "2"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void settingAnOptionalIdToNullClearsIt() {
    ShopMapping m = new ShopMapping.Builder().chargeItem("9").ledger("L1").chargeItem(null).ledger(null).build();
    assertThat(m.chargeItem()).isNull();
    assertThat(m.ledger()).isNull();
  }

  @Test
  void idsAreTrimmedAndBlankOrNullInputIsRefusedNamingTheSetting() {
    assertThat(new ShopMapping.Builder().defaultCustomer(" 7 ").build().defaultCustomer()).isEqualTo("7");
    assertThatThrownBy(() -> new ShopMapping.Builder().chargeItem(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("chargeItem must not be blank");
    assertThatThrownBy(() -> new ShopMapping.Builder().paymentMethod(TenderType.CASH, ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("paymentMethodId must not be blank");
    assertThatThrownBy(() -> new ShopMapping.Builder().paymentMethod(null, "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("type must not be null");
    assertThatThrownBy(() -> new ShopMapping.Builder().homeCurrency(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("homeCurrency must not be null");
  }
}
