package dev.posbridge.testing.netsuite;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The SuiteQL subset the simulator understands: {@code SELECT} columns (plain, {@code LOWER},
 * {@code UPPER}, {@code TO_CHAR(col, mask)}, optional {@code AS alias}) {@code FROM} one table,
 * an optional {@code WHERE} of predicates joined by {@code AND} ({@code =}, {@code <>},
 * {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}, {@code IN (...)}, {@code IS NULL},
 * {@code IS NOT NULL}; values are quoted strings, numbers or {@code TO_TIMESTAMP(text, mask)}),
 * and an optional {@code ORDER BY} list. Anything else is a {@link SyntaxError}.
 */
final class SuiteQl {

  /** A query the simulator cannot parse. */
  static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message);
    }
  }

  record Column(String function, String name, @Nullable String mask, String alias) {}

  record Predicate(String function, String column, String op, List<Object> values) {}

  record Order(String column, boolean descending) {}

  record Query(List<Column> columns, String table, List<Predicate> where, List<Order> orderBy) {}

  private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter USER_DATE = DateTimeFormatter.ofPattern("M/d/yyyy");

  private final List<String> tokens;
  private int pos;

  private SuiteQl(List<String> tokens) {
    this.tokens = tokens;
  }

  static Query parse(String sql, ZoneId zone) {
    SuiteQl p = new SuiteQl(tokenize(sql));
    return p.query(zone);
  }

  // ------------------------------------------------------------------ lexer

  private static List<String> tokenize(String sql) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        StringBuilder sb = new StringBuilder("'");
        i++;
        while (true) {
          if (i >= sql.length()) {
            throw new SyntaxError("unterminated string literal");
          }
          char d = sql.charAt(i);
          if (d == '\'') {
            if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
              sb.append('\'');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          sb.append(d);
          i++;
        }
        out.add(sb.toString());
      } else if (c == '(' || c == ')' || c == ',' || c == '*') {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '<' || c == '>' || c == '=' || c == '!') {
        if (i + 1 < sql.length() && (sql.charAt(i + 1) == '=' || (c == '<' && sql.charAt(i + 1) == '>'))) {
          out.add(sql.substring(i, i + 2));
          i += 2;
        } else {
          out.add(String.valueOf(c));
          i++;
        }
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
        int start = i;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
            || sql.charAt(i) == '.' || (sql.charAt(i) == '-' && i == start))) {
          i++;
        }
        out.add(sql.substring(start, i));
      } else {
        throw new SyntaxError("unexpected character '" + c + "'");
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ parser

  private @Nullable String peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private boolean peekIs(String keyword) {
    String t = peek();
    return t != null && t.equalsIgnoreCase(keyword);
  }

  private String next() {
    if (pos >= tokens.size()) {
      throw new SyntaxError("unexpected end of query");
    }
    return tokens.get(pos++);
  }

  private void expect(String keyword) {
    String t = next();
    if (!t.equalsIgnoreCase(keyword)) {
      throw new SyntaxError("expected " + keyword + " but found " + t);
    }
  }

  private String identifier() {
    String t = next();
    if (t.startsWith("'") || !Character.isLetter(t.charAt(0))) {
      throw new SyntaxError("expected a column name but found " + t);
    }
    return t.toLowerCase(Locale.ROOT);
  }

  private Query query(ZoneId zone) {
    expect("SELECT");
    List<Column> columns = new ArrayList<>();
    do {
      columns.add(column());
    } while (consume(","));
    expect("FROM");
    String table = identifier();
    List<Predicate> where = new ArrayList<>();
    if (peekIs("WHERE")) {
      next();
      do {
        where.add(predicate(zone));
      } while (consumeKeyword("AND"));
    }
    List<Order> order = new ArrayList<>();
    if (peekIs("ORDER")) {
      next();
      expect("BY");
      do {
        String col = identifier();
        boolean desc = false;
        if (peekIs("DESC")) {
          next();
          desc = true;
        } else if (peekIs("ASC")) {
          next();
        }
        order.add(new Order(col, desc));
      } while (consume(","));
    }
    if (peek() != null) {
      throw new SyntaxError("unsupported SuiteQL near " + peek());
    }
    return new Query(columns, table, where, order);
  }

  private boolean consume(String symbol) {
    if (symbol.equals(peek())) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean consumeKeyword(String keyword) {
    if (peekIs(keyword)) {
      pos++;
      return true;
    }
    if (peekIs("OR")) {
      throw new SyntaxError("OR is not supported by the simulator");
    }
    return false;
  }

  private Column column() {
    if (consume("*")) {
      return new Column("", "*", null, "*");
    }
    String first = identifier();
    Column c;
    if (consume("(")) {
      String fn = first.toUpperCase(Locale.ROOT);
      String col = identifier();
      String mask = null;
      if (fn.equals("TO_CHAR")) {
        expect(",");
        mask = literal();
      } else if (!fn.equals("LOWER") && !fn.equals("UPPER")) {
        throw new SyntaxError("unsupported function " + fn);
      }
      expect(")");
      c = new Column(fn, col, mask, fn.toLowerCase(Locale.ROOT) + "(" + col + ")");
    } else {
      c = new Column("", first, null, first);
    }
    if (peekIs("AS")) {
      next();
      c = new Column(c.function(), c.name(), c.mask(), identifier());
    }
    return c;
  }

  private String literal() {
    String t = next();
    if (!t.startsWith("'")) {
      throw new SyntaxError("expected a string literal but found " + t);
    }
    return t.substring(1);
  }

  private Predicate predicate(ZoneId zone) {
    String fn = "";
    String col = identifier();
    if (consume("(")) {
      fn = col.toUpperCase(Locale.ROOT);
      if (!fn.equals("LOWER") && !fn.equals("UPPER")) {
        throw new SyntaxError("unsupported function " + fn + " in WHERE");
      }
      col = identifier();
      expect(")");
    }
    String op = next().toUpperCase(Locale.ROOT);
    List<Object> values = new ArrayList<>();
    switch (op) {
      case "=", "<>", "!=", "<", "<=", ">", ">=" -> values.add(value(zone));
      case "IN" -> {
        expect("(");
        do {
          values.add(value(zone));
        } while (consume(","));
        expect(")");
      }
      case "IS" -> {
        if (peekIs("NOT")) {
          next();
          op = "IS NOT NULL";
        } else {
          op = "IS NULL";
        }
        expect("NULL");
      }
      default -> throw new SyntaxError("unsupported operator " + op);
    }
    return new Predicate(fn, col, op, values);
  }

  private Object value(ZoneId zone) {
    String t = next();
    if (t.startsWith("'")) {
      return t.substring(1);
    }
    if (t.equalsIgnoreCase("TO_TIMESTAMP") || t.equalsIgnoreCase("TO_DATE")) {
      expect("(");
      String text = literal();
      expect(",");
      String mask = literal();
      expect(")");
      return parseTimestamp(text, mask, zone);
    }
    try {
      return new BigDecimal(t);
    } catch (NumberFormatException e) {
      throw new SyntaxError("expected a value but found " + t);
    }
  }

  private static Instant parseTimestamp(String text, String mask, ZoneId zone) {
    try {
      if (mask.equalsIgnoreCase("YYYY-MM-DD HH24:MI:SS")) {
        return LocalDateTime.parse(text, DATETIME).atZone(zone).toInstant();
      }
      if (mask.equalsIgnoreCase("YYYY-MM-DD")) {
        return java.time.LocalDate.parse(text).atStartOfDay(zone).toInstant();
      }
    } catch (DateTimeParseException e) {
      throw new SyntaxError("timestamp " + text + " does not match " + mask);
    }
    throw new SyntaxError("unsupported format mask " + mask);
  }

  // ------------------------------------------------------------------ evaluation

  static List<Map<String, String>> run(Query q, List<Map<String, Object>> table, ZoneId zone) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> row : table) {
      if (q.where().stream().allMatch(p -> matches(p, row))) {
        rows.add(row);
      }
    }
    if (!q.orderBy().isEmpty()) {
      Comparator<Map<String, Object>> cmp = null;
      for (Order o : q.orderBy()) {
        Comparator<Map<String, Object>> c = (a, b) -> compareNullable(a.get(o.column()), b.get(o.column()));
        if (o.descending()) {
          c = c.reversed();
        }
        cmp = cmp == null ? c : cmp.thenComparing(c);
      }
      rows.sort(cmp);
    }
    List<Map<String, String>> out = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      Map<String, String> projected = new LinkedHashMap<>();
      for (Column c : q.columns()) {
        if (c.name().equals("*")) {
          row.forEach((k, v) -> {
            if (v != null) {
              projected.put(k, render(v, null, zone));
            }
          });
          continue;
        }
        Object v = row.get(c.name());
        if (v == null) {
          continue; // NULL columns are omitted
        }
        String text = render(v, c.mask(), zone);
        if (c.function().equals("LOWER")) {
          text = text.toLowerCase(Locale.ROOT);
        } else if (c.function().equals("UPPER")) {
          text = text.toUpperCase(Locale.ROOT);
        }
        projected.put(c.alias(), text);
      }
      out.add(projected);
    }
    return out;
  }

  private static String render(Object v, @Nullable String mask, ZoneId zone) {
    if (v instanceof Instant i) {
      if (mask != null && mask.equalsIgnoreCase("YYYY-MM-DD HH24:MI:SS")) {
        return DATETIME.format(LocalDateTime.ofInstant(i, zone));
      }
      if (mask != null && mask.equalsIgnoreCase("YYYY-MM-DD")) {
        return LocalDateTime.ofInstant(i, zone).toLocalDate().toString();
      }
      if (mask != null) {
        throw new SyntaxError("unsupported format mask " + mask);
      }
      // Without TO_CHAR NetSuite answers in the user's date preference, often without the time.
      return USER_DATE.format(LocalDateTime.ofInstant(i, zone));
    }
    if (v instanceof Boolean b) {
      return b ? "T" : "F";
    }
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }

  private static boolean matches(Predicate p, Map<String, Object> row) {
    Object v = row.get(p.column());
    if (p.op().equals("IS NULL")) {
      return v == null;
    }
    if (p.op().equals("IS NOT NULL")) {
      return v != null;
    }
    if (v == null) {
      return false;
    }
    if (v instanceof String s && !p.function().isEmpty()) {
      v = p.function().equals("LOWER") ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT);
    }
    if (p.op().equals("IN")) {
      for (Object candidate : p.values()) {
        if (compare(v, candidate) == 0) {
          return true;
        }
      }
      return false;
    }
    int c = compare(v, p.values().get(0));
    return switch (p.op()) {
      case "=" -> c == 0;
      case "<>", "!=" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      default -> throw new SyntaxError("unsupported operator " + p.op());
    };
  }

  private static int compareNullable(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return compare(a, b);
  }

  /** Compares a column value with a literal: instants by time, numbers numerically, else text. */
  static int compare(Object column, Object literal) {
    if (column instanceof Instant i) {
      if (literal instanceof Instant j) {
        return i.compareTo(j);
      }
      throw new SyntaxError("compare a datetime column with TO_TIMESTAMP(...)");
    }
    if (column instanceof Boolean b) {
      return (b ? "T" : "F").compareTo(Objects.toString(literal));
    }
    BigDecimal x = number(column);
    BigDecimal y = number(literal);
    if (x != null && y != null) {
      return x.compareTo(y);
    }
    return column.toString().compareTo(literal.toString());
  }

  private static @Nullable BigDecimal number(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    String s = v.toString();
    if (s.isEmpty() || s.length() > 30) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isDigit(c) || c == '.' || (c == '-' && i == 0))) {
        return null;
      }
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
