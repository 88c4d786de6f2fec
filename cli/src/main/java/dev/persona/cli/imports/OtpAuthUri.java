package dev.persona.cli.imports;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds an {@code otpauth://totp/…} URI (the Key Uri Format that {@code persona totp} and the
 * daemon's {@code ?attribute=totp} read) from a base32 secret and TOTP parameters that an export
 * keeps in separate fields, as a wipeable {@code char[]}: the secret never becomes a String.
 *
 * <p>Stateless; thread-safe.
 */
final class OtpAuthUri {
  static final int DEFAULT_DIGITS = 6;
  static final int DEFAULT_PERIOD_SECONDS = 30;
  static final String DEFAULT_ALGORITHM = "SHA1";

  private OtpAuthUri() {}

  /**
   * The URI for secret (spaces dropped); label is the item's title. Returns a fresh array the
   * caller wipes.
   */
  static char[] totp(
      final String label,
      final char[] secret,
      final int digits,
      final int periodSeconds,
      final String algorithm) {
    final String head =
        "otpauth://totp/" + URLEncoder.encode(label, StandardCharsets.UTF_8) + "?secret=";
    final String tail =
        "&digits=" + digits + "&period=" + periodSeconds + "&algorithm=" + algorithm;
    final char[] uri = new char[head.length() + secret.length + tail.length()];
    head.getChars(0, head.length(), uri, 0);
    int at = head.length();
    for (final char c : secret) {
      if (c != ' ') {
        uri[at++] = c;
      }
    }
    tail.getChars(0, tail.length(), uri, at);
    at += tail.length();
    if (at == uri.length) {
      return uri;
    }
    final char[] exact = Arrays.copyOf(uri, at);
    Arrays.fill(uri, '\0');
    return exact;
  }
}
