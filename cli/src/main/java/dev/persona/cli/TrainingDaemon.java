package dev.persona.cli;

import dev.persona.schema.RequestReader;
import dev.persona.schema.ResponseWriter;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.fb.RequestBody;
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
 * A minimal in-process responder (Hello, Status, ReadRefs) so the AOT training run exercises the
 * client's success path — connect, handshake, request encoding, reply verification — exactly as a
 * {@code read} against the real daemon does. Used only by {@link AotTrainingRun}; the values it
 * serves are fixed dummies.
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
