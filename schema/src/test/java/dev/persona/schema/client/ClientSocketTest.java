package dev.persona.schema.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both transports honour the same contract against a JDK server on a real Unix socket. */
class ClientSocketTest {
  @TempDir Path dir;

  @Test
  void theBuildsNativeLibraryIsLoadedSoTheCliGetsTheFastTransport() {
    assertTrue(
        NativeUnixSocket.isAvailable(),
        "native transport unavailable: " + NativeUnixSocket.unavailableReason());
    assertEquals("native", PersonaClient.transportName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void bytesLargerThanOneNativeChunkArriveIntactInBothDirections(final String transport)
      throws Exception {
    final byte[] payload = new byte[300_000];
    new Random(7).nextBytes(payload);
    try (ServerSocketChannel server = listen()) {
      // Own threads, not the common pool: on a 2-core machine it has one worker, and both must run.
      final ExecutorService threads = Executors.newFixedThreadPool(2);
      final Future<?> echo = threads.submit(() -> echoOnce(server));
      try (ClientSocket socket = connect(transport)) {
        final ByteBuffer out = ByteBuffer.wrap(payload);
        final Future<?> writer =
            threads.submit(
                () -> {
                  while (out.hasRemaining()) {
                    assertTrue(socket.write(out) > 0);
                  }
                  return null;
                });
        // A direct buffer takes the copying path of the native transport.
        final ByteBuffer in = ByteBuffer.allocateDirect(payload.length);
        while (in.hasRemaining()) {
          assertTrue(socket.read(in) > 0);
        }
        writer.get(10, TimeUnit.SECONDS);
        final byte[] back = new byte[payload.length];
        in.flip().get(back);
        assertArrayEquals(payload, back);
        assertEquals(transport, socket.name());
      }
      echo.get(10, TimeUnit.SECONDS);
      threads.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void readReturnsMinusOneWhenTheDaemonClosesTheConnection(final String transport)
      throws Exception {
    try (ServerSocketChannel server = listen()) {
      try (ClientSocket socket = connect(transport)) {
        server.accept().close();
        assertEquals(-1, socket.read(ByteBuffer.allocate(16)));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void writingToAGoneDaemonIsAnIoExceptionNotASignal(final String transport) throws Exception {
    try (ServerSocketChannel server = listen()) {
      try (ClientSocket socket = connect(transport)) {
        server.accept().close();
        final ByteBuffer frame = ByteBuffer.allocate(64 * 1024);
        assertThrows(
            IOException.class,
            () -> {
              for (int i = 0; i < 100; i++) {
                frame.clear();
                socket.write(frame);
              }
            });
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void connectingWhereNobodyListensIsAConnectExceptionNamingTheSocket(final String transport) {
    final Path missing = dir.resolve("nobody.sock");
    final ConnectException e =
        assertThrows(ConnectException.class, () -> connect(transport, missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void aClosedNativeSocketRefusesIoInsteadOfTouchingAReusedDescriptor() throws Exception {
    try (ServerSocketChannel server = listen()) {
      final ClientSocket socket = connect("native");
      server.accept().close();
      socket.close();
      socket.close();
      assertThrows(IOException.class, () -> socket.write(ByteBuffer.allocate(1)));
      assertThrows(IOException.class, () -> socket.read(ByteBuffer.allocate(1)));
    }
  }

  private ServerSocketChannel listen() throws IOException {
    final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(dir.resolve("d.sock")));
    return server;
  }

  private ClientSocket connect(final String transport) throws IOException {
    return connect(transport, dir.resolve("d.sock"));
  }

  private static ClientSocket connect(final String transport, final Path path) throws IOException {
    return transport.equals("native")
        ? NativeUnixSocket.connect(path.toString())
        : JdkUnixSocket.connect(path.toString());
  }

  private static void echoOnce(final ServerSocketChannel server) {
    try (SocketChannel peer = server.accept()) {
      final ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (peer.read(buffer) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          peer.write(buffer);
        }
        buffer.clear();
      }
    } catch (final IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
