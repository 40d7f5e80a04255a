package dev.posbridge.testing.shopify;

import dev.posbridge.testing.internal.RejectedDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a {@code bulkOperationRunQuery} document the simulator needs: the single top-level
 * connection with its arguments, and the nested connections under its nodes (each nested item
 * becomes its own JSONL line). Checks Shopify's documented rules for bulk queries: one top-level
 * field that is a connection, no variables, at most five connections, at most two levels of
 * them, and an {@code id} on every node that has nested connections. Not a GraphQL parser: enough
 * for the documents a connector sends.
 */
final class BulkQuery {

  /** A field with its literal arguments and its selection. */
  record Field(String name, Map<String, String> args, List<Field> selection) {

    /** The node selection of a connection ({@code edges { node }} or {@code nodes}), or null. */
    @Nullable List<Field> nodeSelection() {
      for (Field f : flatten(selection)) {
        if (f.name.equals("nodes")) {
          return f.selection;
        }
        if (f.name.equals("edges")) {
          for (Field e : flatten(f.selection)) {
            if (e.name.equals("node")) {
              return e.selection;
            }
          }
        }
      }
      return null;
    }
  }

  /** A nested connection: its field name and whether its nodes select {@code __typename}. */
  record Nested(String field, boolean typename) {}

  final Field top;
  final List<Nested> nested;

  private BulkQuery(Field top, List<Nested> nested) {
    this.top = top;
    this.nested = nested;
  }

  /**
   * Parses and checks a bulk query document.
   *
   * @param document the document
   * @return the parsed query
   * @throws RejectedDocument if Shopify would refuse it
   */
  static BulkQuery parse(String document) {
    Parser p = new Parser(document);
    List<Field> root;
    try {
      root = p.document();
    } catch (RuntimeException e) {
      throw new RejectedDocument("Invalid bulk query: " + e.getMessage());
    }
    if (root.size() != 1) {
      throw new RejectedDocument("Bulk queries must contain exactly one top-level field.");
    }
    Field top = root.get(0);
    List<Field> node = top.nodeSelection();
    if (node == null) {
      throw new RejectedDocument("Bulk queries must contain at least one connection.");
    }
    List<Nested> nested = new ArrayList<>();
    for (Field f : flatten(node)) {
      List<Field> inner = f.nodeSelection();
      if (inner == null) {
        continue;
      }
      for (Field g : flatten(inner)) {
        if (g.nodeSelection() != null) {
          throw new RejectedDocument("Bulk queries cannot contain connections with a nesting depth greater than 2.");
        }
      }
      nested.add(new Nested(f.name, flatten(inner).stream().anyMatch(g -> g.name.equals("__typename"))));
    }
    if (nested.size() + 1 > 5) {
      throw new RejectedDocument("Bulk queries cannot contain more than 5 connections.");
    }
    if (!nested.isEmpty() && flatten(node).stream().noneMatch(f -> f.name.equals("id"))) {
      throw new RejectedDocument("The parent 'node' field for a nested connection must select the 'id' field.");
    }
    return new BulkQuery(top, List.copyOf(nested));
  }

  /** The fields of a selection with inline fragments' fields in their place. */
  static List<Field> flatten(List<Field> selection) {
    List<Field> out = new ArrayList<>();
    for (Field f : selection) {
      if (f.name.equals("...")) {
        out.addAll(flatten(f.selection));
      } else {
        out.add(f);
      }
    }
    return out;
  }

  /** A recursive-descent reader over the document's tokens. */
  private static final class Parser extends GraphQlTokens.Reader {

    Parser(String s) {
      super(GraphQlTokens.of(s, true));
    }

    List<Field> document() {
      if (peek("query")) {
        pos++;
        if (!peek("{") && !peek("(")) {
          pos++; // operation name
        }
      }
      List<Field> root = selectionSet();
      if (pos != tokens.size()) {
        throw new IllegalArgumentException("only one operation is allowed");
      }
      return root;
    }

    private List<Field> selectionSet() {
      expect("{");
      List<Field> fields = new ArrayList<>();
      while (!peek("}")) {
        if (pos >= tokens.size()) {
          throw new IllegalArgumentException("unbalanced braces");
        }
        String t = tokens.get(pos++);
        if (t.equals("...")) {
          if (peek("on")) {
            pos += 2;
          }
          fields.add(new Field("...", Map.of(), selectionSet()));
          continue;
        }
        String name = t;
        if (peek(":")) {
          pos++;
          name = tokens.get(pos++);
        }
        Map<String, String> args = peek("(") ? arguments() : Map.of();
        while (peek("@")) {
          pos += 2;
          if (peek("(")) {
            arguments();
          }
        }
        fields.add(new Field(name, args, peek("{") ? selectionSet() : List.of()));
      }
      expect("}");
      return fields;
    }

    private Map<String, String> arguments() {
      expect("(");
      Map<String, String> args = new LinkedHashMap<>();
      while (!peek(")")) {
        String name = tokens.get(pos++);
        expect(":");
        String value = tokens.get(pos++);
        if (value.equals("[") || value.equals("{")) {
          int depth = 1;
          while (depth > 0) {
            String v = tokens.get(pos++);
            depth += v.equals("[") || v.equals("{") ? 1 : v.equals("]") || v.equals("}") ? -1 : 0;
          }
          value = "";
        }
        args.put(name, value);
      }
      expect(")");
      return args;
    }
  }

  /**
   * Returns a top-level argument: a string's content, or an enum, number or boolean as written.
   *
   * @param name the argument
   * @return its value, or null
   */
  @Nullable String argument(String name) {
    String v = top.args().get(name);
    if (v == null) {
      return null;
    }
    return v.startsWith("\"") ? v.substring(1) : v;
  }
}
