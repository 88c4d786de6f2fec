package dev.persona.engine.vault;

/**
 * Normalises search terms into UTF-8 before they are HMACed into blind index keys, without
 * allocating (the lookup hot path calls it with the caller's {@link CharSequence}).
 *
 * <p>Names and tags: trimmed, lower-cased per code point. URL hosts: the host part of a URL or bare
 * host (scheme, user info, port, path and a trailing dot removed), lower-cased. SSH fingerprints:
 * trimmed only (base64 is case-sensitive).
 */
public final class Terms {
  public static final int KIND_LIVE = 0;
  public static final int KIND_TRASH = 1;
  public static final int KIND_NAME = 2;
  public static final int KIND_TAG = 3;
  public static final int KIND_URL_HOST = 4;
  public static final int KIND_SSH_FINGERPRINT = 5;

  private Terms() {}

  /**
   * Writes the normalised UTF-8 form of {@code term} into {@code dst}; returns its length, or -1
   * when {@code dst} is too small.
   */
  public static int normalise(final int kind, final CharSequence term, final byte[] dst) {
    int start = 0;
    int end = term.length();
    while (start < end && Character.isWhitespace(term.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(term.charAt(end - 1))) {
      end--;
    }
    boolean lower = true;
    if (kind == KIND_URL_HOST) {
      final int scheme = indexOf(term, "://", start, end);
      if (scheme >= 0) {
        start = scheme + 3;
      }
      int stop = end;
      for (int i = start; i < end; i++) {
        final char c = term.charAt(i);
        if (c == '/' || c == '?' || c == '#') {
          stop = i;
          break;
        }
      }
      end = stop;
      for (int i = end - 1; i >= start; i--) {
        if (term.charAt(i) == '@') {
          start = i + 1;
          break;
        }
      }
      if (start < end && term.charAt(start) == '[') {
        final int close = indexOf(term, "]", start, end);
        if (close > 0) {
          end = close + 1;
        }
      } else {
        for (int i = start; i < end; i++) {
          if (term.charAt(i) == ':') {
            end = i;
            break;
          }
        }
      }
      if (end > start && term.charAt(end - 1) == '.') {
        end--;
      }
    } else if (kind == KIND_SSH_FINGERPRINT) {
      lower = false;
    }
    int o = 0;
    for (int i = start; i < end; ) {
      int cp = Character.codePointAt(term, i);
      i += Character.charCount(cp);
      if (lower) {
        cp = Character.toLowerCase(cp);
      }
      if (cp < 0x80) {
        if (o + 1 > dst.length) {
          return -1;
        }
        dst[o++] = (byte) cp;
      } else if (cp < 0x800) {
        if (o + 2 > dst.length) {
          return -1;
        }
        dst[o++] = (byte) (0xC0 | (cp >> 6));
        dst[o++] = (byte) (0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        if (o + 3 > dst.length) {
          return -1;
        }
        dst[o++] = (byte) (0xE0 | (cp >> 12));
        dst[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        dst[o++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        if (o + 4 > dst.length) {
          return -1;
        }
        dst[o++] = (byte) (0xF0 | (cp >> 18));
        dst[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        dst[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        dst[o++] = (byte) (0x80 | (cp & 0x3F));
      }
    }
    return o;
  }

  /** Exact UTF-8 encoding without normalisation (field names); -1 when it does not fit. */
  public static int utf8(final CharSequence s, final byte[] dst) {
    int o = 0;
    for (int i = 0; i < s.length(); ) {
      final int cp = Character.codePointAt(s, i);
      i += Character.charCount(cp);
      final int need = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (o + need > dst.length) {
        return -1;
      }
      switch (need) {
        case 1 -> dst[o++] = (byte) cp;
        case 2 -> {
          dst[o++] = (byte) (0xC0 | (cp >> 6));
          dst[o++] = (byte) (0x80 | (cp & 0x3F));
        }
        case 3 -> {
          dst[o++] = (byte) (0xE0 | (cp >> 12));
          dst[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          dst[o++] = (byte) (0x80 | (cp & 0x3F));
        }
        default -> {
          dst[o++] = (byte) (0xF0 | (cp >> 18));
          dst[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          dst[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          dst[o++] = (byte) (0x80 | (cp & 0x3F));
        }
      }
    }
    return o;
  }

  private static int indexOf(
      final CharSequence s, final String needle, final int from, final int to) {
    outer:
    for (int i = from; i + needle.length() <= to; i++) {
      for (int j = 0; j < needle.length(); j++) {
        if (s.charAt(i + j) != needle.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
