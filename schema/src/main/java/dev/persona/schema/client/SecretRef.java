package dev.persona.schema.client;

import dev.persona.schema.fb.RefAttribute;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A parsed secret reference {@code persona://VAULT/ITEM/FIELD[?attribute=totp]}. Each segment is
 * percent-decoded as UTF-8 after splitting on {@code /}, so {@code %2F} puts a slash inside a name.
 * A reference names a secret but is not one, so it may appear in messages. Immutable and
 * thread-safe.
 *
 * @param vault vault name or id
 * @param item item name or id
 * @param field field name
 * @param attribute a {@link RefAttribute} value: VALUE, or TOTP for a code computed from the field
 */
public record SecretRef(String vault, String item, String field, int attribute) {
  public static final String SCHEME = "persona://";

  /**
   * Parses a reference.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static SecretRef parse(final String text) {
    if (text == null || !text.startsWith(SCHEME)) {
      throw new IllegalArgumentException("secret reference must start with persona:// ref=" + text);
    }
    String path = text.substring(SCHEME.length());
    int attribute = RefAttribute.VALUE;
    final int query = path.indexOf('?');
    if (query >= 0) {
      attribute = parseQuery(text, path.substring(query + 1));
      path = path.substring(0, query);
    }
    final int first = path.indexOf('/');
    final int second = first < 0 ? -1 : path.indexOf('/', first + 1);
    if (first < 0 || second < 0 || path.indexOf('/', second + 1) >= 0) {
      throw new IllegalArgumentException(
          "secret reference must have exactly three segments persona://vault/item/field ref="
              + text);
    }
    final String vault = decode(text, path.substring(0, first));
    final String item = decode(text, path.substring(first + 1, second));
    final String field = decode(text, path.substring(second + 1));
    if (vault.isEmpty() || item.isEmpty() || field.isEmpty()) {
      throw new IllegalArgumentException("secret reference has an empty segment ref=" + text);
    }
    return new SecretRef(vault, item, field, attribute);
  }

  private static int parseQuery(final String text, final String query) {
    int attribute = RefAttribute.VALUE;
    for (final String pair : query.split("&", -1)) {
      final int eq = pair.indexOf('=');
      final String key = eq < 0 ? pair : pair.substring(0, eq);
      final String value = eq < 0 ? "" : decode(text, pair.substring(eq + 1));
      if (!key.equals("attribute")) {
        throw new IllegalArgumentException(
            "secret reference has unknown query parameter name=" + key + " ref=" + text);
      }
      attribute =
          switch (value) {
            case "totp", "otp" -> RefAttribute.TOTP;
            case "value" -> RefAttribute.VALUE;
            default ->
                throw new IllegalArgumentException(
                    "secret reference has unknown attribute value="
                        + value
                        + " (expected totp or value) ref="
                        + text);
          };
    }
    return attribute;
  }

  private static String decode(final String text, final String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    final ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      final char c = segment.charAt(i);
      if (c != '%') {
        final byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < segment.length()) {
          final byte[] pair = segment.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          out.write(pair, 0, pair.length);
          i++;
        } else {
          out.write(utf8, 0, utf8.length);
        }
        continue;
      }
      final int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
      final int lo = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException(
            "secret reference has a bad percent escape at index=" + i + " ref=" + text);
      }
      out.write(hi << 4 | lo);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (final CharacterCodingException e) {
      throw new IllegalArgumentException(
          "secret reference decodes to invalid UTF-8 ref=" + text, e);
    }
  }

  /** The canonical text form, percent-encoding what would not survive parsing. */
  @Override
  public String toString() {
    return SCHEME
        + encode(vault)
        + '/'
        + encode(item)
        + '/'
        + encode(field)
        + (attribute == RefAttribute.TOTP ? "?attribute=totp" : "");
  }

  private static String encode(final String segment) {
    final StringBuilder sb = new StringBuilder(segment.length());
    final byte[] utf8 = segment.getBytes(StandardCharsets.UTF_8);
    for (final byte b : utf8) {
      final int c = b & 0xFF;
      if (c == '/' || c == '%' || c == '?' || c == '&' || c == '#' || c < 0x21 || c >= 0x7F) {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }
}
