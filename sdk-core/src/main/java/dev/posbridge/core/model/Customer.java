package dev.posbridge.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A customer as known to one or more systems.
 *
 * <p>Personal data (names, email, phone, addresses, note) never appears in {@link #toString()}.
 * At least one of given name, family name, company name, email or phone is present.
 *
 * @param refs how each system identifies the customer (with versions where a system has them)
 * @param givenName the given name, if any
 * @param familyName the family name, if any
 * @param companyName the company name, if any
 * @param email the email address, if any
 * @param phone the phone number as entered (digits, spaces, {@code + - ( ) .}), if any
 * @param addresses postal addresses, the default first
 * @param emailMarketing consent to email marketing
 * @param smsMarketing consent to SMS marketing
 * @param note a free-text note, if any
 * @param createdAt when the source created it, if known
 * @param updatedAt when the source last changed it, if known
 */
public record Customer(
    List<ExternalRef> refs,
    @Nullable String givenName,
    @Nullable String familyName,
    @Nullable String companyName,
    @Nullable String email,
    @Nullable String phone,
    List<Address> addresses,
    Consent emailMarketing,
    Consent smsMarketing,
    @Nullable String note,
    @Nullable Instant createdAt,
    @Nullable Instant updatedAt) {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./*-]{3,32}");

  /**
   * Validates the components.
   *
   * @param refs the system ids
   * @param givenName the given name
   * @param familyName the family name
   * @param companyName the company name
   * @param email the email
   * @param phone the phone
   * @param addresses the addresses
   * @param emailMarketing email consent
   * @param smsMarketing SMS consent
   * @param note the note
   * @param createdAt the creation time
   * @param updatedAt the last change time
   * @throws IllegalArgumentException if no identifying field is present, or the email or phone is
   *     malformed (the message does not repeat the value)
   */
  public Customer {
    refs = Checks.list(refs, "refs");
    givenName = Checks.text(givenName);
    familyName = Checks.text(familyName);
    companyName = Checks.text(companyName);
    email = Checks.text(email);
    phone = Checks.text(phone);
    if (email != null && !EMAIL.matcher(email).matches()) {
      throw new IllegalArgumentException("email is not an email address");
    }
    if (phone != null && !PHONE.matcher(phone).matches()) {
      throw new IllegalArgumentException("phone is not a phone number");
    }
    if (givenName == null && familyName == null && companyName == null && email == null
        && phone == null) {
      throw new IllegalArgumentException(
          "customer needs a given name, family name, company name, email or phone");
    }
    addresses = Checks.list(addresses, "addresses");
    Checks.notNull(emailMarketing, "emailMarketing");
    Checks.notNull(smsMarketing, "smsMarketing");
    note = Checks.text(note);
  }

  /**
   * Starts a builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder initialised with this customer's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Returns this customer's reference in one system, if it has one.
   *
   * @param system the system name
   * @return the first reference of that system, or {@code null}
   */
  public @Nullable ExternalRef refIn(String system) {
    for (ExternalRef r : refs) {
      if (r.system().equals(system)) {
        return r;
      }
    }
    return null;
  }

  /**
   * Returns the email in the form used for matching: trimmed and lower case.
   *
   * @return the normalised email, or {@code null}
   */
  public @Nullable String normalizedEmail() {
    return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Returns the phone in the form used for matching: digits only, with a leading {@code +} if
   * present.
   *
   * @return the normalised phone, or {@code null}
   */
  public @Nullable String normalizedPhone() {
    if (phone == null) {
      return null;
    }
    String digits = phone.replaceAll("[^0-9]", "");
    return phone.trim().startsWith("+") ? "+" + digits : digits;
  }

  /** Renders the references only; personal data is redacted. */
  @Override
  public String toString() {
    return "Customer[refs=" + refs + ", ***]";
  }

  /** Builds a {@link Customer}. Not thread-safe. Consents default to {@link Consent#UNKNOWN}. */
  public static final class Builder {
    private final List<ExternalRef> refs = new ArrayList<>();
    private @Nullable String givenName;
    private @Nullable String familyName;
    private @Nullable String companyName;
    private @Nullable String email;
    private @Nullable String phone;
    private final List<Address> addresses = new ArrayList<>();
    private Consent emailMarketing = Consent.UNKNOWN;
    private Consent smsMarketing = Consent.UNKNOWN;
    private @Nullable String note;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;

    private Builder() {}

    private Builder(Customer c) {
      refs.addAll(c.refs);
      givenName = c.givenName;
      familyName = c.familyName;
      companyName = c.companyName;
      email = c.email;
      phone = c.phone;
      addresses.addAll(c.addresses);
      emailMarketing = c.emailMarketing;
      smsMarketing = c.smsMarketing;
      note = c.note;
      createdAt = c.createdAt;
      updatedAt = c.updatedAt;
    }

    /**
     * Replaces the system ids.
     *
     * @param values the references
     * @return this builder
     */
    public Builder refs(List<ExternalRef> values) {
      refs.clear();
      refs.addAll(values);
      return this;
    }

    /**
     * Adds a system id, replacing an existing one for the same system and type.
     *
     * @param value the reference
     * @return this builder
     */
    public Builder putRef(ExternalRef value) {
      refs.removeIf(r -> r.system().equals(value.system()) && r.type().equals(value.type()));
      refs.add(value);
      return this;
    }

    /**
     * Sets the given name.
     *
     * @param value the given name, or {@code null}
     * @return this builder
     */
    public Builder givenName(@Nullable String value) {
      this.givenName = value;
      return this;
    }

    /**
     * Sets the family name.
     *
     * @param value the family name, or {@code null}
     * @return this builder
     */
    public Builder familyName(@Nullable String value) {
      this.familyName = value;
      return this;
    }

    /**
     * Sets the company name.
     *
     * @param value the company name, or {@code null}
     * @return this builder
     */
    public Builder companyName(@Nullable String value) {
      this.companyName = value;
      return this;
    }

    /**
     * Sets the email.
     *
     * @param value the email, or {@code null}
     * @return this builder
     */
    public Builder email(@Nullable String value) {
      this.email = value;
      return this;
    }

    /**
     * Sets the phone.
     *
     * @param value the phone, or {@code null}
     * @return this builder
     */
    public Builder phone(@Nullable String value) {
      this.phone = value;
      return this;
    }

    /**
     * Replaces the addresses.
     *
     * @param values the addresses
     * @return this builder
     */
    public Builder addresses(List<Address> values) {
      addresses.clear();
      addresses.addAll(values);
      return this;
    }

    /**
     * Adds an address.
     *
     * @param value the address
     * @return this builder
     */
    public Builder addAddress(Address value) {
      addresses.add(value);
      return this;
    }

    /**
     * Sets the email marketing consent.
     *
     * @param value the consent
     * @return this builder
     */
    public Builder emailMarketing(Consent value) {
      this.emailMarketing = value;
      return this;
    }

    /**
     * Sets the SMS marketing consent.
     *
     * @param value the consent
     * @return this builder
     */
    public Builder smsMarketing(Consent value) {
      this.smsMarketing = value;
      return this;
    }

    /**
     * Sets the note.
     *
     * @param value the note, or {@code null}
     * @return this builder
     */
    public Builder note(@Nullable String value) {
      this.note = value;
      return this;
    }

    /**
     * Sets the creation time.
     *
     * @param value the time, or {@code null}
     * @return this builder
     */
    public Builder createdAt(@Nullable Instant value) {
      this.createdAt = value;
      return this;
    }

    /**
     * Sets the last change time.
     *
     * @param value the time, or {@code null}
     * @return this builder
     */
    public Builder updatedAt(@Nullable Instant value) {
      this.updatedAt = value;
      return this;
    }

    /**
     * Builds the customer.
     *
     * @return the customer
     * @throws IllegalArgumentException if the values are invalid
     */
    public Customer build() {
      return new Customer(
          refs, givenName, familyName, companyName, email, phone, addresses, emailMarketing,
          smsMarketing, note, createdAt, updatedAt);
    }
  }
}
