package dev.persona.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.ssh.SshPublicKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real OpenSSH clients ({@code ssh-add}, {@code ssh-keygen -Y}) against {@link SshAgentSession} and
 * {@link SessionKeyStore}, hosted on a JDK Unix socket by {@link UdsAgentHarness}.
 */
@Timeout(60)
class SshAgentRealPeerTest {
  private static final String LOCK_PASSWORD = "lock-pass-1";
  private static final String KEY_PASSPHRASE = "key-pass-1";
  private static final List<String> KEY_NAMES =
      List.of("id_ed25519", "id_ecdsa256", "id_ecdsa384", "id_ecdsa521", "id_rsa");

  @TempDir static Path keys;
  @TempDir Path home;

  private static Path sshAdd;
  private static Path sshKeygen;
  private final AtomicBoolean approve = new AtomicBoolean();
  private final AtomicInteger confirmations = new AtomicInteger();
  private ExecutorService signers;
  private SessionKeyStore store;
  private UdsAgentHarness harness;
  private Map<String, String> env;

  @BeforeAll
  static void generateKeys() throws Exception {
    sshAdd = OpenSshTools.require("ssh-add");
    sshKeygen = OpenSshTools.require("ssh-keygen");
    keygen("id_ed25519", "", "-t", "ed25519");
    keygen("id_ecdsa256", "", "-t", "ecdsa", "-b", "256");
    keygen("id_ecdsa384", "", "-t", "ecdsa", "-b", "384");
    keygen("id_ecdsa521", "", "-t", "ecdsa", "-b", "521");
    keygen("id_rsa", "", "-t", "rsa", "-b", "3072");
    keygen("id_protected", KEY_PASSPHRASE, "-t", "ed25519");
    keygen("id_rsa_pem", "", "-t", "rsa", "-b", "2048", "-m", "PEM");
  }

  private static void keygen(final String name, final String passphrase, final String... options)
      throws Exception {
    final List<String> command = new ArrayList<>(List.of(sshKeygen.toString(), "-q"));
    command.addAll(List.of(options));
    command.addAll(
        List.of("-N", passphrase, "-C", name + "@test", "-f", keys.resolve(name).toString()));
    OpenSshTools.runOk(command, Map.of());
  }

  @BeforeEach
  void startAgent() throws Exception {
    signers = Executors.newFixedThreadPool(2);
    store =
        new SessionKeyStore(
            SystemEpochClock.INSTANCE,
            signers,
            (session, identity, destination, decision) -> {
              confirmations.incrementAndGet();
              // Answer from another thread, as a real approval would.
              Thread.ofVirtual().start(() -> decision.onResult(approve.get()));
            },
            false);
    harness = new UdsAgentHarness(home.resolve("agent.sock"), () -> store);
    final Path askpass = home.resolve("askpass.sh");
    Files.writeString(askpass, "#!/bin/sh\ncat \"" + home.resolve("askpass.txt") + "\"\n");
    Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
    env = new HashMap<>();
    env.put("SSH_AUTH_SOCK", harness.socketPath().toString());
    env.put("HOME", home.toString());
    env.put("SSH_ASKPASS", askpass.toString());
    env.put("SSH_ASKPASS_REQUIRE", "force");
  }

  @AfterEach
  void stopAgent() throws Exception {
    harness.close();
    signers.shutdownNow();
    store.removeAll();
  }

  private OpenSshTools.Result sshAdd(final String... args) throws Exception {
    final List<String> command = new ArrayList<>(List.of(sshAdd.toString()));
    command.addAll(List.of(args));
    return OpenSshTools.run(command, env, null);
  }

  private String key(final String name) {
    return keys.resolve(name).toString();
  }

  private String fingerprint(final String name) throws Exception {
    return OpenSshTools.runOk(List.of(sshKeygen.toString(), "-lf", key(name) + ".pub"), Map.of())
        .stdout()
        .split(" ")[1];
  }

  @Test
  void shouldListKeysAddedBySshAddWithSshKeygenFingerprints() throws Exception {
    for (final String name : KEY_NAMES) {
      assertEquals(0, sshAdd(key(name)).exitCode(), name);
    }
    final String list = sshAdd("-l").stdout();
    final String lines = sshAdd("-L").stdout();
    for (final String name : KEY_NAMES) {
      assertTrue(list.contains(fingerprint(name)), () -> name + " missing from: " + list);
      final String pub = Files.readString(keys.resolve(name + ".pub")).trim();
      assertTrue(lines.contains(pub), () -> name + " line missing from: " + lines);
    }
    assertEquals(KEY_NAMES.size(), list.trim().split("\n").length);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"id_ed25519", "id_ecdsa256", "id_ecdsa384", "id_ecdsa521", "id_rsa", "id_rsa_pem"})
  void shouldSignWithSshKeygenThroughAgentAndVerify(final String name) throws Exception {
    assertEquals(0, sshAdd(key(name)).exitCode());
    final Path data = home.resolve("data.txt");
    Files.writeString(data, "signed through persona's agent code\n");
    // Only the public key is given: ssh-keygen must ask the agent to sign.
    final Path pubOnly = home.resolve(name + ".pub");
    Files.copy(keys.resolve(name + ".pub"), pubOnly);
    OpenSshTools.runOk(
        List.of(
            sshKeygen.toString(),
            "-Y",
            "sign",
            "-f",
            pubOnly.toString(),
            "-n",
            "file",
            data.toString()),
        env);
    final Path allowed = home.resolve("allowed_signers");
    Files.writeString(allowed, "signer@test " + Files.readString(pubOnly));
    final OpenSshTools.Result verify =
        OpenSshTools.run(
            List.of(
                sshKeygen.toString(),
                "-Y",
                "verify",
                "-f",
                allowed.toString(),
                "-I",
                "signer@test",
                "-n",
                "file",
                "-s",
                data + ".sig"),
            Map.of(),
            data);
    assertEquals(0, verify.exitCode(), verify.stderr() + verify.stdout());
    assertTrue(verify.stdout().contains("Good \"file\" signature"), verify.stdout());
  }

  @Test
  void shouldServeOthersWhileOneClientStallsMidFrame() throws Exception {
    sshAdd(key("id_ed25519"));
    try (java.nio.channels.SocketChannel staller =
        java.nio.channels.SocketChannel.open(
            java.net.UnixDomainSocketAddress.of(harness.socketPath()))) {
      // Half a length prefix, then nothing: that connection waits, nobody else does.
      staller.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0}));
      final OpenSshTools.Result list = sshAdd("-l");
      assertEquals(0, list.exitCode());
      assertTrue(list.stdout().contains(fingerprint("id_ed25519")));
    }
  }

  @Test
  void shouldRemoveOneKeyThenAll() throws Exception {
    sshAdd(key("id_ed25519"));
    sshAdd(key("id_ecdsa256"));
    assertEquals(0, sshAdd("-d", key("id_ed25519")).exitCode());
    final String afterOne = sshAdd("-l").stdout();
    assertTrue(
        !afterOne.contains(fingerprint("id_ed25519"))
            && afterOne.contains(fingerprint("id_ecdsa256")));
    assertNotEquals(0, sshAdd("-d", key("id_ed25519")).exitCode(), "removing twice must fail");
    assertEquals(0, sshAdd("-D").exitCode());
    final OpenSshTools.Result empty = sshAdd("-l");
    assertEquals(1, empty.exitCode());
    assertTrue(empty.stdout().contains("The agent has no identities."), empty.stdout());
  }

  @Test
  void shouldLockAndUnlockWithPassword() throws Exception {
    sshAdd(key("id_ed25519"));
    Files.writeString(home.resolve("askpass.txt"), LOCK_PASSWORD + "\n");
    assertEquals(0, sshAdd("-x").exitCode());
    assertTrue(store.isLocked());
    assertTrue(sshAdd("-l").stdout().contains("The agent has no identities."));
    assertNotEquals(0, sshAdd(key("id_ecdsa256")).exitCode(), "adding while locked must fail");
    Files.writeString(home.resolve("askpass.txt"), "wrong\n");
    assertNotEquals(0, sshAdd("-X").exitCode());
    Thread.sleep(150); // the store's back-off after a wrong password
    Files.writeString(home.resolve("askpass.txt"), LOCK_PASSWORD + "\n");
    final OpenSshTools.Result unlock = sshAdd("-X");
    assertEquals(0, unlock.exitCode(), unlock.stderr());
    assertTrue(sshAdd("-l").stdout().contains(fingerprint("id_ed25519")));
  }

  @Test
  void shouldForgetKeyWhenLifetimeEnds() throws Exception {
    assertEquals(0, sshAdd("-t", "1", key("id_ed25519")).exitCode());
    assertTrue(sshAdd("-l").stdout().contains(fingerprint("id_ed25519")));
    Thread.sleep(1300);
    assertTrue(sshAdd("-l").stdout().contains("The agent has no identities."));
  }

  @Test
  void shouldAskConfirmerBeforeEachUseOfConfirmKey() throws Exception {
    assertEquals(0, sshAdd("-c", key("id_ed25519")).exitCode());
    final Path data = home.resolve("data.txt");
    Files.writeString(data, "confirm me\n");
    final List<String> sign =
        List.of(
            sshKeygen.toString(),
            "-Y",
            "sign",
            "-f",
            key("id_ed25519") + ".pub",
            "-n",
            "file",
            data.toString());
    approve.set(false);
    assertNotEquals(0, OpenSshTools.run(sign, env, null).exitCode());
    approve.set(true);
    Files.deleteIfExists(Path.of(data + ".sig"));
    OpenSshTools.runOk(sign, env);
    assertEquals(2, confirmations.get());
  }

  @Test
  void shouldAddPassphraseProtectedKeyDecryptedBySshAdd() throws Exception {
    Files.writeString(home.resolve("askpass.txt"), KEY_PASSPHRASE + "\n");
    final OpenSshTools.Result add = sshAdd(key("id_protected"));
    assertEquals(0, add.exitCode(), add.stderr());
    assertTrue(sshAdd("-l").stdout().contains(fingerprint("id_protected")));
  }

  @Test
  void shouldAddCertificateNextToItsKey() throws Exception {
    final Path ca = home.resolve("ca");
    OpenSshTools.runOk(
        List.of(sshKeygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", ca.toString()),
        Map.of());
    final Path user = home.resolve("id_user");
    Files.copy(keys.resolve("id_ed25519"), user);
    Files.copy(keys.resolve("id_ed25519.pub"), Path.of(user + ".pub"));
    Files.setPosixFilePermissions(user, PosixFilePermissions.fromString("rw-------"));
    OpenSshTools.runOk(
        List.of(
            sshKeygen.toString(),
            "-q",
            "-s",
            ca.toString(),
            "-I",
            "cert-id",
            "-n",
            "alice",
            user + ".pub"),
        Map.of());
    final OpenSshTools.Result add = sshAdd(user.toString());
    assertEquals(0, add.exitCode(), add.stderr());
    assertTrue(add.stderr().contains("Certificate added"), add.stderr());
    final String lines = sshAdd("-L").stdout();
    final String certLine = Files.readString(Path.of(user + "-cert.pub")).trim();
    final byte[] certBlob = SshPublicKeys.parseAuthorizedKeysLine(certLine);
    assertTrue(lines.contains(SshPublicKeys.authorizedKeysLine(certBlob, null)), lines);
    assertEquals(2, lines.trim().split("\n").length);
  }

  @Test
  void shouldListDestinationRestrictedKeyLocallyButRefuseUnboundSignature() throws Exception {
    final Path knownHosts = home.resolve("known_hosts");
    Files.writeString(
        knownHosts, "example.test " + Files.readString(keys.resolve("id_ecdsa256.pub")));
    final OpenSshTools.Result add =
        sshAdd("-H", knownHosts.toString(), "-h", "example.test", key("id_ed25519"));
    assertEquals(0, add.exitCode(), add.stderr());
    assertTrue(sshAdd("-l").stdout().contains(fingerprint("id_ed25519")));
    final Path data = home.resolve("data.txt");
    Files.writeString(data, "not bound\n");
    final OpenSshTools.Result sign =
        OpenSshTools.run(
            List.of(
                sshKeygen.toString(),
                "-Y",
                "sign",
                "-f",
                key("id_ed25519") + ".pub",
                "-n",
                "file",
                data.toString()),
            env,
            null);
    assertNotEquals(
        0, sign.exitCode(), "a destination-restricted key must not sign on an unbound socket");
  }
}
