package dev.persona.nmhost;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.persona.schema.client.SecretRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decodes one request message into a {@link HostRequest} or a {@link RequestError}; never throws.
 *
 * <p>Strict on purpose, because the add-on is the only legitimate sender and anything else is a bug
 * or an attack: the bytes must be UTF-8 (checked by the JDK's decoder, so Jackson never guesses an
 * encoding), the document exactly one object within {@link HostJson}'s limits with no duplicate
 * names, {@code id} and {@code type} present and well typed, and every other field known for that
 * type, of its type, and within its length. The first problem found is reported, naming the field.
 *
 * <p>Not thread-safe (one UTF-8 decoder is reused); owned by the host's main thread.
 */
final class RequestDecoder {
  static final String TYPE_HELLO = "hello";
  static final String TYPE_STATUS = "status";
  static final String TYPE_SEARCH = "search";
  static final String TYPE_READ = "read";

  static final int MAX_QUERY_LENGTH = 2048;
  static final int MAX_VAULT_LENGTH = 256;
  static final int MAX_REF_LENGTH = 2048;
  private static final int MAX_BY_LENGTH = 16;
  private static final int MAX_QUOTED_LENGTH = 64;

  private static final Set<String> ENVELOPE = Set.of("id", "type");
  private static final Set<String> SEARCH_FIELDS =
      Set.of("id", "type", "query", "by", "vault", "limit");
  private static final Set<String> READ_FIELDS = Set.of("id", "type", "ref");

  private final JsonFactory json;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  RequestDecoder(final JsonFactory json) {
    this.json = json;
  }

  /** Decodes {@code message[offset, offset+length)}. */
  DecodedRequest decode(final byte[] message, final int offset, final int length) {
    final ByteBuffer bytes = ByteBuffer.wrap(message, offset, length);
    final CharBuffer chars = CharBuffer.allocate(length);
    CoderResult coded = utf8.reset().decode(bytes, chars, true);
    if (!coded.isError()) {
      coded = utf8.flush(chars);
    }
    if (coded.isError()) {
      return new RequestError(
          null,
          HostErrorCode.BAD_JSON,
          null,
          "request is not valid UTF-8 (at byte " + (bytes.position() - offset) + ")");
    }
    chars.flip();
    final Map<String, Value> fields = new LinkedHashMap<>();
    JsonParser parser = null;
    try {
      parser = json.createParser(chars.array(), 0, chars.limit());
      final RequestError shape = readTopLevel(parser, fields);
      if (shape != null) {
        return shape;
      }
    } catch (final JsonProcessingException e) {
      // A parser limit (depth, number or name length) is a JsonProcessingException too; the
      // add-on's author needs to know which of the two it was.
      return new RequestError(
          idIfValid(fields),
          HostErrorCode.BAD_JSON,
          topLevelName(parser),
          (e instanceof StreamConstraintsException
                  ? "request exceeds a parser limit: "
                  : "malformed JSON: ")
              + e.getOriginalMessage());
    } catch (final IOException e) {
      return new RequestError(
          null,
          HostErrorCode.BAD_JSON,
          null,
          "cannot read request: " + e.getClass().getSimpleName());
    } finally {
      closeQuietly(parser);
    }
    return typed(fields);
  }

  /** Reads the one top-level object's fields; null when it was one, else the error. */
  private static RequestError readTopLevel(final JsonParser parser, final Map<String, Value> fields)
      throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      return new RequestError(null, HostErrorCode.BAD_JSON, null, "empty request");
    }
    if (token != JsonToken.START_OBJECT) {
      final String got = describe(token);
      parser.skipChildren();
      if (parser.nextToken() != null) {
        return trailing();
      }
      return new RequestError(
          null, HostErrorCode.BAD_REQUEST, null, "request must be a JSON object, got " + got);
    }
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      final String name = parser.currentName();
      token = parser.nextToken();
      final Value value =
          switch (token) {
            case VALUE_STRING -> new Value(token, parser.getText(), 0, true);
            case VALUE_NUMBER_INT -> {
              final boolean fits = parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
              yield new Value(token, null, fits ? parser.getLongValue() : 0, fits);
            }
            case START_OBJECT, START_ARRAY -> {
              parser.skipChildren();
              yield new Value(token, null, 0, false);
            }
            default -> new Value(token, null, 0, false);
          };
      fields.put(name, value);
    }
    if (parser.nextToken() != null) {
      return trailing();
    }
    return null;
  }

  private static RequestError trailing() {
    return new RequestError(
        null, HostErrorCode.BAD_JSON, null, "trailing data after the request object");
  }

  private static DecodedRequest typed(final Map<String, Value> fields) {
    final Value idValue = fields.get("id");
    if (idValue == null) {
      return new RequestError(
          null,
          HostErrorCode.BAD_REQUEST,
          "id",
          "missing field 'id' (an integer or a string of at most "
              + RequestId.MAX_TEXT_LENGTH
              + " characters)");
    }
    final RequestId id = requestId(idValue);
    if (id == null) {
      return new RequestError(
          null,
          HostErrorCode.BAD_REQUEST,
          "id",
          "field 'id' must be an integer of magnitude at most 2^53-1 or a string of at most "
              + RequestId.MAX_TEXT_LENGTH
              + " characters, got "
              + describe(idValue));
    }
    final Value typeValue = fields.get("type");
    if (typeValue == null) {
      return new RequestError(id, HostErrorCode.BAD_REQUEST, "type", "missing field 'type'");
    }
    if (typeValue.token() != JsonToken.VALUE_STRING) {
      return new RequestError(
          id,
          HostErrorCode.BAD_REQUEST,
          "type",
          "field 'type' must be a string, got " + describe(typeValue));
    }
    final String type = typeValue.text();
    final Fields reader =
        switch (type) {
          case TYPE_HELLO, TYPE_STATUS -> new Fields(id, type, fields, ENVELOPE);
          case TYPE_SEARCH -> new Fields(id, type, fields, SEARCH_FIELDS);
          case TYPE_READ -> new Fields(id, type, fields, READ_FIELDS);
          default -> null;
        };
    if (reader == null) {
      return new RequestError(
          id,
          HostErrorCode.UNKNOWN_TYPE,
          "type",
          "unknown type '"
              + quote(type)
              + "' (expected "
              + TYPE_HELLO
              + ", "
              + TYPE_STATUS
              + ", "
              + TYPE_SEARCH
              + " or "
              + TYPE_READ
              + ")");
    }
    return switch (type) {
      case TYPE_HELLO -> reader.error != null ? reader.error : new HostRequest.Hello(id);
      case TYPE_STATUS -> reader.error != null ? reader.error : new HostRequest.Status(id);
      case TYPE_SEARCH -> search(id, reader);
      default -> read(id, reader);
    };
  }

  private static DecodedRequest search(final RequestId id, final Fields reader) {
    final String query = reader.string("query", MAX_QUERY_LENGTH, true);
    final String byName = reader.string("by", MAX_BY_LENGTH, false);
    final String vault = reader.string("vault", MAX_VAULT_LENGTH, false);
    final int limit =
        reader.integer("limit", 1, HostRequest.Search.MAX_LIMIT, HostRequest.Search.DEFAULT_LIMIT);
    if (reader.error != null) {
      return reader.error;
    }
    if (query.isBlank()) {
      return new RequestError(id, HostErrorCode.BAD_REQUEST, "query", "field 'query' is blank");
    }
    if (vault != null && vault.isBlank()) {
      return new RequestError(id, HostErrorCode.BAD_REQUEST, "vault", "field 'vault' is blank");
    }
    final HostRequest.SearchBy by =
        byName == null ? HostRequest.SearchBy.URL : HostRequest.SearchBy.fromWireName(byName);
    if (by == null) {
      return new RequestError(
          id,
          HostErrorCode.BAD_REQUEST,
          "by",
          "field 'by' must be \"url\", \"name\" or \"tag\", got '" + quote(byName) + "'");
    }
    return new HostRequest.Search(id, by, query, vault, limit);
  }

  private static DecodedRequest read(final RequestId id, final Fields reader) {
    final String text = reader.string("ref", MAX_REF_LENGTH, true);
    if (reader.error != null) {
      return reader.error;
    }
    try {
      return new HostRequest.Read(id, SecretRef.parse(text));
    } catch (final IllegalArgumentException e) {
      return new RequestError(id, HostErrorCode.BAD_REQUEST, "ref", e.getMessage());
    }
  }

  private static RequestId requestId(final Value value) {
    if (value.token() == JsonToken.VALUE_STRING) {
      return value.text().length() <= RequestId.MAX_TEXT_LENGTH ? RequestId.of(value.text()) : null;
    }
    if (value.token() == JsonToken.VALUE_NUMBER_INT
        && value.inLongRange()
        && value.number() >= -RequestId.MAX_SAFE_INTEGER
        && value.number() <= RequestId.MAX_SAFE_INTEGER) {
      return RequestId.of(value.number());
    }
    return null;
  }

  private static RequestId idIfValid(final Map<String, Value> fields) {
    final Value value = fields.get("id");
    return value == null ? null : requestId(value);
  }

  /** The top-level field whose value the parser was in when it failed, or null. */
  private static String topLevelName(final JsonParser parser) {
    if (parser == null) {
      return null;
    }
    JsonStreamContext context = parser.getParsingContext();
    while (context != null && context.getParent() != null && !context.getParent().inRoot()) {
      context = context.getParent();
    }
    return context != null && context.inObject() && context.getParent() != null
        ? context.getCurrentName()
        : null;
  }

  private static String describe(final Value value) {
    if (value.token() == JsonToken.VALUE_STRING) {
      return "a string of " + value.text().length() + " characters";
    }
    if (value.token() == JsonToken.VALUE_NUMBER_INT && !value.inLongRange()) {
      return "an integer out of range";
    }
    return describe(value.token());
  }

  private static String describe(final JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> token.name();
    };
  }

  /** At most {@link #MAX_QUOTED_LENGTH} characters of add-on input, for a message. */
  private static String quote(final String text) {
    if (text.length() <= MAX_QUOTED_LENGTH) {
      return text;
    }
    final int end =
        Character.isHighSurrogate(text.charAt(MAX_QUOTED_LENGTH - 1))
            ? MAX_QUOTED_LENGTH - 1
            : MAX_QUOTED_LENGTH;
    return text.substring(0, end) + "…";
  }

  private static void closeQuietly(final JsonParser parser) {
    if (parser == null) {
      return;
    }
    try {
      parser.close();
    } catch (final IOException ignored) {
      // A parser over a char array has nothing to fail on close.
    }
  }

  /** One scalar (or the kind of a non-scalar) read from the top-level object. */
  private record Value(JsonToken token, String text, long number, boolean inLongRange) {}

  /**
   * Typed access to a request's fields for one type. The first problem (an unknown field in
   * document order, then each read in call order) becomes {@link #error}; later reads do nothing.
   */
  private static final class Fields {
    private final RequestId id;
    private final Map<String, Value> fields;
    private RequestError error;

    Fields(
        final RequestId id,
        final String type,
        final Map<String, Value> fields,
        final Set<String> allowed) {
      this.id = id;
      this.fields = fields;
      for (final String name : fields.keySet()) {
        if (!allowed.contains(name)) {
          reject(name, "unknown field '" + quote(name) + "' for type '" + type + "'");
          return;
        }
      }
    }

    String string(final String name, final int maxLength, final boolean required) {
      if (error != null) {
        return null;
      }
      final Value value = fields.get(name);
      if (value == null) {
        if (required) {
          reject(name, "missing field '" + name + "'");
        }
        return null;
      }
      if (value.token() != JsonToken.VALUE_STRING) {
        reject(name, "field '" + name + "' must be a string, got " + describe(value));
        return null;
      }
      if (value.text().isEmpty() || value.text().length() > maxLength) {
        reject(
            name,
            "field '"
                + name
                + "' must hold 1 to "
                + maxLength
                + " characters, got "
                + value.text().length());
        return null;
      }
      return value.text();
    }

    int integer(final String name, final int min, final int max, final int absent) {
      if (error != null) {
        return absent;
      }
      final Value value = fields.get(name);
      if (value == null) {
        return absent;
      }
      if (value.token() != JsonToken.VALUE_NUMBER_INT
          || !value.inLongRange()
          || value.number() < min
          || value.number() > max) {
        reject(
            name,
            "field '"
                + name
                + "' must be an integer from "
                + min
                + " to "
                + max
                + ", got "
                + (value.token() == JsonToken.VALUE_NUMBER_INT && value.inLongRange()
                    ? Long.toString(value.number())
                    : describe(value)));
        return absent;
      }
      return (int) value.number();
    }

    private void reject(final String name, final String message) {
      error = new RequestError(id, HostErrorCode.BAD_REQUEST, name, message);
    }
  }
}
