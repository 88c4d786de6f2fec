package dev.persona.schema.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The portable transport: a JDK Unix-domain {@link SocketChannel} (JDK 16+, also on Windows 10+).
 * Used when the native library is absent; its first connect costs a cold process ~15 ms more than
 * {@link NativeUnixSocket} (NIO provider lookup, security providers, a SecureRandom).
 */
final class JdkUnixSocket implements ClientSocket {
  static final String NAME = "jdk";

  private final SocketChannel channel;

  private JdkUnixSocket(final SocketChannel channel) {
    this.channel = channel;
  }

  static JdkUnixSocket connect(final String socketPath) throws IOException {
    final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socketPath));
    } catch (final IOException e) {
      close(channel);
      throw (IOException) ClientSocket.notListening(socketPath, e.getMessage()).initCause(e);
    }
    return new JdkUnixSocket(channel);
  }

  @Override
  public int read(final ByteBuffer target) throws IOException {
    return channel.read(target);
  }

  @Override
  public int write(final ByteBuffer source) throws IOException {
    return channel.write(source);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void close() {
    close(channel);
  }

  private static void close(final SocketChannel channel) {
    try {
      channel.close();
    } catch (final IOException ignored) {
      // Nothing useful to do: the socket is gone either way.
    }
  }
}
