package dev.posbridge.testing.shopify;

import dev.posbridge.testing.internal.RejectedDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * The GraphQL tokenizer the Shopify simulator's document readers share: names (with {@code .} and
 * {@code -} inside), {@code ...}, string literals and single punctuation characters; whitespace,
 * commas and {@code #} comments are skipped.
 */
final class GraphQlTokens {

  private GraphQlTokens() {}

  /** A reader's place in a token list, with the look-ahead the document readers share. */
  abstract static class Reader {
    final List<String> tokens;
    int pos;

    Reader(List<String> tokens) {
      this.tokens = tokens;
    }

    /** Tells whether the token at the current place is {@code t}. */
    final boolean peek(String t) {
      return pos < tokens.size() && tokens.get(pos).equals(t);
    }

    /** Steps over {@code t}, or throws {@link IllegalArgumentException} if another token is there. */
    final void expect(String t) {
      if (!peek(t)) {
        throw new IllegalArgumentException("expected '" + t + "' at token " + pos);
      }
      pos++;
    }
  }

  /**
   * Splits a document into tokens.
   *
   * @param s the document
   * @param bulk {@code true} for bulk query documents: a string token keeps its decoded contents
   *     after the opening {@code "}, an unterminated string is refused and so is a variable
   *     ({@code $}); {@code false} for cost estimates: every string collapses to {@code "}
   * @return the tokens
   * @throws IllegalArgumentException in bulk mode, if a string is unterminated or holds a bad
   *     {@code \\u} escape
   * @throws RejectedDocument in bulk mode, if the document uses a variable
   */
  static List<String> of(String s, boolean bulk) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == ',') {
        i++;
      } else if (c == '#') {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"') {
        i = bulk ? decodeString(s, i, out) : skipString(s, i, out);
      } else if (s.startsWith("...", i)) {
        out.add("...");
        i += 3;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
            || s.charAt(j) == '.' || s.charAt(j) == '-')) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      } else if (c == '$' && bulk) {
        throw new RejectedDocument("Bulk queries cannot use variables.");
      } else {
        out.add(String.valueOf(c));
        i++;
      }
    }
    return out;
  }

  /** Adds {@code "} for the string starting at {@code i}; returns the index after it. */
  private static int skipString(String s, int i, List<String> out) {
    int j = i + 1;
    while (j < s.length() && s.charAt(j) != '"') {
      j += s.charAt(j) == '\\' ? 2 : 1;
    }
    out.add("\"");
    return j + 1;
  }

  /** Adds {@code "} and the decoded contents of the string starting at {@code i}; returns the index after it. */
  private static int decodeString(String s, int i, List<String> out) {
    StringBuilder b = new StringBuilder("\"");
    int j = i + 1;
    while (j < s.length() && s.charAt(j) != '"') {
      char ch = s.charAt(j);
      if (ch == '\\' && j + 1 < s.length()) {
        char e = s.charAt(++j);
        if (e == 'u' && j + 4 < s.length()) {
          ch = (char) Integer.parseInt(s.substring(j + 1, j + 5), 16);
          j += 4;
        } else {
          ch = switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            default -> e;
          };
        }
      }
      b.append(ch);
      j++;
    }
    if (j >= s.length()) {
      throw new IllegalArgumentException("unterminated string");
    }
    out.add(b.toString());
    return j + 1;
  }
}
