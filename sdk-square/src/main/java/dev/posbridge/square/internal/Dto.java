package dev.posbridge.square.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Square's JSON shapes, as far as the connector reads or writes them. Field names are mapped to
 * snake_case by {@link SquareJson}; absent fields are {@code null} and nulls are not written.
 */
public final class Dto {

  /** A Square response body: may carry {@code errors[]} even with a 2xx status. */
  public interface SquareResponse {
    /**
     * Returns the errors Square reported.
     *
     * @return the errors, or {@code null} if none were sent
     */
    @Nullable List<SqError> errors();
  }

  private Dto() {}

  /** Money in minor units. @param amount minor units @param currency ISO 4217 code */
  public record SqMoney(@Nullable Long amount, @Nullable String currency) {}

  /** One error entry. @param category category @param code code @param detail detail @param field field */
  public record SqError(
      @Nullable String category, @Nullable String code, @Nullable String detail, @Nullable String field) {}

  /**
   * A postal address.
   *
   * @param addressLine1 line 1
   * @param addressLine2 line 2
   * @param locality city
   * @param administrativeDistrictLevel1 state or region
   * @param postalCode postal code
   * @param country ISO country code
   * @param firstName first name
   * @param lastName last name
   */
  public record SqAddress(
      @JsonProperty("address_line_1") @Nullable String addressLine1,
      @JsonProperty("address_line_2") @Nullable String addressLine2,
      @Nullable String locality,
      @JsonProperty("administrative_district_level_1") @Nullable String administrativeDistrictLevel1,
      @Nullable String postalCode,
      @Nullable String country,
      @Nullable String firstName,
      @Nullable String lastName) {}

  /**
   * A location. @param id id @param name name @param address address @param timezone IANA zone
   * @param currency currency @param status ACTIVE or INACTIVE @param businessName business name
   */
  public record SqLocation(
      @Nullable String id, @Nullable String name, @Nullable SqAddress address,
      @Nullable String timezone, @Nullable String currency, @Nullable String status,
      @Nullable String businessName) {}

  /** ListLocations response. @param locations locations @param errors errors */
  public record ListLocationsResponse(@Nullable List<SqLocation> locations, @Nullable List<SqError> errors)
      implements SquareResponse {}

  // ------------------------------------------------------------------ orders

  /** Order source. @param name the source name */
  public record SqSource(@Nullable String name) {}

  /**
   * An applied tax. @param uid uid @param taxUid the order tax's uid @param appliedMoney amount
   */
  public record AppliedTax(@Nullable String uid, @Nullable String taxUid, @Nullable SqMoney appliedMoney) {}

  /**
   * An applied discount. @param uid uid @param discountUid the order discount's uid
   * @param appliedMoney amount
   */
  public record AppliedDiscount(
      @Nullable String uid, @Nullable String discountUid, @Nullable SqMoney appliedMoney) {}

  /**
   * A line modifier. @param uid uid @param name name @param catalogObjectId catalog id
   * @param quantity quantity @param basePriceMoney unit price @param totalPriceMoney total
   */
  public record SqModifier(
      @Nullable String uid, @Nullable String name, @Nullable String catalogObjectId,
      @Nullable String quantity, @Nullable SqMoney basePriceMoney, @Nullable SqMoney totalPriceMoney) {}

  /**
   * An order line item.
   *
   * @param uid uid
   * @param name name
   * @param quantity decimal quantity
   * @param note note
   * @param catalogObjectId item variation id
   * @param variationName variation name
   * @param itemType ITEM, CUSTOM_AMOUNT, GIFT_CARD
   * @param modifiers modifiers
   * @param appliedTaxes applied taxes
   * @param appliedDiscounts applied discounts
   * @param basePriceMoney unit price
   * @param variationTotalPriceMoney base price × quantity
   * @param grossSalesMoney gross incl. modifiers
   * @param totalTaxMoney tax
   * @param totalDiscountMoney discount
   * @param totalMoney total
   */
  public record SqLineItem(
      @Nullable String uid, @Nullable String name, @Nullable String quantity, @Nullable String note,
      @Nullable String catalogObjectId, @Nullable String variationName, @Nullable String itemType,
      @Nullable List<SqModifier> modifiers, @Nullable List<AppliedTax> appliedTaxes,
      @Nullable List<AppliedDiscount> appliedDiscounts, @Nullable SqMoney basePriceMoney,
      @Nullable SqMoney variationTotalPriceMoney, @Nullable SqMoney grossSalesMoney,
      @Nullable SqMoney totalTaxMoney, @Nullable SqMoney totalDiscountMoney,
      @Nullable SqMoney totalMoney) {}

  /**
   * An order tax. @param uid uid @param catalogObjectId catalog id @param name name
   * @param type ADDITIVE or INCLUSIVE @param percentage percent @param scope ORDER or LINE_ITEM
   * @param appliedMoney amount
   */
  public record SqTax(
      @Nullable String uid, @Nullable String catalogObjectId, @Nullable String name,
      @Nullable String type, @Nullable String percentage, @Nullable String scope,
      @Nullable SqMoney appliedMoney) {}

  /**
   * An order discount. @param uid uid @param catalogObjectId catalog id @param name name
   * @param type type @param percentage percent @param amountMoney fixed amount
   * @param appliedMoney amount @param scope scope
   */
  public record SqDiscount(
      @Nullable String uid, @Nullable String catalogObjectId, @Nullable String name,
      @Nullable String type, @Nullable String percentage, @Nullable SqMoney amountMoney,
      @Nullable SqMoney appliedMoney, @Nullable String scope) {}

  /**
   * A service charge. @param uid uid @param name name @param catalogObjectId catalog id
   * @param percentage percent @param amountMoney configured amount @param appliedMoney applied
   * @param totalMoney total incl. tax @param totalTaxMoney tax @param calculationPhase phase
   * @param taxable taxable @param appliedTaxes taxes
   */
  public record SqServiceCharge(
      @Nullable String uid, @Nullable String name, @Nullable String catalogObjectId,
      @Nullable String percentage, @Nullable SqMoney amountMoney, @Nullable SqMoney appliedMoney,
      @Nullable SqMoney totalMoney, @Nullable SqMoney totalTaxMoney,
      @Nullable String calculationPhase, @Nullable Boolean taxable,
      @Nullable List<AppliedTax> appliedTaxes) {}

  /** Cash rounding. @param uid uid @param name name @param amountMoney amount */
  public record SqRounding(@Nullable String uid, @Nullable String name, @Nullable SqMoney amountMoney) {}

  /** A card, brand and last four only. @param cardBrand brand @param last4 last four @param cardType type */
  public record SqCard(
      @Nullable String cardBrand, @JsonProperty("last_4") @Nullable String last4,
      @Nullable String cardType) {}

  /** Card details. @param status status @param card card @param entryMethod entry method */
  public record SqCardDetails(@Nullable String status, @Nullable SqCard card, @Nullable String entryMethod) {}

  /**
   * An order tender. @param id id @param locationId location @param createdAt time
   * @param amountMoney amount incl. tip @param tipMoney tip @param type type
   * @param cardDetails card details @param paymentId payment id @param customerId customer
   */
  public record SqTender(
      @Nullable String id, @Nullable String locationId, @Nullable String createdAt,
      @Nullable SqMoney amountMoney, @Nullable SqMoney tipMoney, @Nullable String type,
      @Nullable SqCardDetails cardDetails, @Nullable String paymentId, @Nullable String customerId) {}

  /**
   * A refund inside an order. @param id id @param tenderId tender @param locationId location
   * @param createdAt time @param reason reason @param amountMoney amount @param status status
   */
  public record SqOrderRefund(
      @Nullable String id, @Nullable String tenderId, @Nullable String locationId,
      @Nullable String createdAt, @Nullable String reason, @Nullable SqMoney amountMoney,
      @Nullable String status) {}

  /**
   * A returned line. @param uid uid @param sourceLineItemUid original line @param name name
   * @param quantity quantity @param catalogObjectId variation id @param basePriceMoney unit price
   * @param grossReturnMoney quantity × unit price @param totalDiscountMoney discounts
   * @param totalTaxMoney tax @param totalMoney total
   */
  public record SqReturnLineItem(
      @Nullable String uid, @Nullable String sourceLineItemUid, @Nullable String name,
      @Nullable String quantity, @Nullable String catalogObjectId, @Nullable SqMoney basePriceMoney,
      @Nullable SqMoney grossReturnMoney, @Nullable SqMoney totalDiscountMoney,
      @Nullable SqMoney totalTaxMoney, @Nullable SqMoney totalMoney) {}

  /**
   * A return. @param uid uid @param sourceOrderId original order @param returnLineItems lines
   */
  public record SqReturn(
      @Nullable String uid, @Nullable String sourceOrderId,
      @Nullable List<SqReturnLineItem> returnLineItems) {}

  /**
   * Money amounts. @param totalMoney total @param taxMoney tax @param discountMoney discount
   * @param tipMoney tip @param serviceChargeMoney service charges
   */
  public record SqMoneyAmounts(
      @Nullable SqMoney totalMoney, @Nullable SqMoney taxMoney, @Nullable SqMoney discountMoney,
      @Nullable SqMoney tipMoney, @Nullable SqMoney serviceChargeMoney) {}

  /**
   * An order.
   *
   * @param id id
   * @param locationId location
   * @param referenceId reference
   * @param source source
   * @param customerId customer
   * @param lineItems lines
   * @param taxes taxes
   * @param discounts discounts
   * @param serviceCharges service charges
   * @param returns returns
   * @param returnAmounts return amounts
   * @param tenders tenders
   * @param refunds refunds
   * @param metadata metadata
   * @param createdAt created
   * @param updatedAt updated
   * @param closedAt closed
   * @param state state
   * @param version version
   * @param totalMoney total
   * @param totalTaxMoney tax
   * @param totalDiscountMoney discount
   * @param totalTipMoney tip
   * @param totalServiceChargeMoney service charges
   * @param ticketName ticket
   * @param roundingAdjustment rounding
   */
  public record SqOrder(
      @Nullable String id, @Nullable String locationId, @Nullable String referenceId,
      @Nullable SqSource source, @Nullable String customerId, @Nullable List<SqLineItem> lineItems,
      @Nullable List<SqTax> taxes, @Nullable List<SqDiscount> discounts,
      @Nullable List<SqServiceCharge> serviceCharges, @Nullable List<SqReturn> returns,
      @Nullable SqMoneyAmounts returnAmounts, @Nullable List<SqTender> tenders,
      @Nullable List<SqOrderRefund> refunds, @Nullable Map<String, String> metadata,
      @Nullable String createdAt, @Nullable String updatedAt, @Nullable String closedAt,
      @Nullable String state, @Nullable Integer version, @Nullable SqMoney totalMoney,
      @Nullable SqMoney totalTaxMoney, @Nullable SqMoney totalDiscountMoney,
      @Nullable SqMoney totalTipMoney, @Nullable SqMoney totalServiceChargeMoney,
      @Nullable String ticketName, @Nullable SqRounding roundingAdjustment) {}

  /** A time range. @param startAt start @param endAt end */
  public record TimeRange(@Nullable String startAt, @Nullable String endAt) {}

  /** Date filter. @param createdAt created @param updatedAt updated @param closedAt closed */
  public record DateTimeFilter(
      @Nullable TimeRange createdAt, @Nullable TimeRange updatedAt, @Nullable TimeRange closedAt) {}

  /** State filter. @param states states */
  public record StateFilter(List<String> states) {}

  /** Order filter. @param stateFilter states @param dateTimeFilter dates */
  public record OrderFilter(@Nullable StateFilter stateFilter, @Nullable DateTimeFilter dateTimeFilter) {}

  /** Order sort. @param sortField field @param sortOrder order */
  public record OrderSort(String sortField, String sortOrder) {}

  /** Order query. @param filter filter @param sort sort */
  public record OrderQuery(@Nullable OrderFilter filter, @Nullable OrderSort sort) {}

  /**
   * SearchOrders request. @param locationIds locations @param cursor cursor @param query query
   * @param limit limit
   */
  public record SearchOrdersRequest(
      List<String> locationIds, @Nullable String cursor, @Nullable OrderQuery query,
      @Nullable Integer limit) {}

  /** BatchRetrieveOrders request. @param locationId location @param orderIds the ids */
  public record BatchRetrieveOrdersRequest(@Nullable String locationId, List<String> orderIds) {}

  /** BatchRetrieveOrders response. @param orders orders @param errors errors */
  public record BatchRetrieveOrdersResponse(@Nullable List<SqOrder> orders, @Nullable List<SqError> errors)
      implements SquareResponse {}

  /**
   * SearchOrders response. @param orders orders @param cursor cursor @param errors errors
   */
  public record SearchOrdersResponse(
      @Nullable List<SqOrder> orders, @Nullable String cursor, @Nullable List<SqError> errors)
      implements SquareResponse {}

  /** CreateOrder request. @param order order @param idempotencyKey key */
  public record CreateOrderRequest(SqOrder order, @Nullable String idempotencyKey) {}

  /** An order response. @param order order @param errors errors */
  public record OrderResponse(@Nullable SqOrder order, @Nullable List<SqError> errors)
      implements SquareResponse {}

  // ------------------------------------------------------------------ payments

  /**
   * External payment details. @param type type @param source source @param sourceId source id
   */
  public record ExternalDetails(@Nullable String type, @Nullable String source, @Nullable String sourceId) {}

  /**
   * CreatePayment request. @param sourceId source @param idempotencyKey key
   * @param amountMoney amount @param tipMoney tip @param orderId order @param locationId location
   * @param customerId customer @param referenceId reference @param note note
   * @param externalDetails external details
   */
  public record CreatePaymentRequest(
      String sourceId, String idempotencyKey, SqMoney amountMoney, @Nullable SqMoney tipMoney,
      @Nullable String orderId, @Nullable String locationId, @Nullable String customerId,
      @Nullable String referenceId, @Nullable String note, @Nullable ExternalDetails externalDetails) {}

  /**
   * A payment. @param id id @param createdAt created @param amountMoney amount
   * @param tipMoney tip @param totalMoney total @param status status @param sourceType source
   * @param cardDetails card @param locationId location @param orderId order
   * @param customerId customer @param refundIds refunds @param versionToken version
   */
  public record SqPayment(
      @Nullable String id, @Nullable String createdAt, @Nullable SqMoney amountMoney,
      @Nullable SqMoney tipMoney, @Nullable SqMoney totalMoney, @Nullable String status,
      @Nullable String sourceType, @Nullable SqCardDetails cardDetails, @Nullable String locationId,
      @Nullable String orderId, @Nullable String customerId, @Nullable List<String> refundIds,
      @Nullable String versionToken) {}

  /** A payment response. @param payment payment @param errors errors */
  public record PaymentResponse(@Nullable SqPayment payment, @Nullable List<SqError> errors)
      implements SquareResponse {}

  /**
   * A payment refund. @param id id @param status status @param locationId location
   * @param amountMoney amount @param paymentId payment @param orderId order @param reason reason
   * @param createdAt created @param updatedAt updated
   */
  public record SqRefund(
      @Nullable String id, @Nullable String status, @Nullable String locationId,
      @Nullable SqMoney amountMoney, @Nullable String paymentId, @Nullable String orderId,
      @Nullable String reason, @Nullable String createdAt, @Nullable String updatedAt) {}

  /** ListPaymentRefunds response. @param refunds refunds @param cursor cursor @param errors errors */
  public record ListRefundsResponse(
      @Nullable List<SqRefund> refunds, @Nullable String cursor, @Nullable List<SqError> errors)
      implements SquareResponse {}

  /**
   * RefundPayment request. @param idempotencyKey key @param amountMoney amount
   * @param paymentId payment @param reason reason
   */
  public record RefundPaymentRequest(
      String idempotencyKey, SqMoney amountMoney, String paymentId, @Nullable String reason) {}

  /** A refund response. @param refund refund @param errors errors */
  public record RefundResponse(@Nullable SqRefund refund, @Nullable List<SqError> errors)
      implements SquareResponse {}

  // ------------------------------------------------------------------ inventory

  /**
   * A physical count. @param id id @param referenceId reference @param catalogObjectId variation
   * @param catalogObjectType type @param state state @param locationId location
   * @param quantity quantity @param occurredAt time
   */
  public record SqPhysicalCount(
      @Nullable String id, @Nullable String referenceId, String catalogObjectId,
      @Nullable String catalogObjectType, String state, String locationId, String quantity,
      Instant occurredAt) {}

  /**
   * An adjustment. Square-Version 2026-08-19 names the location twice ({@code from_location_id},
   * {@code to_location_id}); the older single {@code location_id} is gone from the model.
   *
   * @param id id @param referenceId reference @param fromState from
   * @param toState to @param fromLocationId location before @param toLocationId location after
   * @param catalogObjectId variation
   * @param catalogObjectType type @param quantity quantity @param occurredAt time
   */
  public record SqAdjustment(
      @Nullable String id, @Nullable String referenceId, String fromState, String toState,
      String fromLocationId, String toLocationId, String catalogObjectId, @Nullable String catalogObjectType,
      String quantity, Instant occurredAt) {}

  /** An inventory change. @param type type @param physicalCount count @param adjustment adjustment */
  public record SqInventoryChange(
      String type, @Nullable SqPhysicalCount physicalCount, @Nullable SqAdjustment adjustment) {}

  /**
   * BatchChangeInventory request. @param idempotencyKey key @param changes changes
   * @param ignoreUnchangedCounts flag
   */
  public record BatchChangeInventoryRequest(
      String idempotencyKey, List<SqInventoryChange> changes, @Nullable Boolean ignoreUnchangedCounts) {}

  /**
   * An inventory count. @param catalogObjectId variation @param catalogObjectType type
   * @param state state @param locationId location @param quantity quantity
   * @param calculatedAt time @param isEstimated estimated
   */
  public record SqInventoryCount(
      @Nullable String catalogObjectId, @Nullable String catalogObjectType, @Nullable String state,
      @Nullable String locationId, @Nullable String quantity, @Nullable String calculatedAt,
      @Nullable Boolean isEstimated) {}

  /** BatchChangeInventory response. @param counts counts @param errors errors */
  public record BatchChangeInventoryResponse(
      @Nullable List<SqInventoryCount> counts, @Nullable List<SqError> errors)
      implements SquareResponse {}

  /**
   * BatchRetrieveInventoryCounts request. @param catalogObjectIds ids @param locationIds
   * locations @param updatedAfter after @param cursor cursor @param states states @param limit limit
   */
  public record BatchRetrieveCountsRequest(
      @Nullable List<String> catalogObjectIds, @Nullable List<String> locationIds,
      @Nullable Instant updatedAfter, @Nullable String cursor, @Nullable List<String> states,
      @Nullable Integer limit) {}

  /** Counts response. @param counts counts @param cursor cursor @param errors errors */
  public record CountsResponse(
      @Nullable List<SqInventoryCount> counts, @Nullable String cursor, @Nullable List<SqError> errors)
      implements SquareResponse {}

  // ------------------------------------------------------------------ catalog

  /**
   * Variation data. @param itemId item @param name name @param sku sku @param upc upc
   * @param pricingType pricing @param priceMoney price @param trackInventory tracked
   */
  public record SqVariationData(
      @Nullable String itemId, @Nullable String name, @Nullable String sku, @Nullable String upc,
      @Nullable String pricingType, @Nullable SqMoney priceMoney, @Nullable Boolean trackInventory) {}

  /** Item data. @param name name @param description description @param variations variations */
  public record SqItemData(
      @Nullable String name, @Nullable String description, @Nullable List<SqCatalogObject> variations) {}

  /**
   * A catalog object. @param type type @param id id @param version version
   * @param isDeleted deleted @param itemData item data @param itemVariationData variation data
   */
  public record SqCatalogObject(
      @Nullable String type, @Nullable String id, @Nullable Long version, @Nullable Boolean isDeleted,
      @Nullable SqItemData itemData, @Nullable SqVariationData itemVariationData) {}

  /** Exact query. @param attributeName attribute @param attributeValue value */
  public record ExactQuery(String attributeName, String attributeValue) {}

  /** Catalog query. @param exactQuery exact query */
  public record CatalogQuery(@Nullable ExactQuery exactQuery) {}

  /**
   * SearchCatalogObjects request. @param cursor cursor @param objectTypes types
   * @param includeRelatedObjects related @param query query @param limit limit
   */
  public record SearchCatalogRequest(
      @Nullable String cursor, List<String> objectTypes, @Nullable Boolean includeRelatedObjects,
      @Nullable CatalogQuery query, @Nullable Integer limit) {}

  /**
   * Catalog objects response. @param objects objects @param relatedObjects related
   * @param cursor cursor @param errors errors
   */
  public record CatalogObjectsResponse(
      @Nullable List<SqCatalogObject> objects, @Nullable List<SqCatalogObject> relatedObjects,
      @Nullable String cursor, @Nullable List<SqError> errors)
      implements SquareResponse {}

  // ------------------------------------------------------------------ customers

  /** Preferences. @param emailUnsubscribed unsubscribed */
  public record SqPreferences(@Nullable Boolean emailUnsubscribed) {}

  /**
   * A customer. @param id id @param createdAt created @param updatedAt updated
   * @param givenName given @param familyName family @param companyName company
   * @param emailAddress email @param phoneNumber phone @param address address @param note note
   * @param preferences preferences @param version version
   */
  public record SqCustomer(
      @Nullable String id, @Nullable String createdAt, @Nullable String updatedAt,
      @Nullable String givenName, @Nullable String familyName, @Nullable String companyName,
      @Nullable String emailAddress, @Nullable String phoneNumber, @Nullable SqAddress address,
      @Nullable String note, @Nullable SqPreferences preferences, @Nullable Long version) {}

  /**
   * CreateCustomer or UpdateCustomer request; null parts are not sent. @param idempotencyKey key
   * (create only) @param givenName given @param familyName family @param companyName company
   * @param emailAddress email @param phoneNumber phone @param address address @param note note
   * @param version the expected version (update only)
   */
  public record CustomerRequest(
      @Nullable String idempotencyKey, @Nullable String givenName, @Nullable String familyName,
      @Nullable String companyName, @Nullable String emailAddress, @Nullable String phoneNumber,
      @Nullable SqAddress address, @Nullable String note, @Nullable Long version) {}

  /** Text filter. @param exact exact */
  public record TextFilter(String exact) {}

  /** Customer filter. @param emailAddress email @param phoneNumber phone */
  public record CustomerFilter(@Nullable TextFilter emailAddress, @Nullable TextFilter phoneNumber) {}

  /** Customer query. @param filter filter */
  public record CustomerQuery(CustomerFilter filter) {}

  /** SearchCustomers request. @param cursor cursor @param limit limit @param query query */
  public record SearchCustomersRequest(@Nullable String cursor, Integer limit, CustomerQuery query) {}

  /** Customers response. @param customers customers @param cursor cursor @param errors errors */
  public record CustomersResponse(
      @Nullable List<SqCustomer> customers, @Nullable String cursor, @Nullable List<SqError> errors)
      implements SquareResponse {}

  /** A customer response. @param customer customer @param errors errors */
  public record CustomerResponse(@Nullable SqCustomer customer, @Nullable List<SqError> errors)
      implements SquareResponse {}

  // ------------------------------------------------------------------ OAuth

  /**
   * ObtainToken request (refresh). @param clientId application id @param clientSecret secret
   * @param grantType {@code refresh_token} @param refreshToken the refresh token
   */
  public record ObtainTokenRequest(String clientId, String clientSecret, String grantType, String refreshToken) {
    @Override
    public String toString() {
      return "ObtainTokenRequest[" + clientId + ", " + grantType + "]";
    }
  }

  /**
   * ObtainToken response. @param accessToken token @param tokenType bearer @param expiresAt expiry
   * @param merchantId merchant @param refreshToken refresh token @param refreshTokenExpiresAt
   * refresh expiry (PKCE) @param errors errors
   */
  public record ObtainTokenResponse(
      @Nullable String accessToken, @Nullable String tokenType,
      // Lifetimes are read as any JSON value: a nonsense one means "unknown", not a failed refresh
      // (which would make every call refresh again).
      com.fasterxml.jackson.databind.@Nullable JsonNode expiresAt,
      @Nullable String merchantId, @Nullable String refreshToken,
      com.fasterxml.jackson.databind.@Nullable JsonNode refreshTokenExpiresAt,
      @Nullable List<SqError> errors) {
    @Override
    public String toString() {
      return "ObtainTokenResponse[merchant=" + merchantId + ", expiresAt=" + expiresAt + "]";
    }
  }
}
