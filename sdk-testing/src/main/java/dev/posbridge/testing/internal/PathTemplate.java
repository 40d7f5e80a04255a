package dev.posbridge.testing.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A compiled path template such as {@code /v2/orders/{order_id}} or {@code /record/v1/customer/eid:{eid}}.
 *
 * <p>A variable matches one non-empty path segment or the rest of a segment; values are
 * percent-decoded ({@code +} stays a plus sign). Immutable and thread-safe.
 */
public final class PathTemplate {

  private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final String template;
  private final Pattern pattern;
  private final List<String> names;
  private final int literalLength;

  private PathTemplate(String template, Pattern pattern, List<String> names, int literalLength) {
    this.template = template;
    this.pattern = pattern;
    this.names = names;
    this.literalLength = literalLength;
  }

  /**
   * Compiles a template.
   *
   * @param template a path starting with {@code /}, with {@code {name}} variables
   * @return the compiled template
   * @throws IllegalArgumentException if the template is malformed
   */
  public static PathTemplate compile(String template) {
    if (template.isEmpty() || template.charAt(0) != '/') {
      throw new IllegalArgumentException("path template must start with '/': \"" + template + "\"");
    }
    Matcher m = VARIABLE.matcher(template);
    StringBuilder regex = new StringBuilder();
    List<String> names = new ArrayList<>();
    int last = 0;
    int literal = 0;
    while (m.find()) {
      String lit = template.substring(last, m.start());
      checkLiteral(template, lit);
      regex.append(Pattern.quote(lit));
      literal += lit.length();
      if (names.contains(m.group(1))) {
        throw new IllegalArgumentException(
            "path template repeats variable {" + m.group(1) + "}: \"" + template + "\"");
      }
      names.add(m.group(1));
      regex.append("([^/]+)");
      last = m.end();
    }
    String tail = template.substring(last);
    checkLiteral(template, tail);
    regex.append(Pattern.quote(tail));
    literal += tail.length();
    return new PathTemplate(template, Pattern.compile(regex.toString()), List.copyOf(names), literal);
  }

  private static void checkLiteral(String template, String literal) {
    if (literal.indexOf('{') >= 0 || literal.indexOf('}') >= 0) {
      throw new IllegalArgumentException("malformed variable in path template: \"" + template + "\"");
    }
  }

  /**
   * Matches a raw (still percent-encoded) request path.
   *
   * @param rawPath the request path without query string
   * @return the decoded variables in template order, or {@code null} if the path does not match
   */
  public @Nullable Map<String, String> match(String rawPath) {
    Matcher m = pattern.matcher(rawPath);
    if (!m.matches()) {
      return null;
    }
    Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      vars.put(names.get(i), decodePathSegment(m.group(i + 1)));
    }
    return vars;
  }

  /**
   * Tells whether a raw path matches.
   *
   * @param rawPath the request path without query string
   * @return whether it matches
   */
  public boolean matches(String rawPath) {
    return pattern.matcher(rawPath).matches();
  }

  /**
   * Returns the number of literal characters, used to prefer specific templates over general ones.
   *
   * @return the literal length
   */
  public int literalLength() {
    return literalLength;
  }

  /**
   * Returns the template text.
   *
   * @return the template as given
   */
  public String template() {
    return template;
  }

  @Override
  public String toString() {
    return template;
  }

  /**
   * Percent-decodes a path segment, keeping {@code +} as a plus sign.
   *
   * @param segment the raw segment
   * @return the decoded segment, or the raw text if it is not valid percent-encoding
   */
  public static String decodePathSegment(String segment) {
    return decode(segment.replace("+", "%2B"));
  }

  /**
   * Decodes a form-encoded query component ({@code +} is a space).
   *
   * @param component the raw component
   * @return the decoded text, or the raw text if it is not valid percent-encoding
   */
  public static String decodeQueryComponent(String component) {
    return decode(component);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
