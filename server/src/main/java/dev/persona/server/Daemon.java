package dev.persona.server;

import dev.persona.engine.Engine;
import dev.persona.engine.KdfParams;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.server.approval.ApprovalRegistry;
import dev.persona.server.approval.AskpassApprover;
import dev.persona.server.audit.AuditAgent;
import dev.persona.server.pipeline.AgentFailure;
import dev.persona.server.pipeline.ConductorInbox;
import dev.persona.server.pipeline.ConnectionRegistry;
import dev.persona.server.pipeline.EngineProxy;
import dev.persona.server.pipeline.RpcConductor;
import dev.persona.server.pipeline.WakeableIdleStrategy;
import dev.persona.server.rpc.ResponseProxy;
import dev.persona.server.rpc.RpcDispatcher;
import dev.persona.server.rpc.RpcRequestHandler;
import dev.persona.server.rpc.SshRpcHandler;
import dev.persona.server.ssh.VaultKeyring;
import dev.persona.server.transport.GuardedChannelInitializer;
import dev.persona.server.transport.UdsServer;
import dev.persona.server.transport.UdsTransport;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A running personad: the engine, the request pipeline and both sockets, wired by hand.
 *
 * <p>{@link #start} and {@link #close} run on the caller's thread; close drains in-flight requests,
 * flushes the audit log, locks the vault and removes the sockets.
 */
public final class Daemon implements AutoCloseable {
  /** Version reported by status and Welcome. */
  public static final String VERSION = "0.1.0";

  /** Ring capacity: eight maximum-size requests, as Agrona caps one message at capacity / 8. */
  static final int REQUEST_RING_CAPACITY = 16 * 1024 * 1024;

  /** Idle duty cycles the conductor spins, then yields, before it parks until woken. */
  static final int CONDUCTOR_SPINS = 100;

  static final int CONDUCTOR_YIELDS = 100;

  private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

  private final DaemonConfig config;
  private final Engine engine;
  private final ManyToOneRingBuffer requestRing;
  private final AgentRunner conductorRunner;
  private final WakeableIdleStrategy conductorIdle;
  private final AgentRunner auditRunner;
  private final AuditAgent auditAgent;
  private final EventLoopGroup acceptGroup;
  private final EventLoopGroup ioGroup;
  private final AgentHost agentHost;
  private final VaultKeyring keyring;
  private UdsServer rpcServer;
  private UdsServer agentServer;
  private final UdsTransport transport;

  private Daemon(final DaemonConfig config) {
    this.config = config;
    final Engine.Context context =
        new Engine.Context()
            .home(config.home())
            .warnings(message -> System.err.println("personad: warning: " + message));
    if (config.testKdf()) {
      context.kdf(KdfParams.testOnlyTiny());
    }
    this.engine = Engine.open(context);
    this.requestRing =
        new ManyToOneRingBuffer(
            new UnsafeBuffer(
                ByteBuffer.allocateDirect(
                        REQUEST_RING_CAPACITY + RingBufferDescriptor.TRAILER_LENGTH)
                    .order(ByteOrder.LITTLE_ENDIAN)));
    this.auditAgent = new AuditAgent(engine);
    this.transport = UdsTransport.best();
    this.acceptGroup = transport.newEventLoopGroup(1, "persona-accept");
    this.ioGroup = transport.newEventLoopGroup(config.ioThreads(), "persona-io");
    final ConnectionRegistry registry = new ConnectionRegistry(config.maxConnections());
    final SshRpcHandler sshHandler = new SshRpcHandler(engine);
    this.keyring = sshHandler.keyring();
    final ApprovalRegistry approvals =
        new ApprovalRegistry(SystemEpochClock.INSTANCE, acceptGroup, config.approvalTimeoutMs());
    final java.nio.file.Path askpass = AskpassApprover.programFrom(System.getenv());
    if (askpass != null) {
      approvals.approver(
          new AskpassApprover(askpass, line -> System.err.println("personad: " + line)));
      System.err.println("personad: approvals are also asked through askpass " + askpass);
    }
    this.agentHost = new AgentHost(engine, sshHandler, auditAgent, config.signThreads(), approvals);
    final ConductorInbox inbox = new ConductorInbox();
    final RpcDispatcher dispatcher =
        new RpcDispatcher(
            engine,
            registry,
            new ResponseProxy(PooledByteBufAllocator.DEFAULT),
            auditAgent,
            new RpcDispatcher.DaemonFacts(
                VERSION,
                config.rpcSocket().toString(),
                config.agentSocket().toString(),
                config.home().toString(),
                System.currentTimeMillis()),
            sshHandler,
            approvals,
            config.tokens(),
            inbox);
    final RpcConductor conductor =
        new RpcConductor(requestRing, inbox, dispatcher, SystemNanoClock.INSTANCE);
    this.conductorIdle =
        new WakeableIdleStrategy(
            CONDUCTOR_SPINS,
            CONDUCTOR_YIELDS,
            TimeUnit.MILLISECONDS.toNanos(100),
            () -> requestRing.size() > 0 || inbox.hasWork());
    inbox.wakeWith(conductorIdle::wake);
    this.conductorRunner =
        new AgentRunner(conductorIdle, AgentFailure.exitingProcess("persona-rpc"), null, conductor);
    this.auditRunner =
        new AgentRunner(
            auditAgent.idleStrategy(),
            AgentFailure.exitingProcess("persona-audit"),
            null,
            auditAgent);
    this.rpcInitializer = rpcInitializer(registry);
  }

  private final ChannelInitializer<Channel> rpcInitializer;

  /** Opens the engine and binds both sockets. */
  public static Daemon start(final DaemonConfig config) throws IOException {
    final Daemon daemon = new Daemon(config);
    try {
      AgentRunner.startOnThread(daemon.conductorRunner);
      daemon.acceptGroup.scheduleAtFixedRate(
          daemon.agentHost::expireSessionKeys, 1, 1, TimeUnit.SECONDS);
      AgentRunner.startOnThread(daemon.auditRunner);
      daemon.rpcServer =
          UdsServer.bind(
              daemon.transport,
              daemon.acceptGroup,
              daemon.ioGroup,
              config.rpcSocket(),
              daemon.rpcInitializer);
      daemon.agentServer =
          UdsServer.bind(
              daemon.transport,
              daemon.acceptGroup,
              daemon.ioGroup,
              config.agentSocket(),
              daemon.agentHost.initializer(
                  daemon.transport, config.maxConnections(), daemon::onRefused));
      return daemon;
    } catch (final IOException | RuntimeException ex) {
      daemon.close();
      throw ex;
    }
  }

  private ChannelInitializer<Channel> rpcInitializer(final ConnectionRegistry registry) {
    final EngineProxy engineProxy = new EngineProxy(requestRing, conductorIdle);
    return new GuardedChannelInitializer(
        transport,
        config.maxConnections(),
        "persona.sock",
        this::onRefused,
        pipeline ->
            pipeline
                .addLast("idle", new IdleStateHandler(config.idleTimeoutSeconds(), 0, 0))
                .addLast(
                    "frame",
                    new LengthFieldBasedFrameDecoder(
                        ByteOrder.LITTLE_ENDIAN,
                        RpcFrameDescriptor.MAX_FRAME_LENGTH,
                        0,
                        RpcFrameDescriptor.LENGTH_FIELD_LENGTH,
                        0,
                        RpcFrameDescriptor.LENGTH_FIELD_LENGTH,
                        true))
                .addLast("rpc", new RpcRequestHandler(engineProxy, registry, VERSION)));
  }

  /** Logs and audits a connection from another uid; runs on an event loop, never blocks. */
  private void onRefused(
      final dev.persona.server.transport.PeerIdentity peer, final String socketName) {
    final String who = peer == null ? "unknown peer" : "uid=" + peer.uid() + " pid=" + peer.pid();
    System.err.println("personad: refused connection on " + socketName + " from " + who);
    auditAgent.onEvent(
        new dev.persona.engine.AuditEvent(
            System.currentTimeMillis(),
            peer == null ? -1 : peer.uid(),
            peer == null ? -1 : peer.pid(),
            peer == null
                ? "?"
                : dev.persona.server.transport.ClientSession.executableOf(peer.pid()),
            "Connect",
            socketName,
            "DENIED"));
  }

  public Engine engine() {
    return engine;
  }

  public String transportName() {
    return transport.name();
  }

  @Override
  public void close() {
    if (rpcServer != null) {
      rpcServer.close();
    }
    if (agentServer != null) {
      agentServer.close();
    }
    final long deadlineNs = System.nanoTime() + DRAIN_TIMEOUT_NS;
    while (requestRing.size() > 0 && System.nanoTime() < deadlineNs) {
      Thread.onSpinWait();
    }
    agentHost.close();
    ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    conductorRunner.close();
    auditRunner.close();
    engine.lock();
    keyring.clear(); // the conductor that would have noticed the lock has stopped
    engine.close();
  }
}
