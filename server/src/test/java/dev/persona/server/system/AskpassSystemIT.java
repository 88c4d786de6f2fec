package dev.persona.server.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real askpass script ({@code PERSONA_ASKPASS}) answers {@code ask} keys' signatures through the
 * real agent: it approves, denies, or is overtaken by {@code persona approve} or the timeout (and
 * then closed), while other connections keep signing.
 */
@Timeout(300)
class AskpassSystemIT {
  private static final long APPROVAL_TIMEOUT_MS = 6_000;
  private static DaemonProcess daemon;
  private static PersonaClient client;
  private static Path work;
  private static Path prompts;
  private static Path slowPid;
  private static Path message;

  @BeforeAll
  static void startDaemonWithAnAskpassScript() throws Exception {
    RealTools.require("ssh-keygen", "openssh-client");
    final Path base = Files.createTempDirectory(Path.of("/tmp"), "askpass");
    prompts = base.resolve("prompts.log");
    slowPid = base.resolve("slow.pid");
    // Decides by the key named in the prompt, as a person would by reading it.
    final Path script = base.resolve("askpass.sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        printf '%%s|%%s\\n' "$SSH_ASKPASS_PROMPT" "$1" >> %1$s
        case "$1" in
          *"'approve-key'"*) sleep 3; exit 0 ;;
          *"'yes-key'"*) echo yes; exit 0 ;;
          *"'deny-key'"*) exit 1 ;;
          *"'slow-key'"*) echo $$ > %2$s; exec sleep 120 ;;
        esac
        exit 1
        """
            .formatted(prompts, slowPid));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    daemon =
        DaemonProcess.start(
            "-Dpersona.approval.timeout.ms=" + APPROVAL_TIMEOUT_MS,
            List.of("env", "PERSONA_ASKPASS=" + script));
    work = Files.createDirectories(daemon.home().resolve("work"));
    client = PersonaClient.connect(daemon.rpcSocket(), "askpass-it");
    client.init("it-password".toCharArray(), "Personal", 0, 0, 0);
    for (final String name : List.of("approve-key", "yes-key", "deny-key", "slow-key")) {
      final SshKeyEntry key = client.sshKeygen(name, SshKeyType.ED25519, 0, "Personal", name);
      client.sshPolicy(name, new SshPolicy(ApprovalMode.ASK, List.of(), List.of(), 0));
      Files.writeString(work.resolve(name + ".pub"), key.publicKey() + "\n");
    }
    final SshKeyEntry free = client.sshKeygen("free-key", SshKeyType.ED25519, 0, "Personal", "f");
    Files.writeString(work.resolve("free-key.pub"), free.publicKey() + "\n");
    message = Files.writeString(work.resolve("message.txt"), "release v3\n");
    Thread.sleep(100); // the keyring picks the policies up on the conductor's next tick
    assertTrue(daemon.log().contains("approvals are also asked through askpass " + script));
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

  private static Process sign(final String key, final String tag) throws Exception {
    return AgentSigning.start(daemon, work, message, work.resolve(key + ".pub"), tag);
  }

  private static String log(final String tag) throws Exception {
    return Files.readString(work.resolve(tag + ".log"));
  }

  private static ApprovalEntry awaitPending(final String target) throws Exception {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (final ApprovalEntry entry : client.listApprovals()) {
        if (entry.target().equals(target)) {
          return entry;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no approval for " + target + " became pending");
  }

  private static boolean processGone(final long pid, final long timeoutMs) throws Exception {
    final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  @Test
  void shouldSignWhenAskpassApprovesWhileOtherConnectionsKeepSigning() throws Exception {
    final Process parked = sign("approve-key", "approved");
    awaitPending("approve-key");
    final List<Process> others = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      others.add(sign("free-key", "free-" + i));
    }
    for (int i = 0; i < others.size(); i++) {
      assertTrue(others.get(i).waitFor(20, TimeUnit.SECONDS));
      assertEquals(0, others.get(i).exitValue(), log("free-" + i));
    }
    assertTrue(parked.isAlive(), "the askpass is still thinking; only its request waits");
    assertTrue(parked.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, parked.exitValue(), log("approved"));
    final String asked = Files.readString(prompts);
    assertTrue(
        asked
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("confirm|Persona: allow ")
                        && l.contains("ssh-keygen (pid ")
                        && l.contains("to sign with SSH key 'approve-key'")),
        asked);
  }

  @Test
  void shouldSignWhenAskpassAnswersYes() throws Exception {
    final Process signer = sign("yes-key", "yes");
    assertTrue(signer.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, signer.exitValue(), log("yes"));
  }

  @Test
  void shouldFailTheSignatureWhenAskpassDenies() throws Exception {
    final Process signer = sign("deny-key", "denied");
    assertTrue(signer.waitFor(20, TimeUnit.SECONDS));
    assertNotEquals(0, signer.exitValue(), log("denied"));
    assertFalse(Files.exists(work.resolve("denied.txt.sig")));
  }

  @Test
  void shouldLetPersonaApproveOvertakeASlowAskpassAndCloseIt() throws Exception {
    Files.deleteIfExists(slowPid);
    final Process signer = sign("slow-key", "overtaken");
    final ApprovalEntry pending = awaitPending("slow-key");
    final long askpassPid = awaitPid();
    client.decideApproval(pending.id(), true, 0);
    assertTrue(signer.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, signer.exitValue(), log("overtaken"));
    assertTrue(processGone(askpassPid, 10_000), "the askpass window is closed once decided");
  }

  @Test
  void shouldStillDenyOnTimeoutWhenAskpassNeverAnswers() throws Exception {
    Files.deleteIfExists(slowPid);
    final long start = System.nanoTime();
    final Process signer = sign("slow-key", "timeout");
    awaitPending("slow-key");
    final long askpassPid = awaitPid();
    assertTrue(signer.waitFor(30, TimeUnit.SECONDS));
    assertNotEquals(0, signer.exitValue());
    assertTrue(
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= APPROVAL_TIMEOUT_MS - 100,
        "denied by the timeout");
    assertTrue(processGone(askpassPid, 10_000), "the askpass is closed on timeout");
  }

  private static long awaitPid() throws Exception {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (Files.exists(slowPid)) {
        final String text = Files.readString(slowPid).strip();
        if (!text.isEmpty()) {
          return Long.parseLong(text);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the slow askpass never started");
  }
}
