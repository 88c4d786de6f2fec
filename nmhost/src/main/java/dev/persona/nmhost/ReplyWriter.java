package dev.persona.nmhost;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.persona.schema.client.DaemonStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes one reply at a time into the {@link ReplyFrameBuffer}:
 *
 * <pre>
 * {"id":ID,"ok":true,"result":{…}}
 * {"id":ID|null,"ok":false,"error":{"code":"…","field":"…","message":"…"}}   (field optional)
 * </pre>
 *
 * A result that would not fit in one frame becomes a {@code too_large} error instead. A secret
 * value is copied from the caller's array straight into the generator's buffer (no String), and
 * that buffer is zeroed when the generator closes ({@link ZeroingRecyclerPool}).
 *
 * <p>Not thread-safe: owned by the host's main thread.
 */
final class ReplyWriter {
  /** The version of this JSON protocol, reported by {@code hello}. */
  static final int PROTOCOL_VERSION = 1;

  static final String HOST_NAME = "persona-nmhost";

  /** Error messages are for developers; a long one is cut so that an error always fits. */
  static final int MAX_MESSAGE_LENGTH = 1024;

  private final JsonFactory json;
  private final ReplyFrameBuffer buffer;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  ReplyWriter(final JsonFactory json, final ReplyFrameBuffer buffer) {
    this.json = json;
    this.buffer = buffer;
  }

  /** One search hit: what the add-on may see of an item. Never a field value but the username. */
  record SearchHit(String id, String vault, String name, String username, List<String> urls) {}

  void hello(final RequestId id, final String origin) {
    try (JsonGenerator g = begin(id)) {
      g.writeStringField("host", HOST_NAME);
      g.writeNumberField("protocol", PROTOCOL_VERSION);
      if (origin != null) {
        g.writeStringField("origin", origin);
      }
      g.writeNumberField("maxRequestBytes", NativeMessagingFrameDescriptor.MAX_REQUEST_LENGTH);
      g.writeNumberField("maxReplyBytes", NativeMessagingFrameDescriptor.MAX_REPLY_LENGTH);
      end(g);
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    refuseIfOverflowed(id);
  }

  void status(final RequestId id, final DaemonStatus status) {
    try (JsonGenerator g = begin(id)) {
      g.writeStringField("daemonVersion", status.version());
      g.writeBooleanField("initialized", status.initialized());
      g.writeBooleanField("locked", status.locked());
      end(g);
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    refuseIfOverflowed(id);
  }

  void searchResult(final RequestId id, final List<SearchHit> hits, final boolean truncated) {
    try (JsonGenerator g = begin(id)) {
      g.writeArrayFieldStart("items");
      for (final SearchHit hit : hits) {
        g.writeStartObject();
        g.writeStringField("id", hit.id());
        g.writeStringField("vault", hit.vault());
        g.writeStringField("name", hit.name());
        if (hit.username() != null) {
          g.writeStringField("username", hit.username());
        }
        g.writeArrayFieldStart("urls");
        for (final String url : hit.urls()) {
          g.writeString(url);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeBooleanField("truncated", truncated);
      end(g);
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    refuseIfOverflowed(id);
  }

  /**
   * The one secret a {@code read} returns: {@code "value"} as a JSON string when it is valid UTF-8
   * ({@code "encoding":"utf-8"}), else its base64 ({@code "encoding":"base64"}). The caller zeroes
   * {@code value}.
   */
  void secretValue(final RequestId id, final byte[] value) {
    final boolean text = isUtf8(value);
    try (JsonGenerator g = begin(id)) {
      g.writeFieldName("value");
      if (text) {
        g.writeUTF8String(value, 0, value.length);
      } else {
        g.writeBinary(value);
      }
      g.writeStringField("encoding", text ? "utf-8" : "base64");
      end(g);
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    refuseIfOverflowed(id);
  }

  void error(
      final RequestId id, final HostErrorCode code, final String field, final String message) {
    buffer.reset();
    try (JsonGenerator g = json.createGenerator(buffer, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeFieldName("id");
      if (id == null) {
        g.writeNull();
      } else {
        id.writeTo(g);
      }
      g.writeBooleanField("ok", false);
      g.writeObjectFieldStart("error");
      g.writeStringField("code", code.wireName());
      if (field != null) {
        g.writeStringField("field", field);
      }
      g.writeStringField("message", cut(message == null ? code.wireName() : message));
      g.writeEndObject();
      g.writeEndObject();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonGenerator begin(final RequestId id) throws IOException {
    buffer.reset();
    final JsonGenerator g = json.createGenerator(buffer, JsonEncoding.UTF8);
    g.writeStartObject();
    g.writeFieldName("id");
    id.writeTo(g);
    g.writeBooleanField("ok", true);
    g.writeObjectFieldStart("result");
    return g;
  }

  private static void end(final JsonGenerator g) throws IOException {
    g.writeEndObject();
    g.writeEndObject();
  }

  private void refuseIfOverflowed(final RequestId id) {
    if (buffer.overflowed()) {
      error(
          id,
          HostErrorCode.TOO_LARGE,
          null,
          "the reply would exceed the browser's limit of "
              + NativeMessagingFrameDescriptor.MAX_REPLY_LENGTH
              + " bytes; narrow the request");
    }
  }

  private static String cut(final String message) {
    if (message.length() <= MAX_MESSAGE_LENGTH) {
      return message;
    }
    final int end =
        Character.isHighSurrogate(message.charAt(MAX_MESSAGE_LENGTH - 1))
            ? MAX_MESSAGE_LENGTH - 1
            : MAX_MESSAGE_LENGTH;
    return message.substring(0, end) + "…";
  }

  /** Strict UTF-8 check; the decoded copy is zeroed, since it is the secret too. */
  private boolean isUtf8(final byte[] value) {
    final CharBuffer chars = CharBuffer.allocate(value.length);
    try {
      CoderResult result = utf8.reset().decode(ByteBuffer.wrap(value), chars, true);
      if (!result.isError()) {
        result = utf8.flush(chars);
      }
      return !result.isError();
    } finally {
      Arrays.fill(chars.array(), '\0');
    }
  }
}
