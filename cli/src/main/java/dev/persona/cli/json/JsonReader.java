package dev.persona.cli.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses RFC 8259 JSON into plain Java values: {@code Map<String, Object>} (insertion ordered),
 * {@code List<Object>}, {@link JsonText} for strings, {@code Long} or {@code Double} for numbers,
 * {@code Boolean}, and {@code null}.
 *
 * <p>Hand-written (about 250 lines) rather than a library on the class path because the CLI's
 * start-up time is a goal, and because string values must stay wipeable {@code char[]} (a secret
 * must never become a String). Object keys are Strings: they are field names, never secrets. Errors
 * name line and column, never the content.
 *
 * <p>Not thread-safe; one instance per document.
 */
public final class JsonReader {
  /** Refuses deeper nesting than this rather than overflowing the stack on hostile input. */
  public static final int MAX_DEPTH = 64;

  /** Largest document accepted from a file or stdin, in chars. */
  public static final int MAX_CHARS = 64 * 1024 * 1024;

  private final char[] in;
  private final int end;
  private int pos;
  private char[] scratch = new char[64];

  private JsonReader(final char[] in, final int length) {
    this.in = in;
    this.end = length;
  }

  /**
   * Parses one JSON document; trailing non-whitespace is an error. The input array is not modified.
   */
  public static Object parse(final char[] input) {
    return parse(input, input.length);
  }

  public static Object parse(final char[] input, final int length) {
    final JsonReader reader = new JsonReader(input, length);
    try {
      reader.skipWhitespace();
      final Object value = reader.readValue(0);
      reader.skipWhitespace();
      if (reader.pos != reader.end) {
        throw reader.error("unexpected data after the JSON value");
      }
      return value;
    } finally {
      Arrays.fill(reader.scratch, '\0');
    }
  }

  /** Reads the whole stream as UTF-8 and parses it; the intermediate buffer is wiped. */
  public static Object parse(final InputStream stream) throws IOException {
    final char[][] holder = new char[1][];
    final int length = readAll(new InputStreamReader(stream, StandardCharsets.UTF_8), holder);
    try {
      return parse(holder[0], length);
    } finally {
      Arrays.fill(holder[0], '\0');
    }
  }

  /**
   * Reads a reader fully into holder[0] (wiping every discarded buffer) and returns the number of
   * chars.
   */
  public static int readAll(final Reader reader, final char[][] holder) throws IOException {
    char[] buffer = new char[8192];
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        if (buffer.length >= MAX_CHARS) {
          Arrays.fill(buffer, '\0');
          throw new JsonSyntaxException("input too large: max_chars=" + MAX_CHARS);
        }
        final char[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
        Arrays.fill(buffer, '\0');
        buffer = bigger;
      }
      final int read = reader.read(buffer, length, buffer.length - length);
      if (read < 0) {
        break;
      }
      length += read;
    }
    holder[0] = buffer;
    return length;
  }

  private Object readValue(final int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    if (pos >= end) {
      throw error("unexpected end of input");
    }
    final char c = in[pos];
    switch (c) {
      case '{':
        return readObject(depth);
      case '[':
        return readArray(depth);
      case '"':
        return new JsonText(readStringChars());
      case 't':
        expectWord("true");
        return Boolean.TRUE;
      case 'f':
        expectWord("false");
        return Boolean.FALSE;
      case 'n':
        expectWord("null");
        return null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return readNumber();
        }
        throw error("unexpected character");
    }
  }

  private Map<String, Object> readObject(final int depth) {
    pos++; // '{'
    final Map<String, Object> object = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return object;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a quoted member name");
      }
      final String key = new String(readStringChars());
      skipWhitespace();
      expect(':');
      skipWhitespace();
      if (object.containsKey(key)) {
        throw error("duplicate member name '" + key + "'");
      }
      object.put(key, readValue(depth + 1));
      skipWhitespace();
      final char c = next();
      if (c == '}') {
        return object;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> readArray(final int depth) {
    pos++; // '['
    final List<Object> array = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return array;
    }
    while (true) {
      skipWhitespace();
      array.add(readValue(depth + 1));
      skipWhitespace();
      final char c = next();
      if (c == ']') {
        return array;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private char[] readStringChars() {
    pos++; // opening quote
    int length = 0;
    while (true) {
      if (pos >= end) {
        throw error("unterminated string");
      }
      char c = in[pos++];
      if (c == '"') {
        break;
      }
      if (c < 0x20) {
        pos--;
        throw error("control character in string");
      }
      if (c == '\\') {
        if (pos >= end) {
          throw error("unterminated escape");
        }
        final char e = in[pos++];
        c =
            switch (e) {
              case '"' -> '"';
              case '\\' -> '\\';
              case '/' -> '/';
              case 'b' -> '\b';
              case 'f' -> '\f';
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case 'u' -> readHex4();
              default -> {
                pos--;
                throw error("invalid escape");
              }
            };
      }
      if (length == scratch.length) {
        final char[] bigger = Arrays.copyOf(scratch, scratch.length * 2);
        Arrays.fill(scratch, '\0');
        scratch = bigger;
      }
      scratch[length++] = c;
    }
    final char[] value = Arrays.copyOf(scratch, length);
    Arrays.fill(scratch, 0, length, '\0');
    return value;
  }

  private char readHex4() {
    if (pos + 4 > end) {
      throw error("truncated \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      final int digit = Character.digit(in[pos++], 16);
      if (digit < 0) {
        pos--;
        throw error("invalid hex digit in \\u escape");
      }
      value = (value << 4) | digit;
    }
    return (char) value;
  }

  private Object readNumber() {
    final int start = pos;
    if (in[pos] == '-') {
      pos++;
    }
    boolean integral = true;
    if (pos < end && in[pos] == '0') {
      pos++;
    } else {
      requireDigits();
    }
    if (pos < end && in[pos] == '.') {
      integral = false;
      pos++;
      requireDigits();
    }
    if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
      integral = false;
      pos++;
      if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
        pos++;
      }
      requireDigits();
    }
    final String text = new String(in, start, pos - start);
    if (integral) {
      try {
        return Long.parseLong(text);
      } catch (final NumberFormatException e) {
        return Double.parseDouble(text);
      }
    }
    return Double.parseDouble(text);
  }

  private void requireDigits() {
    final int start = pos;
    while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
      pos++;
    }
    if (pos == start) {
      throw error("expected a digit");
    }
  }

  private void expectWord(final String word) {
    for (int i = 0; i < word.length(); i++) {
      if (pos >= end || in[pos] != word.charAt(i)) {
        throw error("invalid literal, expected " + word);
      }
      pos++;
    }
  }

  private void expect(final char c) {
    if (pos >= end || in[pos] != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    if (pos >= end) {
      throw error("unexpected end of input");
    }
    return in[pos];
  }

  private char next() {
    final char c = peek();
    pos++;
    return c;
  }

  private void skipWhitespace() {
    while (pos < end) {
      final char c = in[pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private JsonSyntaxException error(final String what) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(pos, end); i++) {
      if (in[i] == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new JsonSyntaxException("json: " + what + " line=" + line + " column=" + column);
  }
}
