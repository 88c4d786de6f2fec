package dev.persona.cli;

import dev.persona.schema.RequestReader;
import dev.persona.schema.ResponseWriter;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.Field;
import dev.persona.schema.fb.Item;
import dev.persona.schema.fb.ItemListResponse;
import dev.persona.schema.fb.ItemResponse;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-test daemon speaking the real protocol (schema's ResponseWriter/RequestReader) on a
 * temporary Unix socket, so CLI commands run end to end through the real client. Each test installs
 * a {@link Handler} for non-Hello requests; received request body types are recorded.
 */
final class FakeDaemon implements AutoCloseable {
  /** Answers one request; the reader is positioned on it. */
  interface Handler {
    ByteBuffer answer(RequestReader request, ResponseWriter writer);
  }

  private final Path dir;
  private final ServerSocketChannel server;
  private final Thread thread;
  final List<Byte> received = Collections.synchronizedList(new ArrayList<>());
  volatile Handler handler =
      (request, writer) ->
          writer.error(request.requestId(), ErrorCode.UNSUPPORTED_OPERATION, "fake");
  volatile boolean rejectVersion;

  FakeDaemon(final Path tempDir) throws IOException {
    this.dir = Files.createDirectories(tempDir.resolve("rt"));
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(dir.resolve("persona.sock")));
    thread = Thread.ofPlatform().daemon(true).name("fake-personad").start(this::serve);
  }

  /** Environment pointing the CLI at this daemon, with autostart off. */
  Map<String, String> env() {
    final Map<String, String> env = new HashMap<>();
    env.put("PERSONA_HOME", dir.getParent().resolve("home").toString());
    env.put("PERSONA_RUNTIME_DIR", dir.toString());
    env.put(DaemonConnector.NO_AUTOSTART_ENV, "1");
    env.put("PATH", System.getenv("PATH"));
    return env;
  }

  Path socket() {
    return dir.resolve("persona.sock");
  }

  private void serve() {
    final RequestReader reader = new RequestReader();
    final ResponseWriter writer = new ResponseWriter();
    while (server.isOpen()) {
      try (SocketChannel channel = server.accept()) {
        final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        while (true) {
          header.clear();
          if (!readFully(channel, header)) {
            break;
          }
          final int length = header.getInt(0);
          final ByteBuffer message = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
          if (!readFully(channel, message)) {
            break;
          }
          message.flip();
          if (reader.wrap(message, 0, length) != 0) {
            break;
          }
          final long id = reader.requestId();
          final ByteBuffer reply;
          if (reader.bodyType() == RequestBody.Hello) {
            reply =
                rejectVersion
                    ? writer.unsupportedVersion(id, 7, 9)
                    : writer.welcome(
                        id,
                        RpcFrameDescriptor.MAX_PROTOCOL_VERSION,
                        new CharSequence[0],
                        "fake-1.0");
          } else {
            received.add(reader.bodyType());
            reply = handler.answer(reader, writer);
          }
          while (reply.hasRemaining()) {
            channel.write(reply);
          }
        }
      } catch (final IOException e) {
        return;
      }
    }
  }

  private static boolean readFully(final SocketChannel channel, final ByteBuffer buffer)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        return false;
      }
    }
    return true;
  }

  /** One field for {@link #item}: name, UTF-8 value (null = omitted), concealed. */
  record F(String name, String value, boolean concealed) {}

  static int item(
      final ResponseWriter writer, final String id, final String name, final F... fields) {
    return item(writer, id, name, false, fields);
  }

  static int item(
      final ResponseWriter writer,
      final String id,
      final String name,
      final boolean trashed,
      final F... fields) {
    final var b = writer.builder();
    final int[] offsets = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      final int n = b.createString(fields[i].name());
      final int v =
          fields[i].value() == null
              ? 0
              : b.createByteVector(fields[i].value().getBytes(StandardCharsets.UTF_8));
      offsets[i] = Field.createField(b, n, v, fields[i].concealed());
    }
    final int f = Item.createFieldsVector(b, offsets);
    final int urls = Item.createUrlsVector(b, new int[] {b.createString("https://github.com")});
    final int tags = Item.createTagsVector(b, new int[0]);
    final int atts = Item.createAttachmentsVector(b, new int[0]);
    return Item.createItem(
        b,
        b.createString(id),
        b.createString("Personal"),
        b.createString(name),
        0,
        3,
        1000,
        2000,
        trashed,
        f,
        urls,
        tags,
        atts);
  }

  static ByteBuffer itemResponse(
      final ResponseWriter writer,
      final long requestId,
      final String id,
      final String name,
      final F... fields) {
    writer.begin();
    final int item = item(writer, id, name, fields);
    return writer.ok(
        requestId,
        ResponseBody.ItemResponse,
        ItemResponse.createItemResponse(writer.builder(), item));
  }

  static ByteBuffer itemList(
      final ResponseWriter writer, final long requestId, final String... names) {
    return itemList(writer, requestId, false, names);
  }

  static ByteBuffer itemList(
      final ResponseWriter writer,
      final long requestId,
      final boolean trashed,
      final String... names) {
    writer.begin();
    final int[] items = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      items[i] = item(writer, "id-" + i, names[i], trashed);
    }
    final int vector = ItemListResponse.createItemsVector(writer.builder(), items);
    return writer.ok(
        requestId,
        ResponseBody.ItemListResponse,
        ItemListResponse.createItemListResponse(writer.builder(), vector, 0));
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      thread.join(2000);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
