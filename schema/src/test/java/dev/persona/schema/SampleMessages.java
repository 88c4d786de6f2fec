package dev.persona.schema;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.RequestWriter;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.client.SshPolicy;
import dev.persona.schema.client.VaultPolicyEntry;
import dev.persona.schema.fb.ApprovalMode;
import dev.persona.schema.fb.AttachmentChunk;
import dev.persona.schema.fb.AttachmentInfo;
import dev.persona.schema.fb.AttachmentPutBeginResponse;
import dev.persona.schema.fb.AttachmentResponse;
import dev.persona.schema.fb.AuditEvent;
import dev.persona.schema.fb.AuditTailResponse;
import dev.persona.schema.fb.AuditVerifyResponse;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.Field;
import dev.persona.schema.fb.Item;
import dev.persona.schema.fb.ItemHistoryResponse;
import dev.persona.schema.fb.ItemListResponse;
import dev.persona.schema.fb.ItemResponse;
import dev.persona.schema.fb.ItemRevision;
import dev.persona.schema.fb.ItemType;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.schema.fb.SearchKind;
import dev.persona.schema.fb.SshKeyInfo;
import dev.persona.schema.fb.SshKeyPolicy;
import dev.persona.schema.fb.SshKeyResponse;
import dev.persona.schema.fb.SshKeyType;
import dev.persona.schema.fb.SshListResponse;
import dev.persona.schema.fb.TokenInfo;
import dev.persona.schema.fb.TokenIssueResponse;
import dev.persona.schema.fb.TokenListResponse;
import dev.persona.schema.fb.TokenScope;
import dev.persona.schema.fb.VaultInfo;
import dev.persona.schema.fb.VaultListResponse;
import dev.persona.schema.fb.VaultPolicy;
import dev.persona.schema.fb.VaultResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One valid frame of every Request and Response body type, for fuzzing and round-trip tests. */
final class SampleMessages {
  private SampleMessages() {}

  static byte[] toBytes(final ByteBuffer frame) {
    final byte[] out = new byte[frame.remaining()];
    frame.duplicate().get(out);
    return out;
  }

  /** The message part (without the 4-byte length prefix) of a frame. */
  static byte[] message(final byte[] frame) {
    return java.util.Arrays.copyOfRange(
        frame, RpcFrameDescriptor.LENGTH_FIELD_LENGTH, frame.length);
  }

  static ItemEntry sampleItem() {
    return new ItemEntry(
        "it-1",
        "Personal",
        "github ☃",
        ItemType.LOGIN,
        3,
        1_700_000_000_000L,
        1_700_000_001_000L,
        false,
        List.of(
            new FieldEntry("username", "octocat".getBytes(StandardCharsets.UTF_8), false),
            new FieldEntry("password", "hunter2".getBytes(StandardCharsets.UTF_8), true)),
        List.of("https://github.com/login"),
        List.of("dev", "work"),
        List.of());
  }

  /** Frames (with length prefix) of every request type, index = RequestBody type - 1. */
  static List<byte[]> requestFrames() {
    final RequestWriter w = new RequestWriter();
    w.token(new byte[] {1, 2, 3, 4});
    final byte[] pw = "correct horse".getBytes(StandardCharsets.UTF_8);
    final List<byte[]> out = new ArrayList<>();
    long id = 100;
    out.add(toBytes(w.hello(id++, 1, 1, "persona-cli/0.1")));
    out.add(toBytes(w.status(id++)));
    out.add(toBytes(w.init(id++, pw, "Personal", 65536, 3, 4)));
    out.add(
        toBytes(w.unlock(id++, pw, true, TokenScope.READ_ONLY, "Personal", 3_600_000, 900_000)));
    out.add(toBytes(w.lock(id++)));
    out.add(toBytes(w.changePassword(id++, pw, "battery staple".getBytes(StandardCharsets.UTF_8))));
    out.add(toBytes(w.vaultList(id++)));
    out.add(toBytes(w.vaultCreate(id++, "Work")));
    out.add(toBytes(w.vaultRename(id++, "Work", "Job")));
    out.add(toBytes(w.vaultDelete(id++, "Job", true)));
    out.add(toBytes(w.itemCreate(id++, "Personal", sampleItem())));
    out.add(toBytes(w.itemGet(id++, "Personal", "github", true)));
    out.add(toBytes(w.itemUpdate(id++, "Personal", sampleItem(), 3)));
    out.add(toBytes(w.itemTrash(id++, "Personal", "github")));
    out.add(toBytes(w.itemRestore(id++, "Personal", "github")));
    out.add(toBytes(w.itemPurge(id++, "Personal", "github")));
    out.add(toBytes(w.itemList(id++, "Personal", true, 50, "it-0")));
    out.add(toBytes(w.itemSearch(id++, "Personal", SearchKind.URL_HOST, "github.com", 10)));
    out.add(toBytes(w.itemHistory(id++, "Personal", "github")));
    out.add(toBytes(w.itemRestoreRevision(id++, "Personal", "github", 2, 3)));
    out.add(
        toBytes(
            w.readRefs(
                id++,
                List.of(
                    SecretRef.parse("persona://Personal/github/password"),
                    SecretRef.parse("persona://Personal/github/otp?attribute=totp")))));
    out.add(toBytes(w.attachmentPutBegin(id++, "Personal", "github", "a.txt", "text/plain", 5)));
    out.add(toBytes(w.attachmentPutChunk(id++, 7, 0, new byte[] {1, 2, 3, 4, 5}, 0, 5)));
    out.add(toBytes(w.attachmentPutEnd(id++, 7, new byte[32])));
    out.add(toBytes(w.attachmentGet(id++, "Personal", "github", "a.txt", 0, 65536)));
    out.add(toBytes(w.attachmentDelete(id++, "Personal", "github", "a.txt")));
    out.add(toBytes(w.sshKeygen(id++, "deploy", SshKeyType.ED25519, 0, "Personal", "ci key")));
    out.add(
        toBytes(
            w.sshImport(
                id++,
                "legacy",
                "Personal",
                "-----BEGIN OPENSSH PRIVATE KEY-----".getBytes(StandardCharsets.UTF_8),
                pw,
                "imported")));
    out.add(toBytes(w.sshList(id++, "Personal")));
    out.add(toBytes(w.sshExportPublic(id++, "deploy")));
    out.add(toBytes(w.sshDelete(id++, "deploy")));
    out.add(
        toBytes(
            w.sshPolicy(
                id++,
                "deploy",
                new SshPolicy(
                    ApprovalMode.ASK, List.of("/usr/bin/git"), List.of("github.com"), 60_000))));
    out.add(toBytes(w.sshSign(id++, new byte[51], new byte[64], 0)));
    out.add(toBytes(w.auditTail(id++, 10, 100)));
    out.add(toBytes(w.auditVerify(id++)));
    out.add(toBytes(w.tokenIssue(id++, TokenScope.SSH_ONLY, null, 3_600_000, 600_000)));
    out.add(toBytes(w.tokenRevoke(id++, "tok-1", false)));
    out.add(toBytes(w.tokenList(id++)));
    out.add(toBytes(w.approvalList(id++)));
    out.add(toBytes(w.approvalDecide(id++, "ap-1", false, 0)));
    out.add(toBytes(w.grantCreate(id++, "deploy", "/usr/bin/git", 28_800_000)));
    out.add(toBytes(w.shutdown(id++)));
    out.add(
        toBytes(
            w.vaultPolicy(
                id++, "Work", new VaultPolicyEntry(ApprovalMode.DENY, List.of("/usr/bin/git")))));
    return out;
  }

  static int item(final FlatBufferBuilder b, final boolean withValues) {
    final int u = b.createString("username");
    final int uv = withValues ? b.createByteVector("octocat".getBytes(StandardCharsets.UTF_8)) : 0;
    final int f1 = Field.createField(b, u, uv, false);
    final int p = b.createString("password");
    final int pv = withValues ? b.createByteVector("hunter2".getBytes(StandardCharsets.UTF_8)) : 0;
    final int f2 = Field.createField(b, p, pv, true);
    final int fields = Item.createFieldsVector(b, new int[] {f1, f2});
    final int urls = Item.createUrlsVector(b, new int[] {b.createString("https://github.com")});
    final int tags = Item.createTagsVector(b, new int[] {b.createString("dev")});
    final int attachment =
        AttachmentInfo.createAttachmentInfo(
            b,
            b.createString("att-1"),
            b.createString("notes.txt"),
            5,
            b.createByteVector(new byte[32]),
            b.createString("text/plain"),
            1_700_000_000_000L);
    final int attachments = Item.createAttachmentsVector(b, new int[] {attachment});
    return Item.createItem(
        b,
        b.createString("it-1"),
        b.createString("Personal"),
        b.createString("github"),
        ItemType.LOGIN,
        3,
        1_700_000_000_000L,
        1_700_000_001_000L,
        false,
        fields,
        urls,
        tags,
        attachments);
  }

  static int sshKey(final FlatBufferBuilder b) {
    final int exes =
        SshKeyPolicy.createAllowedExecutablesVector(b, new int[] {b.createString("/usr/bin/git")});
    final int hosts =
        SshKeyPolicy.createAllowedHostsVector(b, new int[] {b.createString("github.com")});
    final int policy = SshKeyPolicy.createSshKeyPolicy(b, ApprovalMode.ASK, exes, hosts, 60_000);
    return SshKeyInfo.createSshKeyInfo(
        b,
        b.createString("key-1"),
        b.createString("deploy"),
        b.createString("Personal"),
        SshKeyType.ED25519,
        256,
        b.createString("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"),
        b.createString("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB deploy"),
        b.createString("deploy"),
        1_700_000_000_000L,
        policy);
  }

  static int token(final FlatBufferBuilder b) {
    return TokenInfo.createTokenInfo(
        b, b.createString("tok-1"), TokenScope.READ_ONLY, b.createString("Personal"), 1, 2, 3, 4);
  }

  /** Frames of every response body type plus error answers. */
  static List<byte[]> responseFrames() {
    final ResponseWriter w = new ResponseWriter();
    final List<byte[]> out = new ArrayList<>();
    long id = 100;
    out.add(toBytes(w.welcome(id++, 1, new CharSequence[] {"tokens", "pipelining"}, "0.1.0")));
    out.add(toBytes(w.ack(id++, "it-1", 4)));
    out.add(toBytes(w.errorDetail(id++, ErrorCode.CONFLICT, "item changed", "item", 5, null, 0)));
    out.add(
        toBytes(
            w.status(
                id++,
                true,
                false,
                "0.1.0",
                "/run/user/0/persona/persona.sock",
                "/run/user/0/persona/agent.sock",
                "/root/.persona",
                1,
                1_700_000_000_000L,
                5000,
                4242)));
    out.add(toBytes(w.unlock(id++, new byte[] {9, 9, 9}, "tok-1", 1_700_000_000_000L, 0)));
    FlatBufferBuilder b = w.begin();
    final int v1 =
        VaultInfo.createVaultInfo(b, b.createString("v-1"), b.createString("Personal"), 3, 1, 0);
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.VaultListResponse,
                VaultListResponse.createVaultListResponse(
                    b, VaultListResponse.createVaultsVector(b, new int[] {v1})))));
    b = w.begin();
    final int exes =
        VaultPolicy.createAllowedExecutablesVector(b, new int[] {b.createString("/usr/bin/git")});
    final int policy = VaultPolicy.createVaultPolicy(b, ApprovalMode.ASK, exes);
    final int v2 =
        VaultInfo.createVaultInfo(b, b.createString("v-2"), b.createString("Work"), 0, 2, policy);
    out.add(
        toBytes(w.ok(id++, ResponseBody.VaultResponse, VaultResponse.createVaultResponse(b, v2))));
    b = w.begin();
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.ItemResponse,
                ItemResponse.createItemResponse(b, item(b, true)))));
    b = w.begin();
    final int i1 = item(b, false);
    final int items = ItemListResponse.createItemsVector(b, new int[] {i1});
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.ItemListResponse,
                ItemListResponse.createItemListResponse(b, items, b.createString("it-1")))));
    b = w.begin();
    final int r1 = ItemRevision.createItemRevision(b, 1, 10, false);
    final int r2 = ItemRevision.createItemRevision(b, 2, 20, true);
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.ItemHistoryResponse,
                ItemHistoryResponse.createItemHistoryResponse(
                    b, ItemHistoryResponse.createRevisionsVector(b, new int[] {r1, r2})))));
    w.beginReadRefs();
    w.addRefValue(ByteBuffer.wrap("hunter2".getBytes(StandardCharsets.UTF_8)));
    w.addRefError(ErrorCode.NOT_FOUND);
    out.add(toBytes(w.endReadRefs(id++)));
    b = w.begin();
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.AttachmentPutBeginResponse,
                AttachmentPutBeginResponse.createAttachmentPutBeginResponse(b, 7, 65536))));
    b = w.begin();
    final int att =
        AttachmentInfo.createAttachmentInfo(
            b,
            b.createString("att-1"),
            b.createString("a.txt"),
            5,
            b.createByteVector(new byte[32]),
            0,
            1);
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.AttachmentResponse,
                AttachmentResponse.createAttachmentResponse(b, att))));
    b = w.begin();
    final int data = b.createByteVector(new byte[] {1, 2, 3, 4, 5});
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.AttachmentChunk,
                AttachmentChunk.createAttachmentChunk(b, 0, 5, data, true))));
    b = w.begin();
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.SshKeyResponse,
                SshKeyResponse.createSshKeyResponse(b, sshKey(b)))));
    b = w.begin();
    final int k1 = sshKey(b);
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.SshListResponse,
                SshListResponse.createSshListResponse(
                    b, SshListResponse.createKeysVector(b, new int[] {k1})))));
    out.add(toBytes(w.sshSignature(id++, new byte[83], 0, 83)));
    b = w.begin();
    final int e1 =
        AuditEvent.createAuditEvent(
            b,
            1,
            1_700_000_000_000L,
            1000,
            4242,
            b.createString("/usr/bin/git"),
            b.createString("ssh.sign"),
            b.createString("key-1"),
            ErrorCode.OK,
            b.createByteVector(new byte[32]));
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.AuditTailResponse,
                AuditTailResponse.createAuditTailResponse(
                    b, AuditTailResponse.createEventsVector(b, new int[] {e1}), 1))));
    b = w.begin();
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.AuditVerifyResponse,
                AuditVerifyResponse.createAuditVerifyResponse(
                    b, true, 1, 0, b.createString("ok")))));
    b = w.begin();
    final int tokenBytes = b.createByteVector(new byte[] {7, 7, 7, 7});
    final int info = token(b);
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.TokenIssueResponse,
                TokenIssueResponse.createTokenIssueResponse(b, tokenBytes, info))));
    b = w.begin();
    final int t1 = token(b);
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.TokenListResponse,
                TokenListResponse.createTokenListResponse(
                    b, TokenListResponse.createTokensVector(b, new int[] {t1})))));
    b = w.begin();
    final int ap =
        dev.persona.schema.fb.ApprovalInfo.createApprovalInfo(
            b,
            b.createString("ap-1"),
            b.createString("ssh.sign"),
            b.createString("deploy"),
            b.createString("/usr/bin/git"),
            4242,
            1000,
            1,
            2);
    out.add(
        toBytes(
            w.ok(
                id++,
                ResponseBody.ApprovalListResponse,
                dev.persona.schema.fb.ApprovalListResponse.createApprovalListResponse(
                    b,
                    dev.persona.schema.fb.ApprovalListResponse.createApprovalsVector(
                        b, new int[] {ap})))));
    out.add(toBytes(w.error(id++, ErrorCode.LOCKED, "vault is locked")));
    out.add(toBytes(w.unsupportedVersion(id++, 7, 9)));
    return out;
  }
}
