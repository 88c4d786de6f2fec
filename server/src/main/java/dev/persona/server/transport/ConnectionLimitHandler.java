package dev.persona.server.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes connections beyond a fixed number open at once on one socket, so a runaway client cannot
 * exhaust the daemon's file descriptors. Shared by all channels of one server; thread-safe.
 */
@Sharable
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
  private final int maxConnections;
  private final AtomicInteger open = new AtomicInteger();

  public ConnectionLimitHandler(final int maxConnections) {
    this.maxConnections = maxConnections;
  }

  @Override
  public void channelActive(final ChannelHandlerContext ctx) {
    if (open.incrementAndGet() > maxConnections) {
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(final ChannelHandlerContext ctx) {
    open.decrementAndGet();
    ctx.fireChannelInactive();
  }

  /** Connections open now. */
  public int openConnections() {
    return open.get();
  }
}
