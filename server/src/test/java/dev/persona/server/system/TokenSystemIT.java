package dev.persona.server.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.AuditEntry;
import dev.persona.schema.client.IssuedToken;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.TokenEntry;
import dev.persona.schema.client.UnlockResult;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.SshKeyType;
import dev.persona.schema.fb.TokenScope;
import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Scoped access tokens against a real personad: with {@code persona.require.token} every RPC but
 * Hello, Status, Unlock and Lock needs one; without it, a presented token still narrows the caller.
 */
@Timeout(300)
class TokenSystemIT {
  private static final char[] PASSWORD = "it-password".toCharArray();
  private static final long HOUR_MS = 3_600_000L;
  private static final byte[] GITHUB = "gh-secret".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PAYROLL = "payroll-secret".getBytes(StandardCharsets.UTF_8);

  private static PersonaClientException refused(final int errorCode, final Executable call) {
    final PersonaClientException ex = assertThrows(PersonaClientException.class, call);
    assertEquals(ErrorCode.name(errorCode), ErrorCode.name(ex.errorCode()), ex.getMessage());
    return ex;
  }

  /** Two vaults with one login each: Personal/github and Work/payroll. */
  private static void seed(final PersonaClient client) {
    client.createItem("Personal", RpcSystemIT.login("github", GITHUB));
    client.createVault("Work");
    client.createItem("Work", RpcSystemIT.login("payroll", PAYROLL));
  }

  @Test
  void shouldRequireATokenForEverythingButHelloStatusUnlockAndLock() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start("-Dpersona.require.token=true");
        PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
      client.init(PASSWORD, "Personal", 0, 0, 0); // nothing to protect before init
      final PersonaClientException required =
          refused(ErrorCode.TOKEN_REQUIRED, () -> client.listVaults());
      assertTrue(required.getMessage().contains("VaultListRequest"), required.getMessage());
      refused(ErrorCode.TOKEN_REQUIRED, () -> client.readRef("persona://Personal/x/y"));
      refused(ErrorCode.TOKEN_REQUIRED, () -> client.issueToken(TokenScope.FULL, null, 0, 0));
      assertFalse(client.status().locked(), "status needs no token");

      final UnlockResult unlocked = client.unlock(PASSWORD, true, TokenScope.FULL, null, 0, 0);
      final String text = new String(unlocked.token(), StandardCharsets.US_ASCII);
      assertTrue(text.matches("pst_[A-Za-z0-9_-]{43}"), "a printable token: " + text);
      client.useToken(unlocked.token());
      seed(client);
      assertArrayEquals(GITHUB, client.readRef("persona://Personal/github/password"));

      // A garbage token is refused like an expired one: nothing tells it apart from a revoked one.
      client.useToken(("pst_" + "A".repeat(43)).getBytes(StandardCharsets.US_ASCII));
      refused(ErrorCode.TOKEN_EXPIRED, () -> client.listVaults());

      // Locking needs no token and kills every token; unlocking needs none either.
      client.useToken(null);
      client.lock();
      client.unlock(PASSWORD);
      client.useToken(unlocked.token());
      final PersonaClientException afterLock =
          refused(ErrorCode.TOKEN_EXPIRED, () -> client.listVaults());
      assertTrue(afterLock.getMessage().contains("locked"), afterLock.getMessage());

      final UnlockResult again = client.unlock(PASSWORD, true, TokenScope.FULL, null, 0, 0);
      client.useToken(again.token());
      assertEquals(2, client.listVaults().size());

      // Every refusal is audited like any other request.
      final List<AuditEntry> events = auditUntil(client, again.tokenId());
      assertTrue(
          events.stream()
              .anyMatch(
                  e ->
                      e.operation().equals("VaultListRequest")
                          && e.result() == ErrorCode.TOKEN_REQUIRED),
          events.toString());
      assertTrue(
          events.stream()
              .anyMatch(
                  e -> e.operation().equals("UnlockRequest") && e.target().equals(again.tokenId())),
          "the unlock that issued a token names it: " + events);
      assertFalse(
          Files.readString(daemon.home().resolve("personad.log")).contains(text), "never logged");
    }
  }

  @Test
  void shouldEnforceScopeVaultExpiryAndRevocationUnderRequireToken() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start("-Dpersona.require.token=true");
        PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
      client.init(PASSWORD, "Personal", 0, 0, 0);
      final UnlockResult full = client.unlock(PASSWORD, true, TokenScope.FULL, null, 0, 0);
      client.useToken(full.token());
      seed(client);
      final IssuedToken readOnly = client.issueToken(TokenScope.READ_ONLY, null, HOUR_MS, 0);
      final IssuedToken workOnly = client.issueToken(TokenScope.FULL, "work", HOUR_MS, 0);
      final IssuedToken sshOnly = client.issueToken(TokenScope.SSH_ONLY, null, HOUR_MS, 0);
      client.sshKeygen("deploy", SshKeyType.ED25519, 0, "Work", null);

      // read-only: reads pass, writes are refused with the scope named.
      client.useToken(readOnly.token());
      assertArrayEquals(PAYROLL, client.readRef("persona://Work/payroll/password"));
      final PersonaClientException write =
          refused(
              ErrorCode.DENIED,
              () -> client.createItem("Personal", RpcSystemIT.login("new", GITHUB)));
      assertTrue(write.getMessage().contains("read-only"), write.getMessage());
      refused(ErrorCode.DENIED, () -> client.issueToken(TokenScope.FULL, null, 0, 0));

      // vault-scoped: its vault only (by name, whatever the case), never the workspace.
      client.useToken(workOnly.token());
      assertArrayEquals(PAYROLL, client.readRef("persona://Work/payroll/password"));
      client.createItem("Work", RpcSystemIT.login("bonus", PAYROLL));
      final PersonaClientException otherVault =
          refused(
              ErrorCode.DENIED,
              () ->
                  client.readRefs(
                      List.of(
                          "persona://Work/payroll/password",
                          "persona://Personal/github/password")));
      assertTrue(otherVault.getMessage().contains("'Work'"), otherVault.getMessage());
      assertTrue(otherVault.getMessage().contains("'Personal'"), otherVault.getMessage());
      refused(ErrorCode.DENIED, () -> client.getItem(null, "github", true)); // default vault
      refused(ErrorCode.DENIED, () -> client.listVaults());
      refused(ErrorCode.DENIED, () -> client.sshList(null));
      assertEquals(1, client.sshList("Work").size());
      assertEquals("deploy", client.sshExportPublic("deploy").name());

      // ssh-only: SSH keys, nothing else.
      client.useToken(sshOnly.token());
      assertEquals(1, client.sshList(null).size());
      final PersonaClientException notSsh =
          refused(ErrorCode.DENIED, () -> client.readRef("persona://Personal/github/password"));
      assertTrue(notSsh.getMessage().contains("ssh-only"), notSsh.getMessage());
      refused(ErrorCode.DENIED, () -> client.sshDelete("deploy"));

      // The list shows metadata, the vault by its name, and when each token was last used.
      client.useToken(full.token());
      final List<TokenEntry> tokens = client.listTokens();
      assertEquals(4, tokens.size(), tokens.toString());
      final TokenEntry work =
          tokens.stream()
              .filter(t -> t.id().equals(workOnly.info().id()))
              .findFirst()
              .orElseThrow();
      assertEquals("Work", work.vault());
      assertTrue(work.lastUsedMs() > 0, work.toString());
      assertNull(
          tokens.stream()
              .filter(t -> t.id().equals(readOnly.info().id()))
              .findFirst()
              .orElseThrow()
              .vault());

      // Absolute and idle expiry (issued just before the wait, so a slow machine cannot blur them).
      final IssuedToken shortLived = client.issueToken(TokenScope.FULL, null, 1_000, 0);
      final IssuedToken idle = client.issueToken(TokenScope.FULL, null, HOUR_MS, 1_000);
      Thread.sleep(1_500);
      client.useToken(shortLived.token());
      refused(ErrorCode.TOKEN_EXPIRED, () -> client.listVaults());
      client.useToken(idle.token());
      final PersonaClientException idled =
          refused(ErrorCode.TOKEN_EXPIRED, () -> client.listVaults());
      assertTrue(idled.getMessage().contains("idle"), idled.getMessage());

      // Revocation: one by id, then a token revoking itself, then all.
      client.useToken(full.token());
      client.revokeToken(readOnly.info().id(), false);
      client.useToken(readOnly.token());
      refused(ErrorCode.TOKEN_EXPIRED, () -> client.readRef("persona://Work/payroll/password"));
      client.useToken(sshOnly.token());
      client.revokeToken(sshOnly.info().id(), false);
      refused(ErrorCode.TOKEN_EXPIRED, () -> client.sshList(null));
      client.useToken(full.token());
      client.revokeToken(null, true);
      refused(ErrorCode.TOKEN_EXPIRED, () -> client.listVaults());
    }
  }

  @Test
  void shouldCheckAPresentedTokenEvenWhenNoneIsRequired() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start();
        PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
      client.init(PASSWORD, "Personal", 0, 0, 0);
      seed(client);
      assertArrayEquals(GITHUB, client.readRef("persona://Personal/github/password"));
      final IssuedToken readOnly = client.issueToken(TokenScope.READ_ONLY, "Personal", 0, 0);
      assertTrue(readOnly.info().expiresMs() > System.currentTimeMillis() + HOUR_MS);

      client.useToken(readOnly.token());
      assertArrayEquals(GITHUB, client.readRef("persona://Personal/github/password"));
      refused(
          ErrorCode.DENIED, () -> client.createItem("Personal", RpcSystemIT.login("new", GITHUB)));
      refused(ErrorCode.DENIED, () -> client.readRef("persona://Work/payroll/password"));
      client.useToken("not-a-token".getBytes(StandardCharsets.US_ASCII));
      refused(ErrorCode.TOKEN_EXPIRED, () -> client.listVaults());

      client.useToken(null);
      client.createItem("Personal", RpcSystemIT.login("new", GITHUB));
      client.lock();
      refused(ErrorCode.LOCKED, () -> client.issueToken(TokenScope.FULL, null, 0, 0));
      refused(
          ErrorCode.BAD_INPUT,
          () -> client.unlock(PASSWORD, true, TokenScope.FULL, null, 365 * 24 * HOUR_MS, 0));
      assertTrue(client.status().locked(), "bad token arguments are refused before unlocking");
    }
  }

  @Test
  void shouldLeaveTheSshAgentSocketOpenToSshWhenTokensAreRequired() throws Exception {
    final String sshAdd = RealTools.require("ssh-add", "openssh-client").toString();
    try (DaemonProcess daemon = DaemonProcess.start("-Dpersona.require.token=true");
        PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "it")) {
      client.init(PASSWORD, "Personal", 0, 0, 0);
      client.useToken(client.unlock(PASSWORD, true, TokenScope.FULL, null, 0, 0).token());
      final String publicKey =
          client.sshKeygen("deploy", SshKeyType.ED25519, 0, null, "deploy@it").publicKey();
      // The agent's key ring reloads just after the keygen reply; give it a moment.
      DaemonProcess.Result listed = daemon.run(null, sshAdd, "-L");
      for (int i = 0; i < 50 && listed.exitCode() != 0; i++) {
        Thread.sleep(100);
        listed = daemon.run(null, sshAdd, "-L");
      }
      assertEquals(0, listed.exitCode(), listed.toString());
      assertTrue(listed.stdout().contains(publicKey.split(" ")[1]), listed.toString());
    }
  }

  /** The audit log once an event naming {@code target} is in it (or after 10 s). */
  private static List<AuditEntry> auditUntil(final PersonaClient client, final String target)
      throws InterruptedException {
    final long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      final List<AuditEntry> events = client.auditTail(0, 1_000).events();
      if (events.stream().anyMatch(e -> e.target().equals(target))
          || System.nanoTime() > deadline) {
        return events;
      }
      Thread.sleep(50); // the audit agent commits in 5 ms windows
    }
  }
}
