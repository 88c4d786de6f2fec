package dev.persona.cli.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON string value held as a {@code char[]} so that a secret read from JSON (an item's field
 * value, a password in an import file) can be encoded to UTF-8 and wiped without ever becoming an
 * immutable {@link String}.
 *
 * <p>Not thread-safe; owned by the command that parsed it.
 */
public final class JsonText {
  private final char[] chars;

  JsonText(final char[] chars) {
    this.chars = chars;
  }

  /** Wraps chars the caller hands over (they are wiped by {@link #wipe()}). */
  public static JsonText of(final char[] chars) {
    return new JsonText(chars);
  }

  public int length() {
    return chars.length;
  }

  /** The value as a String: only for values that are not secret (names, types, URLs, tags). */
  public String asString() {
    return new String(chars);
  }

  /** A fresh copy of the characters; the caller wipes it. */
  public char[] copyChars() {
    return chars.clone();
  }

  /** UTF-8 bytes of the value in a fresh array the caller owns and wipes. */
  public byte[] toUtf8() {
    final CharBuffer in = CharBuffer.wrap(chars);
    try {
      final ByteBuffer out =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .encode(in);
      final byte[] bytes = new byte[out.remaining()];
      out.get(bytes);
      if (out.hasArray()) {
        Arrays.fill(out.array(), (byte) 0);
      }
      return bytes;
    } catch (final CharacterCodingException e) {
      throw new IllegalStateException("utf8 encoding failed with REPLACE actions", e);
    }
  }

  public boolean contentEquals(final String other) {
    return other.length() == chars.length && Arrays.equals(chars, other.toCharArray());
  }

  public void wipe() {
    Arrays.fill(chars, '\0');
  }

  /** Never prints the value: a JsonText may hold a secret. */
  @Override
  public String toString() {
    return "JsonText[length=" + chars.length + "]";
  }
}
