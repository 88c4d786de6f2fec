package dev.persona.schema.client;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.schema.FrameWriter;
import dev.persona.schema.RpcFrameDescriptor;
import dev.persona.schema.fb.ApprovalDecideRequest;
import dev.persona.schema.fb.AttachmentDeleteRequest;
import dev.persona.schema.fb.AttachmentGetRequest;
import dev.persona.schema.fb.AttachmentPutBegin;
import dev.persona.schema.fb.AttachmentPutChunk;
import dev.persona.schema.fb.AttachmentPutEnd;
import dev.persona.schema.fb.AuditTailRequest;
import dev.persona.schema.fb.ChangePasswordRequest;
import dev.persona.schema.fb.Field;
import dev.persona.schema.fb.GrantCreateRequest;
import dev.persona.schema.fb.Hello;
import dev.persona.schema.fb.InitRequest;
import dev.persona.schema.fb.Item;
import dev.persona.schema.fb.ItemCreateRequest;
import dev.persona.schema.fb.ItemGetRequest;
import dev.persona.schema.fb.ItemHistoryRequest;
import dev.persona.schema.fb.ItemListRequest;
import dev.persona.schema.fb.ItemPurgeRequest;
import dev.persona.schema.fb.ItemRestoreRequest;
import dev.persona.schema.fb.ItemRestoreRevisionRequest;
import dev.persona.schema.fb.ItemSearchRequest;
import dev.persona.schema.fb.ItemTrashRequest;
import dev.persona.schema.fb.ItemUpdateRequest;
import dev.persona.schema.fb.ReadRefsRequest;
import dev.persona.schema.fb.RefSpec;
import dev.persona.schema.fb.Request;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.SshDeleteRequest;
import dev.persona.schema.fb.SshExportPublicRequest;
import dev.persona.schema.fb.SshImportRequest;
import dev.persona.schema.fb.SshKeyPolicy;
import dev.persona.schema.fb.SshKeygenRequest;
import dev.persona.schema.fb.SshListRequest;
import dev.persona.schema.fb.SshPolicyRequest;
import dev.persona.schema.fb.SshSignRequest;
import dev.persona.schema.fb.TokenIssueRequest;
import dev.persona.schema.fb.TokenRevokeRequest;
import dev.persona.schema.fb.UnlockRequest;
import dev.persona.schema.fb.VaultCreateRequest;
import dev.persona.schema.fb.VaultDeleteRequest;
import dev.persona.schema.fb.VaultPolicy;
import dev.persona.schema.fb.VaultPolicyRequest;
import dev.persona.schema.fb.VaultRenameRequest;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes each Request into a ready-to-send frame (length prefix included) in one reused {@link
 * FlatBufferBuilder}. The returned buffer is a view of the builder and is valid until the next
 * call; its position and limit bound the frame. Call {@link #wipe()} after sending a frame that
 * carried a secret. Not thread-safe: one writer per connection.
 */
public final class RequestWriter extends FrameWriter {
  private byte[] token;

  public RequestWriter() {
    super(1024);
  }

  /**
   * Attaches a scoped session token to every following request (null for none). Kept by reference.
   */
  public void token(final byte[] token) {
    this.token = token;
  }

  public ByteBuffer hello(
      final long requestId, final int minVersion, final int maxVersion, final String clientName) {
    builder.clear();
    final int name = str(clientName);
    return finish(
        requestId, RequestBody.Hello, Hello.createHello(builder, minVersion, maxVersion, name));
  }

  public ByteBuffer status(final long requestId) {
    builder.clear();
    return finish(requestId, RequestBody.StatusRequest, empty());
  }

  public ByteBuffer init(
      final long requestId,
      final byte[] passwordUtf8,
      final String firstVault,
      final int kdfMemoryKib,
      final int kdfIterations,
      final int kdfParallelism) {
    builder.clear();
    final int password = bytes(passwordUtf8);
    final int vault = str(firstVault);
    return finish(
        requestId,
        RequestBody.InitRequest,
        InitRequest.createInitRequest(
            builder, password, vault, kdfMemoryKib, kdfIterations, kdfParallelism));
  }

  public ByteBuffer unlock(
      final long requestId,
      final byte[] passwordUtf8,
      final boolean issueToken,
      final int tokenScope,
      final String tokenVault,
      final long tokenTtlMs,
      final long tokenIdleMs) {
    builder.clear();
    final int password = bytes(passwordUtf8);
    final int vault = str(tokenVault);
    return finish(
        requestId,
        RequestBody.UnlockRequest,
        UnlockRequest.createUnlockRequest(
            builder, password, issueToken, tokenScope, vault, tokenTtlMs, tokenIdleMs));
  }

  public ByteBuffer lock(final long requestId) {
    builder.clear();
    return finish(requestId, RequestBody.LockRequest, empty());
  }

  public ByteBuffer changePassword(
      final long requestId, final byte[] oldPasswordUtf8, final byte[] newPasswordUtf8) {
    builder.clear();
    final int oldPassword = bytes(oldPasswordUtf8);
    final int newPassword = bytes(newPasswordUtf8);
    return finish(
        requestId,
        RequestBody.ChangePasswordRequest,
        ChangePasswordRequest.createChangePasswordRequest(builder, oldPassword, newPassword));
  }

  public ByteBuffer vaultList(final long requestId) {
    builder.clear();
    return finish(requestId, RequestBody.VaultListRequest, empty());
  }

  public ByteBuffer vaultCreate(final long requestId, final String name) {
    builder.clear();
    final int n = str(name);
    return finish(
        requestId,
        RequestBody.VaultCreateRequest,
        VaultCreateRequest.createVaultCreateRequest(builder, n));
  }

  public ByteBuffer vaultRename(final long requestId, final String vault, final String newName) {
    builder.clear();
    final int v = str(vault);
    final int n = str(newName);
    return finish(
        requestId,
        RequestBody.VaultRenameRequest,
        VaultRenameRequest.createVaultRenameRequest(builder, v, n));
  }

  public ByteBuffer vaultDelete(final long requestId, final String vault, final boolean force) {
    builder.clear();
    final int v = str(vault);
    return finish(
        requestId,
        RequestBody.VaultDeleteRequest,
        VaultDeleteRequest.createVaultDeleteRequest(builder, v, force));
  }

  public ByteBuffer itemCreate(final long requestId, final String vault, final ItemEntry item) {
    builder.clear();
    final int v = str(vault);
    final int i = item(item);
    return finish(
        requestId,
        RequestBody.ItemCreateRequest,
        ItemCreateRequest.createItemCreateRequest(builder, v, i));
  }

  public ByteBuffer itemGet(
      final long requestId, final String vault, final String item, final boolean reveal) {
    builder.clear();
    final int v = str(vault);
    final int i = str(item);
    return finish(
        requestId,
        RequestBody.ItemGetRequest,
        ItemGetRequest.createItemGetRequest(builder, v, i, reveal));
  }

  public ByteBuffer itemUpdate(
      final long requestId, final String vault, final ItemEntry item, final long expectedRevision) {
    builder.clear();
    final int v = str(vault);
    final int i = item(item);
    return finish(
        requestId,
        RequestBody.ItemUpdateRequest,
        ItemUpdateRequest.createItemUpdateRequest(builder, v, i, expectedRevision));
  }

  public ByteBuffer itemTrash(final long requestId, final String vault, final String item) {
    builder.clear();
    final int v = str(vault);
    final int i = str(item);
    return finish(
        requestId,
        RequestBody.ItemTrashRequest,
        ItemTrashRequest.createItemTrashRequest(builder, v, i));
  }

  public ByteBuffer itemRestore(final long requestId, final String vault, final String item) {
    builder.clear();
    final int v = str(vault);
    final int i = str(item);
    return finish(
        requestId,
        RequestBody.ItemRestoreRequest,
        ItemRestoreRequest.createItemRestoreRequest(builder, v, i));
  }

  public ByteBuffer itemPurge(final long requestId, final String vault, final String item) {
    builder.clear();
    final int v = str(vault);
    final int i = str(item);
    return finish(
        requestId,
        RequestBody.ItemPurgeRequest,
        ItemPurgeRequest.createItemPurgeRequest(builder, v, i));
  }

  public ByteBuffer itemList(
      final long requestId,
      final String vault,
      final boolean includeTrashed,
      final int limit,
      final String afterId) {
    builder.clear();
    final int v = str(vault);
    final int a = str(afterId);
    return finish(
        requestId,
        RequestBody.ItemListRequest,
        ItemListRequest.createItemListRequest(builder, v, includeTrashed, limit, a));
  }

  public ByteBuffer itemSearch(
      final long requestId,
      final String vault,
      final int searchKind,
      final String term,
      final int limit) {
    builder.clear();
    final int v = str(vault);
    final int t = str(term);
    return finish(
        requestId,
        RequestBody.ItemSearchRequest,
        ItemSearchRequest.createItemSearchRequest(builder, v, searchKind, t, limit));
  }

  public ByteBuffer itemHistory(final long requestId, final String vault, final String item) {
    builder.clear();
    final int v = str(vault);
    final int i = str(item);
    return finish(
        requestId,
        RequestBody.ItemHistoryRequest,
        ItemHistoryRequest.createItemHistoryRequest(builder, v, i));
  }

  public ByteBuffer itemRestoreRevision(
      final long requestId,
      final String vault,
      final String item,
      final long revision,
      final long expectedRevision) {
    builder.clear();
    final int v = str(vault);
    final int i = str(item);
    return finish(
        requestId,
        RequestBody.ItemRestoreRevisionRequest,
        ItemRestoreRevisionRequest.createItemRestoreRevisionRequest(
            builder, v, i, revision, expectedRevision));
  }

  public ByteBuffer readRefs(final long requestId, final List<SecretRef> refs) {
    builder.clear();
    final int[] offsets = new int[refs.size()];
    for (int i = 0; i < offsets.length; i++) {
      final SecretRef ref = refs.get(i);
      final int v = str(ref.vault());
      final int it = str(ref.item());
      final int f = str(ref.field());
      offsets[i] = RefSpec.createRefSpec(builder, v, it, f, ref.attribute());
    }
    final int vector = ReadRefsRequest.createRefsVector(builder, offsets);
    return finish(
        requestId,
        RequestBody.ReadRefsRequest,
        ReadRefsRequest.createReadRefsRequest(builder, vector));
  }

  public ByteBuffer attachmentPutBegin(
      final long requestId,
      final String vault,
      final String item,
      final String name,
      final String contentType,
      final long totalLength) {
    builder.clear();
    final int v = str(vault);
    final int i = str(item);
    final int n = str(name);
    final int c = str(contentType);
    return finish(
        requestId,
        RequestBody.AttachmentPutBegin,
        AttachmentPutBegin.createAttachmentPutBegin(builder, v, i, n, c, totalLength));
  }

  public ByteBuffer attachmentPutChunk(
      final long requestId,
      final long uploadId,
      final long offset,
      final byte[] data,
      final int dataOffset,
      final int dataLength) {
    builder.clear();
    final int d = builder.createByteVector(data, dataOffset, dataLength);
    return finish(
        requestId,
        RequestBody.AttachmentPutChunk,
        AttachmentPutChunk.createAttachmentPutChunk(builder, uploadId, offset, d));
  }

  public ByteBuffer attachmentPutEnd(
      final long requestId, final long uploadId, final byte[] sha256) {
    builder.clear();
    final int s = bytes(sha256);
    return finish(
        requestId,
        RequestBody.AttachmentPutEnd,
        AttachmentPutEnd.createAttachmentPutEnd(builder, uploadId, s));
  }

  public ByteBuffer attachmentGet(
      final long requestId,
      final String vault,
      final String item,
      final String attachment,
      final long offset,
      final int maxLength) {
    builder.clear();
    final int v = str(vault);
    final int i = str(item);
    final int a = str(attachment);
    return finish(
        requestId,
        RequestBody.AttachmentGetRequest,
        AttachmentGetRequest.createAttachmentGetRequest(builder, v, i, a, offset, maxLength));
  }

  public ByteBuffer attachmentDelete(
      final long requestId, final String vault, final String item, final String attachment) {
    builder.clear();
    final int v = str(vault);
    final int i = str(item);
    final int a = str(attachment);
    return finish(
        requestId,
        RequestBody.AttachmentDeleteRequest,
        AttachmentDeleteRequest.createAttachmentDeleteRequest(builder, v, i, a));
  }

  public ByteBuffer sshKeygen(
      final long requestId,
      final String name,
      final int keyType,
      final int bits,
      final String vault,
      final String comment) {
    builder.clear();
    final int n = str(name);
    final int v = str(vault);
    final int c = str(comment);
    return finish(
        requestId,
        RequestBody.SshKeygenRequest,
        SshKeygenRequest.createSshKeygenRequest(builder, n, keyType, bits, v, c));
  }

  public ByteBuffer sshImport(
      final long requestId,
      final String name,
      final String vault,
      final byte[] privateKeyFile,
      final byte[] passphraseUtf8,
      final String comment) {
    builder.clear();
    final int n = str(name);
    final int v = str(vault);
    final int k = bytes(privateKeyFile);
    final int p = bytes(passphraseUtf8);
    final int c = str(comment);
    return finish(
        requestId,
        RequestBody.SshImportRequest,
        SshImportRequest.createSshImportRequest(builder, n, v, k, p, c));
  }

  public ByteBuffer sshList(final long requestId, final String vault) {
    builder.clear();
    final int v = str(vault);
    return finish(
        requestId, RequestBody.SshListRequest, SshListRequest.createSshListRequest(builder, v));
  }

  public ByteBuffer sshExportPublic(final long requestId, final String key) {
    builder.clear();
    final int k = str(key);
    return finish(
        requestId,
        RequestBody.SshExportPublicRequest,
        SshExportPublicRequest.createSshExportPublicRequest(builder, k));
  }

  public ByteBuffer sshDelete(final long requestId, final String key) {
    builder.clear();
    final int k = str(key);
    return finish(
        requestId,
        RequestBody.SshDeleteRequest,
        SshDeleteRequest.createSshDeleteRequest(builder, k));
  }

  /** With {@code policy == null} the daemon returns the key and its current policy unchanged. */
  public ByteBuffer sshPolicy(final long requestId, final String key, final SshPolicy policy) {
    builder.clear();
    final int k = str(key);
    int p = 0;
    if (policy != null) {
      final int exes = stringVector(policy.allowedExecutables());
      final int hosts = stringVector(policy.allowedHosts());
      p =
          SshKeyPolicy.createSshKeyPolicy(
              builder, policy.approval(), exes, hosts, policy.rememberMs());
    }
    return finish(
        requestId,
        RequestBody.SshPolicyRequest,
        SshPolicyRequest.createSshPolicyRequest(builder, k, policy != null, p));
  }

  /** Sets the vault's policy, or asks for it when {@code policy} is null. */
  public ByteBuffer vaultPolicy(
      final long requestId, final String vault, final VaultPolicyEntry policy) {
    builder.clear();
    final int v = str(vault);
    int p = 0;
    if (policy != null) {
      final int exes = stringVector(policy.allowedExecutables());
      p = VaultPolicy.createVaultPolicy(builder, policy.approval(), exes);
    }
    return finish(
        requestId,
        RequestBody.VaultPolicyRequest,
        VaultPolicyRequest.createVaultPolicyRequest(builder, v, policy != null, p));
  }

  public ByteBuffer sshSign(
      final long requestId, final byte[] keyBlob, final byte[] data, final int flags) {
    builder.clear();
    final int k = bytes(keyBlob);
    final int d = bytes(data);
    return finish(
        requestId,
        RequestBody.SshSignRequest,
        SshSignRequest.createSshSignRequest(builder, k, d, flags));
  }

  public ByteBuffer auditTail(final long requestId, final long afterSequence, final int limit) {
    builder.clear();
    return finish(
        requestId,
        RequestBody.AuditTailRequest,
        AuditTailRequest.createAuditTailRequest(builder, afterSequence, limit));
  }

  public ByteBuffer auditVerify(final long requestId) {
    builder.clear();
    return finish(requestId, RequestBody.AuditVerifyRequest, empty());
  }

  public ByteBuffer tokenIssue(
      final long requestId,
      final int scope,
      final String vault,
      final long ttlMs,
      final long idleMs) {
    builder.clear();
    final int v = str(vault);
    return finish(
        requestId,
        RequestBody.TokenIssueRequest,
        TokenIssueRequest.createTokenIssueRequest(builder, scope, v, ttlMs, idleMs));
  }

  public ByteBuffer tokenRevoke(final long requestId, final String tokenId, final boolean all) {
    builder.clear();
    final int t = str(tokenId);
    return finish(
        requestId,
        RequestBody.TokenRevokeRequest,
        TokenRevokeRequest.createTokenRevokeRequest(builder, t, all));
  }

  public ByteBuffer tokenList(final long requestId) {
    builder.clear();
    return finish(requestId, RequestBody.TokenListRequest, empty());
  }

  public ByteBuffer approvalList(final long requestId) {
    builder.clear();
    return finish(requestId, RequestBody.ApprovalListRequest, empty());
  }

  public ByteBuffer approvalDecide(
      final long requestId, final String approvalId, final boolean allow, final long rememberMs) {
    builder.clear();
    final int a = str(approvalId);
    return finish(
        requestId,
        RequestBody.ApprovalDecideRequest,
        ApprovalDecideRequest.createApprovalDecideRequest(builder, a, allow, rememberMs));
  }

  public ByteBuffer grantCreate(
      final long requestId, final String target, final String executable, final long ttlMs) {
    builder.clear();
    final int t = str(target);
    final int e = str(executable);
    return finish(
        requestId,
        RequestBody.GrantCreateRequest,
        GrantCreateRequest.createGrantCreateRequest(builder, t, e, ttlMs));
  }

  public ByteBuffer shutdown(final long requestId) {
    builder.clear();
    return finish(requestId, RequestBody.ShutdownRequest, empty());
  }

  private int item(final ItemEntry item) {
    final List<FieldEntry> fields = item.fields() == null ? List.of() : item.fields();
    final int[] fieldOffsets = new int[fields.size()];
    for (int i = 0; i < fieldOffsets.length; i++) {
      final FieldEntry field = fields.get(i);
      final int name = str(field.name());
      final int value = bytes(field.value());
      fieldOffsets[i] = Field.createField(builder, name, value, field.concealed());
    }
    final int fieldVector = Item.createFieldsVector(builder, fieldOffsets);
    final int urls = stringVector(item.urls());
    final int tags = stringVector(item.tags());
    final int id = str(item.id());
    final int vault = str(item.vault());
    final int name = str(item.name());
    Item.startItem(builder);
    Item.addId(builder, id);
    Item.addVault(builder, vault);
    Item.addName(builder, name);
    Item.addType(builder, item.type());
    Item.addRevision(builder, item.revision());
    Item.addCreatedMs(builder, item.createdMs());
    Item.addUpdatedMs(builder, item.updatedMs());
    Item.addTrashed(builder, item.trashed());
    Item.addFields(builder, fieldVector);
    Item.addUrls(builder, urls);
    Item.addTags(builder, tags);
    return Item.endItem(builder);
  }

  private int bytes(final byte[] value) {
    return value == null ? 0 : builder.createByteVector(value);
  }

  private int empty() {
    builder.startTable(0);
    return builder.endTable();
  }

  private ByteBuffer finish(final long requestId, final byte bodyType, final int body) {
    final int tokenOffset = token == null ? 0 : builder.createByteVector(token);
    final int root = Request.createRequest(builder, requestId, tokenOffset, bodyType, body);
    builder.finishSizePrefixed(root, RpcFrameDescriptor.REQUEST_IDENTIFIER);
    final ByteBuffer frame = recordFrame(builder.dataBuffer());
    if (frame.remaining() > RpcFrameDescriptor.MAX_FRAME_LENGTH) {
      throw new PersonaClientException(
          dev.persona.schema.fb.ErrorCode.TOO_LARGE,
          "request too large: frameLength="
              + frame.remaining()
              + " max="
              + RpcFrameDescriptor.MAX_FRAME_LENGTH);
    }
    return frame;
  }
}
