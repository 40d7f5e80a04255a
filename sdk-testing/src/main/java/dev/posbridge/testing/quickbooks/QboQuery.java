package dev.posbridge.testing.quickbooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posbridge.core.spi.Json;
import dev.posbridge.testing.internal.RejectedDocument;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The subset of the QBO query language the simulator understands (docs/vendors/quickbooks.md):
 * {@code SELECT * | count(*) FROM X [WHERE p op v [AND ...]] [ORDERBY p [ASC|DESC]]
 * [STARTPOSITION n] [MAXRESULTS m]} with {@code =, <, >, <=, >=, IN, LIKE}.
 */
record QboQuery(boolean count, String entity, List<Condition> conditions, @Nullable String orderBy,
    boolean descending, int startPosition, int maxResults) {

  /** One condition. */
  record Condition(String property, String op, List<String> values, boolean quoted) {}

  static QboQuery parse(String text) {
    Lexer lx = new Lexer(text.trim());
    lx.expectWord("SELECT");
    boolean count;
    if (lx.peekSymbol("*")) {
      lx.symbol();
      count = false;
    } else {
      String w = lx.word();
      if (!w.equalsIgnoreCase("count")) {
        throw new RejectedDocument("expected * or count(*) but got " + w);
      }
      lx.expectSymbol("(");
      lx.expectSymbol("*");
      lx.expectSymbol(")");
      count = true;
    }
    lx.expectWord("FROM");
    String entity = lx.word();
    List<Condition> conditions = new ArrayList<>();
    String orderBy = null;
    boolean desc = false;
    int start = 1;
    int max = 100;
    while (!lx.atEnd()) {
      String kw = lx.word().toUpperCase(Locale.ROOT);
      switch (kw) {
        case "WHERE", "AND" -> conditions.add(condition(lx));
        case "ORDERBY", "ORDER" -> {
          if (kw.equals("ORDER")) {
            lx.expectWord("BY");
          }
          orderBy = lx.word();
          if (lx.peekWord("ASC")) {
            lx.word();
          } else if (lx.peekWord("DESC")) {
            lx.word();
            desc = true;
          }
        }
        case "STARTPOSITION" -> start = lx.integer();
        case "MAXRESULTS" -> max = lx.integer();
        default -> throw new RejectedDocument("unexpected " + kw);
      }
    }
    if (start < 1) {
      throw new RejectedDocument("STARTPOSITION must be at least 1");
    }
    if (max < 1) {
      throw new RejectedDocument("MAXRESULTS must be at least 1");
    }
    return new QboQuery(count, entity, List.copyOf(conditions), orderBy, desc, start, Math.min(max, 1000));
  }

  private static Condition condition(Lexer lx) {
    String property = lx.word();
    String op;
    if (lx.peekWord("IN")) {
      lx.word();
      lx.expectSymbol("(");
      List<String> values = new ArrayList<>();
      boolean quoted = false;
      while (true) {
        Lexer.Value v = lx.value();
        quoted |= v.quoted;
        values.add(v.text);
        if (lx.peekSymbol(",")) {
          lx.symbol();
          continue;
        }
        lx.expectSymbol(")");
        break;
      }
      return new Condition(property, "IN", values, quoted);
    }
    if (lx.peekWord("LIKE")) {
      lx.word();
      op = "LIKE";
    } else {
      op = lx.operator();
    }
    Lexer.Value v = lx.value();
    return new Condition(property, op, List.of(v.text), v.quoted);
  }

  /** Tells whether an entity matches every condition. */
  boolean matches(JsonNode entity) {
    for (Condition c : conditions) {
      JsonNode v = resolve(entity, c.property);
      if (v == null || v.isNull()) {
        return false;
      }
      String actual = v.asText();
      boolean ok = switch (c.op) {
        case "=" -> c.values.stream().anyMatch(x -> compare(actual, x) == 0);
        case "IN" -> c.values.stream().anyMatch(x -> compare(actual, x) == 0);
        case "<" -> compare(actual, c.values.get(0)) < 0;
        case ">" -> compare(actual, c.values.get(0)) > 0;
        case "<=" -> compare(actual, c.values.get(0)) <= 0;
        case ">=" -> compare(actual, c.values.get(0)) >= 0;
        case "LIKE" -> like(actual, c.values.get(0));
        default -> throw new RejectedDocument("operator " + c.op);
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  Comparator<JsonNode> order() {
    Comparator<JsonNode> byId = Comparator.comparingLong(n -> parseLong(n.path("Id").asText()));
    if (orderBy == null) {
      return byId;
    }
    Comparator<JsonNode> cmp = (a, b) -> {
      JsonNode x = resolve(a, orderBy);
      JsonNode y = resolve(b, orderBy);
      if (x == null || y == null) {
        return x == null ? (y == null ? 0 : -1) : 1;
      }
      return compare(x.asText(), y.asText());
    };
    cmp = cmp.thenComparing(byId);
    return descending ? cmp.reversed() : cmp;
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Resolves a dotted property case-insensitively; an object resolves to its main value. */
  @SuppressWarnings("StringSplitter") // a trailing dot in a property name is ignored, as before
  static @Nullable JsonNode resolve(JsonNode entity, String property) {
    JsonNode cur = entity;
    for (String part : property.split("\\.")) {
      cur = Json.fieldIgnoringCase(cur, part);
      if (cur == null) {
        return null;
      }
    }
    if (cur.isObject()) {
      for (String inner : List.of("Address", "FreeFormNumber", "value")) {
        if (cur.has(inner)) {
          return cur.get(inner);
        }
      }
      return null;
    }
    return cur;
  }

  /**
   * Compares as timestamps, numbers or case-insensitive strings, whichever both parse as. Values
   * that cannot be a timestamp or a number (a document number such as {@code R-1042}) are not
   * parsed: a failed parse throws, and a query over thousands of rows would throw per row.
   */
  static int compare(String a, String b) {
    if (mayBeTimestamp(a) && mayBeTimestamp(b)) {
      try {
        return OffsetDateTime.parse(a).toInstant().compareTo(OffsetDateTime.parse(b).toInstant());
      } catch (DateTimeException e) {
        // not timestamps
      }
    }
    if (mayBeNumber(a) && mayBeNumber(b)) {
      try {
        return new BigDecimal(a).compareTo(new BigDecimal(b));
      } catch (NumberFormatException e) {
        // not numbers
      }
    }
    return a.compareToIgnoreCase(b);
  }

  /** An ISO offset date-time starts with its year (digits, or a sign) and has a {@code T}. */
  private static boolean mayBeTimestamp(String s) {
    return s.length() >= 16 && mayBeNumber(s) && (s.indexOf('T') > 0 || s.indexOf('t') > 0);
  }

  /** A decimal starts with a digit, a sign or a point. */
  private static boolean mayBeNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char c = s.charAt(0);
    return Character.isDigit(c) || c == '+' || c == '-' || c == '.';
  }

  private static boolean like(String actual, String pattern) {
    StringBuilder regex = new StringBuilder("(?is)");
    for (String part : pattern.split("%", -1)) {
      if (regex.length() > 5) {
        regex.append(".*");
      }
      regex.append(java.util.regex.Pattern.quote(part));
    }
    return actual.matches(regex.toString());
  }

  /** A small tokenizer: words, integers, quoted strings with backslash escapes, symbols. */
  private static final class Lexer {
    record Value(String text, boolean quoted) {}

    private final String s;
    private int pos;

    Lexer(String s) {
      this.s = s;
    }

    void skip() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean atEnd() {
      skip();
      return pos >= s.length();
    }

    String word() {
      skip();
      int start = pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.'
          || s.charAt(pos) == '_')) {
        pos++;
      }
      if (start == pos) {
        throw new RejectedDocument("expected a word at " + start);
      }
      return s.substring(start, pos);
    }

    boolean peekWord(String w) {
      skip();
      int end = pos + w.length();
      return end <= s.length() && s.substring(pos, end).equalsIgnoreCase(w)
          && (end == s.length() || !Character.isLetterOrDigit(s.charAt(end)));
    }

    void expectWord(String w) {
      String got = word();
      if (!got.equalsIgnoreCase(w)) {
        throw new RejectedDocument("expected " + w + " but got " + got);
      }
    }

    boolean peekSymbol(String sym) {
      skip();
      return s.startsWith(sym, pos);
    }

    String symbol() {
      skip();
      if (pos >= s.length()) {
        throw new RejectedDocument("unexpected end");
      }
      return String.valueOf(s.charAt(pos++));
    }

    void expectSymbol(String sym) {
      if (!peekSymbol(sym)) {
        throw new RejectedDocument("expected " + sym + " at " + pos);
      }
      pos += sym.length();
    }

    String operator() {
      skip();
      for (String op : List.of("<=", ">=", "=", "<", ">")) {
        if (s.startsWith(op, pos)) {
          pos += op.length();
          return op;
        }
      }
      throw new RejectedDocument("expected an operator at " + pos);
    }

    int integer() {
      String w = word();
      try {
        return Integer.parseInt(w);
      } catch (NumberFormatException e) {
        throw new RejectedDocument("expected a number but got " + w);
      }
    }

    Value value() {
      skip();
      if (pos < s.length() && s.charAt(pos) == '\'') {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
          if (pos >= s.length()) {
            throw new RejectedDocument("unterminated string");
          }
          char c = s.charAt(pos++);
          if (c == '\\' && pos < s.length()) {
            sb.append(s.charAt(pos++));
          } else if (c == '\'') {
            break;
          } else {
            sb.append(c);
          }
        }
        return new Value(sb.toString(), true);
      }
      int start = pos;
      while (pos < s.length() && !Character.isWhitespace(s.charAt(pos)) && s.charAt(pos) != ','
          && s.charAt(pos) != ')') {
        pos++;
      }
      if (start == pos) {
        throw new RejectedDocument("expected a value at " + start);
      }
      return new Value(s.substring(start, pos), false);
    }
  }
}
