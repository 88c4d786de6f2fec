package dev.persona.server.system;

import static dev.persona.server.system.ParkedCalls.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.ApprovalEntry;
import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.PersonaClientException;
import dev.persona.schema.client.RefValue;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.client.SshKeyEntry;
import dev.persona.schema.client.SshPolicy;
import dev.persona.schema.fb.ApprovalMode;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ItemType;
import dev.persona.schema.fb.RefAttribute;
import dev.persona.schema.fb.SshKeyType;
import dev.persona.server.fixture.DaemonProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RPC reveals, reads and signatures of {@code ask} items and keys wait for a decision like agent
 * signatures do: the reply comes once someone allows it (denied, timed out or refused otherwise),
 * and every other request keeps being answered meanwhile.
 */
@Timeout(300)
class RpcApprovalSystemIT {
  private static final long APPROVAL_TIMEOUT_MS = 4_000;
  private static DaemonProcess daemon;
  private static PersonaClient client;
  private static ParkedCalls calls;
  private static byte[] askKeyBlob;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = DaemonProcess.start("-Dpersona.approval.timeout.ms=" + APPROVAL_TIMEOUT_MS);
    client = PersonaClient.connect(daemon.rpcSocket(), "rpc-approval-it");
    client.init("it-password".toCharArray(), "Personal", 0, 0, 0);
    for (final String name : List.of("db", "db2", "granted", "timeout", "guarded", "bin")) {
      client.createItem("Personal", item(name, "ask"));
    }
    client.createItem("Personal", item("forbidden", "deny"));
    client.createItem("Personal", item("plain", null));
    client.createItem("Personal", narrowed("git-only", "/usr/bin/git"));
    // The daemon sees this JVM as /proc/<our pid>/exe, resolved.
    client.createItem(
        "Personal",
        narrowed("this-jvm", "/usr/bin/git, " + Path.of("/proc/self/exe").toRealPath()));
    final SshKeyEntry key = client.sshKeygen("ask-sign", SshKeyType.ED25519, 0, "Personal", "a");
    client.sshPolicy("ask-sign", new SshPolicy(ApprovalMode.ASK, List.of(), List.of(), 0));
    askKeyBlob = Base64.getDecoder().decode(key.publicKey().split(" ")[1]);
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

  private static ItemEntry item(final String name, final String policy) {
    final List<FieldEntry> fields = new java.util.ArrayList<>();
    fields.add(new FieldEntry("username", utf8("svc-" + name), false));
    fields.add(new FieldEntry("password", utf8("pw-" + name), true));
    if (policy != null) {
      fields.add(new FieldEntry("policy.approval", utf8(policy), false));
    }
    return ItemEntry.draft(name, ItemType.LOGIN, fields, List.of(), List.of());
  }

  private static ItemEntry narrowed(final String name, final String executables) {
    return ItemEntry.draft(
        name,
        ItemType.LOGIN,
        List.of(
            new FieldEntry("username", utf8("svc-" + name), false),
            new FieldEntry("password", utf8("pw-" + name), true),
            new FieldEntry("policy.executables", utf8(executables), false)),
        List.of(),
        List.of());
  }

  @Test
  void shouldRevealOnlyToTheExecutablesAnItemLists() {
    final PersonaClientException read =
        assertThrows(
            PersonaClientException.class,
            () -> client.readRef("persona://Personal/git-only/password"));
    assertEquals(ErrorCode.DENIED, read.errorCode());
    final PersonaClientException reveal =
        assertThrows(
            PersonaClientException.class, () -> client.getItem("Personal", "git-only", true));
    assertEquals(ErrorCode.DENIED, reveal.errorCode());
    assertTrue(reveal.getMessage().contains("policy.executables"), reveal.getMessage());
    assertArrayEquals(utf8("svc-git-only"), client.readRef("persona://Personal/git-only/username"));
    assertArrayEquals(utf8("pw-this-jvm"), client.readRef("persona://Personal/this-jvm/password"));
    assertEquals("pw-this-jvm", password(client.getItem("Personal", "this-jvm", true)));
  }

  private static byte[] utf8(final String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String password(final ItemEntry entry) {
    for (final FieldEntry field : entry.fields()) {
      if (field.name().equals("password")) {
        return field.value() == null ? null : new String(field.value(), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Test
  void shouldParkARevealUntilApprovedWhileOtherRequestsAreAnswered() throws Exception {
    final Future<ItemEntry> reveal = calls.onOwnConnection(c -> c.getItem("Personal", "db", true));
    final ApprovalEntry pending = calls.awaitPending("item.reveal", "db");
    assertFalse(reveal.isDone());
    // The conductor is not held: other reads, and the same item without its secrets, answer now.
    assertArrayEquals(utf8("pw-plain"), client.readRef("persona://Personal/plain/password"));
    final String hidden = password(client.getItem("Personal", "db", false));
    assertTrue(hidden == null || hidden.isEmpty(), "no concealed value without reveal");
    assertFalse(reveal.isDone());
    client.decideApproval(pending.id(), true, 0);
    assertEquals("pw-db", password(reveal.get(20, TimeUnit.SECONDS)));
  }

  @Test
  void shouldNotLetAnAskItemBeRewrittenToAllowWithoutApproval() throws Exception {
    final ItemEntry current = client.getItem("Personal", "guarded", false);
    final ItemEntry opened =
        new ItemEntry(
            current.id(),
            current.vault(),
            current.name(),
            current.type(),
            current.revision(),
            current.createdMs(),
            current.updatedMs(),
            false,
            List.of(
                new FieldEntry("password", utf8("pw-guarded"), true),
                new FieldEntry("policy.approval", utf8("allow"), false)),
            List.of(),
            List.of(),
            List.of());
    final Future<ItemEntry> rewrite =
        calls.onOwnConnection(c -> c.updateItem("Personal", opened, current.revision()));
    final ApprovalEntry pending = calls.awaitPending("item.update", "guarded");
    assertFalse(rewrite.isDone());
    client.decideApproval(pending.id(), false, 0);
    assertEquals(ErrorCode.DENIED, failure(rewrite).errorCode());
    // Still ask: a reveal parks again instead of answering.
    final Future<ItemEntry> reveal =
        calls.onOwnConnection(c -> c.getItem("Personal", "guarded", true));
    client.decideApproval(calls.awaitPending("item.reveal", "guarded").id(), false, 0);
    assertEquals(ErrorCode.DENIED, failure(reveal).errorCode());

    final Future<ItemEntry> approved =
        calls.onOwnConnection(c -> c.updateItem("Personal", opened, current.revision()));
    client.decideApproval(calls.awaitPending("item.update", "guarded").id(), true, 0);
    approved.get(20, TimeUnit.SECONDS);
    assertEquals("pw-guarded", password(client.getItem("Personal", "guarded", true)));
  }

  @Test
  void shouldParkTrashingAnAskItemUntilApproved() throws Exception {
    final Future<?> trash = calls.onOwnConnection(c -> c.trashItem("Personal", "bin"));
    final ApprovalEntry pending = calls.awaitPending("item.trash", "bin");
    assertFalse(trash.isDone());
    assertEquals("bin", client.getItem("Personal", "bin", false).name(), "not trashed yet");
    client.decideApproval(pending.id(), true, 0);
    trash.get(20, TimeUnit.SECONDS);
    final PersonaClientException gone =
        assertThrows(PersonaClientException.class, () -> client.getItem("Personal", "bin", false));
    assertEquals(ErrorCode.NOT_FOUND, gone.errorCode());
  }

  @Test
  void shouldParkLooseningAnAskKeysPolicyUntilApproved() throws Exception {
    client.sshKeygen("ask-policy", SshKeyType.ED25519, 0, "Personal", "p");
    client.sshPolicy("ask-policy", new SshPolicy(ApprovalMode.ASK, List.of(), List.of(), 0));
    final Future<SshKeyEntry> loosen =
        calls.onOwnConnection(
            c ->
                c.sshPolicy(
                    "ask-policy", new SshPolicy(ApprovalMode.ALLOW, List.of(), List.of(), 0)));
    final ApprovalEntry pending = calls.awaitPending("ssh.policy", "ask-policy");
    client.decideApproval(pending.id(), false, 0);
    assertEquals(ErrorCode.DENIED, failure(loosen).errorCode());
    final Future<?> delete =
        calls.onOwnConnection(
            c -> {
              c.sshDelete("ask-policy");
              return null;
            });
    client.decideApproval(calls.awaitPending("ssh.delete", "ask-policy").id(), true, 0);
    delete.get(20, TimeUnit.SECONDS);
  }

  @Test
  void shouldAnswerDeniedNamingTheApprovalWhenDenied() throws Exception {
    final Future<ItemEntry> reveal = calls.onOwnConnection(c -> c.getItem("Personal", "db", true));
    final ApprovalEntry pending = calls.awaitPending("item.reveal", "db");
    client.decideApproval(pending.id(), false, 0);
    final PersonaClientException denied = failure(reveal);
    assertEquals(ErrorCode.DENIED, denied.errorCode());
    assertTrue(denied.getMessage().contains("approval " + pending.id()), denied.getMessage());
  }

  @Test
  void shouldAnswerApprovalTimeoutWhenNobodyDecides() throws Exception {
    final long start = System.nanoTime();
    final Future<byte[]> read =
        calls.onOwnConnection(c -> c.readRef("persona://Personal/timeout/password"));
    calls.awaitPending("ref.read", "timeout");
    final PersonaClientException timedOut = failure(read);
    assertEquals(ErrorCode.APPROVAL_TIMEOUT, timedOut.errorCode(), timedOut.getMessage());
    assertTrue(timedOut.getMessage().contains("timed out"), timedOut.getMessage());
    assertTrue(
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= APPROVAL_TIMEOUT_MS - 100);
  }

  @Test
  void shouldRefuseAtOnceWhenThePolicyDenies() throws Exception {
    final PersonaClientException denied =
        assertThrows(
            PersonaClientException.class, () -> client.getItem("Personal", "forbidden", true));
    assertEquals(ErrorCode.DENIED, denied.errorCode());
    final List<RefValue> values =
        client.readRefValues(
            List.of(
                new SecretRef("Personal", "forbidden", "password", RefAttribute.VALUE),
                new SecretRef("Personal", "forbidden", "username", RefAttribute.VALUE)));
    assertEquals(ErrorCode.DENIED, values.get(0).errorCode());
    assertArrayEquals(utf8("svc-forbidden"), values.get(1).value(), "plain fields stay readable");
    assertTrue(client.listApprovals().isEmpty());
  }

  @Test
  void shouldAskOncePerItemAndAnswerEveryReferenceInOrder() throws Exception {
    final Future<List<RefValue>> read =
        calls.onOwnConnection(
            c ->
                c.readRefValues(
                    List.of(
                        new SecretRef("Personal", "plain", "password", RefAttribute.VALUE),
                        new SecretRef("Personal", "db", "password", RefAttribute.VALUE),
                        new SecretRef("Personal", "db2", "password", RefAttribute.VALUE),
                        new SecretRef("Personal", "db", "username", RefAttribute.VALUE),
                        new SecretRef("Personal", "nope", "password", RefAttribute.VALUE))));
    client.decideApproval(calls.awaitPending("ref.read", "db").id(), true, 0);
    client.decideApproval(calls.awaitPending("ref.read", "db2").id(), true, 0);
    final List<RefValue> values = read.get(20, TimeUnit.SECONDS);
    assertArrayEquals(utf8("pw-plain"), values.get(0).value());
    assertArrayEquals(utf8("pw-db"), values.get(1).value());
    assertArrayEquals(utf8("pw-db2"), values.get(2).value());
    assertArrayEquals(utf8("svc-db"), values.get(3).value());
    assertEquals(ErrorCode.NOT_FOUND, values.get(4).errorCode());
  }

  @Test
  void shouldRevealWithoutAskingUnderAGrant() throws Exception {
    client.createGrant("granted", null, 60_000);
    assertEquals("pw-granted", password(client.getItem("Personal", "granted", true)));
  }

  @Test
  void shouldParkAnRpcSignatureWithAnAskKeyUntilApproved() throws Exception {
    final byte[] data = utf8("sign me");
    final Future<byte[]> signature = calls.onOwnConnection(c -> c.sshSign(askKeyBlob, data, 0));
    final ApprovalEntry pending = calls.awaitPending("ssh.sign", "ask-sign");
    assertFalse(signature.isDone());
    client.decideApproval(pending.id(), true, 0);
    final byte[] signed = signature.get(20, TimeUnit.SECONDS);
    assertNotNull(signed);
    assertTrue(signed.length > 64, "an ssh-ed25519 signature blob");
  }
}
