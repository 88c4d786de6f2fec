package dev.persona.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.PeerCredentials;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;

/** Linux epoll transport; peer uid and pid come from {@code SO_PEERCRED}. */
final class EpollUdsTransport implements UdsTransport {
  static boolean isAvailable() {
    return Epoll.isAvailable();
  }

  @Override
  public String name() {
    return "epoll";
  }

  @Override
  public EventLoopGroup newEventLoopGroup(final int threads, final String threadName) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(threadName, true), EpollIoHandler.newFactory());
  }

  @Override
  public Class<? extends ServerChannel> serverChannelClass() {
    return EpollServerDomainSocketChannel.class;
  }

  @Override
  public SocketAddress bindAddress(final Path socketPath) {
    return new DomainSocketAddress(socketPath.toString());
  }

  @Override
  public PeerIdentity peerOf(final Channel channel) {
    if (!(channel instanceof EpollDomainSocketChannel domainChannel)) {
      return null;
    }
    try {
      final PeerCredentials credentials = domainChannel.peerCredentials();
      return new PeerIdentity(credentials.uid(), credentials.pid());
    } catch (final IOException ex) {
      return null;
    }
  }
}
