package dev.persona.server.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.ApprovalEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.SshKeyEntry;
import dev.persona.schema.client.SshPolicy;
import dev.persona.schema.fb.ApprovalMode;
import dev.persona.schema.fb.SshKeyType;
import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ask} keys through the real agent: a signature waits for {@code approve}, {@code deny} or
 * the timeout while every other client keeps signing; grants and remembered decisions answer at
 * once.
 */
@Timeout(300)
class ApprovalSystemIT {
  private static final long APPROVAL_TIMEOUT_MS = 3_000;
  private static DaemonProcess daemon;
  private static PersonaClient client;
  private static Path work;
  private static Path askPub;
  private static Path freePub;
  private static Path grantPub;
  private static Path message;

  @BeforeAll
  static void startDaemonWithAskAndAllowKeys() throws Exception {
    RealTools.require("ssh-keygen", "openssh-client");
    daemon = DaemonProcess.start("-Dpersona.approval.timeout.ms=" + APPROVAL_TIMEOUT_MS);
    work = Files.createDirectories(daemon.home().resolve("work"));
    client = PersonaClient.connect(daemon.rpcSocket(), "approval-it");
    client.init("it-password".toCharArray(), "Personal", 0, 0, 0);
    final SshKeyEntry ask = client.sshKeygen("ask-key", SshKeyType.ED25519, 0, "Personal", "ask");
    client.sshPolicy("ask-key", new SshPolicy(ApprovalMode.ASK, List.of(), List.of(), 0));
    final SshKeyEntry free =
        client.sshKeygen("free-key", SshKeyType.ED25519, 0, "Personal", "free");
    askPub = Files.writeString(work.resolve("ask.pub"), ask.publicKey() + "\n");
    freePub = Files.writeString(work.resolve("free.pub"), free.publicKey() + "\n");
    // The grant test gets a key of its own: its grant must not answer the other tests' requests.
    final SshKeyEntry granted =
        client.sshKeygen("grant-key", SshKeyType.ED25519, 0, "Personal", "grant");
    client.sshPolicy("grant-key", new SshPolicy(ApprovalMode.ASK, List.of(), List.of(), 0));
    grantPub = Files.writeString(work.resolve("grant.pub"), granted.publicKey() + "\n");
    message = Files.writeString(work.resolve("message.txt"), "deploy v2\n");
    Thread.sleep(100); // the keyring picks the policy up on the conductor's next tick
  }

  @AfterAll
  static void stopDaemon() {
    if (client != null) {
      client.close();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  /** Starts {@code ssh-keygen -Y sign} with the given public key; the agent does the signing. */
  private static Process sign(final Path pub, final String tag) throws Exception {
    return AgentSigning.start(daemon, work, message, pub, tag);
  }

  private static ApprovalEntry awaitPending() throws Exception {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      final List<ApprovalEntry> pending = client.listApprovals();
      if (!pending.isEmpty()) {
        return pending.get(0);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no approval became pending");
  }

  @Test
  void shouldParkOneSignatureForApprovalWhileSixteenOthersSignWithoutDelay() throws Exception {
    final Process parked = sign(askPub, "parked");
    final ApprovalEntry pending = awaitPending();
    assertEquals("ssh.sign", pending.operation());
    assertEquals("ask-key", pending.target());
    assertTrue(pending.executable().endsWith("ssh-keygen"), pending.executable());

    final ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      final List<Future<Long>> others = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        final int n = i;
        others.add(
            pool.submit(
                () -> {
                  final long start = System.nanoTime();
                  final Process p = sign(freePub, "free-" + n);
                  assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                  assertEquals(
                      0, p.exitValue(), Files.readString(work.resolve("free-" + n + ".log")));
                  return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }));
      }
      for (final Future<Long> other : others) {
        assertTrue(
            other.get() < 2_000, "a signature with another key waited " + other.get() + " ms");
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(parked.isAlive(), "the ask signature is still waiting for its decision");
    client.decideApproval(pending.id(), true, 0);
    assertTrue(parked.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, parked.exitValue(), Files.readString(work.resolve("parked.log")));
    assertTrue(Files.exists(work.resolve("parked.txt.sig")));
  }

  @Test
  void shouldFailTheSignatureWhenDenied() throws Exception {
    final Process parked = sign(askPub, "denied");
    client.decideApproval(awaitPending().id(), false, 0);
    assertTrue(parked.waitFor(20, TimeUnit.SECONDS));
    assertNotEquals(0, parked.exitValue());
  }

  @Test
  void shouldDenyWhenNobodyAnswersInTime() throws Exception {
    final long start = System.nanoTime();
    final Process parked = sign(askPub, "timeout");
    awaitPending();
    assertTrue(parked.waitFor(30, TimeUnit.SECONDS));
    assertNotEquals(0, parked.exitValue());
    assertTrue(
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= APPROVAL_TIMEOUT_MS - 100,
        "denied only after the timeout");
    assertTrue(client.listApprovals().isEmpty(), "a timed-out approval is gone");
  }

  @Test
  void shouldSignWithoutAskingUnderGrantScopedToTheExecutable() throws Exception {
    client.createGrant("grant-key", "/usr/bin/false", 60_000);
    final Process notCovered = sign(grantPub, "grant-other-exe");
    final ApprovalEntry stillAsks = awaitPending();
    client.decideApproval(stillAsks.id(), false, 0);
    assertTrue(notCovered.waitFor(20, TimeUnit.SECONDS));

    client.createGrant(
        "grant-key", RealTools.require("ssh-keygen", "openssh-client").toString(), 60_000);
    final Process granted = sign(grantPub, "granted");
    assertTrue(granted.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, granted.exitValue(), Files.readString(work.resolve("granted.log")));
  }

  @Test
  void shouldReadBackTheRememberTimeAndNotAskTheSameCallerAgainWithinIt() throws Exception {
    final SshKeyEntry key =
        client.sshKeygen("remember-key", SshKeyType.ED25519, 0, "Personal", "remember");
    final SshKeyEntry set =
        client.sshPolicy(
            "remember-key", new SshPolicy(ApprovalMode.ASK, List.of(), List.of(), 900_000));
    assertEquals(900_000, set.policy().rememberMs());
    assertEquals(900_000, client.sshPolicy("remember-key", null).policy().rememberMs());
    assertEquals(
        900_000,
        client.sshList(null).stream()
            .filter(k -> k.name().equals("remember-key"))
            .findFirst()
            .orElseThrow()
            .policy()
            .rememberMs());
    final Path pub = Files.writeString(work.resolve("remember.pub"), key.publicKey() + "\n");
    Thread.sleep(100); // the keyring picks the policy up on the conductor's next tick

    final Process first = sign(pub, "remember-1");
    client.decideApproval(awaitPending().id(), true, 0); // no --remember: the key's time applies
    assertTrue(first.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, first.exitValue(), Files.readString(work.resolve("remember-1.log")));

    final Process second = sign(pub, "remember-2");
    assertTrue(second.waitFor(20, TimeUnit.SECONDS), "answered without anyone deciding");
    assertEquals(0, second.exitValue(), Files.readString(work.resolve("remember-2.log")));
    assertTrue(client.listApprovals().isEmpty());
  }
}
