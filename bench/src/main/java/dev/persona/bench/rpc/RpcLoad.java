package dev.persona.bench.rpc;

import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.fb.ItemType;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * End-to-end lookup load against a real personad, measured in the same run as the echo baseline
 * (the same client transport against {@link EchoServer}): p50/p99/p99.9 at one connection and
 * throughput at 1, 4, 16 and 64 connections.
 *
 * <p>Usage: {@code RpcLoad <repo root> [seconds per step]}. It starts both servers as processes on
 * a throwaway home and stops them at the end.
 */
public final class RpcLoad {
  private static final int[] CONNECTIONS = {1, 4, 16, 64};

  private RpcLoad() {}

  public static void main(final String[] args) throws Exception {
    final Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    final int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    final BenchDaemon daemon = BenchDaemon.start(root);
    final Path echoSocket = daemon.base.resolve("echo.sock");
    final Process echo = startEcho(root, echoSocket, daemon.base);
    try {
      final Path rpcSocket = daemon.rpcSocket;
      try (PersonaClient client = PersonaClient.connect(rpcSocket, "rpc-load")) {
        client.init("bench-password".toCharArray(), "Personal", 0, 0, 0);
        client.createItem(
            "Personal",
            ItemEntry.draft(
                "github",
                ItemType.LOGIN,
                List.of(
                    new FieldEntry(
                        "password", "s3cr3t-t0k3n".getBytes(StandardCharsets.UTF_8), true)),
                List.of("https://github.com"),
                List.of()));
      }
      final byte[] request = encodedLookup(rpcSocket);
      System.out.printf(
          Locale.ROOT,
          "%-8s %5s %12s %10s %10s %10s%n",
          "mode",
          "conns",
          "ops/s",
          "p50 us",
          "p99 us",
          "p99.9 us");
      // Both servers start cold: warm their JITs (and the client's) before anything is measured.
      run(4, 3, () -> new EchoClient(echoSocket, request));
      run(4, 3, () -> new LookupClient(rpcSocket));
      for (final int connections : CONNECTIONS) {
        final Result echoResult =
            run(connections, seconds, () -> new EchoClient(echoSocket, request));
        final Result lookupResult = run(connections, seconds, () -> new LookupClient(rpcSocket));
        print("echo", connections, echoResult);
        print("lookup", connections, lookupResult);
        System.out.printf(
            Locale.ROOT,
            "ratio    %5d  throughput lookup/echo = %.2f   p50 lookup/echo = %.2f%n",
            connections,
            lookupResult.opsPerSecond / echoResult.opsPerSecond,
            (double) lookupResult.histogram.getValueAtPercentile(50)
                / echoResult.histogram.getValueAtPercentile(50));
      }
      System.out.println(
          "daemon RSS after load: " + daemon.rssKiB() + " KiB (pid " + daemon.process.pid() + ")");
    } finally {
      echo.destroy();
      echo.waitFor(10, TimeUnit.SECONDS);
      daemon.close();
    }
  }

  /** One connection's request loop. */
  interface LoadClient extends AutoCloseable {
    void roundTrip() throws IOException;

    @Override
    void close() throws IOException;
  }

  interface ClientFactory {
    LoadClient open() throws IOException;
  }

  record Result(double opsPerSecond, Histogram histogram, long errors) {}

  static Result run(final int connections, final int seconds, final ClientFactory factory)
      throws Exception {
    final AtomicBoolean measuring = new AtomicBoolean(false);
    final AtomicBoolean running = new AtomicBoolean(true);
    final List<Thread> threads = new ArrayList<>();
    final Histogram[] histograms = new Histogram[connections];
    final long[] counts = new long[connections];
    final long[] errors = new long[connections];
    for (int c = 0; c < connections; c++) {
      final int index = c;
      histograms[c] = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      final Thread thread =
          new Thread(
              () -> {
                try (LoadClient client = factory.open()) {
                  while (running.get()) {
                    final long start = System.nanoTime();
                    try {
                      client.roundTrip();
                    } catch (final IOException | RuntimeException ex) {
                      errors[index]++;
                      continue;
                    }
                    if (measuring.get()) {
                      histograms[index].recordValue(System.nanoTime() - start);
                      counts[index]++;
                    }
                  }
                } catch (final IOException ex) {
                  errors[index]++;
                }
              });
      threads.add(thread);
      thread.start();
    }
    Thread.sleep(1000); // warm-up
    measuring.set(true);
    final long start = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    measuring.set(false);
    final long elapsedNs = System.nanoTime() - start;
    running.set(false);
    for (final Thread thread : threads) {
      thread.join();
    }
    final Histogram total = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    long ops = 0;
    long errorCount = 0;
    for (int c = 0; c < connections; c++) {
      total.add(histograms[c]);
      ops += counts[c];
      errorCount += errors[c];
    }
    return new Result(ops * 1e9 / elapsedNs, total, errorCount);
  }

  private static void print(final String mode, final int connections, final Result result) {
    System.out.printf(
        Locale.ROOT,
        "%-8s %5d %12.0f %10.1f %10.1f %10.1f%s%n",
        mode,
        connections,
        result.opsPerSecond,
        result.histogram.getValueAtPercentile(50) / 1000.0,
        result.histogram.getValueAtPercentile(99) / 1000.0,
        result.histogram.getValueAtPercentile(99.9) / 1000.0,
        result.errors == 0 ? "" : "  errors=" + result.errors);
  }

  /** A real client doing {@code persona read persona://Personal/github/password}. */
  static final class LookupClient implements LoadClient {
    private final PersonaClient client;
    private final List<SecretRef> refs =
        List.of(SecretRef.parse("persona://Personal/github/password"));

    LookupClient(final Path socket) {
      client = PersonaClient.connect(socket, "rpc-load");
    }

    @Override
    public void roundTrip() {
      client.readRefValues(refs);
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /** The same request bytes sent to the echo server and read back. */
  static final class EchoClient implements LoadClient {
    private final SocketChannel channel;
    private final ByteBuffer request;
    private final ByteBuffer reply;

    EchoClient(final Path socket, final byte[] frame) throws IOException {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      request = ByteBuffer.allocateDirect(frame.length).put(frame);
      reply = ByteBuffer.allocateDirect(frame.length).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void roundTrip() throws IOException {
      request.clear();
      while (request.hasRemaining()) {
        channel.write(request);
      }
      reply.clear();
      while (reply.hasRemaining()) {
        if (channel.read(reply) < 0) {
          throw new IOException("echo server closed");
        }
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** The frame a client sends for one lookup, captured from the real client's encoder. */
  private static byte[] encodedLookup(final Path rpcSocket) {
    try (PersonaClient client = PersonaClient.connect(rpcSocket, "rpc-load")) {
      final ByteBuffer frame =
          client
              .requestWriter()
              .readRefs(
                  client.nextRequestId(),
                  List.of(SecretRef.parse("persona://Personal/github/password")));
      final byte[] bytes = new byte[frame.remaining()];
      frame.get(bytes);
      return bytes;
    }
  }

  private static Process startEcho(final Path root, final Path socket, final Path base)
      throws IOException, InterruptedException {
    final String java = ProcessHandle.current().info().command().orElse("java");
    final ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "--add-opens",
            "java.base/java.nio=ALL-UNNAMED",
            "--add-exports",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            EchoServer.class.getName(),
            socket.toString());
    builder.redirectErrorStream(true).redirectOutput(base.resolve("echo.log").toFile());
    final Process process = builder.start();
    BenchDaemon.waitForSocket(socket, process);
    return process;
  }
}
