package dev.persona.cli.otp;

import java.util.Arrays;

/**
 * Decodes RFC 4648 base32 (the alphabet TOTP seeds use), forgiving what authenticator apps print:
 * lower case, spaces, dashes and missing padding.
 *
 * <p>Stateless; thread-safe.
 */
public final class Base32 {
  private Base32() {}

  /**
   * Decodes chars[from, to); returns null when a character is outside the alphabet. Wipes its
   * scratch.
   */
  public static byte[] decode(final char[] chars, final int from, final int to) {
    final byte[] out = new byte[Math.max(0, to - from) * 5 / 8 + 1];
    int length = 0;
    int buffer = 0;
    int bits = 0;
    for (int i = from; i < to; i++) {
      final char c = chars[i];
      if (c == ' ' || c == '-' || c == '=' || c == '\t') {
        continue;
      }
      final int value;
      if (c >= 'A' && c <= 'Z') {
        value = c - 'A';
      } else if (c >= 'a' && c <= 'z') {
        value = c - 'a';
      } else if (c >= '2' && c <= '7') {
        value = c - '2' + 26;
      } else {
        Arrays.fill(out, (byte) 0);
        return null;
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out[length++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    final byte[] result = Arrays.copyOf(out, length);
    Arrays.fill(out, (byte) 0);
    return result;
  }

  public static byte[] decode(final String text) {
    final char[] chars = text.toCharArray();
    try {
      return decode(chars, 0, chars.length);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }
}
