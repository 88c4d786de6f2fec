package dev.persona.server.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.ssh.SshSignatureVerifier;
import dev.persona.schema.MessageVerifier;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.RequestWriter;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.client.SshKeyEntry;
import dev.persona.schema.fb.ItemType;
import dev.persona.schema.fb.RefAttribute;
import dev.persona.schema.fb.Request;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.SearchKind;
import dev.persona.schema.fb.SshKeyType;
import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.FuzzBudget;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bounded-time fuzzing of everything another process can send the daemon: random and mutated frames
 * at {@code persona.sock} (before and after Hello, lying length prefixes, cut-off frames) and at
 * {@code agent.sock} (every message type, mutated keys, blobs and extensions), for {@code
 * persona.fuzz.seconds} (default 20) from {@code persona.fuzz.seed} (default: random, printed).
 * Meanwhile a well-behaved client keeps reading a secret over RPC and signing through the agent and
 * must get the right answer every time; afterwards the daemon is alive, its log shows no dead
 * thread, and its audit chain verifies.
 *
 * <p>Mutated requests that still verify and would change state (lock, shutdown, delete, policy,
 * create…) are not sent: they are valid requests, and their effect on the well-behaved client would
 * be correct behaviour, not a bug. The agent fuzzer never sends {@code SSH_AGENTC_LOCK}, for the
 * same reason.
 */
@Timeout(180)
class DaemonFuzzSystemIT {
  private static final FuzzBudget FUZZ = FuzzBudget.fromSystemProperties(20);
  private static final byte[] SECRET = "fuzz-secret-value".getBytes(StandardCharsets.UTF_8);
  private static final int SSH_AGENTC_LOCK = 22;

  /** Requests whose effect on the daemon's state is nil or private to the fuzzing connection. */
  private static final Set<Byte> READ_ONLY =
      Set.of(
          RequestBody.Hello,
          RequestBody.StatusRequest,
          RequestBody.VaultListRequest,
          RequestBody.ItemGetRequest,
          RequestBody.ItemListRequest,
          RequestBody.ItemSearchRequest,
          RequestBody.ItemHistoryRequest,
          RequestBody.ReadRefsRequest,
          RequestBody.AttachmentGetRequest,
          RequestBody.SshListRequest,
          RequestBody.SshExportPublicRequest,
          RequestBody.SshSignRequest,
          RequestBody.AuditTailRequest,
          RequestBody.ApprovalListRequest);

  private static DaemonProcess daemon;
  private static byte[] keyBlob;
  private static String itemId;

  @BeforeAll
  static void startDaemonWithASecretAndAKey() throws Exception {
    daemon = DaemonProcess.start();
    try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "fuzz-setup")) {
      client.init("it-password".toCharArray(), "Personal", 0, 0, 0);
      itemId =
          client
              .createItem(
                  "Personal",
                  ItemEntry.draft(
                      "web",
                      ItemType.LOGIN,
                      List.of(new FieldEntry("password", SECRET.clone(), true)),
                      List.of("https://web.example"),
                      List.of("fuzz")))
              .id();
      final SshKeyEntry key = client.sshKeygen("fuzz-key", SshKeyType.ED25519, 0, "Personal", "f");
      keyBlob = Base64.getDecoder().decode(key.publicKey().split(" ")[1]);
    }
    Thread.sleep(100); // the agent's keyring loads the key on the conductor's next tick
  }

  @AfterAll
  static void stopDaemon() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void shouldServeAWellBehavedClientCorrectlyWhileBothSocketsAreFuzzed() throws Exception {
    final long deadlineNs = FUZZ.start("DaemonFuzzSystemIT");
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final AtomicLong rpcFrames = new AtomicLong();
    final AtomicLong agentFrames = new AtomicLong();
    final AtomicLong goodAnswers = new AtomicLong();
    final List<Thread> threads =
        List.of(
            worker(
                "fuzz-rpc", failure, () -> fuzzRpc(new Random(FUZZ.seed()), deadlineNs, rpcFrames)),
            worker(
                "fuzz-agent",
                failure,
                () -> fuzzAgent(new Random(FUZZ.seed() + 1), deadlineNs, agentFrames)),
            worker("good-client", failure, () -> behaveWell(deadlineNs, goodAnswers)));
    for (final Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(FUZZ.seconds() + 60));
      assertFalse(thread.isAlive(), thread.getName() + " is stuck");
    }
    if (failure.get() != null) {
      throw new AssertionError("seed=" + FUZZ.seed() + ": " + failure.get(), failure.get());
    }
    System.out.println(
        "DaemonFuzzSystemIT: rpcFrames="
            + rpcFrames
            + " agentFrames="
            + agentFrames
            + " goodAnswers="
            + goodAnswers);
    assertTrue(rpcFrames.get() > 100 && agentFrames.get() > 100, "the fuzzers ran");
    assertTrue(goodAnswers.get() > 20, "the good client kept being served");
    assertTrue(daemon.isAlive(), "the daemon never dies");
    final String log = daemon.log();
    assertFalse(log.contains("Exception in thread"), log);
    assertFalse(log.contains("agent error"), log);
    try (PersonaClient after = PersonaClient.connect(daemon.rpcSocket(), "fuzz-after")) {
      assertArrayEquals(SECRET, after.readRef("persona://Personal/web/password"));
      assertTrue(after.auditVerify().ok(), "the audit chain survived");
      assertEquals(itemId, after.getItem("Personal", "web", false).id());
    }
  }

  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  private static Thread worker(
      final String name, final AtomicReference<Throwable> failure, final Body body) {
    return Thread.ofPlatform()
        .name(name)
        .start(
            () -> {
              try {
                body.run();
              } catch (final Throwable t) {
                failure.compareAndSet(null, new AssertionError(name + " failed", t));
              }
            });
  }

  // ---------------------------------------------------------------- the well-behaved client

  /** Alternates a secret read over RPC and an agent signature; each must be exactly right. */
  private static void behaveWell(final long deadlineNs, final AtomicLong answers) throws Exception {
    final Random random = new Random(FUZZ.seed() + 2);
    try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "good-client");
        SocketChannel agent = connect(daemon.agentSocket())) {
      while (System.nanoTime() < deadlineNs) {
        assertArrayEquals(SECRET, client.readRef("persona://Personal/web/password"));
        final byte[] data = new byte[32 + random.nextInt(64)];
        random.nextBytes(data);
        final byte[] signature = agentSign(agent, data);
        assertTrue(
            SshSignatureVerifier.verify(keyBlob, data, 0, data.length, signature, false),
            "the agent's signature verifies");
        answers.addAndGet(2);
        Thread.sleep(20);
      }
    }
  }

  private static byte[] agentSign(final SocketChannel agent, final byte[] data) throws IOException {
    final ByteBuffer request =
        ByteBuffer.allocate(4 + 1 + 4 + keyBlob.length + 4 + data.length + 4);
    request.putInt(request.capacity() - 4).put((byte) 13);
    request.putInt(keyBlob.length).put(keyBlob).putInt(data.length).put(data).putInt(0).flip();
    while (request.hasRemaining()) {
      agent.write(request);
    }
    final ByteBuffer length = readFully(agent, 4);
    final ByteBuffer reply = readFully(agent, length.getInt());
    assertEquals(14, reply.get(), "SSH2_AGENT_SIGN_RESPONSE");
    final byte[] signature = new byte[reply.getInt()];
    reply.get(signature);
    return signature;
  }

  private static ByteBuffer readFully(final SocketChannel channel, final int length)
      throws IOException {
    final ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("the daemon closed a well-behaved connection");
      }
    }
    return buffer.flip();
  }

  // ---------------------------------------------------------------- persona.sock

  private static void fuzzRpc(final Random random, final long deadlineNs, final AtomicLong sent)
      throws Exception {
    final List<byte[]> corpus = rpcCorpus();
    final MessageVerifier verifier = new MessageVerifier();
    while (System.nanoTime() < deadlineNs) {
      final List<byte[]> frames = new ArrayList<>();
      if (random.nextInt(5) != 0) {
        frames.add(corpus.get(0)); // Hello first most of the time, to get past the handshake
      }
      final int count = 1 + random.nextInt(8);
      for (int i = 0; i < count; i++) {
        frames.add(rpcFrame(random, corpus, verifier));
      }
      exchange(daemon.rpcSocket(), frames, random);
      sent.addAndGet(frames.size());
    }
  }

  /** Valid requests of every read-only kind, as frames (length prefix included). */
  private static List<byte[]> rpcCorpus() {
    final RequestWriter w = new RequestWriter();
    final List<byte[]> out = new ArrayList<>();
    out.add(bytes(w.hello(1, 1, 1, "fuzz")));
    out.add(bytes(w.status(2)));
    out.add(bytes(w.vaultList(3)));
    out.add(bytes(w.itemGet(4, "Personal", "web", false)));
    out.add(bytes(w.itemList(5, "Personal", false, 10, null)));
    out.add(bytes(w.itemSearch(6, "Personal", SearchKind.TAG, "fuzz", 10)));
    out.add(bytes(w.itemHistory(7, "Personal", "web")));
    out.add(
        bytes(
            w.readRefs(
                8,
                List.of(
                    new SecretRef("Personal", "web", "password", RefAttribute.VALUE),
                    new SecretRef("Personal", "web", "password", RefAttribute.TOTP)))));
    out.add(bytes(w.attachmentGet(9, "Personal", "web", "none", 0, 100)));
    out.add(bytes(w.sshList(10, null)));
    out.add(bytes(w.sshExportPublic(11, "fuzz-key")));
    out.add(bytes(w.sshSign(12, keyBlob, "data".getBytes(StandardCharsets.UTF_8), 0)));
    out.add(bytes(w.auditTail(13, 0, 5)));
    out.add(bytes(w.approvalList(14)));
    return out;
  }

  private static byte[] rpcFrame(
      final Random random, final List<byte[]> corpus, final MessageVerifier verifier) {
    while (true) {
      final byte[] frame;
      switch (random.nextInt(10)) {
        case 0 -> {
          frame = new byte[4 + random.nextInt(300)];
          random.nextBytes(frame);
          ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(0, frame.length - 4);
        }
        case 1 -> frame = corpus.get(random.nextInt(corpus.size())).clone();
        default -> {
          final byte[] base = corpus.get(random.nextInt(corpus.size()));
          final byte[] message = mutate(random, Arrays.copyOfRange(base, 4, base.length));
          frame = new byte[4 + message.length];
          System.arraycopy(message, 0, frame, 4, message.length);
          ByteBuffer.wrap(frame)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putInt(0, lengthField(random, message.length));
        }
      }
      if (isSafe(frame, verifier)) {
        return frame;
      }
    }
  }

  /** Unverifiable frames are always fine; a verifiable one only if it changes nothing. */
  private static boolean isSafe(final byte[] frame, final MessageVerifier verifier) {
    if (frame.length < 8) {
      return true;
    }
    final ByteBuffer message =
        ByteBuffer.wrap(frame, 4, frame.length - 4).slice().order(ByteOrder.LITTLE_ENDIAN);
    if (verifier.verifyRequest(message, 0, message.limit()) != MessageVerifier.OK) {
      return true;
    }
    return READ_ONLY.contains(Request.getRootAsRequest(message).bodyType());
  }

  // ---------------------------------------------------------------- agent.sock

  private static void fuzzAgent(final Random random, final long deadlineNs, final AtomicLong sent)
      throws Exception {
    final List<byte[]> corpus = agentCorpus();
    while (System.nanoTime() < deadlineNs) {
      final int count = 1 + random.nextInt(8);
      final List<byte[]> frames = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        frames.add(agentFrame(random, corpus));
      }
      exchange(daemon.agentSocket(), frames, random);
      sent.addAndGet(count);
    }
  }

  /** One message of every type the agent reads, as bodies (type byte first, no length). */
  private static List<byte[]> agentCorpus() {
    final List<byte[]> out = new ArrayList<>();
    out.add(new byte[] {11}); // request identities
    out.add(agentMessage(13, sshString(keyBlob), sshString(new byte[48]), uint32(4)));
    out.add(agentMessage(18, sshString(keyBlob))); // remove identity (a vault key: refused)
    out.add(new byte[] {19}); // remove all (session keys only)
    out.add(agentMessage(23, sshString("pass".getBytes(StandardCharsets.UTF_8)))); // unlock
    final byte[] seed = new byte[32];
    out.add(
        agentMessage(
            17,
            sshString("ssh-ed25519".getBytes(StandardCharsets.UTF_8)),
            sshString(new byte[32]),
            sshString(seed),
            sshString("comment".getBytes(StandardCharsets.UTF_8))));
    out.add(
        agentMessage(
            25,
            sshString("ssh-ed25519".getBytes(StandardCharsets.UTF_8)),
            sshString(new byte[32]),
            sshString(new byte[64]),
            sshString("c".getBytes(StandardCharsets.UTF_8)),
            new byte[] {1},
            uint32(1),
            new byte[] {2}));
    out.add(
        agentMessage(
            27,
            sshString("session-bind@openssh.com".getBytes(StandardCharsets.UTF_8)),
            sshString(keyBlob),
            sshString(new byte[32]),
            sshString(new byte[83]),
            new byte[] {0}));
    out.add(agentMessage(27, sshString("query".getBytes(StandardCharsets.UTF_8))));
    return out;
  }

  private static byte[] agentFrame(final Random random, final List<byte[]> corpus) {
    byte[] message;
    do {
      message =
          switch (random.nextInt(10)) {
            case 0 -> {
              final byte[] noise = new byte[1 + random.nextInt(300)];
              random.nextBytes(noise);
              yield noise;
            }
            case 1 -> corpus.get(random.nextInt(corpus.size())).clone();
            default -> mutate(random, corpus.get(random.nextInt(corpus.size())).clone());
          };
    } while (message.length > 0 && (message[0] & 0xFF) == SSH_AGENTC_LOCK);
    final byte[] frame = new byte[4 + message.length];
    System.arraycopy(message, 0, frame, 4, message.length);
    ByteBuffer.wrap(frame).putInt(0, lengthField(random, message.length)); // big-endian
    return frame;
  }

  private static byte[] agentMessage(final int type, final byte[]... parts) {
    int length = 1;
    for (final byte[] part : parts) {
      length += part.length;
    }
    final ByteBuffer out = ByteBuffer.allocate(length).put((byte) type);
    for (final byte[] part : parts) {
      out.put(part);
    }
    return out.array();
  }

  private static byte[] sshString(final byte[] value) {
    return ByteBuffer.allocate(4 + value.length).putInt(value.length).put(value).array();
  }

  private static byte[] uint32(final int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  // ---------------------------------------------------------------- shared

  /** Mostly the true length; sometimes a lie (short, long, huge, negative). */
  private static int lengthField(final Random random, final int length) {
    return switch (random.nextInt(20)) {
      case 0 -> length + 1 + random.nextInt(16);
      case 1 -> Math.max(0, length - 1 - random.nextInt(16));
      case 2 -> Integer.MAX_VALUE;
      case 3 -> -1;
      case 4 -> 2 * 1024 * 1024;
      default -> length;
    };
  }

  /** One to four byte-level mutations: bit flips, interesting values, cuts, growth, splices. */
  private static byte[] mutate(final Random random, final byte[] input) {
    byte[] b = input;
    final int rounds = 1 + random.nextInt(4);
    for (int r = 0; r < rounds && b.length > 0; r++) {
      final int at = random.nextInt(b.length);
      switch (random.nextInt(7)) {
        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> b[at] = (byte) new int[] {0, 1, 0x7F, 0x80, 0xFF}[random.nextInt(5)];
        case 2 -> {
          if (at + 4 <= b.length) {
            final int value =
                new int[] {0, -1, Integer.MAX_VALUE, b.length, b.length + 1, random.nextInt()}
                    [random.nextInt(6)];
            ByteBuffer.wrap(b)
                .order(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                .putInt(at, value);
          }
        }
        case 3 -> b = Arrays.copyOf(b, at);
        case 4 -> {
          final byte[] grown = Arrays.copyOf(b, b.length + 1 + random.nextInt(64));
          for (int i = b.length; i < grown.length; i++) {
            grown[i] = (byte) random.nextInt();
          }
          b = grown;
        }
        case 5 -> {
          final int length = random.nextInt(b.length - at + 1);
          final int to = random.nextInt(b.length);
          System.arraycopy(b, at, b, to, Math.min(length, b.length - to));
        }
        default -> {
          final byte[] spliced = new byte[b.length + 4];
          System.arraycopy(b, 0, spliced, 0, at);
          System.arraycopy(b, at, spliced, at + 4, b.length - at);
          b = spliced;
        }
      }
    }
    return b;
  }

  private static SocketChannel connect(final Path socket) throws IOException {
    final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    return channel;
  }

  /**
   * Sends {@code frames} (sometimes cutting the last one short), reads whatever comes back for a
   * moment, and hangs up, without ever blocking on a daemon that stopped reading.
   */
  private static void exchange(final Path socket, final List<byte[]> frames, final Random random)
      throws IOException {
    try (SocketChannel channel = connect(socket);
        Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ);
      final ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
      final long untilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
      for (int i = 0; i < frames.size(); i++) {
        final byte[] frame = frames.get(i);
        final int length =
            i == frames.size() - 1 && random.nextInt(10) == 0
                ? random.nextInt(frame.length)
                : frame.length;
        final ByteBuffer out = ByteBuffer.wrap(frame, 0, length);
        while (out.hasRemaining() && System.nanoTime() < untilNs) {
          try {
            if (channel.write(out) == 0) {
              drain(channel, selector, sink, 1);
            }
          } catch (final IOException closed) {
            return; // the daemon hung up on a bad frame, as it should
          }
        }
      }
      final long readUntilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
      while (System.nanoTime() < readUntilNs) {
        if (drain(channel, selector, sink, 5) < 0) {
          return;
        }
      }
    }
  }

  private static int drain(
      final SocketChannel channel, final Selector selector, final ByteBuffer sink, final long ms)
      throws IOException {
    selector.select(ms);
    selector.selectedKeys().clear();
    int total = 0;
    int n;
    try {
      while ((n = channel.read(sink.clear())) > 0) {
        total += n;
      }
    } catch (final IOException reset) {
      return -1;
    }
    return n < 0 ? -1 : total;
  }

  private static byte[] bytes(final ByteBuffer frame) {
    final byte[] out = new byte[frame.remaining()];
    frame.duplicate().get(out);
    return out;
  }
}
