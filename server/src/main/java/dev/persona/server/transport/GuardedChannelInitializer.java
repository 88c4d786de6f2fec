package dev.persona.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import java.util.function.Consumer;

/**
 * Sets up every accepted connection of one socket the same way — a connection limit, then the peer
 * uid check — before the socket's own protocol handlers, so no protocol byte is read from a peer
 * that has not been admitted.
 */
public final class GuardedChannelInitializer extends ChannelInitializer<Channel> {
  private final ConnectionLimitHandler limit;
  private final PeerCredentialsHandler peerCheck;
  private final Consumer<ChannelPipeline> protocol;

  /**
   * @param protocol adds the socket's protocol handlers after the guards; called on the event loop
   */
  public GuardedChannelInitializer(
      final UdsTransport transport,
      final int maxConnections,
      final String socketName,
      final PeerCredentialsHandler.RefusalListener refusals,
      final Consumer<ChannelPipeline> protocol) {
    this.limit = new ConnectionLimitHandler(maxConnections);
    this.peerCheck = new PeerCredentialsHandler(transport, OwnUid.get(), socketName, refusals);
    this.protocol = protocol;
  }

  @Override
  protected void initChannel(final Channel channel) {
    final ChannelPipeline pipeline =
        channel.pipeline().addLast("limit", limit).addLast("peer", peerCheck);
    protocol.accept(pipeline);
  }
}
