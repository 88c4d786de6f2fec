package dev.persona.server;

import dev.persona.agent.SessionKeyStore;
import dev.persona.agent.SshAgentOutput;
import dev.persona.agent.SshAgentSession;
import dev.persona.agent.SshConfirmer;
import dev.persona.engine.Engine;
import dev.persona.server.approval.ApprovalRegistry;
import dev.persona.server.rpc.RpcDispatcher;
import dev.persona.server.rpc.SshRpcHandler;
import dev.persona.server.ssh.DaemonSshBackend;
import dev.persona.server.ssh.KnownHosts;
import dev.persona.server.ssh.SignWorkers;
import dev.persona.server.transport.ClientSession;
import dev.persona.server.transport.GuardedChannelInitializer;
import dev.persona.server.transport.UdsTransport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.nio.ByteBuffer;
import org.agrona.concurrent.SystemEpochClock;

/**
 * Hosts the SSH agent protocol on {@code agent.sock}: one {@link SshAgentSession} per connection,
 * fed by the event loop, with signatures computed on a pool sized to the cores so the event loops
 * only frame and reply.
 */
final class AgentHost implements AutoCloseable {
  /**
   * Signatures queued beyond this are refused with SSH_AGENT_FAILURE rather than wait unbounded.
   */
  static final int SIGN_QUEUE_CAPACITY = 64 * 1024;

  private final SignWorkers signPool;
  private final SessionKeyStore sessionKeys;
  private final DaemonSshBackend backend;

  AgentHost(
      final Engine engine,
      final SshRpcHandler sshHandler,
      final RpcDispatcher.AuditSink auditSink,
      final int signThreads,
      final ApprovalRegistry approvals) {
    this.signPool = new SignWorkers(signThreads, SIGN_QUEUE_CAPACITY);
    sessionKeys =
        new SessionKeyStore(SystemEpochClock.INSTANCE, signPool, confirmer(approvals), false);
    this.backend =
        new DaemonSshBackend(
            sshHandler.keyring(),
            sessionKeys,
            signPool,
            auditSink,
            KnownHosts.fromEnvironment(),
            approvals);
  }

  /**
   * {@code ssh-add -c} keys ask the same approver as {@code ask} vault keys: a pending approval
   * that {@code persona approve} resolves, answered by grants and remembered decisions.
   */
  private static SshConfirmer confirmer(final ApprovalRegistry approvals) {
    return (session, identity, destination, decision) ->
        approvals.request(
            "ssh.sign",
            dev.persona.engine.ssh.SshPublicKeys.fingerprintSha256(identity.keyBlob()),
            destination,
            DaemonSshBackend.clientOf(session),
            decision::onResult);
  }

  ChannelInitializer<Channel> initializer(
      final UdsTransport transport,
      final int maxConnections,
      final dev.persona.server.transport.PeerCredentialsHandler.RefusalListener refusals) {
    return new GuardedChannelInitializer(
        transport,
        maxConnections,
        "agent.sock",
        refusals,
        pipeline -> pipeline.addLast("agent", new AgentChannelHandler(backend)));
  }

  /**
   * Zeroes ssh-add keys whose lifetime ran out ({@code ssh-add -t}); until then they are only
   * hidden.
   */
  void expireSessionKeys() {
    sessionKeys.expire();
  }

  @Override
  public void close() {
    signPool.close();
    sessionKeys
        .removeAll(); // ssh-add keys die with the daemon: zero them rather than leave it to exit
  }

  /** One connection's bytes into its session; replies back to the channel from any thread. */
  private static final class AgentChannelHandler extends ChannelInboundHandlerAdapter {
    private final DaemonSshBackend backend;
    private SshAgentSession session;

    AgentChannelHandler(final DaemonSshBackend backend) {
      this.backend = backend;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) {
      final Channel channel = ctx.channel();
      session =
          new SshAgentSession(
              backend,
              new SshAgentOutput() {
                @Override
                public void write(final ByteBuffer reply) {
                  final ByteBuf frame = channel.alloc().directBuffer(reply.remaining());
                  frame.writeBytes(reply);
                  channel.writeAndFlush(frame, channel.voidPromise());
                }

                @Override
                public void close() {
                  channel.close();
                }
              },
              ClientSession.of(channel));
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
      final ByteBuf bytes = (ByteBuf) msg;
      try {
        if (session != null) {
          session.onBytes(bytes.nioBuffer());
        }
      } finally {
        bytes.release();
      }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) {
      if (session != null) {
        session.onClosed(); // tells the backend once, clears pending replies, zeroes buffers
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
      ctx.close();
    }
  }
}
