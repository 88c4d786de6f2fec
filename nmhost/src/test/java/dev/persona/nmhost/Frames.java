package dev.persona.nmhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test side of the framing: builds request frames and reads reply frames back into maps. */
final class Frames {
  /** Every {@code error.code} the README documents. */
  static final Set<String> DOCUMENTED_CODES =
      Set.of(
          "bad_json",
          "bad_request",
          "unknown_type",
          "too_large",
          "daemon_not_running",
          "not_initialized",
          "locked",
          "not_found",
          "denied",
          "token_required",
          "approval_required",
          "approval_timeout",
          "busy",
          "daemon_error",
          "internal");

  private static final JsonFactory PLAIN = new JsonFactory();

  private Frames() {}

  static byte[] frame(final String json) {
    return frame(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A native-order length prefix, then {@code message}. */
  static byte[] frame(final byte[] message) {
    return ByteBuffer.allocate(4 + message.length)
        .order(NativeMessagingFrameDescriptor.BYTE_ORDER)
        .putInt(message.length)
        .put(message)
        .array();
  }

  static byte[] concat(final byte[]... parts) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (final byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Splits a whole stdout into reply messages; fails on a partial frame or an oversized length. */
  static List<byte[]> split(final byte[] stdout) {
    final List<byte[]> out = new ArrayList<>();
    final ByteBuffer in = ByteBuffer.wrap(stdout).order(NativeMessagingFrameDescriptor.BYTE_ORDER);
    while (in.hasRemaining()) {
      assertTrue(in.remaining() >= 4, "a partial length prefix on stdout");
      final long length = Integer.toUnsignedLong(in.getInt());
      assertTrue(
          length <= NativeMessagingFrameDescriptor.MAX_REPLY_LENGTH, "reply over 1 MiB: " + length);
      assertTrue(in.remaining() >= length, "a partial reply on stdout");
      final byte[] message = new byte[(int) length];
      in.get(message);
      out.add(message);
    }
    return out;
  }

  /** One reply as a map of its top-level fields; {@code error} and {@code result} as maps too. */
  static Map<String, Object> parse(final byte[] message) {
    try (JsonParser p = PLAIN.createParser(message)) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken(), "a reply is an object");
      final Object value = readObject(p);
      assertEquals(null, p.nextToken(), "one JSON value per reply");
      @SuppressWarnings("unchecked")
      final Map<String, Object> map = (Map<String, Object>) value;
      return map;
    } catch (final IOException e) {
      throw new UncheckedIOException(
          "reply is not JSON: " + new String(message, StandardCharsets.UTF_8), e);
    }
  }

  private static Object read(final JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> readObject(p);
      case START_ARRAY -> {
        final List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(p));
        }
        yield list;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected token " + p.currentToken());
    };
  }

  private static Object readObject(final JsonParser p) throws IOException {
    final Map<String, Object> map = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      final String name = p.currentName();
      p.nextToken();
      map.put(name, read(p));
    }
    return map;
  }

  /** The reply's {@code error} object; fails if the reply is not an error. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> error(final Map<String, Object> reply) {
    assertEquals(false, reply.get("ok"), "an error reply: " + reply);
    return (Map<String, Object>) reply.get("error");
  }

  /** The reply's {@code result} object; fails if the reply is not a success. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> result(final Map<String, Object> reply) {
    assertEquals(true, reply.get("ok"), "a success reply: " + reply);
    return (Map<String, Object>) reply.get("result");
  }

  /** Checks the reply envelope: id, ok, and exactly one of a result or a documented error. */
  static void assertWellFormed(final Map<String, Object> reply) {
    assertTrue(reply.containsKey("id"), "reply has an id: " + reply);
    final Object id = reply.get("id");
    assertTrue(id == null || id instanceof Long || id instanceof String, "id type: " + reply);
    if (Boolean.TRUE.equals(reply.get("ok"))) {
      assertEquals(Set.of("id", "ok", "result"), reply.keySet(), reply.toString());
      assertTrue(reply.get("result") instanceof Map, reply.toString());
    } else {
      assertEquals(Set.of("id", "ok", "error"), reply.keySet(), reply.toString());
      final Map<String, Object> error = error(reply);
      assertTrue(
          DOCUMENTED_CODES.contains(error.get("code")), "a documented code: " + error.get("code"));
      assertTrue(error.get("message") instanceof String, reply.toString());
    }
  }
}
