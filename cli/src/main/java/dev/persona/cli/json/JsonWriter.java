package dev.persona.cli.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes compact RFC 8259 JSON to an {@link Appendable}, one call per token, tracking commas
 * itself.
 *
 * <p>Secret values are written from {@code byte[]} or {@code char[]} straight to the destination
 * without an intermediate String ({@link #utf8Value(byte[])}). Not thread-safe.
 */
public final class JsonWriter {
  private final Appendable out;
  // One bit per nesting level: has the current container already got an element?
  private final boolean[] hasElement = new boolean[JsonReader.MAX_DEPTH + 1];
  private int depth;
  private boolean afterName;

  public JsonWriter(final Appendable out) {
    this.out = out;
  }

  public JsonWriter beginObject() {
    beforeValue();
    write('{');
    push();
    return this;
  }

  public JsonWriter endObject() {
    depth--;
    write('}');
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    write('[');
    push();
    return this;
  }

  public JsonWriter endArray() {
    depth--;
    write(']');
    return this;
  }

  public JsonWriter name(final String name) {
    if (hasElement[depth]) {
      write(',');
    }
    hasElement[depth] = true;
    writeString(name);
    write(':');
    afterName = true;
    return this;
  }

  public JsonWriter value(final String value) {
    if (value == null) {
      return nullValue();
    }
    beforeValue();
    writeString(value);
    return this;
  }

  public JsonWriter value(final long value) {
    beforeValue();
    append(Long.toString(value));
    return this;
  }

  /** A finite number with one decimal (entropy figures and the like). */
  public JsonWriter value(final double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("json: non-finite number");
    }
    beforeValue();
    append(String.format(java.util.Locale.ROOT, "%.1f", value));
    return this;
  }

  public JsonWriter value(final boolean value) {
    beforeValue();
    append(value ? "true" : "false");
    return this;
  }

  public JsonWriter nullValue() {
    beforeValue();
    append("null");
    return this;
  }

  /** Writes chars as a JSON string without making a String of them. */
  public JsonWriter value(final char[] chars, final int length) {
    beforeValue();
    write('"');
    for (int i = 0; i < length; i++) {
      escape(chars[i]);
    }
    write('"');
    return this;
  }

  /**
   * Writes UTF-8 bytes as a JSON string; returns false (writing nothing) when they are not valid
   * UTF-8, so the caller can fall back to {@link #base64Value(byte[])}. The decoded chars are
   * wiped.
   */
  public boolean utf8Value(final byte[] utf8) {
    final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    final CharBuffer chars;
    try {
      chars = decoder.decode(ByteBuffer.wrap(utf8));
    } catch (final CharacterCodingException e) {
      return false;
    }
    try {
      value(chars.array(), chars.limit());
    } finally {
      Arrays.fill(chars.array(), '\0');
    }
    return true;
  }

  public JsonWriter base64Value(final byte[] bytes) {
    return value(Base64.getEncoder().encodeToString(bytes));
  }

  private void push() {
    depth++;
    if (depth >= hasElement.length) {
      throw new IllegalStateException("json nesting too deep: depth=" + depth);
    }
    hasElement[depth] = false;
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth > 0) {
      if (hasElement[depth]) {
        write(',');
      }
      hasElement[depth] = true;
    }
  }

  private void writeString(final String s) {
    write('"');
    for (int i = 0; i < s.length(); i++) {
      escape(s.charAt(i));
    }
    write('"');
  }

  private void escape(final char c) {
    switch (c) {
      case '"' -> append("\\\"");
      case '\\' -> append("\\\\");
      case '\n' -> append("\\n");
      case '\r' -> append("\\r");
      case '\t' -> append("\\t");
      case '\b' -> append("\\b");
      case '\f' -> append("\\f");
      default -> {
        if (c < 0x20 || c == '\u2028' || c == '\u2029') {
          append(String.format("\\u%04x", (int) c));
        } else {
          write(c);
        }
      }
    }
  }

  private void write(final char c) {
    try {
      out.append(c);
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void append(final String s) {
    try {
      out.append(s);
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
