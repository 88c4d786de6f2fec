package dev.persona.schema.client;

import com.google.flatbuffers.StringVector;
import dev.persona.schema.fb.ApprovalInfo;
import dev.persona.schema.fb.ApprovalListResponse;
import dev.persona.schema.fb.AttachmentChunk;
import dev.persona.schema.fb.AttachmentInfo;
import dev.persona.schema.fb.AttachmentPutBeginResponse;
import dev.persona.schema.fb.AttachmentResponse;
import dev.persona.schema.fb.AuditEvent;
import dev.persona.schema.fb.AuditTailResponse;
import dev.persona.schema.fb.AuditVerifyResponse;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ErrorDetail;
import dev.persona.schema.fb.Field;
import dev.persona.schema.fb.Item;
import dev.persona.schema.fb.ItemHistoryResponse;
import dev.persona.schema.fb.ItemListResponse;
import dev.persona.schema.fb.ItemResponse;
import dev.persona.schema.fb.ItemRevision;
import dev.persona.schema.fb.ReadRefsResponse;
import dev.persona.schema.fb.RefResult;
import dev.persona.schema.fb.Response;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.schema.fb.SshKeyInfo;
import dev.persona.schema.fb.SshKeyPolicy;
import dev.persona.schema.fb.SshKeyResponse;
import dev.persona.schema.fb.SshListResponse;
import dev.persona.schema.fb.SshSignResponse;
import dev.persona.schema.fb.StatusResponse;
import dev.persona.schema.fb.TokenInfo;
import dev.persona.schema.fb.TokenIssueResponse;
import dev.persona.schema.fb.TokenListResponse;
import dev.persona.schema.fb.UnlockResponse;
import dev.persona.schema.fb.VaultInfo;
import dev.persona.schema.fb.VaultListResponse;
import dev.persona.schema.fb.VaultResponse;
import dev.persona.schema.fb.Welcome;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One verified Response, as returned by {@link PersonaClient#await(long)}, with a decoder per
 * response type. Each decoder first turns an error answer into the matching exception ({@link
 * VaultLockedException}, {@link AccessDeniedException}, or {@link PersonaClientException}), then
 * checks the body type. The object API is used deliberately: the client is not a hot path and
 * callers want plain values. Not thread-safe.
 */
public final class Reply {
  private static final byte[] NO_BYTES = new byte[0];

  private final ByteBuffer message;
  private final Response response;

  Reply(final ByteBuffer verifiedMessage) {
    this.message = verifiedMessage;
    this.response = Response.getRootAsResponse(verifiedMessage, new Response());
  }

  public long requestId() {
    return response.requestId();
  }

  /** The {@link ErrorCode} value of the answer. */
  public int errorCode() {
    return response.error();
  }

  /** The daemon's human message (never secret), or an empty string. */
  public String message() {
    final String m = response.message();
    return m == null ? "" : m;
  }

  /** The {@link ResponseBody} type. */
  public byte bodyType() {
    return response.bodyType();
  }

  /** Zeroes the received bytes (values, tokens, signatures) once decoded. */
  public void wipe() {
    for (int i = message.position(); i < message.limit(); i++) {
      message.put(i, (byte) 0);
    }
  }

  /** Throws the exception matching an error answer; returns normally on OK. */
  public void throwIfError() {
    final int code = response.error();
    if (code == ErrorCode.OK) {
      return;
    }
    final String text = ErrorCode.names.length > code ? message() : "unknown error " + code;
    final String name = PersonaClientException.errorName(code);
    // The daemon's own messages often start with the category already ("NOT_FOUND: …"): say it
    // once.
    final String message = text.startsWith(name + ": ") ? text : name + ": " + text;
    switch (code) {
      case ErrorCode.LOCKED -> throw new VaultLockedException(message);
      case ErrorCode.DENIED, ErrorCode.TOKEN_REQUIRED, ErrorCode.TOKEN_EXPIRED ->
          throw new AccessDeniedException(code, message);
      default -> {
        String field = null;
        long currentRevision = 0;
        String approvalId = null;
        if (response.bodyType() == ResponseBody.ErrorDetail) {
          final ErrorDetail detail = (ErrorDetail) response.body(new ErrorDetail());
          field = detail.field();
          currentRevision = detail.currentRevision();
          approvalId = detail.approvalId();
        }
        throw new PersonaClientException(code, message, field, currentRevision, approvalId, null);
      }
    }
  }

  // T is unbounded on purpose: erased to Object, the bytecode verifier need not load every
  // response table class when Reply is linked, which a CLI process would pay for on each call.
  private <T> T body(final byte expected, final T table) {
    throwIfError();
    if (response.bodyType() != expected) {
      throw new PersonaClientException(
          ErrorCode.MALFORMED,
          "unexpected response body: expected="
              + ResponseBody.name(expected)
              + " got="
              + (response.bodyType() >= 0 && response.bodyType() < ResponseBody.names.length
                  ? ResponseBody.name(response.bodyType())
                  : Byte.toString(response.bodyType()))
              + " requestId="
              + response.requestId());
    }
    response.body((com.google.flatbuffers.Table) table);
    return table;
  }

  public ServerInfo welcome() {
    final Welcome w = body(ResponseBody.Welcome, new Welcome());
    return new ServerInfo(
        w.version(),
        strings(w.featuresVector()),
        w.daemonVersion(),
        (int) Math.min(Integer.MAX_VALUE, w.maxFrameLength()));
  }

  public Acknowledgement ack() {
    final dev.persona.schema.fb.Ack a = body(ResponseBody.Ack, new dev.persona.schema.fb.Ack());
    return new Acknowledgement(a.id(), a.revision());
  }

  public DaemonStatus status() {
    final StatusResponse s = body(ResponseBody.StatusResponse, new StatusResponse());
    return new DaemonStatus(
        s.initialized(),
        s.locked(),
        s.version(),
        s.rpcSocket(),
        s.agentSocket(),
        s.dataDir(),
        (int) s.vaultCount(),
        s.lockAtMs(),
        s.uptimeMs(),
        s.pid());
  }

  public UnlockResult unlock() {
    final UnlockResponse u = body(ResponseBody.UnlockResponse, new UnlockResponse());
    return new UnlockResult(
        bytes(u.tokenAsByteBuffer()), u.tokenId(), u.tokenExpiresMs(), u.lockAtMs());
  }

  public List<VaultEntry> vaults() {
    final VaultListResponse r = body(ResponseBody.VaultListResponse, new VaultListResponse());
    final List<VaultEntry> out = new ArrayList<>(r.vaultsLength());
    final VaultInfo v = new VaultInfo();
    for (int i = 0; i < r.vaultsLength(); i++) {
      out.add(vault(r.vaults(v, i)));
    }
    return out;
  }

  public VaultEntry vault() {
    return vault(body(ResponseBody.VaultResponse, new VaultResponse()).vault());
  }

  public ItemEntry item() {
    return item(body(ResponseBody.ItemResponse, new ItemResponse()).item());
  }

  public ItemPage items() {
    final ItemListResponse r = body(ResponseBody.ItemListResponse, new ItemListResponse());
    final List<ItemEntry> out = new ArrayList<>(r.itemsLength());
    for (int i = 0; i < r.itemsLength(); i++) {
      out.add(item(r.items(i)));
    }
    return new ItemPage(out, r.nextAfterId());
  }

  public List<RevisionEntry> revisions() {
    final ItemHistoryResponse r = body(ResponseBody.ItemHistoryResponse, new ItemHistoryResponse());
    final List<RevisionEntry> out = new ArrayList<>(r.revisionsLength());
    final ItemRevision rev = new ItemRevision();
    for (int i = 0; i < r.revisionsLength(); i++) {
      r.revisions(rev, i);
      out.add(new RevisionEntry(rev.revision(), rev.updatedMs(), rev.trashed()));
    }
    return out;
  }

  public List<RefValue> refValues() {
    final ReadRefsResponse r = body(ResponseBody.ReadRefsResponse, new ReadRefsResponse());
    final List<RefValue> out = new ArrayList<>(r.resultsLength());
    final RefResult result = new RefResult();
    for (int i = 0; i < r.resultsLength(); i++) {
      r.results(result, i);
      out.add(new RefValue(result.error(), bytes(result.valueAsByteBuffer())));
    }
    return out;
  }

  public UploadSession uploadSession() {
    final AttachmentPutBeginResponse r =
        body(ResponseBody.AttachmentPutBeginResponse, new AttachmentPutBeginResponse());
    return new UploadSession(r.uploadId(), (int) Math.min(Integer.MAX_VALUE, r.maxChunkLength()));
  }

  public AttachmentEntry attachment() {
    return attachment(body(ResponseBody.AttachmentResponse, new AttachmentResponse()).attachment());
  }

  public AttachmentChunkData attachmentChunk() {
    final AttachmentChunk c = body(ResponseBody.AttachmentChunk, new AttachmentChunk());
    return new AttachmentChunkData(
        c.offset(), c.totalLength(), bytes(c.dataAsByteBuffer()), c.eof());
  }

  public SshKeyEntry sshKey() {
    return sshKey(body(ResponseBody.SshKeyResponse, new SshKeyResponse()).key());
  }

  public List<SshKeyEntry> sshKeys() {
    final SshListResponse r = body(ResponseBody.SshListResponse, new SshListResponse());
    final List<SshKeyEntry> out = new ArrayList<>(r.keysLength());
    for (int i = 0; i < r.keysLength(); i++) {
      out.add(sshKey(r.keys(i)));
    }
    return out;
  }

  public byte[] signature() {
    return bytes(body(ResponseBody.SshSignResponse, new SshSignResponse()).signatureAsByteBuffer());
  }

  public AuditPage auditPage() {
    final AuditTailResponse r = body(ResponseBody.AuditTailResponse, new AuditTailResponse());
    final List<AuditEntry> out = new ArrayList<>(r.eventsLength());
    final AuditEvent e = new AuditEvent();
    for (int i = 0; i < r.eventsLength(); i++) {
      r.events(e, i);
      out.add(
          new AuditEntry(
              e.sequence(),
              e.timeMs(),
              (int) e.uid(),
              (int) e.pid(),
              e.executable(),
              e.operation(),
              e.target(),
              e.result(),
              bytes(e.hashAsByteBuffer())));
    }
    return new AuditPage(out, r.lastSequence());
  }

  public AuditVerification auditVerification() {
    final AuditVerifyResponse r = body(ResponseBody.AuditVerifyResponse, new AuditVerifyResponse());
    return new AuditVerification(r.ok(), r.eventsChecked(), r.firstBadSequence(), r.reason());
  }

  public IssuedToken issuedToken() {
    final TokenIssueResponse r = body(ResponseBody.TokenIssueResponse, new TokenIssueResponse());
    return new IssuedToken(bytes(r.tokenAsByteBuffer()), token(r.info()));
  }

  public List<TokenEntry> tokens() {
    final TokenListResponse r = body(ResponseBody.TokenListResponse, new TokenListResponse());
    final List<TokenEntry> out = new ArrayList<>(r.tokensLength());
    for (int i = 0; i < r.tokensLength(); i++) {
      out.add(token(r.tokens(i)));
    }
    return out;
  }

  public List<ApprovalEntry> approvals() {
    final ApprovalListResponse r =
        body(ResponseBody.ApprovalListResponse, new ApprovalListResponse());
    final List<ApprovalEntry> out = new ArrayList<>(r.approvalsLength());
    final ApprovalInfo a = new ApprovalInfo();
    for (int i = 0; i < r.approvalsLength(); i++) {
      r.approvals(a, i);
      out.add(
          new ApprovalEntry(
              a.id(),
              a.operation(),
              a.target(),
              a.executable(),
              (int) a.pid(),
              (int) a.uid(),
              a.createdMs(),
              a.expiresMs()));
    }
    return out;
  }

  private static VaultEntry vault(final VaultInfo v) {
    if (v == null) {
      return null;
    }
    final dev.persona.schema.fb.VaultPolicy p = v.policy();
    final VaultPolicyEntry policy =
        p == null
            ? null
            : new VaultPolicyEntry(p.approval(), strings(p.allowedExecutablesVector()));
    return new VaultEntry(v.id(), v.name(), (int) v.itemCount(), v.createdMs(), policy);
  }

  private static ItemEntry item(final Item it) {
    if (it == null) {
      return null;
    }
    final List<FieldEntry> fields = new ArrayList<>(it.fieldsLength());
    final Field f = new Field();
    for (int i = 0; i < it.fieldsLength(); i++) {
      it.fields(f, i);
      fields.add(new FieldEntry(f.name(), bytes(f.valueAsByteBuffer()), f.concealed()));
    }
    final List<AttachmentEntry> attachments = new ArrayList<>(it.attachmentsLength());
    for (int i = 0; i < it.attachmentsLength(); i++) {
      attachments.add(attachment(it.attachments(i)));
    }
    return new ItemEntry(
        it.id(),
        it.vault(),
        it.name(),
        it.type(),
        it.revision(),
        it.createdMs(),
        it.updatedMs(),
        it.trashed(),
        fields,
        strings(it.urlsVector()),
        strings(it.tagsVector()),
        attachments);
  }

  private static AttachmentEntry attachment(final AttachmentInfo a) {
    return a == null
        ? null
        : new AttachmentEntry(
            a.id(),
            a.name(),
            a.length(),
            bytes(a.sha256AsByteBuffer()),
            a.contentType(),
            a.createdMs());
  }

  private static SshKeyEntry sshKey(final SshKeyInfo k) {
    if (k == null) {
      return null;
    }
    final SshKeyPolicy p = k.policy();
    final SshPolicy policy =
        p == null
            ? null
            : new SshPolicy(
                p.approval(),
                strings(p.allowedExecutablesVector()),
                strings(p.allowedHostsVector()),
                p.rememberMs());
    return new SshKeyEntry(
        k.id(),
        k.name(),
        k.vault(),
        k.type(),
        (int) k.bits(),
        k.fingerprint(),
        k.publicKey(),
        k.comment(),
        k.createdMs(),
        policy);
  }

  private static TokenEntry token(final TokenInfo t) {
    return t == null
        ? null
        : new TokenEntry(
            t.id(), t.scope(), t.vault(), t.createdMs(), t.expiresMs(), t.idleMs(), t.lastUsedMs());
  }

  private static List<String> strings(final StringVector vector) {
    if (vector == null) {
      return List.of();
    }
    final String[] out = new String[vector.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector.get(i);
    }
    return Arrays.asList(out);
  }

  private static byte[] bytes(final ByteBuffer view) {
    if (view == null || !view.hasRemaining()) {
      return NO_BYTES; // zero-length arrays cannot leak or be mutated, so one is shared
    }
    final byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }
}
