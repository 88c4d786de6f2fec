package dev.persona.schema.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.SampleItems;
import dev.persona.schema.fb.ApprovalMode;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.schema.fb.SearchKind;
import dev.persona.schema.fb.SshKeyType;
import dev.persona.schema.fb.TokenScope;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every typed client method against a fake daemon that answers each request type with the canned
 * response the protocol prescribes (PROTOCOL.md §5): proves each method sends the right request and
 * decodes the right reply.
 */
@Timeout(30)
class PersonaClientOperationsTest {
  private static final List<byte[]> CANNED = SampleItems.responseFrames();

  @TempDir Path dir;

  private static byte responseFor(final byte requestType) {
    return switch (requestType) {
      case RequestBody.StatusRequest -> ResponseBody.StatusResponse;
      case RequestBody.UnlockRequest -> ResponseBody.UnlockResponse;
      case RequestBody.VaultListRequest -> ResponseBody.VaultListResponse;
      case RequestBody.VaultCreateRequest,
          RequestBody.VaultRenameRequest,
          RequestBody.VaultPolicyRequest ->
          ResponseBody.VaultResponse;
      case RequestBody.ItemCreateRequest,
          RequestBody.ItemGetRequest,
          RequestBody.ItemUpdateRequest,
          RequestBody.ItemRestoreRevisionRequest ->
          ResponseBody.ItemResponse;
      case RequestBody.ItemListRequest, RequestBody.ItemSearchRequest ->
          ResponseBody.ItemListResponse;
      case RequestBody.ItemHistoryRequest -> ResponseBody.ItemHistoryResponse;
      case RequestBody.ReadRefsRequest -> ResponseBody.ReadRefsResponse;
      case RequestBody.AttachmentPutBegin -> ResponseBody.AttachmentPutBeginResponse;
      case RequestBody.AttachmentPutEnd -> ResponseBody.AttachmentResponse;
      case RequestBody.AttachmentGetRequest -> ResponseBody.AttachmentChunk;
      case RequestBody.SshKeygenRequest,
          RequestBody.SshImportRequest,
          RequestBody.SshExportPublicRequest,
          RequestBody.SshPolicyRequest ->
          ResponseBody.SshKeyResponse;
      case RequestBody.SshListRequest -> ResponseBody.SshListResponse;
      case RequestBody.SshSignRequest -> ResponseBody.SshSignResponse;
      case RequestBody.AuditTailRequest -> ResponseBody.AuditTailResponse;
      case RequestBody.AuditVerifyRequest -> ResponseBody.AuditVerifyResponse;
      case RequestBody.TokenIssueRequest -> ResponseBody.TokenIssueResponse;
      case RequestBody.TokenListRequest -> ResponseBody.TokenListResponse;
      case RequestBody.ApprovalListRequest -> ResponseBody.ApprovalListResponse;
      default -> ResponseBody.Ack; // init, lock, passwd, deletes, trash/restore/purge, chunks, ...
    };
  }

  /** A copy of a canned frame with its request_id replaced (Response slot 0, a ulong). */
  private static ByteBuffer withRequestId(final byte[] frame, final long requestId) {
    final ByteBuffer bb = ByteBuffer.wrap(frame.clone()).order(ByteOrder.LITTLE_ENDIAN);
    final int root = 4 + bb.getInt(4);
    final int vtable = root - bb.getInt(root);
    final int field = bb.getShort(vtable + 4);
    bb.putLong(root + field, requestId);
    return bb;
  }

  @Test
  void shouldSendTheRightRequestAndDecodeTheRightReplyForEveryOperation() throws Exception {
    final List<Byte> seen = new ArrayList<>();
    final FakeDaemon.Handler canned =
        (request, writer, out) -> {
          seen.add(request.bodyType());
          final byte type = responseFor(request.bodyType());
          out.send(withRequestId(CANNED.get(type - 1), request.requestId()));
        };
    try (FakeDaemon d = new FakeDaemon(dir.resolve("p.sock"), canned);
        PersonaClient c = PersonaClient.connect(d.socket, "ops-test")) {
      assertEquals(4242, c.status().pid());
      assertEquals("it-1", c.init("pw".toCharArray(), "Personal", 0, 0, 0).id());
      assertEquals("tok-1", c.unlock("pw".toCharArray()).tokenId());
      c.lock();
      c.changePassword("a".toCharArray(), "b".toCharArray());
      assertEquals("Personal", c.listVaults().get(0).name());
      assertEquals("Work", c.createVault("Work").name());
      assertEquals("Work", c.renameVault("Work", "Job").name());
      c.deleteVault("Job", false);
      final VaultEntry policed =
          c.vaultPolicy("Work", new VaultPolicyEntry(ApprovalMode.DENY, List.of()));
      assertEquals(
          new VaultPolicyEntry(ApprovalMode.ASK, List.of("/usr/bin/git")), policed.policy());
      assertEquals(null, c.listVaults().get(0).policy(), "a daemon that sent no policy");
      final ItemEntry draft =
          ItemEntry.draft(
              "github",
              0,
              List.of(new FieldEntry("password", "x".getBytes(StandardCharsets.UTF_8), true)),
              List.of(),
              List.of());
      assertEquals("github", c.createItem("Personal", draft).name());
      assertArrayEquals(
          "hunter2".getBytes(StandardCharsets.UTF_8),
          c.getItem("Personal", "github", true).fields().get(1).value());
      assertEquals(3, c.updateItem("Personal", draft, 3).revision());
      assertEquals(4, c.trashItem("Personal", "github").revision());
      c.restoreItem("Personal", "github");
      c.purgeItem("Personal", "github");
      assertEquals("it-1", c.listItems("Personal", false, 10, null).nextAfterId());
      assertEquals(1, c.searchItems(null, SearchKind.TAG, "dev", 10).items().size());
      assertTrue(c.itemHistory("Personal", "github").get(1).trashed());
      assertEquals("github", c.restoreRevision("Personal", "github", 1, 3).name());
      final List<RefValue> values =
          c.readRefValues(
              List.of(SecretRef.parse("persona://v/i/f"), SecretRef.parse("persona://v/j/f")));
      assertArrayEquals("hunter2".getBytes(StandardCharsets.UTF_8), values.get(0).value());
      assertEquals(ErrorCode.NOT_FOUND, values.get(1).errorCode());
      assertEquals(
          "att-1",
          c.putAttachment("Personal", "github", "a.txt", "text/plain", new byte[3], new byte[32])
              .id());
      assertArrayEquals(
          new byte[] {1, 2, 3, 4, 5}, c.getAttachment("Personal", "github", "a.txt", 1 << 20));
      c.deleteAttachment("Personal", "github", "a.txt");
      assertEquals("deploy", c.sshKeygen("deploy", SshKeyType.ED25519, 0, null, null).name());
      assertEquals(
          ApprovalMode.ASK,
          c.sshImport("legacy", null, new byte[] {1}, "p".toCharArray(), null).policy().approval());
      assertEquals(1, c.sshList(null).size());
      assertTrue(c.sshExportPublic("deploy").publicKey().startsWith("ssh-ed25519 "));
      c.sshDelete("deploy");
      assertEquals(
          List.of("/usr/bin/git"), c.sshPolicy("deploy", null).policy().allowedExecutables());
      assertEquals(83, c.sshSign(new byte[51], new byte[8], 0).length);
      assertEquals(1, c.auditTail(0, 10).lastSequence());
      assertTrue(c.auditVerify().ok());
      assertEquals(4, c.issueToken(TokenScope.READ_ONLY, null, 1000, 100).token().length);
      c.revokeToken("tok-1", false);
      assertEquals("Personal", c.listTokens().get(0).vault());
      assertEquals("/usr/bin/git", c.listApprovals().get(0).executable());
      c.decideApproval("ap-1", true, 0);
      assertEquals("it-1", c.createGrant("deploy", "/usr/bin/git", 1000).id());
      c.shutdown();
    }
    // Every request type but Hello (answered by FakeDaemon itself) was sent at least once.
    for (byte type = 2; type < RequestBody.names.length; type++) {
      assertTrue(seen.contains(type), "never sent " + RequestBody.name(type));
    }
    assertFalse(seen.contains(RequestBody.Hello));
  }
}
