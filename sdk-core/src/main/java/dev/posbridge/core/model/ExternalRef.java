package dev.posbridge.core.model;

import org.jspecify.annotations.Nullable;

/**
 * How one object is known in one vendor system: {@code (system, type, id)}, plus the vendor's
 * optimistic-concurrency version where it has one.
 *
 * <p>Examples: {@code square/order/CAISEM82RcpmcFBM0TfOyiHV3es} version {@code 4};
 * {@code shopify/order/gid://shopify/Order/1001}; {@code quickbooks/SalesReceipt/146} with sync
 * token {@code 0}. IDs are opaque: never parse them.
 *
 * @param system the vendor system in lower case, e.g. {@link #SQUARE}
 * @param type the kind of object in that system, e.g. {@code "order"}, {@code "item_variation"}
 * @param id the vendor's id, opaque
 * @param version the vendor's version, sync token or ETag at the time it was read, if any
 */
public record ExternalRef(String system, String type, String id, @Nullable String version) {

  /** The Square system name. */
  public static final String SQUARE = "square";
  /** The Shopify system name. */
  public static final String SHOPIFY = "shopify";
  /** The QuickBooks Online system name. */
  public static final String QUICKBOOKS = "quickbooks";
  /** The NetSuite system name. */
  public static final String NETSUITE = "netsuite";
  /** The system name for canonical, posbridge-assigned identifiers (e.g. SKUs). */
  public static final String CANONICAL = "posbridge";

  /**
   * Validates the components.
   *
   * @param system the vendor system
   * @param type the object type
   * @param id the vendor id
   * @param version the version, if any
   * @throws IllegalArgumentException if system is not lower-case, or type or id is blank
   */
  public ExternalRef {
    Checks.notBlank(system, "system");
    Checks.id(system, "system");
    if (!validSystem(system)) {
      throw new IllegalArgumentException("system must be lower case [a-z0-9_.-]: " + Checks.quote(system));
    }
    Checks.notBlank(type, "type");
    Checks.id(type, "type");
    Checks.notBlank(id, "id");
    Checks.id(id, "id");
    version = Checks.id(version, "version");
  }

  /**
   * Checks {@code [a-z][a-z0-9_.-]*} without a regular expression: every vendor object carries
   * several refs, and a regex match per constructor showed in the decode profile.
   */
  private static boolean validSystem(String s) {
    char first = s.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Creates a reference without a version.
   *
   * @param system the vendor system
   * @param type the object type
   * @param id the vendor id
   * @return the reference
   */
  public static ExternalRef of(String system, String type, String id) {
    return new ExternalRef(system, type, id, null);
  }

  /**
   * Returns a copy with another version.
   *
   * @param newVersion the version, or {@code null}
   * @return the reference with that version
   */
  public ExternalRef withVersion(@Nullable String newVersion) {
    return new ExternalRef(system, type, id, newVersion);
  }

  /**
   * Tells whether this reference names the same object as another, ignoring versions.
   *
   * @param other the other reference
   * @return {@code true} if system, type and id are equal
   */
  public boolean sameObject(ExternalRef other) {
    return system.equals(other.system) && type.equals(other.type) && id.equals(other.id);
  }

  /**
   * Reads a reference in the form {@link #toString()} writes, {@code system/type/id} with an
   * optional {@code @version}, e.g. the source ref posbridge stores in a booked document's memo.
   *
   * @param text the text
   * @return the reference
   * @throws IllegalArgumentException if the text is not such a reference
   */
  public static ExternalRef parse(String text) {
    String[] parts = text.split("/", 3);
    if (parts.length < 3) {
      throw new IllegalArgumentException("not a system/type/id reference: " + Checks.quote(text));
    }
    String id = parts[2];
    String version = null;
    int v = id.lastIndexOf('@');
    if (v > 0) {
      version = id.substring(v + 1);
      id = id.substring(0, v);
    }
    return new ExternalRef(parts[0], parts[1], id, version);
  }

  /**
   * Finds a reference that posbridge wrote into free text after a marker (the memo or note of a
   * booked document): the {@link #parse} form that follows the marker, up to the next space or
   * {@code end}.
   *
   * @param text the text, or {@code null}
   * @param marker the text just before the reference
   * @param end a character that also ends the reference, e.g. {@code ']'}
   * @return the reference, or {@code null} if the text has no marker or no reference after it
   */
  public static @Nullable ExternalRef find(@Nullable String text, String marker, char end) {
    if (text == null) {
      return null;
    }
    int at = text.indexOf(marker);
    if (at < 0) {
      return null;
    }
    int from = at + marker.length();
    while (from < text.length() && text.charAt(from) == ' ') {
      from++;
    }
    int to = from;
    while (to < text.length() && text.charAt(to) != ' ' && text.charAt(to) != end) {
      to++;
    }
    try {
      return parse(text.substring(from, to));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Renders as {@code system/type/id} or {@code system/type/id@version}. */
  @Override
  public String toString() {
    return system + "/" + type + "/" + id + (version == null ? "" : "@" + version);
  }
}
