package dev.persona.server.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.client.SshKeyEntry;
import dev.persona.schema.client.SshPolicy;
import dev.persona.schema.fb.ApprovalMode;
import dev.persona.schema.fb.SshKeyType;
import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import dev.persona.server.fixture.SshdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SSH agent inside a real personad, driven by OpenSSH's own tools: ssh-add, ssh-keygen -Y, ssh
 * into a throwaway sshd, agent forwarding, git over ssh, and parallel logins.
 */
@Timeout(300)
class AgentSystemIT {
  private static DaemonProcess daemon;
  private static Path work;
  private static final List<SshKeyEntry> VAULT_KEYS = new ArrayList<>();

  @BeforeAll
  static void startDaemonWithVaultKeys() throws Exception {
    RealTools.require("ssh-add", "openssh-client");
    RealTools.require("ssh-keygen", "openssh-client");
    daemon = DaemonProcess.start();
    work = Files.createDirectories(daemon.home().resolve("work"));
    try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "agent-it")) {
      client.init("it-password".toCharArray(), "Personal", 0, 0, 0);
      VAULT_KEYS.add(client.sshKeygen("ed", SshKeyType.ED25519, 0, "Personal", "ed@it"));
      VAULT_KEYS.add(client.sshKeygen("ec", SshKeyType.ECDSA, 256, "Personal", "ec@it"));
      VAULT_KEYS.add(client.sshKeygen("rsa", SshKeyType.RSA, 3072, "Personal", "rsa@it"));
    }
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    if (daemon != null) {
      final int status = daemon.stop();
      // 143 = terminated by SIGTERM after a clean shutdown hook run.
      assertTrue(
          status == 0 || status == 143, "personad exit status " + status + "\n" + daemon.log());
    }
  }

  @Test
  void shouldListEveryVaultKeyWithSshAdd() throws Exception {
    final DaemonProcess.Result listed = daemon.run(null, "ssh-add", "-L");
    assertEquals(0, listed.exitCode(), listed.toString());
    for (final SshKeyEntry key : VAULT_KEYS) {
      final String blob = key.publicKey().split(" ")[1];
      assertTrue(listed.stdout().contains(blob), "ssh-add -L lacks " + key.name() + "\n" + listed);
    }
    final DaemonProcess.Result fingerprints = daemon.run(null, "ssh-add", "-l");
    for (final SshKeyEntry key : VAULT_KEYS) {
      assertTrue(fingerprints.stdout().contains(key.fingerprint()), fingerprints.toString());
    }
  }

  @Test
  void shouldOfferAVaultKeyToTheAgentAsSoonAsKeygenAnswers() throws Exception {
    try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "agent-it")) {
      for (int i = 0; i < 5; i++) {
        final SshKeyEntry fresh =
            client.sshKeygen("fresh-" + i, SshKeyType.ED25519, 0, "Personal", "fresh@it");
        final byte[] blob = java.util.Base64.getDecoder().decode(fresh.publicKey().split(" ")[1]);
        assertTrue(
            agentIdentitiesContain(blob), "the agent lacks a key keygen already answered for");
        client.sshDelete(fresh.name());
        assertFalse(agentIdentitiesContain(blob), "the agent still offers a deleted key");
      }
    }
  }

  /** REQUEST_IDENTITIES on agent.sock, in-process (faster than ssh-add, so no race is hidden). */
  private static boolean agentIdentitiesContain(final byte[] blob) throws Exception {
    try (java.nio.channels.SocketChannel agent =
        java.nio.channels.SocketChannel.open(
            java.net.UnixDomainSocketAddress.of(daemon.agentSocket()))) {
      agent.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 11}));
      final java.nio.ByteBuffer length = java.nio.ByteBuffer.allocate(4);
      while (length.hasRemaining() && agent.read(length) >= 0) {}
      final java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(length.getInt(0));
      while (body.hasRemaining() && agent.read(body) >= 0) {}
      body.flip();
      assertEquals(12, body.get(), "IDENTITIES_ANSWER");
      final int count = body.getInt();
      for (int k = 0; k < count; k++) {
        final byte[] key = new byte[body.getInt()];
        body.get(key);
        final int commentLength = body.getInt();
        body.position(body.position() + commentLength);
        if (java.util.Arrays.equals(key, blob)) {
          return true;
        }
      }
      return false;
    }
  }

  @Test
  void shouldSignWithEveryKeyTypeThroughSshKeygenAndVerify() throws Exception {
    for (final SshKeyEntry key : VAULT_KEYS) {
      final DaemonProcess.Result signed = signWithSshKeygen(key);
      assertEquals(0, signed.exitCode(), key.name() + ": " + signed);
      assertVerifiesWithSshKeygen(key);
    }
  }

  @Test
  void shouldRefuseEveryVaultKeyWhileTheVaultIsLockedAndSignAgainOnceUnlocked() throws Exception {
    try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "agent-it")) {
      client.lock();
      try {
        // The keys were zeroed before lock answered: nothing to offer, nothing to sign with.
        final DaemonProcess.Result listed = daemon.run(null, "ssh-add", "-L");
        for (final SshKeyEntry key : VAULT_KEYS) {
          assertFalse(listed.stdout().contains(key.publicKey().split(" ")[1]), listed.toString());
          final DaemonProcess.Result refused = signWithSshKeygen(key);
          assertNotEquals(0, refused.exitCode(), key.name() + " signed while locked: " + refused);
        }
      } finally {
        client.unlock("it-password".toCharArray());
      }
      for (final SshKeyEntry key : VAULT_KEYS) {
        final DaemonProcess.Result signed = signWithSshKeygen(key);
        assertEquals(0, signed.exitCode(), key.name() + " after unlock: " + signed);
        assertVerifiesWithSshKeygen(key);
      }
    }
  }

  private static Path message() throws Exception {
    return Files.writeString(work.resolve("message.txt"), "release v1 is good\n");
  }

  /** {@code ssh-keygen -Y sign} of {@link #message()} through the agent; leaves message.txt.sig. */
  private static DaemonProcess.Result signWithSshKeygen(final SshKeyEntry key) throws Exception {
    final Path message = message();
    final Path pub = Files.writeString(work.resolve(key.name() + ".pub"), key.publicKey() + "\n");
    Files.deleteIfExists(Path.of(message + ".sig"));
    return daemon.run(
        null, "ssh-keygen", "-Y", "sign", "-f", pub.toString(), "-n", "file", message.toString());
  }

  private static void assertVerifiesWithSshKeygen(final SshKeyEntry key) throws Exception {
    final Path message = message();
    final Path allowed =
        Files.writeString(work.resolve("allowed_signers"), "signer " + key.publicKey() + "\n");
    final DaemonProcess.Result verified =
        daemon.run(
            Files.readString(message),
            "ssh-keygen",
            "-Y",
            "verify",
            "-f",
            allowed.toString(),
            "-I",
            "signer",
            "-n",
            "file",
            "-s",
            message + ".sig");
    assertEquals(0, verified.exitCode(), key.name() + ": " + verified);
    assertTrue(verified.stdout().contains("Good"), verified.toString());
  }

  @Test
  void shouldAddListAndRemoveSessionKeysWithSshAdd() throws Exception {
    final Path key = work.resolve("session_ed25519");
    Files.deleteIfExists(key);
    Files.deleteIfExists(Path.of(key + ".pub"));
    assertEquals(
        0,
        daemon
            .run(
                null,
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "session@it",
                "-f",
                key.toString())
            .exitCode());
    final DaemonProcess.Result added = daemon.run(null, "ssh-add", "-t", "600", key.toString());
    assertEquals(0, added.exitCode(), added.toString());
    assertTrue(daemon.run(null, "ssh-add", "-l").stdout().contains("session@it"));

    final DaemonProcess.Result removed = daemon.run(null, "ssh-add", "-d", key.toString());
    assertEquals(0, removed.exitCode(), removed.toString());
    assertFalse(daemon.run(null, "ssh-add", "-l").stdout().contains("session@it"));

    assertEquals(0, daemon.run(null, "ssh-add", key.toString()).exitCode());
    assertEquals(0, daemon.run(null, "ssh-add", "-D").exitCode());
    final String afterRemoveAll = daemon.run(null, "ssh-add", "-l").stdout();
    assertFalse(afterRemoveAll.contains("session@it"), afterRemoveAll);
    assertTrue(
        afterRemoveAll.contains(VAULT_KEYS.get(0).fingerprint()),
        "ssh-add -D removes session keys only; vault keys stay\n" + afterRemoveAll);
  }

  @Test
  void shouldRefuseToRemoveVaultKeyThroughSshAdd() throws Exception {
    final Path pub =
        Files.writeString(work.resolve("vault-ed.pub"), VAULT_KEYS.get(0).publicKey() + "\n");
    final DaemonProcess.Result removed = daemon.run(null, "ssh-add", "-d", pub.toString());
    assertNotEquals(0, removed.exitCode(), removed.toString());
    assertTrue(
        daemon.run(null, "ssh-add", "-l").stdout().contains(VAULT_KEYS.get(0).fingerprint()));
  }

  @Test
  void shouldLockAndUnlockAgentWithPassphrase() throws Exception {
    final Path askpass = work.resolve("askpass.sh");
    Files.writeString(askpass, "#!/bin/sh\necho lock-passphrase\n");
    Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
    final List<String> env =
        List.of("env", "SSH_ASKPASS=" + askpass, "SSH_ASKPASS_REQUIRE=force", "DISPLAY=:0");
    final DaemonProcess.Result locked = daemon.run(null, concat(env, "ssh-add", "-x"));
    assertEquals(0, locked.exitCode(), locked.toString());
    final DaemonProcess.Result whileLocked = daemon.run(null, "ssh-add", "-l");
    assertFalse(
        whileLocked.stdout().contains(VAULT_KEYS.get(0).fingerprint()), whileLocked.toString());
    final DaemonProcess.Result unlocked = daemon.run(null, concat(env, "ssh-add", "-X"));
    assertEquals(0, unlocked.exitCode(), unlocked.toString());
    assertTrue(
        daemon.run(null, "ssh-add", "-l").stdout().contains(VAULT_KEYS.get(0).fingerprint()));
  }

  @Test
  void shouldLogIntoRealSshdWithEveryKeyTypeAndForwardTheAgent() throws Exception {
    try (SshdProcess sshd = SshdProcess.start(List.of())) {
      for (final SshKeyEntry key : VAULT_KEYS) {
        final Path sshdDir = sshd.dir();
        Files.writeString(sshdDir.resolve("authorized_keys"), key.publicKey() + "\n");
        final DaemonProcess.Result login =
            daemon.run(null, sshd.sshCommand(daemon.agentSocket(), "echo", "logged-in"));
        assertEquals(0, login.exitCode(), key.name() + ": " + login);
        assertTrue(login.stdout().contains("logged-in"), login.toString());
      }
      final List<String> forwarded = new ArrayList<>(sshd.sshCommand(daemon.agentSocket()));
      forwarded.add(1, "-A");
      forwarded.add("ssh-add -l");
      final DaemonProcess.Result remote = daemon.run(null, forwarded);
      assertEquals(0, remote.exitCode(), remote.toString());
      assertTrue(
          remote.stdout().contains(VAULT_KEYS.get(2).fingerprint()),
          "forwarded agent lists the vault key\n" + remote);
    }
  }

  @Test
  void shouldOfferHostRestrictedKeyOnlyToTheHostItNames() throws Exception {
    try (SshdProcess allowed = SshdProcess.start(List.of());
        SshdProcess other = SshdProcess.start(List.of());
        PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "agent-it")) {
      final SshKeyEntry key =
          client.sshKeygen("restricted", SshKeyType.ED25519, 0, "Personal", "restricted@it");
      client.sshPolicy(
          "restricted", new SshPolicy(ApprovalMode.ALLOW, List.of(), List.of("allowed.test"), 0));
      // known_hosts names the first server's host key "allowed.test"; the second is unnamed.
      Files.writeString(daemon.knownHostsFile(), "allowed.test " + allowed.hostPublicKey() + "\n");
      for (final SshdProcess sshd : List.of(allowed, other)) {
        Files.writeString(sshd.dir().resolve("authorized_keys"), key.publicKey() + "\n");
      }
      Thread.sleep(100); // the keyring reloads on the conductor's next tick
      final DaemonProcess.Result toAllowed =
          daemon.run(null, allowed.sshCommand(daemon.agentSocket(), "true"));
      assertEquals(0, toAllowed.exitCode(), "allowed host: " + toAllowed);
      final DaemonProcess.Result toOther =
          daemon.run(null, other.sshCommand(daemon.agentSocket(), "true"));
      assertNotEquals(0, toOther.exitCode(), "a host the policy does not name: " + toOther);
      assertFalse(
          daemon.run(null, "ssh-add", "-l").stdout().contains(key.fingerprint()),
          "an unbound connection (ssh-add) is not offered a host-restricted key");
      client.sshDelete("restricted");
    }
  }

  @Test
  void shouldCloneGitRepositoryOverSshThroughTheAgent() throws Exception {
    RealTools.require("git", "git");
    final Path origin = work.resolve("origin.git");
    final Path seed = work.resolve("seed");
    assertEquals(0, daemon.run(null, "git", "init", "-q", "--bare", origin.toString()).exitCode());
    assertEquals(0, daemon.run(null, "git", "init", "-q", seed.toString()).exitCode());
    Files.writeString(seed.resolve("README"), "hello from persona\n");
    final List<String> git =
        List.of(
            "git",
            "-C",
            seed.toString(),
            "-c",
            "user.name=it",
            "-c",
            "user.email=it@example.invalid");
    assertEquals(0, daemon.run(null, concat(git, "add", "README")).exitCode());
    assertEquals(0, daemon.run(null, concat(git, "commit", "-q", "-m", "seed")).exitCode());
    assertEquals(
        0, daemon.run(null, concat(git, "push", "-q", origin.toString(), "HEAD:main")).exitCode());
    try (SshdProcess sshd = SshdProcess.start(List.of())) {
      sshd.authorize(VAULT_KEYS.get(0).publicKey());
      final String sshCommand =
          String.join(" ", sshd.sshOptions(daemon.agentSocket())).replace(" -p " + sshd.port(), "");
      final Path clone = work.resolve("clone");
      final DaemonProcess.Result cloned =
          daemon.run(
              null,
              "env",
              "GIT_SSH_COMMAND=" + sshCommand,
              "git",
              "clone",
              "-q",
              "-b",
              "main",
              "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + sshd.port() + origin,
              clone.toString());
      assertEquals(0, cloned.exitCode(), cloned.toString());
      assertEquals("hello from persona\n", Files.readString(clone.resolve("README")));
    }
  }

  @Test
  void shouldServe32ParallelSshLoginsWithoutFailure() throws Exception {
    try (SshdProcess sshd = SshdProcess.start(List.of())) {
      sshd.authorize(VAULT_KEYS.get(0).publicKey());
      final ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        final List<Future<DaemonProcess.Result>> logins = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          logins.add(
              pool.submit(() -> daemon.run(null, sshd.sshCommand(daemon.agentSocket(), "true"))));
        }
        for (final Future<DaemonProcess.Result> login : logins) {
          final DaemonProcess.Result result = login.get();
          assertEquals(0, result.exitCode(), result.toString());
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static List<String> concat(final List<String> head, final String... tail) {
    final List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }
}
