package dev.posbridge.square.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Reads Square's {@code Money} object ({@code {"amount": 1250, "currency": "USD"}}) straight from
 * the parser. An order carries about fifty of them; the general record path buffered each one's
 * properties in an array, boxed the amount through a second path and allocated a new
 * {@code "USD"} string every time. Here a three-letter code is looked up in a table of canonical
 * strings without allocating, and unknown properties are skipped.
 *
 * <p>Strict where the general path was lenient: an amount with a fractional part (minor units
 * are integers) or outside the {@code long} range is rejected, not truncated; an amount given as
 * a string must be an integer.
 */
final class SqMoneyDeserializer extends StdDeserializer<Dto.SqMoney> {
  private static final long serialVersionUID = 1L;
  /** Canonical strings of the three-letter upper-case codes seen so far, indexed by letters. */
  private static final AtomicReferenceArray<String> CODES = new AtomicReferenceArray<>(26 * 26 * 26);

  SqMoneyDeserializer() {
    super(Dto.SqMoney.class);
  }

  @Override
  public Dto.SqMoney deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      t = p.nextToken();
    } else if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT) {
      return (Dto.SqMoney) ctxt.handleUnexpectedToken(Dto.SqMoney.class, p);
    }
    Long amount = null;
    String currency = null;
    for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if ("amount".equals(name)) {
        try {
          amount = amount(p, v, ctxt);
        } catch (JsonMappingException e) {
          throw JsonMappingException.wrapWithPath(e, Dto.SqMoney.class, "amount"); // the path names the field
        }
      } else if ("currency".equals(name)) {
        try {
          currency = v == JsonToken.VALUE_NULL ? null : currency(p, v, ctxt);
        } catch (JsonMappingException e) {
          throw JsonMappingException.wrapWithPath(e, Dto.SqMoney.class, "currency");
        }
      } else {
        p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      return (Dto.SqMoney) ctxt.handleUnexpectedToken(Dto.SqMoney.class, p);
    }
    return new Dto.SqMoney(amount, currency);
  }

  private static @Nullable Long amount(JsonParser p, JsonToken v, DeserializationContext ctxt) throws IOException {
    switch (v) {
      case VALUE_NULL:
        return null;
      case VALUE_NUMBER_INT:
        if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
          throw ctxt.weirdNumberException(p.getNumberValue(), Long.class, "minor units out of the long range");
        }
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT: {
        BigDecimal d = p.getDecimalValue();
        try {
          return d.longValueExact();
        } catch (ArithmeticException e) {
          throw ctxt.weirdNumberException(d, Long.class, "minor units must be a whole number");
        }
      }
      case VALUE_STRING: {
        String s = p.getText().trim();
        try {
          return Long.parseLong(s);
        } catch (NumberFormatException e) {
          throw ctxt.weirdStringException(s, Long.class, "minor units must be a whole number");
        }
      }
      default:
        return (Long) ctxt.handleUnexpectedToken(Long.class, p);
    }
  }

  private static String currency(JsonParser p, JsonToken v, DeserializationContext ctxt) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      return (String) ctxt.handleUnexpectedToken(String.class, p);
    }
    if (p.getTextLength() == 3) {
      char[] c = p.getTextCharacters();
      int o = p.getTextOffset();
      char a = c[o];
      char b = c[o + 1];
      char d = c[o + 2];
      if (a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z' && d >= 'A' && d <= 'Z') {
        int i = ((a - 'A') * 26 + (b - 'A')) * 26 + (d - 'A');
        String known = CODES.get(i);
        if (known == null) {
          known = new String(new char[] {a, b, d});
          CODES.set(i, known);
        }
        return known;
      }
    }
    return p.getText();
  }
}
