package dev.persona.schema;

/**
 * The vtable layout of every table in {@code persona.fbs}, written out for {@link MessageVerifier}.
 * Java FlatBuffers has no verifier and no reflection at run time, so the layout lives here; {@code
 * MessageSchemaTest} parses the {@code .fbs} and fails when the two disagree. Immutable after class
 * initialisation.
 */
final class MessageSchema {
  static final TableSpec FIELD = new TableSpec("Field").string().bytes().u8().seal();
  static final TableSpec ATTACHMENT_INFO =
      new TableSpec("AttachmentInfo").string().string().u64().bytes().string().u64().seal();
  static final TableSpec ITEM =
      new TableSpec("Item")
          .string()
          .string()
          .string()
          .u8()
          .u64()
          .u64()
          .u64()
          .u8()
          .tables(FIELD)
          .strings()
          .strings()
          .tables(ATTACHMENT_INFO)
          .seal();
  static final TableSpec VAULT_POLICY = new TableSpec("VaultPolicy").u8().strings().seal();
  static final TableSpec VAULT_INFO =
      new TableSpec("VaultInfo").string().string().u32().u64().table(VAULT_POLICY).seal();
  static final TableSpec ITEM_REVISION = new TableSpec("ItemRevision").u64().u64().u8().seal();
  static final TableSpec SSH_KEY_POLICY =
      new TableSpec("SshKeyPolicy").u8().strings().strings().u64().seal();
  static final TableSpec SSH_KEY_INFO =
      new TableSpec("SshKeyInfo")
          .string()
          .string()
          .string()
          .u8()
          .u32()
          .string()
          .string()
          .string()
          .u64()
          .table(SSH_KEY_POLICY)
          .seal();
  static final TableSpec AUDIT_EVENT =
      new TableSpec("AuditEvent")
          .u64()
          .u64()
          .u32()
          .u32()
          .string()
          .string()
          .string()
          .u16()
          .bytes()
          .seal();
  static final TableSpec TOKEN_INFO =
      new TableSpec("TokenInfo").string().u8().string().u64().u64().u64().u64().seal();
  static final TableSpec APPROVAL_INFO =
      new TableSpec("ApprovalInfo")
          .string()
          .string()
          .string()
          .string()
          .u32()
          .u32()
          .u64()
          .u64()
          .seal();
  static final TableSpec REF_SPEC = new TableSpec("RefSpec").string().string().string().u8().seal();
  static final TableSpec REF_RESULT = new TableSpec("RefResult").u16().bytes().seal();

  // Requests, in RequestBody order.
  static final TableSpec HELLO = new TableSpec("Hello").u16().u16().string().seal();
  static final TableSpec STATUS_REQUEST = new TableSpec("StatusRequest").seal();
  static final TableSpec INIT_REQUEST =
      new TableSpec("InitRequest").bytes().string().u32().u32().u32().seal();
  static final TableSpec UNLOCK_REQUEST =
      new TableSpec("UnlockRequest").bytes().u8().u8().string().u64().u64().seal();
  static final TableSpec LOCK_REQUEST = new TableSpec("LockRequest").seal();
  static final TableSpec CHANGE_PASSWORD_REQUEST =
      new TableSpec("ChangePasswordRequest").bytes().bytes().seal();
  static final TableSpec VAULT_LIST_REQUEST = new TableSpec("VaultListRequest").seal();
  static final TableSpec VAULT_CREATE_REQUEST = new TableSpec("VaultCreateRequest").string().seal();
  static final TableSpec VAULT_RENAME_REQUEST =
      new TableSpec("VaultRenameRequest").string().string().seal();
  static final TableSpec VAULT_DELETE_REQUEST =
      new TableSpec("VaultDeleteRequest").string().u8().seal();
  static final TableSpec ITEM_CREATE_REQUEST =
      new TableSpec("ItemCreateRequest").string().table(ITEM).seal();
  static final TableSpec ITEM_GET_REQUEST =
      new TableSpec("ItemGetRequest").string().string().u8().seal();
  static final TableSpec ITEM_UPDATE_REQUEST =
      new TableSpec("ItemUpdateRequest").string().table(ITEM).u64().seal();
  static final TableSpec ITEM_TRASH_REQUEST =
      new TableSpec("ItemTrashRequest").string().string().seal();
  static final TableSpec ITEM_RESTORE_REQUEST =
      new TableSpec("ItemRestoreRequest").string().string().seal();
  static final TableSpec ITEM_PURGE_REQUEST =
      new TableSpec("ItemPurgeRequest").string().string().seal();
  static final TableSpec ITEM_LIST_REQUEST =
      new TableSpec("ItemListRequest").string().u8().u32().string().seal();
  static final TableSpec ITEM_SEARCH_REQUEST =
      new TableSpec("ItemSearchRequest").string().u8().string().u32().seal();
  static final TableSpec ITEM_HISTORY_REQUEST =
      new TableSpec("ItemHistoryRequest").string().string().seal();
  static final TableSpec ITEM_RESTORE_REVISION_REQUEST =
      new TableSpec("ItemRestoreRevisionRequest").string().string().u64().u64().seal();
  static final TableSpec READ_REFS_REQUEST =
      new TableSpec("ReadRefsRequest").tables(REF_SPEC).seal();
  static final TableSpec ATTACHMENT_PUT_BEGIN =
      new TableSpec("AttachmentPutBegin").string().string().string().string().u64().seal();
  static final TableSpec ATTACHMENT_PUT_CHUNK =
      new TableSpec("AttachmentPutChunk").u64().u64().bytes().seal();
  static final TableSpec ATTACHMENT_PUT_END =
      new TableSpec("AttachmentPutEnd").u64().bytes().seal();
  static final TableSpec ATTACHMENT_GET_REQUEST =
      new TableSpec("AttachmentGetRequest").string().string().string().u64().u32().seal();
  static final TableSpec ATTACHMENT_DELETE_REQUEST =
      new TableSpec("AttachmentDeleteRequest").string().string().string().seal();
  static final TableSpec SSH_KEYGEN_REQUEST =
      new TableSpec("SshKeygenRequest").string().u8().u32().string().string().seal();
  static final TableSpec SSH_IMPORT_REQUEST =
      new TableSpec("SshImportRequest").string().string().bytes().bytes().string().seal();
  static final TableSpec SSH_LIST_REQUEST = new TableSpec("SshListRequest").string().seal();
  static final TableSpec SSH_EXPORT_PUBLIC_REQUEST =
      new TableSpec("SshExportPublicRequest").string().seal();
  static final TableSpec SSH_DELETE_REQUEST = new TableSpec("SshDeleteRequest").string().seal();
  static final TableSpec SSH_POLICY_REQUEST =
      new TableSpec("SshPolicyRequest").string().u8().table(SSH_KEY_POLICY).seal();
  static final TableSpec SSH_SIGN_REQUEST =
      new TableSpec("SshSignRequest").bytes().bytes().u32().seal();
  static final TableSpec AUDIT_TAIL_REQUEST = new TableSpec("AuditTailRequest").u64().u32().seal();
  static final TableSpec AUDIT_VERIFY_REQUEST = new TableSpec("AuditVerifyRequest").seal();
  static final TableSpec TOKEN_ISSUE_REQUEST =
      new TableSpec("TokenIssueRequest").u8().string().u64().u64().seal();
  static final TableSpec TOKEN_REVOKE_REQUEST =
      new TableSpec("TokenRevokeRequest").string().u8().seal();
  static final TableSpec TOKEN_LIST_REQUEST = new TableSpec("TokenListRequest").seal();
  static final TableSpec APPROVAL_LIST_REQUEST = new TableSpec("ApprovalListRequest").seal();
  static final TableSpec APPROVAL_DECIDE_REQUEST =
      new TableSpec("ApprovalDecideRequest").string().u8().u64().seal();
  static final TableSpec GRANT_CREATE_REQUEST =
      new TableSpec("GrantCreateRequest").string().string().u64().seal();
  static final TableSpec SHUTDOWN_REQUEST = new TableSpec("ShutdownRequest").seal();
  static final TableSpec VAULT_POLICY_REQUEST =
      new TableSpec("VaultPolicyRequest").string().u8().table(VAULT_POLICY).seal();

  /** Indexed by RequestBody type; 0 is NONE. */
  static final TableSpec[] REQUEST_BODY = {
    null,
    HELLO,
    STATUS_REQUEST,
    INIT_REQUEST,
    UNLOCK_REQUEST,
    LOCK_REQUEST,
    CHANGE_PASSWORD_REQUEST,
    VAULT_LIST_REQUEST,
    VAULT_CREATE_REQUEST,
    VAULT_RENAME_REQUEST,
    VAULT_DELETE_REQUEST,
    ITEM_CREATE_REQUEST,
    ITEM_GET_REQUEST,
    ITEM_UPDATE_REQUEST,
    ITEM_TRASH_REQUEST,
    ITEM_RESTORE_REQUEST,
    ITEM_PURGE_REQUEST,
    ITEM_LIST_REQUEST,
    ITEM_SEARCH_REQUEST,
    ITEM_HISTORY_REQUEST,
    ITEM_RESTORE_REVISION_REQUEST,
    READ_REFS_REQUEST,
    ATTACHMENT_PUT_BEGIN,
    ATTACHMENT_PUT_CHUNK,
    ATTACHMENT_PUT_END,
    ATTACHMENT_GET_REQUEST,
    ATTACHMENT_DELETE_REQUEST,
    SSH_KEYGEN_REQUEST,
    SSH_IMPORT_REQUEST,
    SSH_LIST_REQUEST,
    SSH_EXPORT_PUBLIC_REQUEST,
    SSH_DELETE_REQUEST,
    SSH_POLICY_REQUEST,
    SSH_SIGN_REQUEST,
    AUDIT_TAIL_REQUEST,
    AUDIT_VERIFY_REQUEST,
    TOKEN_ISSUE_REQUEST,
    TOKEN_REVOKE_REQUEST,
    TOKEN_LIST_REQUEST,
    APPROVAL_LIST_REQUEST,
    APPROVAL_DECIDE_REQUEST,
    GRANT_CREATE_REQUEST,
    SHUTDOWN_REQUEST,
    VAULT_POLICY_REQUEST,
  };

  static final TableSpec REQUEST =
      new TableSpec("Request").u64().bytes().union(REQUEST_BODY).seal();

  // Responses, in ResponseBody order.
  static final TableSpec WELCOME = new TableSpec("Welcome").u16().strings().string().u32().seal();
  static final TableSpec ACK = new TableSpec("Ack").string().u64().seal();
  static final TableSpec ERROR_DETAIL =
      new TableSpec("ErrorDetail").string().u64().string().u64().u16().u16().seal();
  static final TableSpec STATUS_RESPONSE =
      new TableSpec("StatusResponse")
          .u8()
          .u8()
          .string()
          .string()
          .string()
          .string()
          .u32()
          .u64()
          .u64()
          .u32()
          .seal();
  static final TableSpec UNLOCK_RESPONSE =
      new TableSpec("UnlockResponse").bytes().string().u64().u64().seal();
  static final TableSpec VAULT_LIST_RESPONSE =
      new TableSpec("VaultListResponse").tables(VAULT_INFO).seal();
  static final TableSpec VAULT_RESPONSE = new TableSpec("VaultResponse").table(VAULT_INFO).seal();
  static final TableSpec ITEM_RESPONSE = new TableSpec("ItemResponse").table(ITEM).seal();
  static final TableSpec ITEM_LIST_RESPONSE =
      new TableSpec("ItemListResponse").tables(ITEM).string().seal();
  static final TableSpec ITEM_HISTORY_RESPONSE =
      new TableSpec("ItemHistoryResponse").tables(ITEM_REVISION).seal();
  static final TableSpec READ_REFS_RESPONSE =
      new TableSpec("ReadRefsResponse").tables(REF_RESULT).seal();
  static final TableSpec ATTACHMENT_PUT_BEGIN_RESPONSE =
      new TableSpec("AttachmentPutBeginResponse").u64().u32().seal();
  static final TableSpec ATTACHMENT_RESPONSE =
      new TableSpec("AttachmentResponse").table(ATTACHMENT_INFO).seal();
  static final TableSpec ATTACHMENT_CHUNK =
      new TableSpec("AttachmentChunk").u64().u64().bytes().u8().seal();
  static final TableSpec SSH_KEY_RESPONSE =
      new TableSpec("SshKeyResponse").table(SSH_KEY_INFO).seal();
  static final TableSpec SSH_LIST_RESPONSE =
      new TableSpec("SshListResponse").tables(SSH_KEY_INFO).seal();
  static final TableSpec SSH_SIGN_RESPONSE = new TableSpec("SshSignResponse").bytes().seal();
  static final TableSpec AUDIT_TAIL_RESPONSE =
      new TableSpec("AuditTailResponse").tables(AUDIT_EVENT).u64().seal();
  static final TableSpec AUDIT_VERIFY_RESPONSE =
      new TableSpec("AuditVerifyResponse").u8().u64().u64().string().seal();
  static final TableSpec TOKEN_ISSUE_RESPONSE =
      new TableSpec("TokenIssueResponse").bytes().table(TOKEN_INFO).seal();
  static final TableSpec TOKEN_LIST_RESPONSE =
      new TableSpec("TokenListResponse").tables(TOKEN_INFO).seal();
  static final TableSpec APPROVAL_LIST_RESPONSE =
      new TableSpec("ApprovalListResponse").tables(APPROVAL_INFO).seal();

  /** Indexed by ResponseBody type; 0 is NONE. */
  static final TableSpec[] RESPONSE_BODY = {
    null,
    WELCOME,
    ACK,
    ERROR_DETAIL,
    STATUS_RESPONSE,
    UNLOCK_RESPONSE,
    VAULT_LIST_RESPONSE,
    VAULT_RESPONSE,
    ITEM_RESPONSE,
    ITEM_LIST_RESPONSE,
    ITEM_HISTORY_RESPONSE,
    READ_REFS_RESPONSE,
    ATTACHMENT_PUT_BEGIN_RESPONSE,
    ATTACHMENT_RESPONSE,
    ATTACHMENT_CHUNK,
    SSH_KEY_RESPONSE,
    SSH_LIST_RESPONSE,
    SSH_SIGN_RESPONSE,
    AUDIT_TAIL_RESPONSE,
    AUDIT_VERIFY_RESPONSE,
    TOKEN_ISSUE_RESPONSE,
    TOKEN_LIST_RESPONSE,
    APPROVAL_LIST_RESPONSE,
  };

  static final TableSpec RESPONSE =
      new TableSpec("Response").u64().u16().string().union(RESPONSE_BODY).seal();

  private MessageSchema() {}
}
