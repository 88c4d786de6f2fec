package dev.persona.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.SocketAddress;
import java.nio.file.Path;

/**
 * Binds Unix-domain stream sockets for the daemon and tells who is on the other end of an accepted
 * connection.
 *
 * <p>One class per kernel facility (epoll here, kqueue or the JDK's own AF_UNIX channels
 * elsewhere), so a new platform is a class, not a rewrite. Implementations are stateless and
 * thread-safe.
 */
public interface UdsTransport {
  /** A short name for logs and {@code persona status}, e.g. {@code "epoll"}. */
  String name();

  /** A new event-loop group of {@code threads} threads named {@code threadName-N}. */
  EventLoopGroup newEventLoopGroup(int threads, String threadName);

  /** The server channel class that accepts on a Unix-domain socket. */
  Class<? extends ServerChannel> serverChannelClass();

  /** The bind address for the socket file at {@code socketPath}. */
  SocketAddress bindAddress(Path socketPath);

  /**
   * The credentials of the peer of an accepted channel, read once from the kernel.
   *
   * @return the peer, or {@code null} when the kernel cannot tell (the connection is then refused).
   */
  PeerIdentity peerOf(Channel channel);

  /** The best transport available here: epoll when its native library loads, else the JDK's. */
  static UdsTransport best() {
    return EpollUdsTransport.isAvailable() ? new EpollUdsTransport() : new NioUdsTransport();
  }
}
