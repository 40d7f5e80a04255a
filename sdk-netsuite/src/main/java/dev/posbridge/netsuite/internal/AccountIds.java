package dev.posbridge.netsuite.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** Account ID forms: the OAuth realm keeps {@code 1234567_SB1}, the host uses {@code 1234567-sb1}. */
public final class AccountIds {

  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9]+([_-][A-Za-z0-9]+)*");

  private AccountIds() {}

  /**
   * Validates an account ID in either form.
   *
   * @param accountId the account ID, e.g. {@code 1234567_SB1} or {@code 1234567-sb1}
   * @return the trimmed ID
   * @throws IllegalArgumentException if it is blank or has other characters
   */
  public static String check(String accountId) {
    if (accountId == null || !ACCOUNT.matcher(accountId.trim()).matches()) {
      throw new IllegalArgumentException(
          "accountId must be letters and digits with _ or - separators, e.g. 1234567_SB1: " + accountId);
    }
    return accountId.trim();
  }

  /**
   * Returns the OAuth realm: upper case, {@code -} as {@code _}.
   *
   * @param accountId the account ID in either form
   * @return e.g. {@code 1234567_SB1}
   */
  public static String realm(String accountId) {
    return check(accountId).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * Returns the host label: lower case, {@code _} as {@code -}.
   *
   * @param accountId the account ID in either form
   * @return e.g. {@code 1234567-sb1}
   */
  public static String host(String accountId) {
    return check(accountId).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Returns the SuiteTalk REST base URL of an account.
   *
   * @param accountId the account ID in either form
   * @return e.g. {@code https://1234567-sb1.suitetalk.api.netsuite.com}
   */
  public static String baseUrl(String accountId) {
    return "https://" + host(accountId) + ".suitetalk.api.netsuite.com";
  }
}
