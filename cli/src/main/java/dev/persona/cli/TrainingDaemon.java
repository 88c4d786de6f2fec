package dev.persona.cli;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.schema.RequestReader;
import dev.persona.schema.ResponseWriter;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.fb.ApprovalMode;
import dev.persona.schema.fb.Field;
import dev.persona.schema.fb.Item;
import dev.persona.schema.fb.ItemListResponse;
import dev.persona.schema.fb.ItemResponse;
import dev.persona.schema.fb.ItemType;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.schema.fb.VaultInfo;
import dev.persona.schema.fb.VaultListResponse;
import dev.persona.schema.fb.VaultPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal in-process responder (Hello, Status, ReadRefs, item list/get, vault list) so the AOT
 * training run exercises the client's success path — connect, handshake, request encoding, reply
 * verification — exactly as a {@code read} against the real daemon does. Used only by {@link
 * AotTrainingRun}; the values it serves are fixed dummies.
 *
 * <p>One accept thread serving connections one at a time.
 */
final class TrainingDaemon {
  private TrainingDaemon() {}

  /**
   * Serves on the socket path args[0] until killed: the responder for the {@code read} cache's
   * training (cli/src/build/train-read-cache.sh), which must run in another process so that none of
   * the server side's classes land in that cache.
   */
  public static void main(final String[] args) throws IOException {
    final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(Path.of(args[0])));
    serve(server);
  }

  static void train(final Map<String, String> baseEnv, final PrintStream sink)
      throws IOException, InterruptedException {
    final Path dir = Files.createTempDirectory("persona-aot");
    final Path socket = dir.resolve("persona.sock");
    final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    final Thread thread =
        Thread.ofPlatform().daemon(true).name("persona-aot-daemon").start(() -> serve(server));
    try {
      final Map<String, String> env = new HashMap<>(baseEnv);
      env.put("PERSONA_RUNTIME_DIR", dir.toString());
      env.put("PERSONA_HOME", dir.toString());
      for (int i = 0; i < 3; i++) {
        AotTrainingRun.run(env, sink, "read", "persona://Personal/github/password");
        AotTrainingRun.run(
            env,
            sink,
            "read",
            "persona://Personal/github/user",
            "persona://Personal/github/password",
            "--format",
            "json");
        AotTrainingRun.run(env, sink, "status", "--format", "json");
        AotTrainingRun.run(env, sink, "status");
        AotTrainingRun.run(env, sink, "item", "list");
        AotTrainingRun.run(env, sink, "item", "list", "--format", "json");
        AotTrainingRun.run(env, sink, "item", "get", "github");
        AotTrainingRun.run(env, sink, "item", "get", "github", "--format", "json");
        AotTrainingRun.run(env, sink, "vault", "list");
      }
    } finally {
      server.close();
      thread.join(1000);
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  private static void serve(final ServerSocketChannel server) {
    final RequestReader reader = new RequestReader();
    final ResponseWriter writer = new ResponseWriter();
    final byte[] value = "training-value".getBytes(StandardCharsets.UTF_8);
    while (server.isOpen()) {
      try (SocketChannel channel = server.accept()) {
        final ByteBuffer header =
            ByteBuffer.allocate(RpcFrameDescriptor.LENGTH_FIELD_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN);
        while (true) {
          header.clear();
          if (!readFully(channel, header)) {
            break;
          }
          final int length = header.getInt(0);
          if (length <= 0 || length > RpcFrameDescriptor.MAX_MESSAGE_LENGTH) {
            break;
          }
          final ByteBuffer message = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
          if (!readFully(channel, message)) {
            break;
          }
          message.flip();
          if (reader.wrap(message, 0, length) != 0) {
            break;
          }
          final long id = reader.requestId();
          final ByteBuffer reply =
              switch (reader.bodyType()) {
                case RequestBody.Hello ->
                    writer.welcome(
                        id,
                        RpcFrameDescriptor.MAX_PROTOCOL_VERSION,
                        new CharSequence[0],
                        "training");
                case RequestBody.StatusRequest ->
                    writer.status(
                        id,
                        true,
                        false,
                        "training",
                        "rpc",
                        "agent",
                        "data",
                        1,
                        0,
                        0,
                        ProcessHandle.current().pid());
                case RequestBody.ReadRefsRequest -> {
                  writer.beginReadRefs();
                  for (int i = 0; i < reader.readRefs().refsLength(); i++) {
                    writer.addRefValue(value, 0, value.length);
                  }
                  yield writer.endReadRefs(id);
                }
                case RequestBody.ItemListRequest -> {
                  final FlatBufferBuilder fbb = writer.begin();
                  final int items = ItemListResponse.createItemsVector(fbb, new int[] {item(fbb)});
                  yield writer.ok(
                      id,
                      ResponseBody.ItemListResponse,
                      ItemListResponse.createItemListResponse(fbb, items, 0));
                }
                case RequestBody.ItemGetRequest -> {
                  final FlatBufferBuilder fbb = writer.begin();
                  yield writer.ok(
                      id,
                      ResponseBody.ItemResponse,
                      ItemResponse.createItemResponse(fbb, item(fbb)));
                }
                case RequestBody.VaultListRequest -> {
                  final FlatBufferBuilder fbb = writer.begin();
                  final int vault =
                      VaultInfo.createVaultInfo(
                          fbb,
                          fbb.createString("training-vault"),
                          fbb.createString("Personal"),
                          1,
                          0,
                          VaultPolicy.createVaultPolicy(fbb, ApprovalMode.ALLOW, 0));
                  yield writer.ok(
                      id,
                      ResponseBody.VaultListResponse,
                      VaultListResponse.createVaultListResponse(
                          fbb, VaultListResponse.createVaultsVector(fbb, new int[] {vault})));
                }
                default ->
                    writer.error(
                        id, dev.persona.schema.fb.ErrorCode.UNSUPPORTED_OPERATION, "training");
              };
          while (reply.hasRemaining()) {
            channel.write(reply);
          }
        }
      } catch (final IOException e) {
        return; // server closed
      }
    }
  }

  /** One login item with a concealed field, as item list, item get and their views show it. */
  private static int item(final FlatBufferBuilder fbb) {
    final int field =
        Field.createField(
            fbb,
            fbb.createString("password"),
            Field.createValueVector(fbb, "training-value".getBytes(StandardCharsets.UTF_8)),
            true);
    final int fields = Item.createFieldsVector(fbb, new int[] {field});
    final int urls =
        Item.createUrlsVector(fbb, new int[] {fbb.createString("https://example.com")});
    final int tags = Item.createTagsVector(fbb, new int[] {fbb.createString("training")});
    final int id = fbb.createString("training-item");
    final int vault = fbb.createString("Personal");
    final int name = fbb.createString("github");
    final int attachments = Item.createAttachmentsVector(fbb, new int[0]);
    return Item.createItem(
        fbb, id, vault, name, ItemType.LOGIN, 1, 0, 0, false, fields, urls, tags, attachments);
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
}
