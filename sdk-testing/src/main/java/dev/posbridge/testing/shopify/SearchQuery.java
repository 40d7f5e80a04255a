package dev.posbridge.testing.shopify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The subset of Shopify's search syntax the simulator understands: terms joined by {@code AND}
 * (or juxtaposed), each {@code field:value} or {@code field:>=value} (comparators {@code :>
 * :>= :< :<=}), a parenthesised {@code OR} group of such terms, or a term negated with
 * {@code NOT} or {@code -}. Values may be quoted with {@code '} or {@code "}.
 */
final class SearchQuery {

  /** One comparison. */
  record Term(String field, String op, String value, boolean negated) {}

  private final List<List<Term>> clauses;

  private SearchQuery(List<List<Term>> clauses) {
    this.clauses = clauses;
  }

  static SearchQuery parse(@Nullable String query) {
    List<List<Term>> clauses = new ArrayList<>();
    if (query == null || query.isBlank()) {
      return new SearchQuery(clauses);
    }
    List<String> tokens = tokens(query);
    int i = 0;
    while (i < tokens.size()) {
      String t = tokens.get(i);
      if (t.equalsIgnoreCase("AND")) {
        i++;
        continue;
      }
      if (t.equals("(")) {
        List<Term> group = new ArrayList<>();
        i++;
        while (i < tokens.size() && !tokens.get(i).equals(")")) {
          String g = tokens.get(i++);
          if (!g.equalsIgnoreCase("OR")) {
            group.add(term(g, false));
          }
        }
        i++;
        clauses.add(group);
        continue;
      }
      boolean negated = false;
      if (t.equalsIgnoreCase("NOT")) {
        negated = true;
        t = tokens.get(++i);
      } else if (t.startsWith("-")) {
        negated = true;
        t = t.substring(1);
      }
      List<Term> alternatives = new ArrayList<>();
      alternatives.add(term(t, negated));
      i++;
      while (i + 1 < tokens.size() && tokens.get(i).equalsIgnoreCase("OR")) {
        alternatives.add(term(tokens.get(i + 1), false));
        i += 2;
      }
      clauses.add(alternatives);
    }
    return new SearchQuery(clauses);
  }

  private static Term term(String token, boolean negated) {
    int colon = token.indexOf(':');
    if (colon < 0) {
      return new Term("", ":", unquote(token), negated);
    }
    String field = token.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = token.substring(colon + 1);
    String op = ":";
    for (String c : new String[] {">=", "<=", ">", "<"}) {
      if (rest.startsWith(c)) {
        op = c;
        rest = rest.substring(c.length());
        break;
      }
    }
    return new Term(field, op, unquote(rest), negated);
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"')
        && v.charAt(v.length() - 1) == v.charAt(0)) {
      return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return v;
  }

  private static List<String> tokens(String q) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (quote != 0) {
        cur.append(c);
        if (c == '\\' && i + 1 < q.length()) {
          cur.append(q.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        cur.append(c);
      } else if (c == '(' || c == ')') {
        flush(cur, out);
        out.add(String.valueOf(c));
      } else if (Character.isWhitespace(c)) {
        flush(cur, out);
      } else {
        cur.append(c);
      }
    }
    flush(cur, out);
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (cur.length() > 0) {
      out.add(cur.toString());
      cur.setLength(0);
    }
  }

  /**
   * Tells whether a resource matches every clause.
   *
   * @param fieldValue returns the resource's value of a search field, or {@code null}
   * @return whether it matches
   */
  boolean matches(Function<String, @Nullable String> fieldValue) {
    for (List<Term> clause : clauses) {
      boolean any = false;
      for (Term t : clause) {
        boolean m = matches(t, fieldValue.apply(t.field()));
        if (t.negated() ? !m : m) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  /** The values of a field's plain {@code :} terms, e.g. every {@code sku:} of an OR group. */
  List<String> values(String field) {
    List<String> out = new ArrayList<>();
    for (List<Term> clause : clauses) {
      for (Term t : clause) {
        if (t.field().equals(field) && t.op().equals(":")) {
          out.add(t.value());
        }
      }
    }
    return out;
  }

  private static boolean matches(Term t, @Nullable String actual) {
    if (actual == null) {
      return false;
    }
    if (t.op().equals(":")) {
      return actual.equalsIgnoreCase(t.value());
    }
    int cmp = compare(actual, t.value());
    return switch (t.op()) {
      case ">" -> cmp > 0;
      case ">=" -> cmp >= 0;
      case "<" -> cmp < 0;
      default -> cmp <= 0;
    };
  }

  /** Parsed timestamps (a search compares every stored order's, on every page). */
  private static final java.util.Map<String, java.util.Optional<java.time.Instant>> INSTANTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static java.util.Optional<java.time.Instant> instant(String s) {
    java.util.Optional<java.time.Instant> known = INSTANTS.get(s);
    if (known != null) {
      return known;
    }
    java.util.Optional<java.time.Instant> parsed;
    try {
      parsed = java.util.Optional.of(java.time.Instant.parse(s));
    } catch (java.time.format.DateTimeParseException e) {
      parsed = java.util.Optional.empty();
    }
    if (INSTANTS.size() > 200_000) {
      INSTANTS.clear();
    }
    INSTANTS.put(s, parsed);
    return parsed;
  }

  private static int compare(String a, String b) {
    java.util.Optional<java.time.Instant> x = instant(a);
    java.util.Optional<java.time.Instant> y = instant(b);
    if (x.isPresent() && y.isPresent()) {
      return x.get().compareTo(y.get());
    }
    try {
      return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }
}
