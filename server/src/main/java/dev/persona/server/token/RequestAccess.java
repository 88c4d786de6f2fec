package dev.persona.server.token;

import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.TokenScope;

/**
 * What each RPC needs from an access token: whether it needs one at all, whether it reads or
 * writes, whether it is an SSH-key operation, and whether it concerns the whole workspace rather
 * than one vault. One lookup in a 256-entry table per request; the policy of which scope may do
 * what lives here and nowhere else.
 *
 * <p>Stateless; thread-safe.
 */
public final class RequestAccess {
  /** Needs no token: a client must be able to say hello, ask for status, unlock and lock. */
  public static final int EXEMPT = 1;

  /** Changes nothing (reads, lists, signs, verifies). */
  public static final int READ = 2;

  /** Changes the vault, its keys, the daemon or its tokens. */
  public static final int WRITE = 4;

  /** An SSH-key operation: what an {@code ssh-only} token is for. */
  public static final int SSH = 8;

  /** Concerns the whole workspace, not one vault: refused to a vault-scoped token. */
  public static final int WORKSPACE = 16;

  private static final int[] BY_BODY_TYPE = new int[256];

  static {
    // Anything not listed (a body type newer than this table) is treated as the most powerful kind.
    java.util.Arrays.fill(BY_BODY_TYPE, WRITE | WORKSPACE);
    set(EXEMPT, RequestBody.Hello, RequestBody.StatusRequest, RequestBody.UnlockRequest);
    // Locking only takes access away, and any process of the user can SIGTERM the daemon (which
    // locks) anyway: a panic button that asks for a token would protect nothing.
    set(EXEMPT, RequestBody.LockRequest);
    set(
        WRITE | WORKSPACE,
        RequestBody.InitRequest,
        RequestBody.ChangePasswordRequest,
        RequestBody.VaultCreateRequest,
        RequestBody.TokenIssueRequest,
        RequestBody.TokenRevokeRequest,
        RequestBody.ApprovalDecideRequest,
        RequestBody.GrantCreateRequest,
        RequestBody.ShutdownRequest);
    set(
        READ | WORKSPACE,
        RequestBody.VaultListRequest,
        RequestBody.AuditTailRequest,
        RequestBody.AuditVerifyRequest,
        RequestBody.TokenListRequest,
        RequestBody.ApprovalListRequest);
    set(
        WRITE,
        RequestBody.VaultRenameRequest,
        RequestBody.VaultDeleteRequest,
        RequestBody.ItemCreateRequest,
        RequestBody.ItemUpdateRequest,
        RequestBody.ItemTrashRequest,
        RequestBody.ItemRestoreRequest,
        RequestBody.ItemPurgeRequest,
        RequestBody.ItemRestoreRevisionRequest,
        RequestBody.AttachmentPutBegin,
        RequestBody.AttachmentPutChunk,
        RequestBody.AttachmentPutEnd,
        RequestBody.AttachmentDeleteRequest);
    set(
        READ,
        RequestBody.ItemGetRequest,
        RequestBody.ItemListRequest,
        RequestBody.ItemSearchRequest,
        RequestBody.ItemHistoryRequest,
        RequestBody.ReadRefsRequest,
        RequestBody.AttachmentGetRequest);
    // VaultPolicyRequest reads unless its `set` flag is on; the gate upgrades it to WRITE then.
    set(READ, RequestBody.VaultPolicyRequest);
    set(
        WRITE | SSH,
        RequestBody.SshKeygenRequest,
        RequestBody.SshImportRequest,
        RequestBody.SshDeleteRequest);
    // SshPolicyRequest reads unless its `set` flag is on; the gate upgrades it to WRITE | SSH then.
    set(
        READ | SSH,
        RequestBody.SshListRequest,
        RequestBody.SshExportPublicRequest,
        RequestBody.SshPolicyRequest,
        RequestBody.SshSignRequest);
  }

  private RequestAccess() {}

  private static void set(final int access, final byte... bodyTypes) {
    for (final byte bodyType : bodyTypes) {
      BY_BODY_TYPE[bodyType & 0xFF] = access;
    }
  }

  /** The access bits of a request body type. */
  public static int of(final byte bodyType) {
    return BY_BODY_TYPE[bodyType & 0xFF];
  }

  /**
   * Whether a token of {@code scope} may make a request with {@code access} bits (the vault is
   * checked separately): {@code full} may do anything, {@code read-only} anything that changes
   * nothing, {@code ssh-only} the SSH-key operations that change nothing (list, export the public
   * key, sign).
   */
  public static boolean scopeAllows(final int scope, final int access) {
    return switch (scope) {
      case TokenScope.FULL -> true;
      case TokenScope.READ_ONLY -> (access & READ) != 0;
      case TokenScope.SSH_ONLY -> (access & (READ | SSH)) == (READ | SSH);
      default -> false;
    };
  }

  /** Why {@code scope} may not make a request with {@code access} bits, for the refusal message. */
  public static String whyNot(final int scope, final int access) {
    if (scope == TokenScope.SSH_ONLY && (access & SSH) == 0) {
      return "it is not an SSH-key operation";
    }
    return "it changes the vault";
  }
}
