package dev.persona.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The JDK's own AF_UNIX channels, for where epoll's native library is absent. The JDK reports the
 * peer's user but not its pid, so callers see pid -1.
 */
final class NioUdsTransport implements UdsTransport {
  @Override
  public String name() {
    return "nio";
  }

  @Override
  public EventLoopGroup newEventLoopGroup(final int threads, final String threadName) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(threadName, true), NioIoHandler.newFactory());
  }

  @Override
  public Class<? extends ServerChannel> serverChannelClass() {
    return NioServerDomainSocketChannel.class;
  }

  @Override
  public SocketAddress bindAddress(final Path socketPath) {
    return UnixDomainSocketAddress.of(socketPath);
  }

  @Override
  public PeerIdentity peerOf(final Channel channel) {
    try {
      final UnixDomainPrincipal principal =
          channel.config().getOption(NioChannelOption.of(ExtendedSocketOptions.SO_PEERCRED));
      if (principal == null) {
        return null;
      }
      return new PeerIdentity(uidOf(principal.user()), -1);
    } catch (final RuntimeException ex) {
      return null;
    }
  }

  private static int uidOf(final UserPrincipal user) {
    // The JDK names the user; the uid comes from the passwd database through /proc of a process
    // we own: compare names with our own user to stay free of native code.
    try {
      final UserPrincipal self = java.nio.file.Files.getOwner(Path.of("/proc/self"));
      return self.getName().equals(user.getName()) ? OwnUid.get() : -1;
    } catch (final IOException ex) {
      return -1;
    }
  }
}
