package dev.persona.bench.rpc;

import dev.persona.engine.AuditEvent;
import dev.persona.engine.Engine;
import dev.persona.engine.ItemDraft;
import dev.persona.engine.ItemType;
import dev.persona.engine.KdfParams;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.client.RequestWriter;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.Response;
import dev.persona.server.approval.ApprovalRegistry;
import dev.persona.server.pipeline.ConductorInbox;
import dev.persona.server.pipeline.ConnectionRegistry;
import dev.persona.server.rpc.ResponseProxy;
import dev.persona.server.rpc.RpcDispatcher;
import dev.persona.server.rpc.SshRpcHandler;
import dev.persona.server.token.TokenSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agrona.concurrent.SystemEpochClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The daemon's RPC path between the ring and the socket, without the socket: {@link
 * RpcDispatcher#onRequest} decodes a request the real client encoded, calls the engine, encodes the
 * response into a pooled buffer and writes it to a channel (Netty's {@code EmbeddedChannel},
 * drained and released per op); the audit event is handed to a sink. {@code status} is the dispatch
 * and encode cost alone; {@code readRefs} adds the engine lookup (blind index, LMDB, two AES-GCM
 * opens). Run with {@code -prof gc} for the allocation per request:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar RpcDispatchBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens",
      "java.base/java.nio=ALL-UNNAMED",
      "--add-exports",
      "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports",
      "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow",
      "--enable-native-access=ALL-UNNAMED"
    })
public class RpcDispatchBenchmark {
  private Path home;
  private Engine engine;
  private ScheduledExecutorService scheduler;
  private EmbeddedChannel channel;
  private RpcDispatcher dispatcher;
  private long connectionRef;
  private ByteBuffer readRefsFrame;
  private ByteBuffer statusFrame;

  /** Keeps audit events reachable so escape analysis cannot remove their allocation. */
  private AuditEvent lastEvent;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    home = Files.createTempDirectory("persona-bench-rpc");
    engine =
        Engine.open(
            new Engine.Context().home(home).kdf(KdfParams.testOnlyTiny()).autoLockAfterMs(0));
    engine.init("bench password".toCharArray(), "Personal");
    engine.createItem(
        "Personal",
        ItemDraft.builder("github", ItemType.LOGIN)
            .field("password", "s3cr3t-t0k3n".getBytes(StandardCharsets.UTF_8), true)
            .url("https://github.com")
            .build());
    scheduler = Executors.newSingleThreadScheduledExecutor();
    final ConnectionRegistry registry = new ConnectionRegistry(16);
    channel = new EmbeddedChannel();
    connectionRef = registry.register(channel);
    dispatcher =
        new RpcDispatcher(
            engine,
            registry,
            new ResponseProxy(PooledByteBufAllocator.DEFAULT),
            event -> lastEvent = event,
            new RpcDispatcher.DaemonFacts("bench", "rpc.sock", "agent.sock", home.toString(), 0),
            new SshRpcHandler(engine),
            new ApprovalRegistry(SystemEpochClock.INSTANCE, scheduler, 60_000),
            TokenSettings.fromSystemProperties(),
            new ConductorInbox());
    final RequestWriter writer = new RequestWriter();
    readRefsFrame =
        message(writer.readRefs(1, List.of(SecretRef.parse("persona://Personal/github/password"))));
    statusFrame = message(writer.status(2));
    // Both must succeed, or the benchmark measures an error path.
    requireOk(readRefsFrame);
    requireOk(statusFrame);
  }

  private void requireOk(final ByteBuffer frame) {
    dispatcher.onRequest(connectionRef, frame, 0, frame.capacity());
    final ByteBuf reply = channel.readOutbound();
    try {
      final ByteBuffer bytes =
          reply
              .nioBuffer()
              .order(ByteOrder.LITTLE_ENDIAN)
              .position(RpcFrameDescriptor.LENGTH_FIELD_LENGTH);
      final Response response =
          Response.getRootAsResponse(bytes.slice().order(ByteOrder.LITTLE_ENDIAN));
      if (response.error() != ErrorCode.OK) {
        throw new IllegalStateException("request failed: " + response.message());
      }
    } finally {
      reply.release();
    }
  }

  /** The FlatBuffers message without its length prefix, as the event loop puts it in the ring. */
  private static ByteBuffer message(final ByteBuffer frame) {
    final ByteBuffer copy =
        ByteBuffer.allocateDirect(frame.remaining() - RpcFrameDescriptor.LENGTH_FIELD_LENGTH)
            .order(ByteOrder.LITTLE_ENDIAN);
    copy.put(frame.position(frame.position() + RpcFrameDescriptor.LENGTH_FIELD_LENGTH)).flip();
    return copy;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    channel.finishAndReleaseAll();
    scheduler.shutdownNow();
    engine.close();
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public int readRefs() {
    return dispatch(readRefsFrame);
  }

  @Benchmark
  public int status() {
    return dispatch(statusFrame);
  }

  private int dispatch(final ByteBuffer frame) {
    dispatcher.onRequest(connectionRef, frame, 0, frame.capacity());
    final ByteBuf reply = channel.readOutbound();
    if (reply == null) {
      throw new IllegalStateException("no reply written");
    }
    final int length = reply.readableBytes();
    reply.release();
    return length;
  }
}
