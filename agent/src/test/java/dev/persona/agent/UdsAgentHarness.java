package dev.persona.agent;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Test-only host: serves {@link SshAgentSession}s on a JDK Unix-domain socket, one thread per
 * connection, so real OpenSSH tools can talk to the agent code. The daemon uses Netty instead.
 */
final class UdsAgentHarness implements AutoCloseable {
  private final Path socketPath;
  private final ServerSocketChannel server;
  private final Supplier<SshAgentBackend> backend;
  private final Thread acceptor;
  private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;

  UdsAgentHarness(final Path socketPath, final Supplier<SshAgentBackend> backend)
      throws IOException {
    this.socketPath = socketPath;
    this.backend = backend;
    Files.deleteIfExists(socketPath);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socketPath));
    acceptor = Thread.ofPlatform().daemon().name("agent-harness-accept").start(this::acceptLoop);
  }

  Path socketPath() {
    return socketPath;
  }

  private void acceptLoop() {
    while (running) {
      try {
        final SocketChannel client = server.accept();
        clients.add(client);
        Thread.ofPlatform().daemon().name("agent-harness-conn").start(() -> serve(client));
      } catch (final IOException e) {
        return;
      }
    }
  }

  private void serve(final SocketChannel client) {
    try {
      serveOrThrow(client);
    } catch (final Throwable t) {
      t.printStackTrace();
      try {
        client.close();
      } catch (final IOException ignored) {
        // closing anyway
      }
    }
  }

  private void serveOrThrow(final SocketChannel client) {
    final SshAgentSession session =
        new SshAgentSession(
            backend.get(),
            new SshAgentOutput() {
              @Override
              public void write(final ByteBuffer reply) {
                try {
                  synchronized (client) {
                    while (reply.hasRemaining()) {
                      client.write(reply);
                    }
                  }
                } catch (final IOException e) {
                  close();
                }
              }

              @Override
              public void close() {
                try {
                  client.close();
                } catch (final IOException ignored) {
                  // already closed
                }
              }
            },
            null);
    final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
    try (client) {
      while (running && !session.isClosed()) {
        buffer.clear();
        if (client.read(buffer) < 0) {
          break;
        }
        buffer.flip();
        session.onBytes(buffer);
      }
    } catch (final IOException e) {
      // peer went away
    } catch (final Throwable t) {
      t.printStackTrace();
      throw t;
    } finally {
      session.onClosed();
      clients.remove(client);
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    server.close();
    for (final SocketChannel client : clients) {
      client.close();
    }
    Files.deleteIfExists(socketPath);
  }
}
