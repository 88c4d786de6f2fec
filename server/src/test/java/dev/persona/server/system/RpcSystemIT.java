package dev.persona.server.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ItemType;
import dev.persona.schema.fb.SearchKind;
import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** personad over its real RPC socket: concurrency, hostile bytes, other users, and SIGKILL. */
@Timeout(300)
class RpcSystemIT {
  private static final char[] PASSWORD = "it-password".toCharArray();

  @Test
  void shouldAnswer64ConcurrentClientsMixingReadsAndWritesCorrectly() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start()) {
      try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
        client.init(PASSWORD, "Personal", 0, 0, 0);
      }
      final ExecutorService pool = Executors.newFixedThreadPool(64);
      try {
        final List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < 64; c++) {
          final int clientNo = c;
          results.add(
              pool.submit(
                  () -> {
                    int checked = 0;
                    try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
                      for (int i = 0; i < 10; i++) {
                        final String name = "item-" + clientNo + "-" + i;
                        final byte[] secret =
                            ("secret-" + clientNo + "-" + i).getBytes(StandardCharsets.UTF_8);
                        client.createItem("Personal", login(name, secret));
                        assertArrayEquals(
                            secret, client.readRef("persona://Personal/" + name + "/password"));
                        checked++;
                      }
                    }
                    return checked;
                  }));
        }
        int total = 0;
        for (final Future<Integer> result : results) {
          total += result.get();
        }
        assertEquals(640, total);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void shouldAnswerStatusBeforeInitWithoutAuditErrors() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start()) {
      try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
        client.status();
        Thread.sleep(50); // longer than the audit group-commit window
        client.init(PASSWORD, "Personal", 0, 0, 0);
        client.status();
      }
      Thread.sleep(50);
      assertFalse(daemon.log().contains("error"), daemon.log());
    }
  }

  @Test
  void shouldSurviveHostileBytesAndKeepServingOtherClients() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start()) {
      try (PersonaClient good = PersonaClient.connect(daemon.rpcSocket(), "it")) {
        good.init(PASSWORD, "Personal", 0, 0, 0);
        good.createItem("Personal", login("github", "pw".getBytes(StandardCharsets.UTF_8)));
        final Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
          final byte[] garbage = new byte[random.nextInt(600)];
          random.nextBytes(garbage);
          final ByteBuffer frame;
          switch (round % 4) {
            case 0 -> frame = frame(garbage.length, garbage); // random message body
            case 1 -> frame = frame(garbage.length + 100, garbage); // truncated: length lies
            case 2 -> frame = frame(Integer.MAX_VALUE, garbage); // oversize length prefix
            default -> {
              // valid identifier, corrupt offsets
              final byte[] body = garbage.length < 8 ? new byte[8] : garbage;
              body[4] = 'P';
              body[5] = 'R';
              body[6] = 'Q';
              body[7] = '1';
              frame = frame(body.length, body);
            }
          }
          sendAndClose(daemon.rpcSocket(), frame);
          if (round % 20 == 0) {
            assertArrayEquals(
                "pw".getBytes(StandardCharsets.UTF_8),
                good.readRef("persona://Personal/github/password"),
                "the well-behaved client keeps being served");
          }
        }
        assertTrue(daemon.isAlive());
        assertArrayEquals(
            "pw".getBytes(StandardCharsets.UTF_8),
            good.readRef("persona://Personal/github/password"));
      }
    }
  }

  @Test
  void shouldAnswerMalformedToGarbageWithoutClosingOtherConnections() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start();
        SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      raw.connect(UnixDomainSocketAddress.of(daemon.rpcSocket()));
      final byte[] garbage = "this is not a flatbuffer at all".getBytes(StandardCharsets.US_ASCII);
      final ByteBuffer frame = frame(garbage.length, garbage);
      while (frame.hasRemaining()) {
        raw.write(frame);
      }
      final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      while (header.hasRemaining()) {
        assertNotEquals(-1, raw.read(header));
      }
      final ByteBuffer reply = ByteBuffer.allocate(header.getInt(0)).order(ByteOrder.LITTLE_ENDIAN);
      while (reply.hasRemaining()) {
        assertNotEquals(-1, raw.read(reply));
      }
      reply.flip();
      final dev.persona.schema.fb.Response response =
          dev.persona.schema.fb.Response.getRootAsResponse(reply);
      assertEquals(ErrorCode.MALFORMED, response.error());
    }
  }

  @Test
  void shouldRefuseClientsRunningAsAnotherUser() throws Exception {
    final Path setpriv = RealTools.require("setpriv", "util-linux");
    final Path sshAdd = RealTools.require("ssh-add", "openssh-client");
    try (DaemonProcess daemon = DaemonProcess.start()) {
      try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
        client.init(PASSWORD, "Personal", 0, 0, 0); // the audit log exists from init on
      }
      // Open the file-system gates so only the daemon's own peer check stands in the way.
      Files.setPosixFilePermissions(
          daemon.rpcSocket().getParent(), PosixFilePermissions.fromString("rwx--x--x"));
      Files.setPosixFilePermissions(
          daemon.agentSocket(), PosixFilePermissions.fromString("rw-rw-rw-"));
      Files.setPosixFilePermissions(
          daemon.rpcSocket(), PosixFilePermissions.fromString("rw-rw-rw-"));
      Files.setPosixFilePermissions(
          daemon.rpcSocket().getParent().getParent(), PosixFilePermissions.fromString("rwx--x--x"));
      for (final Path socket : List.of(daemon.agentSocket(), daemon.rpcSocket())) {
        final DaemonProcess.Result asNobody =
            daemon.run(
                null,
                setpriv.toString(),
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "env",
                "SSH_AUTH_SOCK=" + socket,
                sshAdd.toString(),
                "-l");
        assertNotEquals(0, asNobody.exitCode(), asNobody.toString());
      }
      final String log = daemon.log();
      assertTrue(log.contains("refused connection on agent.sock from uid=65534"), log);
      assertTrue(log.contains("refused connection on persona.sock from uid=65534"), log);
      try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
        assertTrue(client.status().initialized(), "own uid still served");
        Thread.sleep(100); // one audit group-commit window
        final long refusals =
            client.auditTail(0, 1000).events().stream()
                .filter(e -> e.operation().equals("Connect") && e.uid() == 65534)
                .filter(e -> e.result() == ErrorCode.DENIED)
                .count();
        assertEquals(2, refusals, "both refusals are in the audit log");
      }
    }
  }

  @Test
  void shouldAnswerHandshakeRequiredAndCloseWhenHelloIsSkipped() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start();
        PersonaClient encoder = PersonaClient.connect(daemon.rpcSocket(), "it");
        SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      final ByteBuffer status = encoder.requestWriter().status(7);
      raw.connect(UnixDomainSocketAddress.of(daemon.rpcSocket()));
      while (status.hasRemaining()) {
        raw.write(status);
      }
      final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      while (header.hasRemaining()) {
        assertNotEquals(-1, raw.read(header));
      }
      final ByteBuffer reply = ByteBuffer.allocate(header.getInt(0)).order(ByteOrder.LITTLE_ENDIAN);
      while (reply.hasRemaining()) {
        assertNotEquals(-1, raw.read(reply));
      }
      reply.flip();
      final dev.persona.schema.fb.Response response =
          dev.persona.schema.fb.Response.getRootAsResponse(reply);
      assertEquals(ErrorCode.HANDSHAKE_REQUIRED, response.error());
      assertEquals(7, response.requestId());
      assertEquals(-1, raw.read(ByteBuffer.allocate(1)), "the daemon closed the connection");
      assertTrue(encoder.status().version() != null, "other connections are unaffected");
    }
  }

  @Test
  void shouldKeepEveryAcknowledgedWriteWhenKilledUnderLoad() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start()) {
      try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
        client.init(PASSWORD, "Personal", 0, 0, 0);
      }
      final List<String> acknowledged = new ArrayList<>();
      final Thread writer =
          new Thread(
              () -> {
                try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
                  for (int i = 0; ; i++) {
                    final String name = "acked-" + i;
                    client.createItem(
                        "Personal", login(name, name.getBytes(StandardCharsets.UTF_8)));
                    synchronized (acknowledged) {
                      acknowledged.add(name);
                    }
                  }
                } catch (final RuntimeException expected) {
                  // the daemon died under us
                }
              });
      writer.start();
      Thread.sleep(1500);
      daemon.kill();
      writer.join(10_000);
      assertTrue(Files.exists(daemon.rpcSocket()), "SIGKILL leaves the socket file behind");
      daemon.launch(); // must replace the stale socket
      try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
        client.unlock(PASSWORD);
        final List<String> names;
        synchronized (acknowledged) {
          names = List.copyOf(acknowledged);
        }
        assertTrue(names.size() > 5, "the writer made progress: " + names.size());
        for (final String name : names) {
          assertArrayEquals(
              name.getBytes(StandardCharsets.UTF_8),
              client.readRef("persona://Personal/" + name + "/password"),
              name);
        }
        assertTrue(client.auditVerify().ok(), "audit chain intact after SIGKILL");
      }
    }
  }

  @Test
  void shouldAnswerLockedUntilUnlocked() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start();
        PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
      client.init(PASSWORD, "Personal", 0, 0, 0);
      client.createItem("Personal", login("github", "pw".getBytes(StandardCharsets.UTF_8)));
      client.lock();
      final PersonaClientException locked =
          org.junit.jupiter.api.Assertions.assertThrows(
              PersonaClientException.class, () -> client.getItem("Personal", "github", true));
      assertEquals(ErrorCode.LOCKED, locked.errorCode());
      final PersonaClientException wrong =
          org.junit.jupiter.api.Assertions.assertThrows(
              PersonaClientException.class, () -> client.unlock("nope".toCharArray()));
      assertEquals(ErrorCode.WRONG_PASSWORD, wrong.errorCode());
      client.unlock(PASSWORD);
      assertArrayEquals(
          "pw".getBytes(StandardCharsets.UTF_8),
          client.readRef("persona://Personal/github/password"));
    }
  }

  @Test
  void shouldRefuseToDeleteVaultHoldingItemsUnlessForced() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start();
        PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
      client.init(PASSWORD, "Personal", 0, 0, 0);
      client.createVault("Work");
      client.createItem("Work", login("jira", "pw".getBytes(StandardCharsets.UTF_8)));
      final PersonaClientException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              PersonaClientException.class, () -> client.deleteVault("Work", false));
      assertEquals(ErrorCode.CONFLICT, refused.errorCode());
      assertEquals(
          2, client.listVaults().size(), "the vault and its item are still there: " + refused);
      client.deleteVault("Work", true);
      assertEquals(1, client.listVaults().size());
    }
  }

  /**
   * A listing crosses the socket in pages: by the count the client asks for, and by size when the
   * summaries are large (600 items with 900-character names are ~1 MB, more than a frame holds;
   * before paging the whole listing was one reply and failed with TOO_LARGE).
   */
  @Test
  void shouldPageAnItemListingOfAnySizeByCountAndBySize() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start();
        PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
      client.init(PASSWORD, "Personal", 0, 0, 0);
      client.createVault("Small");
      for (int i = 0; i < 7; i++) {
        client.createItem("Small", login("item-" + i, "pw".getBytes(StandardCharsets.UTF_8)));
      }
      final List<Integer> pageSizes = new ArrayList<>();
      final List<String> names = walk(client, "Small", 3, pageSizes);
      assertEquals(List.of(3, 3, 1), pageSizes);
      assertEquals(7, new java.util.HashSet<>(names).size(), names.toString());
      assertEquals(7, client.listItems("Small", false, 0, null).items().size());

      final String longName = "n".repeat(900);
      for (int i = 0; i < 600; i++) {
        client.createItem(
            "Personal", login(i + "-" + longName, "pw".getBytes(StandardCharsets.UTF_8)));
      }
      pageSizes.clear();
      final List<String> big = walk(client, "Personal", 1000, pageSizes);
      assertEquals(600, new java.util.HashSet<>(big).size());
      assertTrue(pageSizes.size() > 1 && pageSizes.get(0) < 600, pageSizes.toString());
      // A search has no after_id: it honours its limit, and next_after_id says more hits exist.
      final var fifty = client.searchItems("Personal", SearchKind.TAG, "it", 50);
      assertEquals(50, fifty.items().size());
      assertTrue(fifty.nextAfterId() != null && !fifty.nextAfterId().isEmpty());
      final var bySize = client.searchItems("Personal", SearchKind.TAG, "it", 0);
      assertTrue(bySize.items().size() < 600, "a page ends at 512 KiB: " + bySize.items().size());
    }
  }

  /** Every item of the vault, page by page; records each page's size. */
  private static List<String> walk(
      final PersonaClient client, final String vault, final int limit, final List<Integer> sizes) {
    final List<String> names = new ArrayList<>();
    String after = null;
    do {
      final var page = client.listItems(vault, false, limit, after);
      sizes.add(page.items().size());
      page.items().forEach(item -> names.add(item.name()));
      after = page.nextAfterId();
    } while (after != null && !after.isEmpty());
    return names;
  }

  @Test
  void shouldStreamAttachmentsInChunksBothWays() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start();
        PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
      client.init(PASSWORD, "Personal", 0, 0, 0);
      client.createItem("Personal", login("server", "pw".getBytes(StandardCharsets.UTF_8)));
      final byte[] content = new byte[3 * 1024 * 1024 + 12_345]; // several RPC and engine chunks
      new Random(7).nextBytes(content);
      final byte[] sha256 = java.security.MessageDigest.getInstance("SHA-256").digest(content);
      client.putAttachment(
          "Personal", "server", "backup.tar", "application/x-tar", content, sha256);

      final java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream();
      long offset = 0;
      while (true) {
        final dev.persona.schema.client.AttachmentChunkData chunk =
            client.getAttachmentChunk("Personal", "server", "backup.tar", offset, 0);
        assertEquals(offset, chunk.offset());
        assertEquals(content.length, chunk.totalLength());
        back.write(chunk.data());
        offset += chunk.data().length;
        if (chunk.eof()) {
          break;
        }
      }
      assertArrayEquals(content, back.toByteArray());

      final PersonaClientException badDigest =
          org.junit.jupiter.api.Assertions.assertThrows(
              PersonaClientException.class,
              () ->
                  client.putAttachment(
                      "Personal", "server", "corrupt.bin", null, new byte[] {1, 2, 3}, sha256));
      assertEquals(ErrorCode.BAD_INPUT, badDigest.errorCode());
      client.deleteAttachment("Personal", "server", "backup.tar");
      final PersonaClientException gone =
          org.junit.jupiter.api.Assertions.assertThrows(
              PersonaClientException.class,
              () -> client.getAttachmentChunk("Personal", "server", "backup.tar", 0, 0));
      assertEquals(ErrorCode.NOT_FOUND, gone.errorCode());
    }
  }

  static ItemEntry login(final String name, final byte[] password) {
    return ItemEntry.draft(
        name,
        ItemType.LOGIN,
        List.of(
            new FieldEntry("username", "alice".getBytes(StandardCharsets.UTF_8), false),
            new FieldEntry("password", password.clone(), true)),
        List.of("https://" + name + ".example.com/login"),
        List.of("it"));
  }

  private static ByteBuffer frame(final int declaredLength, final byte[] body) {
    final ByteBuffer frame = ByteBuffer.allocate(4 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(declaredLength).put(body).flip();
    return frame;
  }

  private static void sendAndClose(final Path socket, final ByteBuffer frame) throws IOException {
    try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      raw.connect(UnixDomainSocketAddress.of(socket));
      while (frame.hasRemaining()) {
        raw.write(frame);
      }
    }
  }
}
