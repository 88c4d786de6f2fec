package dev.persona.nmhost;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The {@code id} a request carries and its reply echoes: an integer that JavaScript represents
 * exactly (|n| &le; 2<sup>53</sup> - 1), or a string of at most {@link #MAX_TEXT_LENGTH}
 * characters.
 *
 * @param number the integer id, when {@code text} is null
 * @param text the string id, or null
 */
record RequestId(long number, String text) {
  /** {@code Number.MAX_SAFE_INTEGER}: a larger id would not survive the add-on's JSON.parse. */
  static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  static final int MAX_TEXT_LENGTH = 64;

  static RequestId of(final long number) {
    return new RequestId(number, null);
  }

  static RequestId of(final String text) {
    return new RequestId(0, text);
  }

  void writeTo(final JsonGenerator json) throws IOException {
    if (text != null) {
      json.writeString(text);
    } else {
      json.writeNumber(number);
    }
  }

  @Override
  public String toString() {
    return text != null ? '"' + text + '"' : Long.toString(number);
  }
}
