package dev.posbridge.benchmarks.square;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a user would hand-write instead of a connector: plain Jackson records of the SearchOrders
 * fields a sale needs (the same fields posbridge's mapper reads), amounts as {@code long} minor
 * units, quantities and times left as strings, no mapping to another model.
 */
public final class PlainOrders {
  private PlainOrders() {}

  /**
   * A mapper for the records: snake_case names, unknown properties ignored.
   *
   * @return a new mapper
   */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** @param orders the orders @param cursor the next cursor */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Page(@Nullable List<Order> orders, @Nullable String cursor) {}

  /** @param amount minor units @param currency ISO code */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Money(long amount, @Nullable String currency) {}

  /** @param name the source name */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Source(@Nullable String name) {}

  /**
   * An order.
   *
   * @param id id
   * @param locationId location
   * @param referenceId reference
   * @param source source
   * @param customerId customer
   * @param ticketName ticket
   * @param state state
   * @param version version
   * @param createdAt created
   * @param updatedAt updated
   * @param closedAt closed
   * @param lineItems lines
   * @param taxes taxes
   * @param discounts discounts
   * @param serviceCharges service charges
   * @param tenders tenders
   * @param metadata metadata
   * @param totalMoney total
   * @param totalTaxMoney tax
   * @param totalDiscountMoney discount
   * @param totalTipMoney tip
   * @param totalServiceChargeMoney service charges
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Order(
      @Nullable String id, @Nullable String locationId, @Nullable String referenceId,
      @Nullable Source source, @Nullable String customerId, @Nullable String ticketName,
      @Nullable String state, @Nullable Integer version, @Nullable String createdAt,
      @Nullable String updatedAt, @Nullable String closedAt, @Nullable List<LineItem> lineItems,
      @Nullable List<Tax> taxes, @Nullable List<Discount> discounts,
      @Nullable List<ServiceCharge> serviceCharges, @Nullable List<Tender> tenders,
      @Nullable Map<String, String> metadata, @Nullable Money totalMoney,
      @Nullable Money totalTaxMoney, @Nullable Money totalDiscountMoney,
      @Nullable Money totalTipMoney, @Nullable Money totalServiceChargeMoney) {}

  /**
   * A line.
   *
   * @param uid uid
   * @param name name
   * @param variationName variation
   * @param quantity quantity
   * @param catalogObjectId variation id
   * @param basePriceMoney unit price
   * @param grossSalesMoney gross
   * @param totalTaxMoney tax
   * @param totalDiscountMoney discount
   * @param totalMoney total
   * @param appliedTaxes taxes
   * @param appliedDiscounts discounts
   * @param modifiers modifiers
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LineItem(
      @Nullable String uid, @Nullable String name, @Nullable String variationName,
      @Nullable String quantity, @Nullable String catalogObjectId, @Nullable Money basePriceMoney,
      @Nullable Money grossSalesMoney, @Nullable Money totalTaxMoney,
      @Nullable Money totalDiscountMoney, @Nullable Money totalMoney,
      @Nullable List<AppliedTax> appliedTaxes, @Nullable List<AppliedDiscount> appliedDiscounts,
      @Nullable List<Modifier> modifiers) {}

  /** @param uid uid @param name name @param quantity quantity @param basePriceMoney price */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Modifier(@Nullable String uid, @Nullable String name, @Nullable String quantity,
      @Nullable Money basePriceMoney) {}

  /** @param taxUid tax @param appliedMoney amount */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AppliedTax(@Nullable String taxUid, @Nullable Money appliedMoney) {}

  /** @param discountUid discount @param appliedMoney amount */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AppliedDiscount(@Nullable String discountUid, @Nullable Money appliedMoney) {}

  /**
   * An order tax.
   *
   * @param uid uid @param name name @param percentage rate @param type type @param scope scope
   * @param catalogObjectId catalog id @param appliedMoney amount
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Tax(@Nullable String uid, @Nullable String name, @Nullable String percentage,
      @Nullable String type, @Nullable String scope, @Nullable String catalogObjectId,
      @Nullable Money appliedMoney) {}

  /**
   * An order discount.
   *
   * @param uid uid @param name name @param percentage rate @param type type @param scope scope
   * @param catalogObjectId catalog id @param appliedMoney amount
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Discount(@Nullable String uid, @Nullable String name, @Nullable String percentage,
      @Nullable String type, @Nullable String scope, @Nullable String catalogObjectId,
      @Nullable Money appliedMoney) {}

  /** @param uid uid @param name name @param amountMoney amount @param appliedMoney applied */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ServiceCharge(@Nullable String uid, @Nullable String name, @Nullable Money amountMoney,
      @Nullable Money appliedMoney) {}

  /**
   * A tender.
   *
   * @param id id @param type type @param amountMoney amount @param tipMoney tip
   * @param cardDetails card @param paymentId payment
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Tender(@Nullable String id, @Nullable String type, @Nullable Money amountMoney,
      @Nullable Money tipMoney, @Nullable CardDetails cardDetails, @Nullable String paymentId) {}

  /** @param status status @param card card */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CardDetails(@Nullable String status, @Nullable Card card) {}

  /** @param cardBrand brand @param last4 last four */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Card(@Nullable String cardBrand,
      @com.fasterxml.jackson.annotation.JsonProperty("last_4") @Nullable String last4) {}
}
