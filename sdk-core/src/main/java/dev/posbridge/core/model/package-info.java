/**
 * The canonical model: immutable, validated value types for sales, refunds, stock, customers,
 * catalog items and locations, shared by every connector.
 *
 * <p>All types are records (or enums) that validate in their constructors and throw
 * {@link java.lang.IllegalArgumentException} naming the offending field and value; connectors
 * rethrow that as a typed {@link dev.posbridge.core.PosbridgeException} with vendor context.
 * Collections are copied on the way in and never {@code null}. Money is
 * {@link dev.posbridge.core.model.Money} (a {@link java.math.BigDecimal} with a currency), never
 * {@code double}; moments are {@link java.time.Instant}.
 *
 * <p>Vendor enumerations map to canonical enums with an {@code OTHER} constant; the vendor's raw
 * value is always kept beside the canonical one, so nothing the vendor said is lost.
 *
 * <p>No type here can hold a full card number, a CVV or track data: a tender keeps the card brand
 * and the last four digits only. Personal data (names, email, phone, addresses) is redacted from
 * {@code toString()}.
 */
@NullMarked
package dev.posbridge.core.model;

import org.jspecify.annotations.NullMarked;
