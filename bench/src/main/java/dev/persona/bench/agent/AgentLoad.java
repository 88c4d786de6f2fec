package dev.persona.bench.agent;

import dev.persona.agent.SessionKeyStore;
import dev.persona.agent.SshAgentOutput;
import dev.persona.agent.SshAgentSession;
import dev.persona.agent.SshConfirmer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemEpochClock;

/**
 * Load generator for any SSH agent socket: C connections each sending N sign requests (random
 * 32–256 byte payloads), or a fresh connection per signature as real {@code ssh} does. Reports
 * signs/s, p50/p99/p99.9 latency and errors.
 *
 * <pre>
 * AgentLoad --socket PATH [--connections 32] [--requests 1000] [--fresh] [--min 32] [--max 256]
 * AgentLoad --compare KEYFILE [--connections 32] ...   # OpenSSH ssh-agent vs Persona's agent code, same key
 * </pre>
 *
 * <p>{@code --compare} starts OpenSSH's {@code ssh-agent -D} (stopped by pid afterwards) and an
 * in-process host of {@link SshAgentSession} + {@link SessionKeyStore} on a JDK Unix socket (thread
 * per connection, signing on a pool of all cores), loads the same key into both with {@code
 * ssh-add} and runs the same load against each. The daemon's Netty host is measured by pointing
 * {@code --socket} at its agent socket.
 */
public final class AgentLoad {
  private static final int SSH_AGENTC_REQUEST_IDENTITIES = 11;
  private static final int SSH_AGENT_IDENTITIES_ANSWER = 12;
  private static final int SSH_AGENTC_SIGN_REQUEST = 13;
  private static final int SSH_AGENT_SIGN_RESPONSE = 14;

  private AgentLoad() {}

  record Options(
      Path socket,
      Path compareKey,
      int connections,
      int requests,
      boolean fresh,
      int min,
      int max,
      int flags) {}

  record Result(String label, long signs, long errors, double seconds, Histogram latencyNs) {}

  public static void main(final String[] args) throws Exception {
    final Options options = parse(args);
    final PrintStream out = System.out;
    if (options.compareKey() != null) {
      for (final Result result : compare(options)) {
        print(out, result);
      }
    } else {
      print(out, run("agent", options.socket(), options));
    }
  }

  private static Options parse(final String[] args) {
    Path socket = null;
    Path compare = null;
    int connections = 32;
    int requests = 1000;
    boolean fresh = false;
    int min = 32;
    int max = 256;
    int flags = 4;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--socket" -> socket = Path.of(args[++i]);
        case "--compare" -> compare = Path.of(args[++i]);
        case "--connections" -> connections = Integer.parseInt(args[++i]);
        case "--requests" -> requests = Integer.parseInt(args[++i]);
        case "--fresh" -> fresh = true;
        case "--min" -> min = Integer.parseInt(args[++i]);
        case "--max" -> max = Integer.parseInt(args[++i]);
        case "--flags" -> flags = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (socket == null && compare == null) {
      final String env = System.getenv("SSH_AUTH_SOCK");
      if (env == null) {
        throw new IllegalArgumentException(
            "--socket PATH, --compare KEYFILE or SSH_AUTH_SOCK required");
      }
      socket = Path.of(env);
    }
    return new Options(socket, compare, connections, requests, fresh, min, max, flags);
  }

  static void print(final PrintStream out, final Result r) {
    out.printf(
        "%-22s signs=%d errors=%d time=%.2fs signs/s=%.0f p50=%.3fms p99=%.3fms p99.9=%.3fms max=%.3fms%n",
        r.label(),
        r.signs(),
        r.errors(),
        r.seconds(),
        r.signs() / r.seconds(),
        r.latencyNs().getValueAtPercentile(50) / 1e6,
        r.latencyNs().getValueAtPercentile(99) / 1e6,
        r.latencyNs().getValueAtPercentile(99.9) / 1e6,
        r.latencyNs().getMaxValue() / 1e6);
  }

  /** Runs the configured load against {@code socket}, signing with the agent's first identity. */
  public static Result run(final String label, final Path socket, final Options options)
      throws Exception {
    final byte[] keyBlob;
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      keyBlob = firstIdentity(channel);
    }
    final Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    final AtomicLong errors = new AtomicLong();
    final AtomicLong signs = new AtomicLong();
    final List<Thread> threads = new ArrayList<>();
    final List<Histogram> histograms = new ArrayList<>();
    final long start = System.nanoTime();
    for (int c = 0; c < options.connections(); c++) {
      final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
      histograms.add(histogram);
      final long seed = c;
      threads.add(
          Thread.ofPlatform()
              .name("agent-load-" + c)
              .start(
                  () -> connectionLoop(socket, keyBlob, options, seed, histogram, signs, errors)));
    }
    for (final Thread thread : threads) {
      thread.join();
    }
    final double seconds = (System.nanoTime() - start) / 1e9;
    for (final Histogram histogram : histograms) {
      all.add(histogram);
    }
    return new Result(label, signs.get(), errors.get(), seconds, all);
  }

  private static void connectionLoop(
      final Path socket,
      final byte[] keyBlob,
      final Options options,
      final long seed,
      final Histogram histogram,
      final AtomicLong signs,
      final AtomicLong errors) {
    final SplittableRandom random = new SplittableRandom(seed);
    // Direct buffers reused for the whole run and replies read with as few reads as the kernel
    // allows: the generator shares the cores with the agent under test, so every syscall and copy
    // it saves is CPU the agent can show (the same for both agents).
    final ByteBuffer reply = ByteBuffer.allocateDirect(64 * 1024);
    final ByteBuffer request =
        ByteBuffer.allocateDirect(4 + 1 + 4 + keyBlob.length + 4 + options.max() + 4);
    final byte[] data = new byte[options.max()];
    SocketChannel channel = null;
    try {
      for (int i = 0; i < options.requests(); i++) {
        final int length = options.min() + random.nextInt(options.max() - options.min() + 1);
        random.nextBytes(data);
        final long t0 = System.nanoTime();
        try {
          if (channel == null) {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
          }
          request.clear();
          request
              .putInt(1 + 4 + keyBlob.length + 4 + length + 4)
              .put((byte) SSH_AGENTC_SIGN_REQUEST);
          request
              .putInt(keyBlob.length)
              .put(keyBlob)
              .putInt(length)
              .put(data, 0, length)
              .putInt(options.flags())
              .flip();
          while (request.hasRemaining()) {
            channel.write(request);
          }
          final int type = readFrame(channel, reply);
          histogram.recordValue(
              Math.min(System.nanoTime() - t0, histogram.getHighestTrackableValue()));
          if (type == SSH_AGENT_SIGN_RESPONSE) {
            signs.incrementAndGet();
          } else {
            errors.incrementAndGet();
          }
        } catch (final IOException e) {
          errors.incrementAndGet();
          closeQuietly(channel);
          channel = null;
        }
        if (options.fresh() && channel != null) {
          closeQuietly(channel);
          channel = null;
        }
      }
    } finally {
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(final SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (final IOException ignored) {
        // closing anyway
      }
    }
  }

  /**
   * Reads one reply frame into {@code buffer} (length prefix at 0, body from 4); returns its type.
   * Replies arrive whole almost always, so this is one read, not one for the prefix and one for the
   * body. The agents answer one request at a time per connection, so nothing follows the frame.
   */
  private static int readFrame(final SocketChannel channel, final ByteBuffer buffer)
      throws IOException {
    buffer.clear();
    while (buffer.position() < 4) {
      read(channel, buffer);
    }
    final int length = buffer.getInt(0);
    if (length <= 0 || length > buffer.capacity() - 4) {
      throw new IOException("bad reply length " + length);
    }
    buffer.limit(4 + length);
    while (buffer.hasRemaining()) {
      read(channel, buffer);
    }
    return buffer.get(4) & 0xFF;
  }

  private static void read(final SocketChannel channel, final ByteBuffer buffer)
      throws IOException {
    if (channel.read(buffer) < 0) {
      throw new IOException("agent closed the connection");
    }
  }

  private static byte[] firstIdentity(final SocketChannel channel) throws IOException {
    final ByteBuffer request =
        ByteBuffer.allocate(5).putInt(1).put((byte) SSH_AGENTC_REQUEST_IDENTITIES).flip();
    while (request.hasRemaining()) {
      channel.write(request);
    }
    final ByteBuffer reply = ByteBuffer.allocate(256 * 1024);
    if (readFrame(channel, reply) != SSH_AGENT_IDENTITIES_ANSWER || reply.getInt(5) == 0) {
      throw new IOException("the agent lists no identities");
    }
    final int blobLength = reply.getInt(9);
    final byte[] blob = new byte[blobLength];
    reply.get(13, blob);
    return blob;
  }

  /** OpenSSH's ssh-agent and Persona's agent code side by side, same key, same load. */
  static List<Result> compare(final Options options) throws Exception {
    final Path dir = Files.createTempDirectory("agentload");
    final List<Result> results = new ArrayList<>();
    final Path opensshSocket = dir.resolve("openssh.sock");
    final Process sshAgent =
        new ProcessBuilder("ssh-agent", "-D", "-a", opensshSocket.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("ssh-agent.log").toFile())
            .start();
    try {
      waitForSocket(opensshSocket);
      sshAdd(opensshSocket, options.compareKey());
      results.add(run("openssh ssh-agent", opensshSocket, options));
    } finally {
      sshAgent.destroy(); // only the ssh-agent this tool started
      sshAgent.waitFor(5, TimeUnit.SECONDS);
    }
    final Path personaSocket = dir.resolve("persona.sock");
    final ExecutorService signers =
        Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    final SessionKeyStore store =
        new SessionKeyStore(SystemEpochClock.INSTANCE, signers, SshConfirmer.DENY, false);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(personaSocket));
      Thread.ofPlatform().daemon().start(() -> acceptLoop(server, store));
      sshAdd(personaSocket, options.compareKey());
      results.add(run("persona agent (jdk uds)", personaSocket, options));
    } finally {
      signers.shutdownNow();
      store.removeAll();
      Files.deleteIfExists(personaSocket);
    }
    return results;
  }

  private static void waitForSocket(final Path socket) throws Exception {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!Files.exists(socket)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("ssh-agent did not create " + socket);
      }
      Thread.sleep(20);
    }
  }

  private static void sshAdd(final Path socket, final Path key) throws Exception {
    final ProcessBuilder builder = new ProcessBuilder("ssh-add", "-q", key.toString());
    builder.environment().put("SSH_AUTH_SOCK", socket.toString());
    builder.redirectErrorStream(true);
    final Process process = builder.start();
    final String output =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("ssh-add failed: " + output);
    }
  }

  private static void acceptLoop(final ServerSocketChannel server, final SessionKeyStore store) {
    while (server.isOpen()) {
      final SocketChannel client;
      try {
        client = server.accept();
      } catch (final IOException e) {
        return;
      }
      Thread.ofPlatform().daemon().start(() -> serve(client, store));
    }
  }

  private static void serve(final SocketChannel client, final SessionKeyStore store) {
    final SshAgentSession session =
        new SshAgentSession(
            store,
            new SshAgentOutput() {
              @Override
              public void write(final ByteBuffer reply) {
                try {
                  synchronized (client) {
                    while (reply.hasRemaining()) {
                      client.write(reply);
                    }
                  }
                } catch (final IOException e) {
                  close();
                }
              }

              @Override
              public void close() {
                closeQuietly(client);
              }
            },
            null);
    final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
    try (client) {
      while (!session.isClosed()) {
        buffer.clear();
        if (client.read(buffer) < 0) {
          break;
        }
        buffer.flip();
        session.onBytes(buffer);
      }
    } catch (final IOException e) {
      // client went away
    } finally {
      session.onClosed();
    }
  }
}
