package dev.persona.server.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.client.ApprovalEntry;
import dev.persona.schema.client.AttachmentChunkData;
import dev.persona.schema.client.AuditEntry;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.UploadSession;
import dev.persona.schema.client.VaultPolicyEntry;
import dev.persona.schema.fb.ApprovalMode;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ItemType;
import dev.persona.server.fixture.DaemonProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attachments through the real daemon obey the same effective policy as a reveal: a deny item or
 * vault refuses a download at once, an ask item's download waits for approval (once per download,
 * not per chunk) while other clients are answered, and a caller the executables lists do not name
 * is refused. Adding or removing a file of a guarded item waits like any change to it, and an
 * approved upload or download stays with the connection that was approved.
 */
@Timeout(300)
class AttachmentPolicySystemIT {
  private static final long APPROVAL_TIMEOUT_MS = 10_000;

  /** Three chunks: the download asks once, not once per chunk. */
  private static final byte[] FILE = randomBytes(2 * RpcFrameDescriptor.MAX_CHUNK_LENGTH + 4321);

  private static DaemonProcess daemon;
  private static PersonaClient client;
  private static ParkedCalls calls;
  private static String thisJvm;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = DaemonProcess.start("-Dpersona.approval.timeout.ms=" + APPROVAL_TIMEOUT_MS);
    client = PersonaClient.connect(daemon.rpcSocket(), "attachment-policy-it");
    client.init("it-password".toCharArray(), "Personal", 0, 0, 0);
    client.createItem("Personal", login("plain", List.of()));
    thisJvm = Path.of("/proc/self/exe").toRealPath().toString();
    calls = new ParkedCalls(daemon, client);
  }

  @AfterAll
  static void stopDaemon() {
    if (calls != null) {
      calls.close();
    }
    if (client != null) {
      client.close();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  private static byte[] randomBytes(final int length) {
    final byte[] bytes = new byte[length];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  private static byte[] utf8(final String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ItemEntry login(final String name, final List<FieldEntry> policy) {
    final List<FieldEntry> fields = new ArrayList<>();
    fields.add(new FieldEntry("username", utf8("svc-" + name), false));
    fields.add(new FieldEntry("password", utf8("pw-" + name), true));
    fields.addAll(policy);
    return ItemEntry.draft(name, ItemType.LOGIN, fields, List.of(), List.of());
  }

  private static FieldEntry policyField(final String name, final String value) {
    return new FieldEntry(name, utf8(value), false);
  }

  private static void attach(final String vault, final String item, final String name)
      throws Exception {
    client.putAttachment(
        vault,
        item,
        name,
        "application/octet-stream",
        FILE,
        MessageDigest.getInstance("SHA-256").digest(FILE));
  }

  /**
   * Creates {@code name} in {@code vault} as an allow item holding {@link #FILE}, then guards it.
   */
  private static void guardedItemWithFile(
      final String vault, final String name, final List<FieldEntry> policy) throws Exception {
    final ItemEntry created = client.createItem(vault, login(name, List.of()));
    attach(vault, name, "file.bin");
    final ItemEntry guarded = login(name, policy);
    // Tightening an allow item is a change nobody needs to approve; its files stay.
    client.updateItem(
        vault,
        new ItemEntry(
            created.id(),
            vault,
            name,
            guarded.type(),
            0,
            0,
            0,
            false,
            guarded.fields(),
            List.of(),
            List.of(),
            List.of()),
        client.getItem(vault, name, false).revision()); // attaching made a revision
  }

  private static <T> Future<T> onOwnConnection(final Function<PersonaClient, T> call) {
    return calls.onOwnConnection(call);
  }

  private static ApprovalEntry awaitPending(final String operation, final String target)
      throws Exception {
    return calls.awaitPending(operation, target);
  }

  private static PersonaClientException failure(final Future<?> call) {
    return ParkedCalls.failure(call);
  }

  private static PersonaClientException refusal(final Runnable call) {
    return assertThrows(PersonaClientException.class, call::run);
  }

  private static AuditEntry awaitAudit(
      final String operation, final String targetPart, final int result) throws Exception {
    return AuditEvents.await(client, operation, targetPart, result);
  }

  @Test
  void shouldRefuseADownloadFromADenyVaultAtOnceAndAuditIt() throws Exception {
    client.createVault("Sealed");
    client.createItem("Sealed", login("db", List.of()));
    attach("Sealed", "db", "dump.sql");
    client.vaultPolicy("Sealed", new VaultPolicyEntry(ApprovalMode.DENY, List.of()));

    final PersonaClientException refused =
        refusal(() -> client.getAttachment("Sealed", "db", "dump.sql", FILE.length));
    assertEquals(ErrorCode.DENIED, refused.errorCode());
    assertTrue(refused.getMessage().contains("vault 'Sealed' policy: deny"), refused.getMessage());
    assertTrue(client.listApprovals().isEmpty(), "deny refuses at once, it asks nobody");
    awaitAudit("AttachmentGetRequest", "", ErrorCode.DENIED);
  }

  @Test
  void shouldRefuseAParkedDownloadWhenItsVaultTurnsDenyBeforeTheApproval() throws Exception {
    client.createVault("Shifting");
    client.createItem("Shifting", login("deed", List.of()));
    attach("Shifting", "deed", "scan.pdf");
    client.vaultPolicy("Shifting", new VaultPolicyEntry(ApprovalMode.ASK, List.of()));

    final Future<byte[]> parked =
        onOwnConnection(c -> c.getAttachment("Shifting", "deed", "scan.pdf", FILE.length));
    final ApprovalEntry pending = awaitPending("attachment.get", "deed");
    client.vaultPolicy("Shifting", new VaultPolicyEntry(ApprovalMode.DENY, List.of()));
    client.decideApproval(pending.id(), true, 0);

    // The deny set while it waited wins over the approval given after it.
    assertEquals(ErrorCode.DENIED, failure(parked).errorCode());
  }

  @Test
  void shouldParkAnAskItemsDownloadOnceUntilApprovedWhileAnotherClientIsAnsweredAtOnce()
      throws Exception {
    guardedItemWithFile("Personal", "report", List.of(policyField("policy.approval", "ask")));

    final Future<byte[]> parked =
        onOwnConnection(c -> c.getAttachment("Personal", "report", "file.bin", FILE.length));
    final ApprovalEntry pending = awaitPending("attachment.get", "report");
    final long start = System.nanoTime();
    final Future<byte[]> other =
        onOwnConnection(c -> c.readRef("persona://Personal/plain/password"));
    assertArrayEquals(utf8("pw-plain"), other.get(10, TimeUnit.SECONDS));
    final long otherMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(otherMs < 2_000, "another client's read waited " + otherMs + " ms");
    assertFalse(parked.isDone(), "the download still waits for its decision");

    client.decideApproval(pending.id(), true, 0);
    // All three chunks arrive on the one approval: a second ask would time out as an error.
    assertArrayEquals(FILE, parked.get(30, TimeUnit.SECONDS));
    assertTrue(client.listApprovals().isEmpty(), "nothing else was asked");
    awaitAudit("AttachmentGetRequest", "(approval " + pending.id() + ")", ErrorCode.OK);
  }

  @Test
  void shouldKeepAnApprovedDownloadToTheConnectionThatWasApproved() throws Exception {
    guardedItemWithFile("Personal", "ledger", List.of(policyField("policy.approval", "ask")));
    final int chunk = RpcFrameDescriptor.MAX_CHUNK_LENGTH;
    try (PersonaClient approved = PersonaClient.connect(daemon.rpcSocket(), "approved");
        PersonaClient other = PersonaClient.connect(daemon.rpcSocket(), "other")) {
      final Future<AttachmentChunkData> first =
          calls.submit(
              () -> approved.getAttachmentChunk("Personal", "ledger", "file.bin", 0, chunk));
      client.decideApproval(awaitPending("attachment.get", "ledger").id(), true, 0);
      assertEquals(chunk, first.get(20, TimeUnit.SECONDS).data().length);

      // Another connection asking for the next chunk starts a download of its own: asked again.
      final Future<AttachmentChunkData> rider =
          calls.submit(
              () -> other.getAttachmentChunk("Personal", "ledger", "file.bin", chunk, chunk));
      client.decideApproval(awaitPending("attachment.get", "ledger").id(), false, 0);
      assertEquals(ErrorCode.DENIED, failure(rider).errorCode());

      final AttachmentChunkData second =
          approved.getAttachmentChunk("Personal", "ledger", "file.bin", chunk, chunk);
      assertEquals(chunk, second.offset());
      assertArrayEquals(
          java.util.Arrays.copyOfRange(FILE, chunk, 2 * chunk), second.data(), "continues");
    }
  }

  @Test
  void shouldRefuseADownloadToACallerTheItemsOrTheVaultsExecutablesDoNotName() throws Exception {
    guardedItemWithFile(
        "Personal", "deploy", List.of(policyField("policy.executables", "/usr/bin/git")));
    final PersonaClientException byItem =
        refusal(() -> client.getAttachment("Personal", "deploy", "file.bin", FILE.length));
    assertEquals(ErrorCode.DENIED, byItem.errorCode());
    assertTrue(byItem.getMessage().contains(thisJvm), byItem.getMessage());
    assertTrue(byItem.getMessage().contains("policy.executables"), byItem.getMessage());

    client.createVault("GitOnly");
    client.createItem("GitOnly", login("token", List.of()));
    attach("GitOnly", "token", "file.bin");
    client.vaultPolicy(
        "GitOnly", new VaultPolicyEntry(ApprovalMode.ALLOW, List.of("/usr/bin/git")));
    final PersonaClientException byVault =
        refusal(() -> client.getAttachment("GitOnly", "token", "file.bin", FILE.length));
    assertEquals(ErrorCode.DENIED, byVault.errorCode());
    assertTrue(
        byVault.getMessage().contains("the executables of vault 'GitOnly'"), byVault.getMessage());
    assertTrue(client.listApprovals().isEmpty(), "refused before anyone is asked");
  }

  @Test
  void shouldParkAddingAndRemovingFilesOfAGuardedItemUntilDecided() throws Exception {
    client.createItem("Personal", login("vaulted", List.of(policyField("policy.approval", "ask"))));
    final byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(FILE);

    final Future<Object> put =
        onOwnConnection(
            c -> c.putAttachment("Personal", "vaulted", "new.bin", "x/y", FILE, sha256));
    final ApprovalEntry putPending = awaitPending("attachment.put", "vaulted");
    assertFalse(put.isDone());
    client.decideApproval(putPending.id(), true, 0);
    put.get(30, TimeUnit.SECONDS);

    final Future<Object> delete =
        onOwnConnection(
            c -> {
              c.deleteAttachment("Personal", "vaulted", "new.bin");
              return null;
            });
    client.decideApproval(awaitPending("attachment.delete", "vaulted").id(), false, 0);
    assertEquals(ErrorCode.DENIED, failure(delete).errorCode());
    assertEquals(
        List.of("new.bin"),
        client.getItem("Personal", "vaulted", false).attachments().stream()
            .map(a -> a.name())
            .toList(),
        "a denied removal removes nothing");
  }

  @Test
  void shouldNotLetAnotherConnectionFeedSomeoneElsesUpload() throws Exception {
    try (PersonaClient owner = PersonaClient.connect(daemon.rpcSocket(), "owner");
        PersonaClient intruder = PersonaClient.connect(daemon.rpcSocket(), "intruder")) {
      long id = owner.nextRequestId();
      owner.send(
          owner
              .requestWriter()
              .attachmentPutBegin(id, "Personal", "plain", "mine.bin", "x/y", FILE.length));
      final UploadSession upload = owner.await(id).uploadSession();

      id = intruder.nextRequestId();
      intruder.send(
          intruder.requestWriter().attachmentPutChunk(id, upload.uploadId(), 0, FILE, 0, 1024));
      assertEquals(ErrorCode.NOT_FOUND, intruder.await(id).errorCode());
    }
  }
}
