package dev.posbridge.testing.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Estimates the requested cost of a GraphQL document with Shopify's published model: scalars and
 * enums cost 0, objects 1, a connection or list with {@code first}/{@code last} costs
 * {@code 2 + n × node cost}, a mutation field 10. Not a GraphQL parser: it walks the selection
 * sets of the first operation, enough for the documents a connector sends.
 */
final class QueryCost extends GraphQlTokens.Reader {

  private static final Set<String> TRANSPARENT = Set.of("nodes", "edges", "node");

  private final JsonNode variables;

  private QueryCost(String document, JsonNode variables) {
    super(GraphQlTokens.of(document, false));
    this.variables = variables;
  }

  /**
   * Estimates a document's requested cost.
   *
   * @param document the GraphQL document
   * @param variables the variables, for {@code first: $first}
   * @return the estimated cost, at least 1
   */
  static int of(String document, JsonNode variables) {
    QueryCost c = new QueryCost(document, variables);
    return Math.max(1, c.operation());
  }

  private int operation() {
    boolean mutation = !tokens.isEmpty() && tokens.get(0).equals("mutation");
    while (pos < tokens.size() && !tokens.get(pos).equals("{")) {
      if (tokens.get(pos).equals("(")) {
        skipBalanced("(", ")");
      } else {
        pos++;
      }
    }
    if (pos >= tokens.size()) {
      return 1;
    }
    int cost = selectionSet(false);
    return mutation ? 10 + cost : cost;
  }

  /** Parses {@code { ... }} at pos; returns the cost of its fields. */
  private int selectionSet(boolean perItem) {
    expect("{");
    int total = 0;
    while (pos < tokens.size() && !tokens.get(pos).equals("}")) {
      String t = tokens.get(pos++);
      if (t.equals("...")) {
        if (pos < tokens.size() && tokens.get(pos).equals("on")) {
          pos += 2;
        }
        skipDirectives();
        if (peek("{")) {
          total += selectionSet(perItem);
        }
        continue;
      }
      String name = t;
      if (peek(":")) {
        pos++;
        name = tokens.get(pos++);
      }
      Integer count = null;
      if (peek("(")) {
        count = arguments();
      }
      skipDirectives();
      if (!peek("{")) {
        continue;
      }
      if (name.equals("pageInfo")) {
        selectionSet(false);
        continue;
      }
      if (count != null) {
        total += 2 + count * selectionSet(true);
      } else if (TRANSPARENT.contains(name)) {
        total += selectionSet(false);
      } else {
        total += 1 + selectionSet(false);
      }
    }
    expect("}");
    return perItem ? Math.max(1, total) : total;
  }

  /** Parses {@code ( ... )}; returns the value of {@code first} or {@code last}, if any. */
  private @Nullable Integer arguments() {
    expect("(");
    Integer count = null;
    int depth = 1;
    while (pos < tokens.size() && depth > 0) {
      String t = tokens.get(pos++);
      if (t.equals("(") || t.equals("[") || t.equals("{")) {
        depth++;
      } else if (t.equals(")") || t.equals("]") || t.equals("}")) {
        depth--;
      } else if (depth == 1 && (t.equals("first") || t.equals("last")) && peek(":")) {
        pos++;
        String v = tokens.get(pos++);
        count = value(v);
      }
    }
    return count;
  }

  private Integer value(String token) {
    if (token.equals("$")) {
      String var = tokens.get(pos++);
      JsonNode n = variables.path(var);
      return n.canConvertToInt() ? n.asInt() : 0;
    }
    try {
      return Integer.parseInt(token);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void skipDirectives() {
    while (peek("@")) {
      pos += 2;
      if (peek("(")) {
        skipBalanced("(", ")");
      }
    }
  }

  private void skipBalanced(String open, String close) {
    int depth = 0;
    do {
      String t = tokens.get(pos++);
      if (t.equals(open)) {
        depth++;
      } else if (t.equals(close)) {
        depth--;
      }
    } while (depth > 0 && pos < tokens.size());
  }
}
