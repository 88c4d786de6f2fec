package dev.persona.cli.otp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes RFC 6238 time-based one-time passwords (HOTP of RFC 4226 over a time step) from a seed
 * given either as an {@code otpauth://totp/...} URI or as bare base32.
 *
 * <p>An instance holds the seed bytes until {@link #close()} wipes them. Not thread-safe.
 */
public final class Totp implements AutoCloseable {
  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  private final byte[] seed;
  private final String algorithm;
  private final int digits;
  private final int periodSeconds;

  public Totp(
      final byte[] seed, final String algorithm, final int digits, final int periodSeconds) {
    if (digits < 6 || digits > 8) {
      throw new IllegalArgumentException("totp: digits must be 6..8: digits=" + digits);
    }
    if (periodSeconds <= 0) {
      throw new IllegalArgumentException("totp: period must be positive: period=" + periodSeconds);
    }
    this.seed = seed;
    this.algorithm = algorithm;
    this.digits = digits;
    this.periodSeconds = periodSeconds;
  }

  /**
   * Parses a seed value: an otpauth URI ({@code secret}, {@code algorithm}, {@code digits}, {@code
   * period} parameters) or bare base32. The chars are not kept; the caller wipes them.
   */
  public static Totp parse(final char[] value) {
    int from = 0;
    int to = value.length;
    while (from < to && Character.isWhitespace(value[from])) {
      from++;
    }
    while (to > from && Character.isWhitespace(value[to - 1])) {
      to--;
    }
    if (!startsWith(value, from, to, "otpauth://")) {
      final byte[] seed = Base32.decode(value, from, to);
      if (seed == null || seed.length == 0) {
        throw new IllegalArgumentException("totp: seed is neither an otpauth:// URI nor base32");
      }
      return new Totp(seed, "HmacSHA1", 6, 30);
    }
    if (!startsWith(value, from, to, "otpauth://totp/")) {
      throw new IllegalArgumentException(
          "totp: only otpauth://totp/ URIs are supported (not hotp)");
    }
    int query = from;
    while (query < to && value[query] != '?') {
      query++;
    }
    byte[] seed = null;
    String algorithm = "HmacSHA1";
    int digits = 6;
    int period = 30;
    int i = query + 1;
    while (i < to) {
      int amp = i;
      while (amp < to && value[amp] != '&') {
        amp++;
      }
      int eq = i;
      while (eq < amp && value[eq] != '=') {
        eq++;
      }
      final String key = new String(value, i, eq - i).toLowerCase(java.util.Locale.ROOT);
      final int valueFrom = Math.min(eq + 1, amp);
      switch (key) {
        case "secret" -> {
          // Base32 never needs percent-decoding except for padding ('%3D'), which decode() skips
          // anyway.
          seed = Base32.decode(value, valueFrom, amp);
          if (seed == null) {
            throw new IllegalArgumentException("totp: secret parameter is not base32");
          }
        }
        case "algorithm" -> algorithm = macName(decodeParameter(value, valueFrom, amp));
        case "digits" -> digits = parseInt(decodeParameter(value, valueFrom, amp), "digits");
        case "period" -> period = parseInt(decodeParameter(value, valueFrom, amp), "period");
        default -> {
          // issuer, image, ...: not needed to compute a code.
        }
      }
      i = amp + 1;
    }
    if (seed == null || seed.length == 0) {
      throw new IllegalArgumentException("totp: otpauth URI has no secret parameter");
    }
    return new Totp(seed, algorithm, digits, period);
  }

  /** The code for a Unix time in seconds, zero-padded to {@link #digits()}. */
  public String codeAt(final long epochSeconds) {
    return format(hotp(Math.floorDiv(epochSeconds, periodSeconds)));
  }

  /** Seconds until the code for epochSeconds changes. */
  public int secondsRemaining(final long epochSeconds) {
    return periodSeconds - (int) Math.floorMod(epochSeconds, (long) periodSeconds);
  }

  public int digits() {
    return digits;
  }

  public int periodSeconds() {
    return periodSeconds;
  }

  int hotp(final long counter) {
    final byte[] message = new byte[8];
    for (int i = 7, c = 0; i >= 0; i--, c += 8) {
      message[i] = (byte) (counter >>> c);
    }
    final byte[] hash;
    try {
      final Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(seed, algorithm));
      hash = mac.doFinal(message);
    } catch (final InvalidKeyException e) {
      throw new IllegalArgumentException("totp: unusable seed: algorithm=" + algorithm, e);
    } catch (final GeneralSecurityException e) {
      throw new IllegalStateException("totp: mac unavailable: algorithm=" + algorithm, e);
    }
    final int offset = hash[hash.length - 1] & 0x0f;
    final int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    Arrays.fill(hash, (byte) 0);
    return binary % POWERS[digits];
  }

  private String format(final int code) {
    final StringBuilder text = new StringBuilder(Integer.toString(code));
    while (text.length() < digits) {
      text.insert(0, '0');
    }
    return text.toString();
  }

  @Override
  public void close() {
    Arrays.fill(seed, (byte) 0);
  }

  private static String macName(final String algorithm) {
    return switch (algorithm.toUpperCase(java.util.Locale.ROOT)) {
      case "SHA1" -> "HmacSHA1";
      case "SHA256" -> "HmacSHA256";
      case "SHA512" -> "HmacSHA512";
      default -> throw new IllegalArgumentException("totp: unsupported algorithm=" + algorithm);
    };
  }

  private static int parseInt(final String text, final String what) {
    try {
      return Integer.parseInt(text);
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException("totp: " + what + " is not a number", e);
    }
  }

  private static String decodeParameter(final char[] value, final int from, final int to) {
    return URLDecoder.decode(new String(value, from, to - from), StandardCharsets.UTF_8);
  }

  private static boolean startsWith(
      final char[] value, final int from, final int to, final String prefix) {
    if (to - from < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase(value[from + i]) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
