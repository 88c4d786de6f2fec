package dev.persona.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One listening Unix-domain socket: claims the path, binds, restricts the file to 0600, and on
 * close stops accepting and removes the file. Start-up and close run on the caller's thread.
 */
public final class UdsServer implements AutoCloseable {
  private final Path socketPath;
  private final Channel serverChannel;

  private UdsServer(final Path socketPath, final Channel serverChannel) {
    this.socketPath = socketPath;
    this.serverChannel = serverChannel;
  }

  /** Binds {@code socketPath}; accepted channels are set up by {@code initializer}. */
  public static UdsServer bind(
      final UdsTransport transport,
      final EventLoopGroup acceptGroup,
      final EventLoopGroup ioGroup,
      final Path socketPath,
      final ChannelInitializer<Channel> initializer)
      throws IOException {
    SocketFiles.prepareDirectory(socketPath.getParent());
    SocketFiles.claim(socketPath);
    final ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptGroup, ioGroup)
            .channel(transport.serverChannelClass())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childHandler(initializer);
    final Channel channel;
    try {
      channel = bootstrap.bind(transport.bindAddress(socketPath)).sync().channel();
    } catch (final InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding " + socketPath, ex);
    } catch (final Exception ex) {
      throw new IOException("cannot bind socket: path=" + socketPath + " cause=" + ex, ex);
    }
    SocketFiles.restrict(socketPath);
    return new UdsServer(socketPath, channel);
  }

  public Path socketPath() {
    return socketPath;
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    try {
      Files.deleteIfExists(socketPath);
    } catch (final IOException ignored) {
      // The next start treats a leftover socket as stale and replaces it.
    }
  }
}
