package dev.persona.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A throwaway OpenSSH {@code sshd} on a loopback port (own config, host key, authorized_keys;
 * started and stopped by this test) and the real {@code ssh} client logging in through the agent
 * code.
 */
@Timeout(120)
class SshdLoginTest {
  @TempDir static Path dir;

  private static Process sshd;
  private static int port;
  private static Path ssh;
  private static Path sshAdd;
  private static Path sshKeygen;
  private static Path hostKey;

  private ExecutorService signers;
  private SessionKeyStore store;
  private UdsAgentHarness harness;
  private Map<String, String> env;

  @BeforeAll
  static void startSshd() throws Exception {
    final Path sshdBinary = OpenSshTools.require("sshd");
    ssh = OpenSshTools.require("ssh");
    sshAdd = OpenSshTools.require("ssh-add");
    sshKeygen = OpenSshTools.require("ssh-keygen");
    if (!"root".equals(System.getProperty("user.name"))
        && !Files.isDirectory(Path.of("/run/sshd"))) {
      Assumptions.abort("sshd needs /run/sshd (privilege separation directory)");
    }
    Files.createDirectories(Path.of("/run/sshd"));
    hostKey = dir.resolve("host_ed25519");
    keygen(hostKey, "-t", "ed25519");
    keygen(dir.resolve("ca"), "-t", "ed25519");
    for (final String name : List.of("id_ed25519", "id_ecdsa", "id_rsa", "id_certonly")) {
      final String[] type =
          switch (name) {
            case "id_ecdsa" -> new String[] {"-t", "ecdsa"};
            case "id_rsa" -> new String[] {"-t", "rsa", "-b", "3072"};
            default -> new String[] {"-t", "ed25519"};
          };
      keygen(dir.resolve(name), type);
    }
    OpenSshTools.runOk(
        List.of(
            sshKeygen.toString(),
            "-q",
            "-s",
            dir.resolve("ca").toString(),
            "-I",
            "cert",
            "-n",
            System.getProperty("user.name"),
            dir.resolve("id_certonly.pub").toString()),
        Map.of());
    Files.writeString(
        dir.resolve("authorized_keys"),
        Files.readString(dir.resolve("id_ed25519.pub"))
            + Files.readString(dir.resolve("id_ecdsa.pub"))
            + Files.readString(dir.resolve("id_rsa.pub")));
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    final Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + hostKey,
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "TrustedUserCAKeys " + dir.resolve("ca.pub"),
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PermitRootLogin prohibit-password",
            "AllowAgentForwarding yes",
            "MaxStartups 100:30:200",
            "PrintMotd no",
            "LogLevel VERBOSE",
            ""));
    sshd =
        new ProcessBuilder(sshdBinary.toString(), "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        break;
      } catch (final IOException e) {
        if (!sshd.isAlive() || System.nanoTime() > deadline) {
          fail("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
        }
        Thread.sleep(50);
      }
    }
    Files.writeString(
        dir.resolve("known_hosts"),
        "[127.0.0.1]:" + port + " " + Files.readString(Path.of(hostKey + ".pub")));
  }

  private static void keygen(final Path file, final String... options) throws Exception {
    final List<String> command = new ArrayList<>(List.of(sshKeygen.toString(), "-q"));
    command.addAll(List.of(options));
    command.addAll(List.of("-N", "", "-C", file.getFileName().toString(), "-f", file.toString()));
    OpenSshTools.runOk(command, Map.of());
  }

  @AfterAll
  static void stopSshd() throws Exception {
    if (sshd != null) {
      sshd.destroy(); // this sshd's own pid only
      if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
        sshd.destroyForcibly();
      }
    }
  }

  @BeforeEach
  void startAgent() throws Exception {
    signers = Executors.newFixedThreadPool(2);
    store = new SessionKeyStore(SystemEpochClock.INSTANCE, signers, SshConfirmer.DENY, false);
    final Path home = Files.createTempDirectory(dir, "home");
    harness = new UdsAgentHarness(home.resolve("a.sock"), () -> store);
    env = new HashMap<>();
    env.put("SSH_AUTH_SOCK", harness.socketPath().toString());
    env.put("HOME", home.toString());
  }

  @AfterEach
  void stopAgent() throws Exception {
    harness.close();
    signers.shutdownNow();
    store.removeAll();
  }

  private List<String> sshCommand(final String... remote) {
    final List<String> command =
        new ArrayList<>(
            List.of(
                ssh.toString(),
                "-F",
                "/dev/null",
                "-o",
                "IdentityAgent=" + harness.socketPath(),
                "-o",
                "IdentitiesOnly=no",
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "UserKnownHostsFile=" + dir.resolve("known_hosts"),
                "-o",
                "GlobalKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR",
                "-p",
                Integer.toString(port)));
    command.addAll(List.of(remote));
    return command;
  }

  private String target() {
    return System.getProperty("user.name") + "@127.0.0.1";
  }

  private void add(final String... args) throws Exception {
    final List<String> command = new ArrayList<>(List.of(sshAdd.toString()));
    command.addAll(List.of(args));
    OpenSshTools.runOk(command, env);
  }

  @Test
  void shouldLogInWithEachKeyType() throws Exception {
    for (final String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
      add("-D");
      add(dir.resolve(name).toString());
      final OpenSshTools.Result result =
          OpenSshTools.run(sshCommand(target(), "echo", "hello-" + name), env, null);
      assertEquals(0, result.exitCode(), name + ": " + result.stderr());
      assertEquals("hello-" + name, result.stdout().trim());
    }
  }

  @Test
  void shouldLogInWithCertificate() throws Exception {
    add(dir.resolve("id_certonly").toString()); // adds the key and id_certonly-cert.pub
    final OpenSshTools.Result result =
        OpenSshTools.run(sshCommand(target(), "echo", "cert-ok"), env, null);
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals("cert-ok", result.stdout().trim());
  }

  @Test
  void shouldLogInWithDestinationRestrictedKeyOnlyToAllowedHost() throws Exception {
    final Path allowedHosts = dir.resolve("restrict_known_hosts");
    final Path otherHost = dir.resolve("other_host");
    if (!Files.exists(otherHost)) {
      keygen(otherHost, "-t", "ed25519");
    }
    Files.writeString(
        allowedHosts,
        "allowed.test "
            + Files.readString(Path.of(hostKey + ".pub"))
            + "other.test "
            + Files.readString(Path.of(otherHost + ".pub")));
    add("-H", allowedHosts.toString(), "-h", "allowed.test", dir.resolve("id_ed25519").toString());
    final OpenSshTools.Result allowed =
        OpenSshTools.run(sshCommand(target(), "echo", "allowed"), env, null);
    assertEquals(0, allowed.exitCode(), allowed.stderr());

    add("-D");
    add("-H", allowedHosts.toString(), "-h", "other.test", dir.resolve("id_ed25519").toString());
    final OpenSshTools.Result refused =
        OpenSshTools.run(sshCommand(target(), "echo", "refused"), env, null);
    assertNotEquals(0, refused.exitCode(), "key restricted to other.test must not log in here");
    assertTrue(refused.stderr().contains("Permission denied"), refused.stderr());
  }

  @Test
  void shouldForwardAgentToRemoteSshAdd() throws Exception {
    add(dir.resolve("id_ed25519").toString());
    final OpenSshTools.Result result =
        OpenSshTools.run(sshCommand("-A", target(), sshAdd.toString(), "-l"), env, null);
    assertEquals(0, result.exitCode(), result.stderr());
    final String fingerprint =
        OpenSshTools.runOk(
                List.of(sshKeygen.toString(), "-lf", dir.resolve("id_ed25519.pub").toString()),
                Map.of())
            .stdout()
            .split(" ")[1];
    assertTrue(result.stdout().contains(fingerprint), result.stdout());
  }

  @Test
  void shouldCloneGitRepositoryOverSsh() throws Exception {
    final Path git = OpenSshTools.require("git");
    final Path bare = dir.resolve("repo.git");
    if (!Files.exists(bare)) {
      OpenSshTools.runOk(
          List.of(git.toString(), "init", "-q", "--bare", bare.toString()), Map.of());
    }
    add(dir.resolve("id_ecdsa").toString());
    final Path clone = Files.createTempDirectory(dir, "clone").resolve("repo");
    final Map<String, String> gitEnv = new HashMap<>(env);
    gitEnv.put("GIT_SSH_COMMAND", String.join(" ", sshCommand()));
    final OpenSshTools.Result result =
        OpenSshTools.run(
            List.of(
                git.toString(),
                "clone",
                "-q",
                "ssh://" + target() + ":" + port + bare,
                clone.toString()),
            gitEnv,
            null);
    assertEquals(0, result.exitCode(), result.stderr());
    assertTrue(Files.isDirectory(clone.resolve(".git")));
  }

  @Test
  void shouldServeThirtyTwoParallelLogins() throws Exception {
    add(dir.resolve("id_ed25519").toString());
    final ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      final List<Future<OpenSshTools.Result>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        final int n = i;
        results.add(
            pool.submit(() -> OpenSshTools.run(sshCommand(target(), "echo", "p" + n), env, null)));
      }
      for (int i = 0; i < 32; i++) {
        final OpenSshTools.Result result = results.get(i).get(90, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), "login " + i + ": " + result.stderr());
        assertEquals("p" + i, result.stdout().trim());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
