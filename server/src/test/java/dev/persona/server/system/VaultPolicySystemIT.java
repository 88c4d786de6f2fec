package dev.persona.server.system;

import static dev.persona.server.system.ParkedCalls.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.ApprovalEntry;
import dev.persona.schema.client.AuditEntry;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.RefValue;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.client.SshKeyEntry;
import dev.persona.schema.client.VaultEntry;
import dev.persona.schema.client.VaultPolicyEntry;
import dev.persona.schema.fb.ApprovalMode;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ItemType;
import dev.persona.schema.fb.RefAttribute;
import dev.persona.schema.fb.SshKeyType;
import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A vault's own policy through the real daemon: what its items and keys allow is the strictest of
 * the vault's and their own, for reads, reveals, RPC and agent signatures; loosening it, or
 * renaming, deleting or changing items of a guarded vault, waits for approval while every other
 * client is answered.
 */
@Timeout(300)
class VaultPolicySystemIT {
  private static final long APPROVAL_TIMEOUT_MS = 10_000;
  private static DaemonProcess daemon;
  private static PersonaClient client;
  private static ParkedCalls calls;
  private static String thisJvm;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = DaemonProcess.start("-Dpersona.approval.timeout.ms=" + APPROVAL_TIMEOUT_MS);
    client = PersonaClient.connect(daemon.rpcSocket(), "vault-policy-it");
    client.init("it-password".toCharArray(), "Personal", 0, 0, 0);
    client.createItem("Personal", login("plain"));
    // The daemon sees this JVM as /proc/<our pid>/exe, resolved.
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

  private static ItemEntry login(final String name) {
    return ItemEntry.draft(
        name,
        ItemType.LOGIN,
        List.of(
            new FieldEntry("username", utf8("svc-" + name), false),
            new FieldEntry("password", utf8("pw-" + name), true)),
        List.of(),
        List.of());
  }

  private static VaultPolicyEntry policy(final int approval, final String... executables) {
    return new VaultPolicyEntry(approval, List.of(executables));
  }

  private static byte[] utf8(final String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int code(final Runnable call) {
    return assertThrows(PersonaClientException.class, call::run).errorCode();
  }

  /** Waits until the audit log holds an event matching all three (audit is appended in batches). */
  private static AuditEntry awaitAudit(
      final String operation, final String targetPart, final int result) throws Exception {
    return AuditEvents.await(client, operation, targetPart, result);
  }

  @Test
  void shouldRefuseReadsAndRevealsOfADenyVaultsItemsAndAuditTheChangeAndTheRefusal()
      throws Exception {
    client.createVault("Sealed");
    client.createItem("Sealed", login("db"));
    // Tightening needs nobody's approval.
    final VaultEntry sealed = client.vaultPolicy("Sealed", policy(ApprovalMode.DENY));
    assertEquals(policy(ApprovalMode.DENY), sealed.policy());

    assertEquals(ErrorCode.DENIED, code(() -> client.readRef("persona://Sealed/db/password")));
    final List<RefValue> values =
        client.readRefValues(
            List.of(
                new SecretRef("Sealed", "db", "password", RefAttribute.VALUE),
                new SecretRef("Sealed", "db", "username", RefAttribute.VALUE),
                new SecretRef("Personal", "plain", "password", RefAttribute.VALUE)));
    assertEquals(ErrorCode.DENIED, values.get(0).errorCode());
    assertArrayEquals(utf8("svc-db"), values.get(1).value(), "plain fields stay readable");
    assertArrayEquals(utf8("pw-plain"), values.get(2).value(), "other vaults are not affected");
    final PersonaClientException reveal =
        assertThrows(PersonaClientException.class, () -> client.getItem("Sealed", "db", true));
    assertEquals(ErrorCode.DENIED, reveal.errorCode());
    assertTrue(reveal.getMessage().contains("vault 'Sealed' policy: deny"), reveal.getMessage());
    assertTrue(client.listApprovals().isEmpty(), "deny refuses at once, it asks nobody");

    assertEquals(
        ApprovalMode.DENY,
        client.listVaults().stream()
            .filter(v -> v.name().equals("Sealed"))
            .findFirst()
            .orElseThrow()
            .policy()
            .approval());
    awaitAudit("VaultPolicyRequest", "Sealed (approval=deny executables=any)", ErrorCode.OK);
    awaitAudit("ItemGetRequest", "", ErrorCode.DENIED);
  }

  @Test
  void shouldParkAReadFromAnAskVaultUntilApprovedWhileAnotherVaultIsAnsweredAtOnce()
      throws Exception {
    client.createVault("Asking");
    client.createItem("Asking", login("api"));
    client.vaultPolicy("Asking", policy(ApprovalMode.ASK));

    final Future<byte[]> parked =
        calls.onOwnConnection(c -> c.readRef("persona://Asking/api/password"));
    final ApprovalEntry pending = calls.awaitPending("ref.read", "api");
    final long start = System.nanoTime();
    final Future<byte[]> other =
        calls.onOwnConnection(c -> c.readRef("persona://Personal/plain/password"));
    assertArrayEquals(utf8("pw-plain"), other.get(10, TimeUnit.SECONDS));
    final long otherMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(otherMs < 2_000, "a read from another vault waited " + otherMs + " ms");
    assertFalse(parked.isDone(), "still waiting for its decision");

    client.decideApproval(pending.id(), true, 0);
    assertArrayEquals(utf8("pw-api"), parked.get(20, TimeUnit.SECONDS));
  }

  @Test
  void shouldRefuseACallerTheVaultsExecutablesDoNotNameUntilTheListIsLoosenedWithApproval()
      throws Exception {
    client.createVault("GitOnly");
    client.createItem("GitOnly", login("token"));
    client.vaultPolicy("GitOnly", policy(ApprovalMode.ALLOW, "/usr/bin/git"));

    assertEquals(ErrorCode.DENIED, code(() -> client.readRef("persona://GitOnly/token/password")));
    final PersonaClientException reveal =
        assertThrows(PersonaClientException.class, () -> client.getItem("GitOnly", "token", true));
    assertEquals(ErrorCode.DENIED, reveal.errorCode());
    assertTrue(reveal.getMessage().contains(thisJvm), reveal.getMessage());
    assertTrue(client.listApprovals().isEmpty(), "refused at once");

    // Adding this JVM lets a new caller in: that is loosening, so it waits for approval.
    final VaultPolicyEntry wider = policy(ApprovalMode.ALLOW, "/usr/bin/git", thisJvm);
    final Future<VaultEntry> change = calls.onOwnConnection(c -> c.vaultPolicy("GitOnly", wider));
    final ApprovalEntry pending =
        calls.awaitPending(
            "vault.policy", "GitOnly (approval=allow executables=/usr/bin/git," + thisJvm + ")");
    assertFalse(change.isDone());
    client.decideApproval(pending.id(), true, 0);
    assertEquals(wider, change.get(20, TimeUnit.SECONDS).policy());
    assertArrayEquals(utf8("pw-token"), client.readRef("persona://GitOnly/token/password"));
  }

  @Test
  void shouldParkLooseningRenamingDeletingAndItemChangesOfAGuardedVaultButTightenAtOnce()
      throws Exception {
    client.createVault("Guarded");
    final ItemEntry item = client.createItem("Guarded", login("svc"));
    client.vaultPolicy("Guarded", policy(ApprovalMode.ASK));
    assertEquals(
        policy(ApprovalMode.ASK, "/usr/bin/git"),
        client.vaultPolicy("Guarded", policy(ApprovalMode.ASK, "/usr/bin/git")).policy(),
        "a list where there was none tightens: no approval");
    assertEquals(
        policy(ApprovalMode.DENY),
        client.vaultPolicy("Guarded", policy(ApprovalMode.DENY)).policy(),
        "ask -> deny tightens: no approval");

    final Future<VaultEntry> loosen =
        calls.onOwnConnection(c -> c.vaultPolicy("Guarded", policy(ApprovalMode.ALLOW)));
    final ApprovalEntry asked =
        calls.awaitPending("vault.policy", "Guarded (approval=allow executables=any)");
    client.decideApproval(asked.id(), false, 0);
    final PersonaClientException denied = failure(loosen);
    assertEquals(ErrorCode.DENIED, denied.errorCode());
    assertTrue(denied.getMessage().contains("approval " + asked.id()), denied.getMessage());
    assertEquals(
        policy(ApprovalMode.DENY),
        client.vaultPolicy("Guarded", null).policy(),
        "a denied loosening changes nothing");

    final Future<?> trash = calls.onOwnConnection(c -> c.trashItem("Guarded", "svc"));
    client.decideApproval(calls.awaitPending("item.trash", "svc").id(), false, 0);
    assertEquals(ErrorCode.DENIED, failure(trash).errorCode());
    final Future<?> update = calls.onOwnConnection(c -> c.updateItem("Guarded", item, 1));
    client.decideApproval(calls.awaitPending("item.update", "svc").id(), false, 0);
    assertEquals(ErrorCode.DENIED, failure(update).errorCode());

    final Future<VaultEntry> rename = calls.onOwnConnection(c -> c.renameVault("Guarded", "Open"));
    client.decideApproval(calls.awaitPending("vault.rename", "Guarded").id(), false, 0);
    assertEquals(ErrorCode.DENIED, failure(rename).errorCode());
    final Future<?> delete =
        calls.onOwnConnection(
            c -> {
              c.deleteVault("Guarded", true);
              return null;
            });
    client.decideApproval(calls.awaitPending("vault.delete", "Guarded").id(), true, 0);
    delete.get(20, TimeUnit.SECONDS);
    assertTrue(client.listVaults().stream().noneMatch(v -> v.name().equals("Guarded")));
    awaitAudit("VaultPolicyRequest", "Guarded (approval=allow executables=any)", ErrorCode.DENIED);
  }

  @Test
  void shouldNotSignWithAKeyInADenyVaultThroughTheAgentOrRpc() throws Exception {
    RealTools.require("ssh-keygen", "openssh-client");
    RealTools.require("ssh-add", "openssh-client");
    client.createVault("Keys");
    final SshKeyEntry key = client.sshKeygen("deploy", SshKeyType.ED25519, 0, "Keys", "deploy");
    final Path work = Files.createDirectories(daemon.home().resolve("work"));
    final Path pub = Files.writeString(work.resolve("deploy.pub"), key.publicKey() + "\n");
    final byte[] blob = Base64.getDecoder().decode(key.publicKey().split(" ")[1]);
    assertEquals(0, sign(work, pub, "before"), "the key signs while its vault allows");

    client.vaultPolicy("Keys", policy(ApprovalMode.DENY));
    assertNotEquals(0, sign(work, pub, "after"), "the agent refuses a deny vault's key");
    final DaemonProcess.Result listed = daemon.run(null, "ssh-add", "-L");
    assertFalse(listed.stdout().contains(key.publicKey().split(" ")[1]), "not offered:\n" + listed);
    final PersonaClientException rpc =
        assertThrows(PersonaClientException.class, () -> client.sshSign(blob, utf8("data"), 0));
    assertEquals(ErrorCode.DENIED, rpc.errorCode());
    assertTrue(client.listApprovals().isEmpty());
    awaitAudit("SshSignRequest", "", ErrorCode.DENIED);
  }

  @Test
  void shouldRefuseParkedRevealsAndSignaturesWhenTheVaultTurnsDenyBeforeTheyAreApproved()
      throws Exception {
    RealTools.require("ssh-keygen", "openssh-client");
    client.createVault("Turning");
    client.createItem("Turning", login("db"));
    final SshKeyEntry key = client.sshKeygen("ci", SshKeyType.ED25519, 0, "Turning", "ci");
    final byte[] blob = Base64.getDecoder().decode(key.publicKey().split(" ")[1]);
    final Path work = Files.createDirectories(daemon.home().resolve("turning"));
    final Path pub = Files.writeString(work.resolve("ci.pub"), key.publicKey() + "\n");
    client.vaultPolicy("Turning", policy(ApprovalMode.ASK));

    final Future<ItemEntry> reveal = calls.onOwnConnection(c -> c.getItem("Turning", "db", true));
    final ApprovalEntry revealPending = calls.awaitPending("item.reveal", "db");
    final Future<byte[]> rpcSign = calls.onOwnConnection(c -> c.sshSign(blob, utf8("data"), 0));
    final ApprovalEntry rpcPending = calls.awaitPending("ssh.sign", "ci");
    final Future<Integer> agentSign = calls.submit(() -> sign(work, pub, "turning"));
    final ApprovalEntry agentPending = awaitAnotherSign(rpcPending.id());

    client.vaultPolicy("Turning", policy(ApprovalMode.DENY)); // tightening applies at once
    client.decideApproval(revealPending.id(), true, 0);
    client.decideApproval(rpcPending.id(), true, 0);
    client.decideApproval(agentPending.id(), true, 0);

    // The deny set while they waited wins over the approvals given after it.
    assertEquals(ErrorCode.DENIED, failure(reveal).errorCode());
    assertEquals(ErrorCode.DENIED, failure(rpcSign).errorCode());
    assertNotEquals(0, agentSign.get(30, TimeUnit.SECONDS), "the agent refuses it too");
  }

  /** The pending ssh.sign of key 'ci' that is not {@code otherId} (the agent's request). */
  private static ApprovalEntry awaitAnotherSign(final String otherId) throws Exception {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (final ApprovalEntry entry : client.listApprovals()) {
        if (entry.operation().equals("ssh.sign")
            && entry.target().equals("ci")
            && !entry.id().equals(otherId)) {
          return entry;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the agent's signature never waited: " + client.listApprovals());
  }

  /** {@code ssh-keygen -Y sign} with the agent holding the key; returns its exit code. */
  private static int sign(final Path work, final Path pub, final String tag) throws Exception {
    final Path message = Files.writeString(work.resolve(tag + ".txt"), "release " + tag + "\n");
    final List<String> command = new ArrayList<>();
    command.addAll(List.of("ssh-keygen", "-Y", "sign", "-f", pub.toString(), "-n", "file"));
    command.add(message.toString());
    final DaemonProcess.Result result = daemon.run(null, command);
    return result.exitCode();
  }
}
