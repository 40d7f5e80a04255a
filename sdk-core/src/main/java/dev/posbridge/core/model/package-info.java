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
 * <p>No type here can hold a full card number (PAN): a tender keeps the card brand and the last
 * four digits only, and every free-text component of every type (notes, names, raw vendor
 * values, addresses, reasons) has any 13–19-digit Luhn-valid number masked at construction to at
 * most its first six and last four digits. Identifiers (ids, SKUs, barcodes, line ids) are not
 * masked, since that would change what they name: one holding a card-formatted number is refused
 * with a {@link dev.posbridge.core.ValidationException}. See decision record 0018 for what is
 * and is not recognised (a CVV or an expiry date on its own is not). Personal data (names,
 * email, phone, addresses) is redacted from {@code toString()}.
 *
 * <p>Numbers are bounded at construction, before any arithmetic: money must fit in a
 * {@code long} of minor units, quantities (sold, returned, stocked, adjusted) within ±10^9 with
 * at most 12 fraction digits, rates and percentages within their ranges. A vendor's
 * {@code 1e999999999} fails fast with a short message.
 */
@NullMarked
package dev.posbridge.core.model;

import org.jspecify.annotations.NullMarked;
