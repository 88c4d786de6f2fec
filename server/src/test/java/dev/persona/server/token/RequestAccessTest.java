package dev.persona.server.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.TokenScope;
import org.junit.jupiter.api.Test;

class RequestAccessTest {
  private static boolean allows(final int scope, final byte bodyType) {
    return RequestAccess.scopeAllows(scope, RequestAccess.of(bodyType));
  }

  @Test
  void shouldNeedNoTokenOnlyForHelloStatusUnlockAndLock() {
    for (int type = 0; type < RequestBody.names.length; type++) {
      final boolean exempt = (RequestAccess.of((byte) type) & RequestAccess.EXEMPT) != 0;
      final boolean expected =
          type == RequestBody.Hello
              || type == RequestBody.StatusRequest
              || type == RequestBody.UnlockRequest
              || type == RequestBody.LockRequest;
      assertEquals(expected, exempt, RequestBody.name(type));
    }
  }

  @Test
  void shouldClassifyEveryKnownBodyTypeAsReadOrWrite() {
    for (int type = 1; type < RequestBody.names.length; type++) {
      final int access = RequestAccess.of((byte) type);
      final boolean read = (access & RequestAccess.READ) != 0;
      final boolean write = (access & RequestAccess.WRITE) != 0;
      final boolean exempt = (access & RequestAccess.EXEMPT) != 0;
      assertTrue(exempt || read != write, RequestBody.name(type));
    }
  }

  @Test
  void shouldLetAFullTokenDoAnything() {
    for (int type = 1; type < RequestBody.names.length; type++) {
      assertTrue(allows(TokenScope.FULL, (byte) type), RequestBody.name(type));
    }
  }

  @Test
  void shouldLetAReadOnlyTokenReadAndSignButNotWrite() {
    assertTrue(allows(TokenScope.READ_ONLY, RequestBody.ReadRefsRequest));
    assertTrue(allows(TokenScope.READ_ONLY, RequestBody.ItemGetRequest));
    assertTrue(allows(TokenScope.READ_ONLY, RequestBody.ItemListRequest));
    assertTrue(allows(TokenScope.READ_ONLY, RequestBody.AttachmentGetRequest));
    assertTrue(allows(TokenScope.READ_ONLY, RequestBody.SshSignRequest));
    assertFalse(allows(TokenScope.READ_ONLY, RequestBody.ItemCreateRequest));
    assertFalse(allows(TokenScope.READ_ONLY, RequestBody.ItemPurgeRequest));
    assertFalse(allows(TokenScope.READ_ONLY, RequestBody.AttachmentPutChunk));
    assertFalse(allows(TokenScope.READ_ONLY, RequestBody.SshKeygenRequest));
    assertFalse(allows(TokenScope.READ_ONLY, RequestBody.ChangePasswordRequest));
    assertFalse(allows(TokenScope.READ_ONLY, RequestBody.TokenIssueRequest));
    assertFalse(allows(TokenScope.READ_ONLY, RequestBody.ApprovalDecideRequest));
    assertFalse(allows(TokenScope.READ_ONLY, RequestBody.ShutdownRequest));
    assertTrue(
        allows(TokenScope.READ_ONLY, RequestBody.VaultPolicyRequest),
        "reading a vault's policy; the gate upgrades a change to a write");
    assertEquals(
        "it changes the vault",
        RequestAccess.whyNot(
            TokenScope.READ_ONLY, RequestAccess.of(RequestBody.ItemCreateRequest)));
  }

  @Test
  void shouldLetAnSshOnlyTokenListExportAndSignKeysOnly() {
    assertTrue(allows(TokenScope.SSH_ONLY, RequestBody.SshListRequest));
    assertTrue(allows(TokenScope.SSH_ONLY, RequestBody.SshExportPublicRequest));
    assertTrue(allows(TokenScope.SSH_ONLY, RequestBody.SshSignRequest));
    assertFalse(allows(TokenScope.SSH_ONLY, RequestBody.SshKeygenRequest));
    assertFalse(allows(TokenScope.SSH_ONLY, RequestBody.SshDeleteRequest));
    assertFalse(allows(TokenScope.SSH_ONLY, RequestBody.ReadRefsRequest));
    assertFalse(allows(TokenScope.SSH_ONLY, RequestBody.ItemGetRequest));
    assertFalse(allows(TokenScope.SSH_ONLY, RequestBody.AuditTailRequest));
    assertEquals(
        "it is not an SSH-key operation",
        RequestAccess.whyNot(TokenScope.SSH_ONLY, RequestAccess.of(RequestBody.ReadRefsRequest)));
  }

  @Test
  void shouldTreatAnUnknownBodyTypeAsAWorkspaceWideWrite() {
    final byte future = (byte) RequestBody.names.length;
    assertEquals(RequestAccess.WRITE | RequestAccess.WORKSPACE, RequestAccess.of(future));
    assertFalse(allows(TokenScope.READ_ONLY, future));
  }

  @Test
  void shouldMarkWorkspaceWideRequestsSoAVaultScopedTokenIsRefused() {
    for (final byte type :
        new byte[] {
          RequestBody.VaultListRequest,
          RequestBody.VaultCreateRequest,
          RequestBody.AuditTailRequest,
          RequestBody.TokenIssueRequest,
          RequestBody.ChangePasswordRequest
        }) {
      assertTrue((RequestAccess.of(type) & RequestAccess.WORKSPACE) != 0, RequestBody.name(type));
    }
    for (final byte type :
        new byte[] {
          RequestBody.ReadRefsRequest, RequestBody.ItemGetRequest, RequestBody.SshSignRequest
        }) {
      assertEquals(0, RequestAccess.of(type) & RequestAccess.WORKSPACE, RequestBody.name(type));
    }
  }
}
