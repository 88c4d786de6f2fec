package dev.persona.schema.client;

import dev.persona.schema.RequestReader;
import dev.persona.schema.ResponseWriter;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.fb.RequestBody;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tiny daemon stand-in on a real Unix socket: one thread, JDK channels, decoding with {@link
 * RequestReader} and answering with {@link ResponseWriter}. Hello is answered with Welcome; every
 * other request goes to the test's {@link Handler}, which may hold requests back to answer them
 * later and out of order.
 */
final class FakeDaemon implements AutoCloseable {
  interface Handler {
    /** Answers (or holds) one verified request; write frames with {@code out.send(...)}. */
    void onRequest(RequestReader request, ResponseWriter writer, Out out) throws IOException;
  }

  /** Where a handler writes frames. */
  static final class Out {
    private final SocketChannel channel;

    Out(final SocketChannel channel) {
      this.channel = channel;
    }

    void send(final ByteBuffer frame) throws IOException {
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    }

    /** Copies a frame so it can be sent later (the writer's buffer is reused). */
    static ByteBuffer copy(final ByteBuffer frame) {
      final ByteBuffer c = ByteBuffer.allocate(frame.remaining());
      c.put(frame.duplicate()).flip();
      return c;
    }
  }

  final Path socket;
  private final ServerSocketChannel server;
  private final Thread thread;
  final AtomicReference<Throwable> failure = new AtomicReference<>();
  final List<Byte> seenBodyTypes = java.util.Collections.synchronizedList(new ArrayList<>());

  /**
   * When set before the client connects, the Welcome is held back until the next request has
   * arrived: a client that waits for the Welcome before sending more then never gets it.
   */
  volatile boolean welcomeAfterNextRequest;

  FakeDaemon(final Path socket, final Handler handler) throws IOException {
    this.socket = socket;
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    thread = new Thread(() -> serve(handler), "fake-personad");
    thread.setDaemon(true);
    thread.start();
  }

  private ByteBuffer heldWelcome;

  private void serve(final Handler handler) {
    final RequestReader reader = new RequestReader();
    final ResponseWriter writer = new ResponseWriter();
    try (SocketChannel channel = server.accept()) {
      final Out out = new Out(channel);
      final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      while (true) {
        header.clear();
        if (!readFully(channel, header)) {
          return;
        }
        final int length = header.getInt(0);
        if (length < 8 || length > RpcFrameDescriptor.MAX_MESSAGE_LENGTH) {
          throw new IOException("bad length " + length);
        }
        final ByteBuffer message = ByteBuffer.allocate(length);
        if (!readFully(channel, message)) {
          return;
        }
        final int verdict = reader.wrap(message, 0, length);
        if (verdict != 0) {
          throw new IOException("client sent invalid request: verdict=" + verdict);
        }
        seenBodyTypes.add(reader.bodyType());
        if (reader.bodyType() == RequestBody.Hello) {
          final ByteBuffer welcome =
              writer.welcome(reader.requestId(), 1, new CharSequence[] {"pipelining"}, "fake");
          if (welcomeAfterNextRequest) {
            heldWelcome = Out.copy(welcome);
          } else {
            out.send(welcome);
          }
        } else {
          if (heldWelcome != null) {
            out.send(heldWelcome);
            heldWelcome = null;
          }
          handler.onRequest(reader, writer, out);
        }
      }
    } catch (final IOException | RuntimeException e) {
      if (server.isOpen()) {
        failure.set(e);
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

  @Override
  public void close() throws IOException {
    server.close();
    try {
      thread.join(5_000);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    java.nio.file.Files.deleteIfExists(socket);
    if (failure.get() != null) {
      throw new AssertionError("fake daemon failed", failure.get());
    }
  }
}
