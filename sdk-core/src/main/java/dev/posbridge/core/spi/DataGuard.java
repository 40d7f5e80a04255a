package dev.posbridge.core.spi;

import dev.posbridge.core.LocalValidationException;
import dev.posbridge.core.ValidationException;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The canonical model's defences against hostile data, called from the records' compact
 * constructors: card numbers (PANs) in text, and numbers too large or too precise to handle.
 *
 * <p><b>Card numbers.</b> A PAN candidate is a run of 13 to 19 decimal digits (any Unicode
 * decimal digit), optionally split by up to three separator characters (spaces, no-break spaces,
 * hyphens or dashes) between digits, whose Luhn checksum is valid. {@link #text(String)} masks
 * every candidate in free text, keeping at most the first six and the last four digits and
 * replacing each digit in between with {@code '*'} (separators are kept). {@link
 * #identifier(String, String)} refuses an identifier that contains one, because masking an id
 * would change which object it names; the rule for identifiers is narrower so that vendors' long
 * numeric ids and GTIN barcodes stay usable (see {@link #containsPanInIdentifier(String)}).
 * Expiry dates and CVVs next to a PAN are not recognised on their own: a three-digit CVV or an
 * {@code MM/YY} expiry is indistinguishable from a quantity or a date.
 *
 * <p><b>Numbers.</b> {@link #amount(BigDecimal, String)} and {@link #quantity(BigDecimal,
 * String)} bound magnitude and scale before any arithmetic, so that a vendor's {@code
 * 1e999999999} fails fast with a short message instead of exhausting memory. Messages never
 * render an unbounded number or string: see {@link #describe(BigDecimal)} and {@link
 * #quote(String)}.
 *
 * <p>The scan is one pass over the characters with a digit pre-count, no regular expressions: a
 * string with fewer than 13 digits costs one loop and no allocation.
 */
public final class DataGuard {

  /**
   * Money amounts have at most this many integer digits before scaling ({@code Money} then also
   * requires the amount in minor units to fit in a {@code long}, as vendors' minor-unit amounts
   * do).
   */
  public static final int MAX_AMOUNT_INTEGER_DIGITS = 19;
  /** Money amounts (and rates, percentages) may carry at most this many fraction digits. */
  public static final int MAX_AMOUNT_SCALE = 32;
  /** The largest absolute quantity (sold, returned, stocked or adjusted) the model accepts. */
  public static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(1_000_000_000L);
  /** Quantities may carry at most this many fraction digits (after trailing zeros are dropped). */
  public static final int MAX_QUANTITY_SCALE = 12;
  /** The largest rate in percent (a tax rate) the model accepts. */
  public static final BigDecimal MAX_RATE_PERCENT = BigDecimal.valueOf(1000);

  private static final int MIN_PAN = 13;
  private static final int MAX_PAN = 19;
  private static final int MAX_SEPARATORS = 3;
  private static final int MAX_QUOTE = 64;
  private static final String COMPONENT = "data-guard";

  private DataGuard() {}

  // ---------------------------------------------------------------------------------------- PAN

  /**
   * Masks every PAN candidate in a free-text value.
   *
   * @param value the text
   * @return the same instance when nothing was found, else the masked text
   */
  public static String text(String value) {
    if (!hasEnoughDigits(value)) {
      return value;
    }
    return mask(value);
  }

  /**
   * Masks every PAN candidate in an optional free-text value.
   *
   * @param value the text, or {@code null}
   * @return {@code null}, the same instance, or the masked text
   */
  public static @Nullable String textOrNull(@Nullable String value) {
    return value == null ? null : text(value);
  }

  /**
   * Tells whether a free-text value contains a PAN candidate (what {@link #text} would mask).
   *
   * @param value the text
   * @return {@code true} if {@link #text} would change it
   */
  public static boolean containsPan(String value) {
    return hasEnoughDigits(value) && !mask(value).equals(value);
  }

  /**
   * Refuses an identifier that contains a card number.
   *
   * @param value the identifier, or {@code null}
   * @param field the component's name, for the error
   * @return {@code value}
   * @throws LocalValidationException if {@link #containsPanInIdentifier(String)}; the message does
   *     not repeat the value
   */
  public static @Nullable String identifier(@Nullable String value, String field) {
    if (value != null && containsPanInIdentifier(value)) {
      throw new LocalValidationException(
          field + " looks like a payment card number (PAN) and is refused", COMPONENT, "validate",
          List.of(new ValidationException.FieldError(field, "PAN_IN_IDENTIFIER",
              "identifiers must not contain card numbers")),
          null);
    }
    return value;
  }

  /**
   * Tells whether an identifier contains a card number. Narrower than free text, because vendors
   * issue long numeric ids (Shopify's {@code gid://shopify/Order/820982911946154508} has 18
   * digits, and one such id in ten passes the Luhn check): a bare run of digits is never refused.
   * Refused are:
   *
   * <ul>
   *   <li>an identifier with whitespace that holds a PAN candidate (e.g. {@code "4111111111111111
   *       exp 12/28"}, {@code "4111 1111 1111 1111"}): no vendor id contains spaces;
   *   <li>a Luhn-valid run of 13 to 19 digits written in card groups: at least three groups of at
   *       most six digits separated by hyphens or dashes (e.g. {@code 4111-1111-1111-1111},
   *       {@code 3782-822463-10005}). A group is a whole token: digits that touch a letter (the
   *       {@code 164} of {@code 6f5cd164-4589-4672-9800-86e0d75aab41}) are part of a word, not a
   *       card group, so a UUID (at most three all-digit groups of four) never qualifies.
   * </ul>
   *
   * @param value the identifier
   * @return {@code true} if it must be refused
   */
  public static boolean containsPanInIdentifier(String value) {
    if (!hasEnoughDigits(value)) {
      return false;
    }
    boolean whitespace = false;
    for (int i = 0; i < value.length() && !whitespace; i++) {
      whitespace = Character.isWhitespace(value.charAt(i)) || Character.isSpaceChar(value.charAt(i));
    }
    if (whitespace) {
      return containsPan(value);
    }
    int n = value.length();
    int[] digits = new int[n];
    int[] groupStart = new int[n + 1];
    int i = nextDigit(value, 0);
    while (i < n) {
      int count = 0;
      int groups = 0;
      int end = i;
      // Digits right after a letter (or before one, for the last group) belong to a word.
      boolean firstInWord = i > 0 && Character.isLetter(value.charAt(i - 1));
      while (true) {
        groupStart[groups++] = count;
        while (end < n && isDigit(value.charAt(end))) {
          digits[count++] = Character.digit(value.charAt(end), 10);
          end++;
        }
        int next = nextGroup(value, end);
        if (next < 0) {
          break;
        }
        end = next;
      }
      groupStart[groups] = count;
      boolean lastInWord = end < n && Character.isLetter(value.charAt(end));
      int firstGroup = firstInWord ? 1 : 0;
      int lastGroup = lastInWord ? groups - 1 : groups;
      for (int a = firstGroup; a < lastGroup; a++) {
        for (int b = a + 3; b <= lastGroup; b++) {
          int s = groupStart[a];
          int len = groupStart[b] - s;
          if (len > MAX_PAN) {
            break;
          }
          if (len >= MIN_PAN && smallGroups(groupStart, a, b) && luhn(digits, s, len)) {
            return true;
          }
        }
      }
      i = nextDigit(value, end);
    }
    return false;
  }

  /** Returns the index of the first digit at or after {@code from}, or the length if none. */
  private static int nextDigit(String value, int from) {
    int i = from;
    while (i < value.length() && !isDigit(value.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean smallGroups(int[] groupStart, int from, int to) {
    for (int g = from; g < to; g++) {
      if (groupStart[g + 1] - groupStart[g] > 6) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasEnoughDigits(String value) {
    int n = value.length();
    if (n < MIN_PAN) {
      return false;
    }
    int count = 0;
    // Stops as soon as the characters left cannot bring the count to 13.
    for (int i = 0; i < n && count + (n - i) >= MIN_PAN; i++) {
      char c = value.charAt(i);
      if ((c >= '0' && c <= '9') || (c > 0x7f && Character.isDigit(c))) {
        if (++count >= MIN_PAN) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return (c >= '0' && c <= '9') || (c > 0x7f && Character.isDigit(c));
  }

  /**
   * Returns where the digit group after {@code end} starts when at most {@code MAX_SEPARATORS}
   * separators lead to it, or -1 where the digit run ends at {@code end}.
   */
  private static int nextGroup(String value, int end) {
    int n = value.length();
    int sep = end;
    while (sep < n && sep - end < MAX_SEPARATORS && isSeparator(value.charAt(sep))) {
      sep++;
    }
    return sep > end && sep < n && isDigit(value.charAt(sep)) ? sep : -1;
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '-' || c == '\u00a0' || c == '\t' || (c >= '\u2010' && c <= '\u2015')
        || c == '\u2212' || c == '\u202f' || c == '\u2007';
  }

  /**
   * Masks PAN candidates: for each digit run, tries windows of 19 down to 13 digits that begin
   * and end on group edges (separators; inside a group longer than 19 digits, every position);
   * a Luhn-valid window has its middle digits replaced. Scanning resumes at the window's last
   * four (visible) digits, so masking an already masked text changes nothing.
   */
  private static String mask(String value) {
    int n = value.length();
    char[] out = null;
    int[] pos = new int[n];
    int[] dig = new int[n];
    boolean[] cut = new boolean[n + 1];
    int i = nextDigit(value, 0);
    while (i < n) {
      int count = 0;
      int end = i;
      while (true) {
        int groupStart = count;
        cut[count] = true;
        while (end < n && isDigit(value.charAt(end))) {
          cut[count] = count == groupStart;
          pos[count] = end;
          dig[count++] = Character.digit(value.charAt(end), 10);
          end++;
        }
        cut[count] = true;
        if (count - groupStart > MAX_PAN) {
          // A group too long to be a PAN may hide one: every position is a candidate edge.
          java.util.Arrays.fill(cut, groupStart, count, true);
        }
        int next = nextGroup(value, end);
        if (next < 0) {
          break;
        }
        end = next;
      }
      if (count >= MIN_PAN) {
        out = maskRun(value, out, pos, dig, cut, count);
      }
      i = nextDigit(value, end);
    }
    return out == null ? value : new String(out);
  }

  private static char @Nullable [] maskRun(
      String value, char @Nullable [] out, int[] pos, int[] dig, boolean[] cut, int count) {
    // Prefix sums of plain and doubled digits by index parity make each Luhn check O(1).
    int[] plainEven = new int[count + 1];
    int[] plainOdd = new int[count + 1];
    int[] dblEven = new int[count + 1];
    int[] dblOdd = new int[count + 1];
    for (int k = 0; k < count; k++) {
      int d = dig[k];
      int dd = d * 2 > 9 ? d * 2 - 9 : d * 2;
      boolean even = k % 2 == 0;
      plainEven[k + 1] = plainEven[k] + (even ? d : 0);
      plainOdd[k + 1] = plainOdd[k] + (even ? 0 : d);
      dblEven[k + 1] = dblEven[k] + (even ? dd : 0);
      dblOdd[k + 1] = dblOdd[k] + (even ? 0 : dd);
    }
    char[] result = out;
    int start = 0;
    while (start + MIN_PAN <= count) {
      if (!cut[start]) {
        start++;
        continue;
      }
      int found = 0;
      for (int len = Math.min(MAX_PAN, count - start); len >= MIN_PAN; len--) {
        if (!cut[start + len]) {
          continue;
        }
        int last = start + len - 1;
        // Digits at the same parity as the check digit are plain; the others are doubled.
        boolean lastEven = last % 2 == 0;
        int sum = lastEven
            ? plainEven[last + 1] - plainEven[start] + dblOdd[last + 1] - dblOdd[start]
            : plainOdd[last + 1] - plainOdd[start] + dblEven[last + 1] - dblEven[start];
        if (sum % 10 == 0) {
          found = len;
          break;
        }
      }
      if (found == 0) {
        start++;
        continue;
      }
      if (result == null) {
        result = value.toCharArray();
      }
      for (int k = start + 6; k < start + found - 4; k++) {
        result[pos[k]] = '*';
      }
      // A masked digit ends every later run, so the next window starts at the visible last four.
      start = start + found - 4;
      cut[start] = true;
    }
    return result;
  }

  private static boolean luhn(int[] d, int start, int len) {
    int sum = 0;
    boolean dbl = false;
    for (int k = start + len - 1; k >= start; k--) {
      int v = d[k];
      if (dbl) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  // ------------------------------------------------------------------------------------ numbers

  /**
   * Bounds a money amount before any scaling: fewer than {@value #MAX_AMOUNT_INTEGER_DIGITS}
   * integer digits and at most {@value #MAX_AMOUNT_SCALE} fraction digits. A zero of any scale or
   * exponent becomes {@link BigDecimal#ZERO}.
   *
   * @param value the amount
   * @param field the component's name, for the message
   * @return the amount (zero normalised)
   * @throws IllegalArgumentException with a short message if out of bounds
   */
  public static BigDecimal amount(BigDecimal value, String field) {
    return bounded(value, field, MAX_AMOUNT_INTEGER_DIGITS, MAX_AMOUNT_SCALE);
  }

  /**
   * Bounds a decimal: at most {@code maxIntegerDigits} integer digits and {@code maxScale}
   * fraction digits (trailing zeros beyond it are dropped first). A zero of any scale or
   * exponent becomes {@link BigDecimal#ZERO}.
   *
   * @param value the number
   * @param field the component's name, for the message
   * @param maxIntegerDigits the largest number of digits before the point
   * @param maxScale the largest number of digits after the point
   * @return the number, possibly without trailing zeros past {@code maxScale}
   * @throws IllegalArgumentException with a short message if out of bounds
   */
  public static BigDecimal bounded(BigDecimal value, String field, int maxIntegerDigits, int maxScale) {
    if (value.signum() == 0) {
      return value.scale() >= 0 && value.scale() <= maxScale ? value : BigDecimal.ZERO;
    }
    // precision - scale is the position of the most significant digit: cheap, no expansion.
    long integerDigits = (long) value.precision() - value.scale();
    if (integerDigits > maxIntegerDigits) {
      throw new IllegalArgumentException(field + " is too large: " + describe(value)
          + " (at most " + maxIntegerDigits + " integer digits)");
    }
    BigDecimal v = value;
    if (v.scale() > maxScale) {
      if (v.precision() <= 1_000) {
        v = v.stripTrailingZeros();
      }
      if (v.scale() > maxScale) {
        throw new IllegalArgumentException(field + " has too many fraction digits: " + describe(value)
            + " (at most " + maxScale + ")");
      }
    }
    return v;
  }

  /**
   * Bounds a quantity: |value| ≤ {@link #MAX_QUANTITY}, at most {@value #MAX_QUANTITY_SCALE}
   * fraction digits.
   *
   * @param value the quantity
   * @param field the component's name, for the message
   * @return the quantity (zero normalised, trailing zeros past the scale bound dropped)
   * @throws IllegalArgumentException with a short message if out of bounds
   */
  public static BigDecimal quantity(BigDecimal value, String field) {
    BigDecimal v = bounded(value, field, 10, MAX_QUANTITY_SCALE);
    // Nine integer digits or fewer is always within 10^9: no allocation on the common path.
    if ((long) v.precision() - v.scale() > 9 && v.abs().compareTo(MAX_QUANTITY) > 0) {
      throw new IllegalArgumentException(field + " is out of range: " + describe(v) + " (|quantity| <= "
          + MAX_QUANTITY.toPlainString() + ")");
    }
    return v;
  }

  /**
   * Bounds a rate or percentage: 0 ≤ value ≤ {@code max}, at most {@value #MAX_AMOUNT_SCALE}
   * fraction digits.
   *
   * @param value the rate
   * @param field the component's name, for the message
   * @param max the inclusive upper bound
   * @return the rate
   * @throws IllegalArgumentException with a short message if out of range
   */
  public static BigDecimal rate(BigDecimal value, String field, BigDecimal max) {
    if (value.signum() < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          field + " must be 0.." + max.toPlainString() + ": " + describe(value));
    }
    return bounded(value, field, max.precision() - max.scale(), MAX_AMOUNT_SCALE);
  }

  /**
   * Renders a number for an error message without ever expanding it: plain for ordinary values,
   * else a short scientific form cut to 20 significant digits.
   *
   * @param value the number, or {@code null}
   * @return at most about 40 characters
   */
  public static String describe(@Nullable BigDecimal value) {
    if (value == null) {
      return "null";
    }
    if (value.precision() <= 24 && value.scale() >= -6 && value.scale() <= 24) {
      return value.toPlainString();
    }
    String unscaled = value.unscaledValue().abs().toString();
    // Only reached for huge scale or precision; precision is bounded by the input's length.
    long exponent = (long) value.precision() - value.scale() - 1;
    String head = unscaled.length() > 20 ? unscaled.substring(0, 20) + "…" : unscaled;
    return (value.signum() < 0 ? "-" : "") + head.charAt(0)
        + (head.length() > 1 ? "." + head.substring(1) : "") + "E" + (exponent >= 0 ? "+" : "") + exponent;
  }

  /**
   * Bounds a message built from vendor data: PANs masked, cut to 300 characters.
   *
   * @param message the message, or {@code null}
   * @return the bounded message ({@code "null"} for null)
   */
  public static String shorten(@Nullable String message) {
    if (message == null) {
      return "null";
    }
    String m = message.length() > 1_200 ? message.substring(0, 1_200) : message;
    m = text(m);
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }

  /**
   * Quotes a string for an error message: PANs masked, cut to {@value #MAX_QUOTE} characters.
   *
   * @param value the string, or {@code null}
   * @return {@code null} or the quoted, bounded text
   */
  public static String quote(@Nullable String value) {
    if (value == null) {
      return "null";
    }
    String v = value.length() > 4 * MAX_QUOTE ? value.substring(0, 4 * MAX_QUOTE) : value;
    v = text(v);
    if (v.length() > MAX_QUOTE) {
      v = v.substring(0, MAX_QUOTE) + "…(" + value.length() + " chars)";
    }
    return "\"" + v + "\"";
  }
}
