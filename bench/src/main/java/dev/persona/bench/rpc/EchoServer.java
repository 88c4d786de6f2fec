package dev.persona.bench.rpc;

import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.server.transport.UdsServer;
import dev.persona.server.transport.UdsTransport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The baseline for RPC benchmarks: the daemon's transport (same {@link UdsTransport}, event-loop
 * count and frame decoder) answering each frame with itself, and nothing else. Run as its own
 * process: {@code EchoServer <socket path>}.
 */
public final class EchoServer {
  private EchoServer() {}

  public static void main(final String[] args) throws Exception {
    final Path socket = Path.of(args[0]);
    final UdsTransport transport = UdsTransport.best();
    final EventLoopGroup accept = transport.newEventLoopGroup(1, "echo-accept");
    final EventLoopGroup io =
        transport.newEventLoopGroup(Runtime.getRuntime().availableProcessors(), "echo-io");
    final EchoHandler echo = new EchoHandler();
    try (UdsServer server =
        UdsServer.bind(
            transport,
            accept,
            io,
            socket,
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(final Channel channel) {
                channel
                    .pipeline()
                    .addLast(
                        new LengthFieldBasedFrameDecoder(
                            ByteOrder.LITTLE_ENDIAN,
                            RpcFrameDescriptor.MAX_FRAME_LENGTH,
                            0,
                            4,
                            0,
                            0,
                            true))
                    .addLast(echo);
              }
            })) {
      System.out.println("echo " + server.socketPath());
      System.out.flush();
      Thread.currentThread().join();
    } finally {
      io.shutdownGracefully();
      accept.shutdownGracefully();
    }
  }

  @Sharable
  private static final class EchoHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
      ctx.writeAndFlush((ByteBuf) msg, ctx.voidPromise());
    }
  }
}
