package dev.persona.server.rpc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords from a stored seed: either a bare base32 secret or an
 * {@code otpauth://totp/...?secret=...&algorithm=...&digits=...&period=...} URI.
 *
 * <p>Stateless; thread-safe. Decoded key bytes are wiped after use.
 */
final class Totp {
  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  private Totp() {}

  /**
   * The code for {@code seed[0, length)} at {@code nowMs}, or -1 when the seed is not a valid TOTP
   * secret. The number of digits is carried in the result's upper bits as {@code digits - 6}, so
   * that a valid code is never negative (8 itself would set the sign bit): see {@link #format}.
   */
  static int codeFromSeed(final byte[] seed, final int length, final long nowMs) {
    final String text = new String(seed, 0, length, StandardCharsets.US_ASCII).trim();
    String secret = text;
    String algorithm = "HmacSHA1";
    int digits = 6;
    int periodSeconds = 30;
    if (text.startsWith("otpauth://")) {
      secret = null;
      final int query = text.indexOf('?');
      if (query < 0) {
        return -1;
      }
      for (final String pair : text.substring(query + 1).split("&")) {
        final int eq = pair.indexOf('=');
        if (eq < 0) {
          continue;
        }
        final String key = pair.substring(0, eq);
        final String value = pair.substring(eq + 1);
        switch (key) {
          case "secret" -> secret = value;
          case "algorithm" ->
              algorithm =
                  switch (value.toUpperCase(java.util.Locale.ROOT)) {
                    case "SHA256" -> "HmacSHA256";
                    case "SHA512" -> "HmacSHA512";
                    default -> "HmacSHA1";
                  };
          case "digits" -> digits = parse(value, 6);
          case "period" -> periodSeconds = parse(value, 30);
          default -> {
            // issuer and others do not change the code
          }
        }
      }
    }
    if (secret == null || digits < 6 || digits > 8 || periodSeconds <= 0) {
      return -1;
    }
    final byte[] key = base32(secret);
    if (key == null || key.length == 0) {
      return -1;
    }
    try {
      return ((digits - 6) << 28) | generate(key, algorithm, digits, nowMs / 1000 / periodSeconds);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The code as zero-padded ASCII digits. */
  static byte[] format(final int packed) {
    final int digits = (packed >>> 28) + 6;
    final int code = packed & 0x0FFF_FFFF;
    final byte[] out = new byte[digits];
    int value = code;
    for (int i = digits - 1; i >= 0; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return out;
  }

  /** RFC 4226 HOTP over the time step {@code counter}. */
  static int generate(
      final byte[] key, final String algorithm, final int digits, final long counter) {
    try {
      final Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      final byte[] message = new byte[8];
      long value = counter;
      for (int i = 7; i >= 0; i--) {
        message[i] = (byte) value;
        value >>>= 8;
      }
      final byte[] hash = mac.doFinal(message);
      final int offset = hash[hash.length - 1] & 0x0F;
      final int binary =
          ((hash[offset] & 0x7F) << 24)
              | ((hash[offset + 1] & 0xFF) << 16)
              | ((hash[offset + 2] & 0xFF) << 8)
              | (hash[offset + 3] & 0xFF);
      Arrays.fill(hash, (byte) 0);
      return binary % POWERS[digits];
    } catch (final GeneralSecurityException ex) {
      throw new IllegalStateException("TOTP algorithm unavailable: " + algorithm, ex);
    }
  }

  /** RFC 4648 base32 without padding requirements; null when a character is not base32. */
  static byte[] base32(final String text) {
    final byte[] out = new byte[text.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int index = 0;
    for (int i = 0; i < text.length(); i++) {
      final char c = Character.toUpperCase(text.charAt(i));
      final int value;
      if (c >= 'A' && c <= 'Z') {
        value = c - 'A';
      } else if (c >= '2' && c <= '7') {
        value = c - '2' + 26;
      } else if (c == '=' || c == ' ' || c == '-') {
        continue;
      } else {
        return null;
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        if (index < out.length) {
          out[index++] = (byte) (buffer >>> (bits - 8));
        }
        bits -= 8;
      }
    }
    return index == out.length ? out : Arrays.copyOf(out, index);
  }

  private static int parse(final String value, final int fallback) {
    try {
      return Integer.parseInt(value);
    } catch (final NumberFormatException ex) {
      return fallback;
    }
  }
}
