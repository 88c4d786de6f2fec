package dev.persona.server.rpc;

import dev.persona.engine.Engine;
import dev.persona.engine.ItemView;
import dev.persona.engine.VaultInfo;
import dev.persona.schema.fb.AttachmentDeleteRequest;
import dev.persona.schema.fb.AttachmentGetRequest;
import dev.persona.schema.fb.AttachmentPutBegin;
import dev.persona.schema.fb.AttachmentPutChunk;
import dev.persona.schema.fb.AttachmentPutEnd;
import dev.persona.schema.fb.ErrorCode;
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
import dev.persona.schema.fb.SshKeygenRequest;
import dev.persona.schema.fb.SshListRequest;
import dev.persona.schema.fb.SshPolicyRequest;
import dev.persona.schema.fb.SshSignRequest;
import dev.persona.schema.fb.TokenRevokeRequest;
import dev.persona.schema.fb.VaultDeleteRequest;
import dev.persona.schema.fb.VaultPolicyRequest;
import dev.persona.schema.fb.VaultRenameRequest;
import dev.persona.server.ssh.VaultKeyring;
import dev.persona.server.token.AccessToken;
import dev.persona.server.token.RequestAccess;
import dev.persona.server.token.TokenRegistry;
import java.util.Arrays;

/**
 * Decides, before dispatch, whether a request may run as far as access tokens are concerned: under
 * {@code require_token} every request but Hello, Status, Unlock and Lock must carry a live token;
 * without it, a token that is presented is still checked and its scope enforced, so a script can
 * choose to run narrowed. Refusals are values (an {@link ErrorCode} plus {@link #refusal()}), which
 * the dispatcher answers and audits like any other outcome.
 *
 * <p>Cost on the hot path: a request without a token and without {@code require_token} pays one
 * table lookup and one vtable read; with a token, one SHA-256 of 47 bytes and a scan of the live
 * tokens; a vault-scoped token also resolves the request's vault names (one string per name).
 *
 * <p>Conductor thread only; not thread-safe.
 */
final class TokenGate {
  private final TokenRegistry registry;
  private final Engine engine;
  private final boolean required;
  private final AttachmentRpcHandler attachments;
  private final SshRpcHandler ssh;
  private final byte[] presented = new byte[TokenRegistry.TEXT_LENGTH];
  private final ReadRefsRequest readRefs = new ReadRefsRequest();
  private final RefSpec ref = new RefSpec();
  private AccessToken token;
  private String refusal;

  TokenGate(
      final TokenRegistry registry,
      final Engine engine,
      final boolean required,
      final AttachmentRpcHandler attachments,
      final SshRpcHandler ssh) {
    this.registry = registry;
    this.engine = engine;
    this.required = required;
    this.attachments = attachments;
    this.ssh = ssh;
  }

  /**
   * Checks one request from a peer with {@code uid}: {@link ErrorCode#OK}, or TOKEN_REQUIRED,
   * TOKEN_EXPIRED or DENIED with {@link #refusal()} saying why.
   */
  int check(final Request request, final byte bodyType, final int uid) {
    token = null;
    refusal = null;
    // Tokens never outlive the unlock that made them, however the engine came to lock (command,
    // auto-lock inside a read, shutdown): every unlock passes here first, so this is enough.
    if (!registry.isEmpty() && engine.isLocked()) {
      registry.clear();
    }
    final int access = RequestAccess.of(bodyType);
    if ((access & RequestAccess.EXEMPT) != 0) {
      return ErrorCode.OK; // a token on these is not even looked at, so a stale one cannot hurt
    }
    if (bodyType == RequestBody.InitRequest && !engine.isInitialized()) {
      return ErrorCode.OK; // nothing to protect yet, and no way to hold a token before init
    }
    final int length = request.tokenLength();
    if (length == 0) {
      return required
          ? refuse(
              ErrorCode.TOKEN_REQUIRED,
              "this daemon requires an access token for "
                  + RequestBody.name(bodyType)
                  + " (persona unlock --print-token)")
          : ErrorCode.OK;
    }
    final int outcome = authenticate(request, length, uid);
    return switch (outcome) {
      case TokenRegistry.VALID -> checkScope(request, bodyType, access);
      case TokenRegistry.EXPIRED -> refuse(ErrorCode.TOKEN_EXPIRED, "access token expired");
      case TokenRegistry.IDLE ->
          refuse(ErrorCode.TOKEN_EXPIRED, "access token expired: unused longer than its idle time");
      case TokenRegistry.OTHER_UID ->
          refuse(ErrorCode.DENIED, "access token was issued to another user");
      default ->
          refuse(
              ErrorCode.TOKEN_EXPIRED,
              "access token unknown: revoked, or the vault was locked since it was issued");
    };
  }

  /** The token that let the current request through, or null (none presented, or refused). */
  AccessToken token() {
    return token;
  }

  /** Why the last {@link #check} refused; never contains the token. */
  String refusal() {
    return refusal;
  }

  /** Drops every token: the vault just locked. */
  void onLocked() {
    registry.clear();
  }

  private int authenticate(final Request request, final int length, final int uid) {
    if (length != TokenRegistry.TEXT_LENGTH) {
      return TokenRegistry.UNKNOWN;
    }
    for (int i = 0; i < length; i++) {
      presented[i] = (byte) request.token(i);
    }
    try {
      final int outcome = registry.authenticate(presented, length, uid);
      token = registry.matched();
      return outcome;
    } finally {
      Arrays.fill(presented, (byte) 0);
    }
  }

  private int checkScope(final Request request, final byte bodyType, final int access) {
    int effective = access;
    if (bodyType == RequestBody.SshPolicyRequest
        && ((SshPolicyRequest) request.body(new SshPolicyRequest())).set()) {
      effective = RequestAccess.WRITE | RequestAccess.SSH;
    }
    if (bodyType == RequestBody.VaultPolicyRequest
        && ((VaultPolicyRequest) request.body(new VaultPolicyRequest())).set()) {
      effective = RequestAccess.WRITE;
    }
    if (bodyType == RequestBody.TokenRevokeRequest) {
      final TokenRevokeRequest revoke = (TokenRevokeRequest) request.body(new TokenRevokeRequest());
      if (!revoke.all() && token.id().equals(revoke.tokenId())) {
        return ErrorCode.OK; // any token may end itself, e.g. at the end of the script it served
      }
    }
    if (!RequestAccess.scopeAllows(token.scope(), effective)) {
      return deny(RequestAccess.whyNot(token.scope(), effective), bodyType);
    }
    if (token.vaultId() == null) {
      return ErrorCode.OK;
    }
    if ((effective & RequestAccess.WORKSPACE) != 0) {
      return deny("it concerns the whole workspace, not one vault", bodyType);
    }
    return checkVault(request, bodyType);
  }

  /** A vault-scoped token: every vault the request touches must be the token's. */
  private int checkVault(final Request request, final byte bodyType) {
    switch (bodyType) {
      case RequestBody.ReadRefsRequest -> {
        request.body(readRefs);
        for (int i = 0, n = readRefs.refsLength(); i < n; i++) {
          readRefs.refs(ref, i);
          final String vault = ref.vault();
          if (vault != null && !inScope(vault)) {
            return denyVault(vault, bodyType);
          }
        }
        return ErrorCode.OK;
      }
      case RequestBody.SshListRequest -> {
        final String vault = ((SshListRequest) request.body(new SshListRequest())).vault();
        if (vault == null || vault.isEmpty()) {
          return deny("it lists every vault: name the token's vault (--vault)", bodyType);
        }
        return inScope(vault) ? ErrorCode.OK : denyVault(vault, bodyType);
      }
      case RequestBody.AttachmentPutChunk, RequestBody.AttachmentPutEnd -> {
        final long uploadId =
            bodyType == RequestBody.AttachmentPutChunk
                ? ((AttachmentPutChunk) request.body(new AttachmentPutChunk())).uploadId()
                : ((AttachmentPutEnd) request.body(new AttachmentPutEnd())).uploadId();
        final String vault = attachments.uploadVault(uploadId);
        // An unknown upload id is the handler's NOT_FOUND to answer.
        return vault == null || inScope(vault) ? ErrorCode.OK : denyVault(vault, bodyType);
      }
      case RequestBody.SshExportPublicRequest,
          RequestBody.SshDeleteRequest,
          RequestBody.SshPolicyRequest -> {
        final String key = keyArgument(request, bodyType);
        if (key == null || key.isEmpty()) {
          return ErrorCode.OK; // the handler answers BAD_INPUT
        }
        // Resolved exactly as the handler will resolve it, so the check is about the same key.
        final ItemView item = ssh.findKey(key);
        try {
          return inScope(item.vault()) ? ErrorCode.OK : denyVault(item.vault(), bodyType);
        } finally {
          item.zero();
        }
      }
      case RequestBody.SshSignRequest -> {
        final SshSignRequest sign = (SshSignRequest) request.body(new SshSignRequest());
        final byte[] blob = Secrets.bytes(sign.keyBlobAsByteBuffer());
        ssh.keyring().sync();
        final VaultKeyring.Entry entry = ssh.keyring().find(blob, 0, blob.length);
        return entry == null || inScope(entry.vault())
            ? ErrorCode.OK
            : denyVault(entry.vault(), bodyType);
      }
      default -> {
        final String named = vaultArgument(request, bodyType);
        final String vault =
            named == null || named.isEmpty() ? DefaultVault.resolve(engine, null) : named;
        return inScope(vault) ? ErrorCode.OK : denyVault(vault, bodyType);
      }
    }
  }

  /** The vault field of a request that names one vault (null or empty: the default vault). */
  private static String vaultArgument(final Request request, final byte bodyType) {
    return switch (bodyType) {
      case RequestBody.VaultRenameRequest ->
          ((VaultRenameRequest) request.body(new VaultRenameRequest())).vault();
      case RequestBody.VaultDeleteRequest ->
          ((VaultDeleteRequest) request.body(new VaultDeleteRequest())).vault();
      case RequestBody.VaultPolicyRequest ->
          ((VaultPolicyRequest) request.body(new VaultPolicyRequest())).vault();
      case RequestBody.ItemCreateRequest ->
          ((ItemCreateRequest) request.body(new ItemCreateRequest())).vault();
      case RequestBody.ItemGetRequest ->
          ((ItemGetRequest) request.body(new ItemGetRequest())).vault();
      case RequestBody.ItemUpdateRequest ->
          ((ItemUpdateRequest) request.body(new ItemUpdateRequest())).vault();
      case RequestBody.ItemTrashRequest ->
          ((ItemTrashRequest) request.body(new ItemTrashRequest())).vault();
      case RequestBody.ItemRestoreRequest ->
          ((ItemRestoreRequest) request.body(new ItemRestoreRequest())).vault();
      case RequestBody.ItemPurgeRequest ->
          ((ItemPurgeRequest) request.body(new ItemPurgeRequest())).vault();
      case RequestBody.ItemListRequest ->
          ((ItemListRequest) request.body(new ItemListRequest())).vault();
      case RequestBody.ItemSearchRequest ->
          ((ItemSearchRequest) request.body(new ItemSearchRequest())).vault();
      case RequestBody.ItemHistoryRequest ->
          ((ItemHistoryRequest) request.body(new ItemHistoryRequest())).vault();
      case RequestBody.ItemRestoreRevisionRequest ->
          ((ItemRestoreRevisionRequest) request.body(new ItemRestoreRevisionRequest())).vault();
      case RequestBody.AttachmentPutBegin ->
          ((AttachmentPutBegin) request.body(new AttachmentPutBegin())).vault();
      case RequestBody.AttachmentGetRequest ->
          ((AttachmentGetRequest) request.body(new AttachmentGetRequest())).vault();
      case RequestBody.AttachmentDeleteRequest ->
          ((AttachmentDeleteRequest) request.body(new AttachmentDeleteRequest())).vault();
      case RequestBody.SshKeygenRequest ->
          ((SshKeygenRequest) request.body(new SshKeygenRequest())).vault();
      case RequestBody.SshImportRequest ->
          ((SshImportRequest) request.body(new SshImportRequest())).vault();
      default ->
          // RequestAccess marks every other body type WORKSPACE, so it never gets here; if a new
          // one does, refuse rather than guess which vault it touches.
          throw new IllegalStateException(
              "no vault rule for " + RequestBody.name(bodyType) + " under a vault-scoped token");
    };
  }

  private static String keyArgument(final Request request, final byte bodyType) {
    return switch (bodyType) {
      case RequestBody.SshExportPublicRequest ->
          ((SshExportPublicRequest) request.body(new SshExportPublicRequest())).key();
      case RequestBody.SshDeleteRequest ->
          ((SshDeleteRequest) request.body(new SshDeleteRequest())).key();
      default -> ((SshPolicyRequest) request.body(new SshPolicyRequest())).key();
    };
  }

  private boolean inScope(final CharSequence vaultName) {
    return token.vaultId().equals(engine.vaultIdOf(vaultName));
  }

  private int denyVault(final String vault, final byte bodyType) {
    return deny("it touches vault '" + vault + "'", bodyType);
  }

  private int deny(final String why, final byte bodyType) {
    return refuse(
        ErrorCode.DENIED,
        "access token "
            + token.id()
            + " is "
            + AccessToken.scopeName(token.scope())
            + (token.vaultId() == null ? "" : " for vault '" + vaultName(token.vaultId()) + "'")
            + ": "
            + RequestBody.name(bodyType)
            + " refused because "
            + why);
  }

  private String vaultName(final String vaultId) {
    for (final VaultInfo vault : engine.listVaults()) {
      if (vault.id().equals(vaultId)) {
        return vault.name();
      }
    }
    return vaultId; // deleted since the token was issued
  }

  private int refuse(final int errorCode, final String message) {
    refusal = message;
    return errorCode;
  }
}
