package dev.posbridge.core.spi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Removes secrets and personal data from what the transport logs: header values, URLs and
 * (at TRACE) bodies and exception messages. Errs on the side of hiding too much.
 *
 * <p>Besides patterns (auth schemes, secret-looking JSON and form field names, e-mail addresses,
 * phone numbers) it masks every secret value a connector registered with
 * {@link #registerSecret(String)}: access and refresh tokens, client and consumer secrets, token
 * secrets and webhook keys are masked wherever they appear, whatever the field or header is called
 * (a vendor error body echoing a token, a token in a URL). The registry is process-wide and keeps
 * the most recent {@value #MAX_SECRETS} values, enough for every connector's rotating tokens.
 */
public final class Redactor {

  /** What replaces a hidden value. */
  public static final String MASK = "***";

  private static final Pattern SENSITIVE_NAME = Pattern.compile(
      "(?i).*(auth|token|secret|passw|signature|cookie|api[-_]?key|credential|session|email|phone).*");
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
  private static final Pattern INTL_PHONE = Pattern.compile("\\+\\d[\\d ().-]{6,}\\d");
  private static final Pattern NANP_PHONE =
      Pattern.compile("(?<![\\w.])\\(?\\d{3}\\)?[ .-]?\\d{3}[ .-]\\d{4}(?!\\w)|(?<![\\w.])\\d{10,11}(?![\\w.])");
  private static final Pattern JSON_FIELD = Pattern.compile(
      "(\"[^\"]*(?i:token|secret|passw|signature|authorization|api_?key|credential|email|phone)[^\"]*\"\\s*:\\s*)"
          + "\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern FORM_FIELD = Pattern.compile(
      "((?i:[\\w.-]*(?:token|secret|passw|signature|api_?key|code|email|phone)[\\w.-]*)=)[^&\\s\"]*");
  private static final Pattern AUTH_SCHEME =
      Pattern.compile("(?i)\\b(bearer|basic|oauth)\\s+[A-Za-z0-9._~+/=,\"-]+");

  /** How many registered secrets are remembered (the oldest are forgotten first). */
  public static final int MAX_SECRETS = 1024;

  /** Shorter values are not registered: masking them would garble ordinary text. */
  private static final int MIN_SECRET_LENGTH = 6;

  private static final Map<String, Boolean> SECRETS = new LinkedHashMap<>(64, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > MAX_SECRETS;
    }
  };

  /** Registered secrets, longest first, republished on every registration. */
  private static volatile String[] secrets = new String[0];

  private Redactor() {}

  /**
   * Registers a secret value the connector holds, so that it is masked wherever it appears in
   * what posbridge logs or puts in exception messages. Values shorter than six characters are
   * ignored. Thread-safe.
   *
   * @param secret the token, secret or key; {@code null} is ignored
   */
  public static void registerSecret(@Nullable String secret) {
    if (secret == null || secret.strip().length() < MIN_SECRET_LENGTH) {
      return;
    }
    String value = secret.strip();
    synchronized (SECRETS) {
      boolean added = SECRETS.put(value, Boolean.TRUE) == null;
      String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
      if (!encoded.equals(value)) {
        added |= SECRETS.put(encoded, Boolean.TRUE) == null;
      }
      if (added) {
        String[] all = SECRETS.keySet().toArray(new String[0]);
        Arrays.sort(all, Comparator.comparingInt(String::length).reversed());
        secrets = all;
      }
    }
  }

  /**
   * Masks every registered secret in a text; cheap enough for exception messages.
   *
   * @param text any text
   * @return the text with each registered secret replaced by {@value #MASK}
   */
  public static String maskSecrets(String text) {
    String s = text;
    for (String secret : secrets) {
      if (s.contains(secret)) {
        s = s.replace(secret, MASK);
      }
    }
    return s;
  }

  /**
   * Tells whether a header's value must never be logged.
   *
   * @param name the header name
   * @return {@code true} for authorization, cookies, tokens, keys, signatures and personal data
   */
  public static boolean isSensitiveHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return !n.equals("idempotency-key") && SENSITIVE_NAME.matcher(n).matches();
  }

  /**
   * Returns a copy of the headers with sensitive values masked and other values scrubbed.
   *
   * @param headers names to values
   * @return a loggable copy
   */
  public static Map<String, List<String>> headers(Map<String, List<String>> headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach((name, values) -> out.put(name,
        isSensitiveHeader(name) ? List.of(MASK) : values.stream().map(Redactor::text).toList()));
    return out;
  }

  /**
   * Renders a URL as path plus query parameter names, every query value masked.
   *
   * @param url the URL
   * @return e.g. {@code /v2/customers?email=***&limit=***}
   */
  public static String url(HttpUrl url) {
    StringBuilder sb = new StringBuilder(url.encodedPath());
    for (int i = 0; i < url.querySize(); i++) {
      sb.append(i == 0 ? '?' : '&').append(url.queryParameterName(i)).append('=').append(MASK);
    }
    return text(sb.toString());
  }

  /**
   * Masks registered secrets, e-mail addresses, phone numbers, credentials after an auth scheme
   * and the values of JSON or form fields whose names suggest secrets or personal data.
   *
   * @param text free text, a URL or a body
   * @return the redacted text
   */
  public static String text(String text) {
    String s = AUTH_SCHEME.matcher(maskSecrets(text)).replaceAll("$1 " + MASK);
    s = JSON_FIELD.matcher(s).replaceAll("$1\"" + MASK + "\"");
    s = FORM_FIELD.matcher(s).replaceAll("$1" + MASK);
    s = EMAIL.matcher(s).replaceAll(MASK + "@" + MASK);
    s = INTL_PHONE.matcher(s).replaceAll(MASK);
    return NANP_PHONE.matcher(s).replaceAll(MASK);
  }
}
