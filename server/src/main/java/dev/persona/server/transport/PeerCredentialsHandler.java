package dev.persona.server.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Reads the peer's credentials once when a connection opens, refuses every uid but the daemon's
 * own, records the {@link ClientSession} on the channel and removes itself.
 *
 * <p>Runs on the channel's event loop; stateless and shared by all channels.
 */
@Sharable
public final class PeerCredentialsHandler extends ChannelInboundHandlerAdapter {
  /** Told about every refused peer, for the audit log. Called on the event loop: must not block. */
  public interface RefusalListener {
    void onRefused(PeerIdentity peer, String socketName);
  }

  private final UdsTransport transport;
  private final int allowedUid;
  private final String socketName;
  private final RefusalListener refusalListener;

  public PeerCredentialsHandler(
      final UdsTransport transport,
      final int allowedUid,
      final String socketName,
      final RefusalListener refusalListener) {
    this.transport = transport;
    this.allowedUid = allowedUid;
    this.socketName = socketName;
    this.refusalListener = refusalListener;
  }

  @Override
  public void channelActive(final ChannelHandlerContext ctx) {
    final PeerIdentity peer = transport.peerOf(ctx.channel());
    if (peer == null || peer.uid() != allowedUid) {
      refusalListener.onRefused(peer, socketName);
      ctx.close();
      return;
    }
    ctx.channel().attr(ClientSession.KEY).set(new ClientSession(peer));
    ctx.pipeline().remove(this);
    ctx.fireChannelActive();
  }
}
