package dev.persona.server.rpc;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns secret bytes from the wire into {@code char[]} passwords without passing through String.
 */
final class Secrets {
  private Secrets() {}

  /** Decodes UTF-8 {@code bytes} (may be null: empty) into a fresh array the caller must zero. */
  static char[] password(final ByteBuffer bytes, final String fieldName) {
    if (bytes == null || !bytes.hasRemaining()) {
      throw new IllegalArgumentException("field=" + fieldName + " password is empty");
    }
    final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    final CharBuffer chars;
    try {
      chars = decoder.decode(bytes);
    } catch (final CharacterCodingException ex) {
      throw new IllegalArgumentException("field=" + fieldName + " password is not valid UTF-8");
    }
    final char[] password = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
    Arrays.fill(chars.array(), '\0');
    return password;
  }

  static byte[] bytes(final ByteBuffer source) {
    if (source == null) {
      return new byte[0];
    }
    final byte[] copy = new byte[source.remaining()];
    source.get(copy);
    return copy;
  }
}
