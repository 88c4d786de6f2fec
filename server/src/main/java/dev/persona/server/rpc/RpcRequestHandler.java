package dev.persona.server.rpc;

import dev.persona.schema.MessageVerifier;
import dev.persona.schema.ResponseWriter;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.Hello;
import dev.persona.schema.fb.Request;
import dev.persona.schema.fb.RequestBody;
import dev.persona.server.pipeline.ConnectionRegistry;
import dev.persona.server.pipeline.EngineProxy;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;

/**
 * Takes one framed request on the event loop: verifies its bytes, answers {@code Hello} itself, and
 * hands everything else to the conductor through the request ring — answering {@code BUSY} when the
 * ring is full. Never blocks and never touches the engine.
 *
 * <p>One instance per connection, called on that connection's event loop only.
 */
public final class RpcRequestHandler extends ChannelInboundHandlerAdapter {
  /** The daemon's version string, reported in {@code Welcome}. */
  private final String daemonVersion;

  /** What this daemon offers beyond the base protocol, announced in {@code Welcome}. */
  private static final CharSequence[] FEATURES = {"pipelining", "read-refs", "tokens"};

  private final EngineProxy engineProxy;
  private final ConnectionRegistry registry;
  private long connectionRef = ConnectionRegistry.NO_SLOT;
  private boolean welcomed;

  /** Per event loop: the verifier, reusable tables and the response encoder. */
  private static final class LoopState {
    final MessageVerifier verifier = new MessageVerifier();
    final Request request = new Request();
    final Hello hello = new Hello();
    final ResponseProxy responseProxy =
        new ResponseProxy(io.netty.buffer.PooledByteBufAllocator.DEFAULT);
  }

  private static final FastThreadLocal<LoopState> LOOP_STATE =
      new FastThreadLocal<>() {
        @Override
        protected LoopState initialValue() {
          return new LoopState();
        }
      };

  public RpcRequestHandler(
      final EngineProxy engineProxy,
      final ConnectionRegistry registry,
      final String daemonVersion) {
    this.engineProxy = engineProxy;
    this.registry = registry;
    this.daemonVersion = daemonVersion;
  }

  @Override
  public void channelActive(final ChannelHandlerContext ctx) {
    connectionRef = registry.register(ctx.channel());
    if (connectionRef == ConnectionRegistry.NO_SLOT) {
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(final ChannelHandlerContext ctx) {
    if (connectionRef != ConnectionRegistry.NO_SLOT) {
      registry.unregister(connectionRef);
      connectionRef = ConnectionRegistry.NO_SLOT;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
    final ByteBuf frame = (ByteBuf) msg;
    try {
      onFrame(ctx, frame);
    } finally {
      frame.release();
    }
  }

  private void onFrame(final ChannelHandlerContext ctx, final ByteBuf frame) {
    final LoopState state = LOOP_STATE.get();
    final int length = frame.readableBytes();
    final ByteBuffer message = frame.nioBuffer(frame.readerIndex(), length);
    final int verdict = state.verifier.verifyRequest(message, message.position(), length);
    if (verdict != MessageVerifier.OK && verdict != MessageVerifier.UNKNOWN_BODY_TYPE) {
      state.responseProxy.sendError(
          ctx.channel(),
          0,
          ErrorCode.MALFORMED,
          "malformed request: " + MessageVerifier.describe(verdict));
      return;
    }
    final Request request = Request.getRootAsRequest(message.duplicate(), state.request);
    final long requestId = request.requestId();
    if (verdict == MessageVerifier.UNKNOWN_BODY_TYPE) {
      state.responseProxy.sendError(
          ctx.channel(), requestId, ErrorCode.UNSUPPORTED_OPERATION, "unknown operation");
      return;
    }
    final byte bodyType = request.bodyType();
    if (bodyType == RequestBody.Hello) {
      onHello(ctx, state, request, requestId);
      return;
    }
    if (!welcomed) {
      state.responseProxy.sendError(
          ctx.channel(), requestId, ErrorCode.HANDSHAKE_REQUIRED, "send Hello first");
      ctx.close(); // PROTOCOL.md: a peer that skips the handshake is not spoken to further
      return;
    }
    if (!engineProxy.offer(connectionRef, message, message.position(), length)) {
      state.responseProxy.sendError(
          ctx.channel(), requestId, ErrorCode.BUSY, "daemon busy, retry", null, 0, 1);
    }
  }

  private void onHello(
      final ChannelHandlerContext ctx,
      final LoopState state,
      final Request request,
      final long requestId) {
    final Hello hello = (Hello) request.body(state.hello);
    final ResponseProxy proxy = state.responseProxy;
    final int version = ResponseWriter.negotiateVersion(hello.minVersion(), hello.maxVersion());
    if (version < 0) {
      proxy.send(
          ctx.channel(),
          proxy.writer().unsupportedVersion(requestId, hello.minVersion(), hello.maxVersion()));
      return;
    }
    welcomed = true;
    proxy.send(ctx.channel(), proxy.writer().welcome(requestId, version, FEATURES, daemonVersion));
  }

  @Override
  public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      LOOP_STATE
          .get()
          .responseProxy
          .sendError(ctx.channel(), 0, ErrorCode.TOO_LARGE, "frame larger than the 1 MiB maximum");
    }
    ctx.close();
  }
}
