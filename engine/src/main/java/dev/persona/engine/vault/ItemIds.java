package dev.persona.engine.vault;

import java.security.SecureRandom;

/** Random 128-bit ids and their 26-character lowercase base32 (RFC 4648 alphabet) text form. */
public final class ItemIds {
  public static final int LENGTH = 16;
  public static final int TEXT_LENGTH = 26;
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ItemIds() {}

  public static byte[] random() {
    final byte[] id = new byte[LENGTH];
    RANDOM.nextBytes(id);
    return id;
  }

  public static String toText(final byte[] id) {
    final char[] out = new char[TEXT_LENGTH];
    int buffer = 0;
    int bits = 0;
    int o = 0;
    for (final byte b : id) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        out[o++] = ALPHABET[(buffer >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    if (bits > 0) {
      out[o++] = ALPHABET[(buffer << (5 - bits)) & 31];
    }
    return new String(out, 0, o);
  }

  /** Parses an id, or returns null when {@code text} is not one. */
  public static byte[] parse(final CharSequence text) {
    if (text == null || text.length() != TEXT_LENGTH) {
      return null;
    }
    final byte[] out = new byte[LENGTH];
    int buffer = 0;
    int bits = 0;
    int o = 0;
    for (int i = 0; i < TEXT_LENGTH; i++) {
      final char c = text.charAt(i);
      final int v;
      if (c >= 'a' && c <= 'z') {
        v = c - 'a';
      } else if (c >= '2' && c <= '7') {
        v = c - '2' + 26;
      } else {
        return null;
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        if (o < LENGTH) {
          out[o++] = (byte) (buffer >>> (bits - 8));
        }
        bits -= 8;
      }
    }
    return out;
  }
}
