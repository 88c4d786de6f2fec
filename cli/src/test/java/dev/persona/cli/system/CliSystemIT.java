package dev.persona.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.cli.imports.OnePuxSample;
import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The real {@code bin/persona} launcher against a real {@code bin/personad}, as a script uses it.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliSystemIT {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String SECRET = "s3cr3t-t0k3n-" + System.nanoTime();
  private static DaemonProcess daemon;
  private static String persona;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = DaemonProcess.start();
    persona = RealTools.repoRoot().resolve("bin/persona").toString();
  }

  @AfterAll
  static void stopDaemon() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static DaemonProcess.Result persona(final String stdin, final String... args)
      throws IOException, InterruptedException {
    final List<String> command = new ArrayList<>();
    command.add(persona);
    command.addAll(List.of(args));
    return daemon.run(stdin, command);
  }

  @Test
  @Order(1)
  void shouldInitAddAndReadBackThroughTheLauncher() throws Exception {
    final DaemonProcess.Result init = persona(PASSWORD + "\n", "init", "--password-stdin");
    assertEquals(0, init.exitCode(), init.toString());
    final String item =
        "{\"name\":\"github\",\"type\":\"login\",\"fields\":{\"username\":\"octocat\",\"password\":\""
            + SECRET
            + "\"},\"urls\":[\"https://github.com/login\"],\"tags\":[\"dev\"]}";
    final DaemonProcess.Result added = persona(item, "item", "add", "--from-json", "-");
    assertEquals(0, added.exitCode(), added.toString());
    assertFalse(added.stdout().contains(SECRET), "item add never prints the secret");
    final DaemonProcess.Result read = persona(null, "read", "persona://Personal/github/password");
    assertEquals(0, read.exitCode(), read.toString());
    assertEquals(SECRET, read.stdout().strip());
  }

  @Test
  @Order(2)
  void shouldReportStatusAsJsonWithSocketsAndVersion() throws Exception {
    final DaemonProcess.Result status = persona(null, "status", "--format", "json");
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.stdout().contains("\"locked\":false"), status.stdout());
    assertTrue(status.stdout().contains("\"rpcSocket\":\"" + daemon.rpcSocket()), status.stdout());
    assertTrue(
        status.stdout().contains("\"agentSocket\":\"" + daemon.agentSocket()), status.stdout());
    assertTrue(status.stdout().contains("\"version\":"), status.stdout());
    // The launcher gives the CLI its JNI socket transport: the start-up figures depend on it.
    assertTrue(status.stdout().contains("\"transport\":\"native\""), status.stdout());
  }

  @Test
  @Order(3)
  void shouldMaskSecretsInTheOutputOfRun() throws Exception {
    final DaemonProcess.Result run =
        daemon.run(
            null,
            "env",
            "GITHUB_TOKEN=persona://Personal/github/password",
            persona,
            "run",
            "--",
            "sh",
            "-c",
            "echo token=$GITHUB_TOKEN; test \"$GITHUB_TOKEN\" = '" + SECRET + "' && echo resolved");
    assertEquals(0, run.exitCode(), run.toString());
    assertFalse(run.stdout().contains(SECRET), "secret leaked through run:\n" + run);
    assertTrue(run.stdout().contains("resolved"), "child saw the real value:\n" + run);
    assertTrue(run.stdout().contains("token=<concealed by persona>"), run.toString());
  }

  @Test
  @Order(4)
  void shouldInjectReferencesIntoTemplate() throws Exception {
    final Path template =
        Files.writeString(
            daemon.home().resolve("config.tpl"),
            "user={{ persona://Personal/github/username }}\npass={{ persona://Personal/github/password }}\n");
    final Path out = daemon.home().resolve("config.out");
    final DaemonProcess.Result injected =
        persona(null, "inject", "-i", template.toString(), "-o", out.toString());
    assertEquals(0, injected.exitCode(), injected.toString());
    assertEquals("user=octocat\npass=" + SECRET + "\n", Files.readString(out));
  }

  @Test
  @Order(4)
  void shouldPutAndGetAnAttachmentThroughTheLauncher() throws Exception {
    final byte[] content = new byte[1_500_000];
    new java.util.Random(3).nextBytes(content);
    final Path file = Files.write(daemon.home().resolve("id_backup.bin"), content);
    final DaemonProcess.Result put = persona(null, "attach", "put", "github", file.toString());
    assertEquals(0, put.exitCode(), put.toString());
    final Path out = daemon.home().resolve("restored.bin");
    final DaemonProcess.Result get =
        persona(null, "attach", "get", "github", "id_backup.bin", "-o", out.toString());
    assertEquals(0, get.exitCode(), get.toString());
    org.junit.jupiter.api.Assertions.assertArrayEquals(content, Files.readAllBytes(out));
  }

  @Test
  @Order(5)
  void shouldImportEachNewFormatSoThatTotpAndAttachmentsWorkAgainstTheRealDaemon()
      throws Exception {
    final Path pux = OnePuxSample.write(daemon.home());
    final Path csv = resource("onepassword_export.csv");
    final Path xml = resource("keepass_export.xml");
    for (final String vault : List.of("From1pux", "FromCsv", "FromXml")) {
      assertEquals(0, persona(null, "vault", "create", vault).exitCode(), vault);
    }
    final DaemonProcess.Result fromPux =
        persona(null, "import", pux.toString(), "--from", "1pux", "--vault", "From1pux");
    assertEquals(0, fromPux.exitCode(), fromPux.toString());
    assertTrue(
        fromPux.stdout().contains("imported 7 of 7 items, 2 of 2 attachments"), fromPux.toString());
    assertEquals(
        "hunter2", persona(null, "read", "persona://From1pux/GitHub/password").stdout().strip());
    assertTrue(
        persona(null, "read", "persona://From1pux/GitHub/totp?attribute=totp")
            .stdout()
            .strip()
            .matches("[0-9]{6}"));
    final Path passport = daemon.home().resolve("passport.out");
    final DaemonProcess.Result attachment =
        persona(
            null,
            "attach",
            "get",
            "Passport scan",
            "passport.txt",
            "--vault",
            "From1pux",
            "-o",
            passport.toString());
    assertEquals(0, attachment.exitCode(), attachment.toString());
    assertEquals("Passport no. X1234567\nJane Doe\n", Files.readString(passport));

    final DaemonProcess.Result fromCsv =
        persona(null, "import", csv.toString(), "--from", "1password-csv", "--vault", "FromCsv");
    assertEquals(0, fromCsv.exitCode(), fromCsv.toString());
    assertTrue(
        persona(null, "read", "persona://FromCsv/GitHub/totp?attribute=totp")
            .stdout()
            .strip()
            .matches("[0-9]{6}"));

    final DaemonProcess.Result fromXml =
        persona(null, "import", xml.toString(), "--from", "keepass-xml", "--vault", "FromXml");
    assertEquals(0, fromXml.exitCode(), fromXml.toString());
    assertTrue(fromXml.stderr().contains("skipped: 'Old bank'"), fromXml.toString());
    // KeePass 2's TimeOtp-* fields became an otpauth URI the daemon reads: 8 digits, SHA-256
    final String code =
        persona(null, "read", "persona://FromXml/db01/totp?attribute=totp").stdout().strip();
    assertTrue(code.matches("[0-9]{8}"), code);
  }

  private static Path resource(final String name) throws IOException {
    try (InputStream in =
        CliSystemIT.class.getResourceAsStream("/dev/persona/cli/imports/" + name)) {
      return Files.write(daemon.home().resolve(name), in.readAllBytes());
    }
  }

  @Test
  @Order(5)
  void shouldSuggestTheClosestItemNameWhenNotFound() throws Exception {
    final DaemonProcess.Result missing = persona(null, "item", "get", "gitub");
    assertEquals(3, missing.exitCode(), missing.toString());
    assertTrue(missing.stderr().contains("did you mean 'github'"), missing.toString());
  }

  @Test
  @Order(6)
  void shouldGenerateSshKeyAndServeItToSshAdd() throws Exception {
    final DaemonProcess.Result keygen = persona(null, "ssh", "keygen", "--name", "deploy");
    assertEquals(0, keygen.exitCode(), keygen.toString());
    final DaemonProcess.Result exported = persona(null, "ssh", "export", "deploy");
    assertEquals(0, exported.exitCode(), exported.toString());
    final String blob = exported.stdout().strip().split("\\s+")[1];
    final DaemonProcess.Result env = persona(null, "agent", "env");
    assertTrue(
        env.stdout().contains("SSH_AUTH_SOCK=" + daemon.agentSocket() + "; export SSH_AUTH_SOCK;"),
        env.toString());
    final DaemonProcess.Result listed = daemon.run(null, "ssh-add", "-L");
    assertTrue(listed.stdout().contains(blob), listed.toString());
  }

  @Test
  @Order(6)
  void shouldListApprovalsGrantAndReportUnknownApproval() throws Exception {
    final DaemonProcess.Result none = persona(null, "approvals", "--format", "json");
    assertEquals(0, none.exitCode(), none.toString());
    assertEquals("{\"approvals\":[]}", none.stdout().strip());
    final DaemonProcess.Result granted =
        persona(null, "grant", "--key", "deploy", "--for", "1h", "--exe", "/usr/bin/git");
    assertEquals(0, granted.exitCode(), granted.toString());
    assertTrue(granted.stdout().contains("to /usr/bin/git"), granted.toString());
    final DaemonProcess.Result unknown = persona(null, "approve", "0badc0de");
    assertEquals(3, unknown.exitCode(), unknown.toString());
  }

  @Test
  @Order(7)
  void shouldPromptForPasswordWithoutEchoOnARealTerminal() throws Exception {
    final Path script = RealTools.require("script", "bsdutils");
    assertEquals(0, persona(null, "lock").exitCode());
    final DaemonProcess.Result locked = persona(null, "read", "persona://Personal/github/password");
    assertEquals(4, locked.exitCode(), locked.toString());
    assertTrue(locked.stderr().contains("persona unlock"), locked.toString());

    // script(1) gives the launcher a real pseudo-terminal; we type only after the prompt appears,
    // so any echo would have to come from the terminal itself.
    final ProcessBuilder builder =
        new ProcessBuilder(script.toString(), "-q", "-e", "-c", persona + " unlock", "/dev/null");
    builder.environment().putAll(daemon.environment());
    builder.redirectErrorStream(true);
    final Process terminal = builder.start();
    final StringBuilder screen = new StringBuilder();
    final InputStream out = terminal.getInputStream();
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!screen.toString().toLowerCase(java.util.Locale.ROOT).contains("password")
        && System.nanoTime() < deadline) {
      final int b = out.read();
      if (b < 0) {
        break;
      }
      screen.append((char) b);
    }
    assertTrue(
        screen.toString().toLowerCase(java.util.Locale.ROOT).contains("password"),
        screen.toString());
    Thread.sleep(
        300); // the prompt is printed before echo is switched off; let readPassword get there
    final OutputStream in = terminal.getOutputStream();
    in.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    screen.append(new String(out.readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(terminal.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, terminal.exitValue(), screen.toString());
    assertFalse(screen.toString().contains(PASSWORD), "password echoed:\n" + screen);
    assertEquals(
        SECRET, persona(null, "read", "persona://Personal/github/password").stdout().strip());
  }

  @Test
  @Order(8)
  void shouldExitWithWrongPasswordCode() throws Exception {
    assertEquals(0, persona(null, "lock").exitCode());
    final DaemonProcess.Result wrong = persona("not the password\n", "unlock", "--password-stdin");
    assertEquals(9, wrong.exitCode(), wrong.toString());
    assertEquals(0, persona(PASSWORD + "\n", "unlock", "--password-stdin").exitCode());
  }

  @Test
  @Order(9)
  void shouldVerifyTheAuditChainOfTheWholeSession() throws Exception {
    final DaemonProcess.Result verified = persona(null, "audit", "verify");
    assertEquals(0, verified.exitCode(), verified.toString());
  }

  @Test
  @Order(10)
  void shouldNeverLeakSecretsIntoDaemonLogOrProcessMetadata() throws Exception {
    final String log = daemon.log();
    assertFalse(log.contains(SECRET), "secret in daemon log");
    assertFalse(log.contains(PASSWORD), "password in daemon log");
    final Path proc = Path.of("/proc", Long.toString(daemon.pid()));
    if (Files.exists(proc)) {
      // The launcher execs java, so the pid is the JVM's.
      for (final String file : List.of("cmdline", "environ")) {
        final String content =
            new String(Files.readAllBytes(proc.resolve(file)), StandardCharsets.UTF_8);
        assertFalse(content.contains(SECRET), "secret in /proc/<daemon>/" + file);
        assertFalse(content.contains(PASSWORD), "password in /proc/<daemon>/" + file);
      }
    }
  }

  @Test
  @Order(11)
  void shouldReportDaemonUnreachableWithSocketPath() throws Exception {
    final Path elsewhere = Files.createTempDirectory(Path.of("/tmp"), "nodaemon");
    final DaemonProcess.Result unreachable =
        daemon.run(
            null,
            "env",
            "PERSONA_RUNTIME_DIR=" + elsewhere,
            "PERSONA_NO_AUTOSTART=1",
            persona,
            "read",
            "persona://Personal/github/password");
    assertEquals(7, unreachable.exitCode(), unreachable.toString());
    assertTrue(unreachable.stderr().contains(elsewhere.toString()), unreachable.toString());
  }

  @Test
  @Order(12)
  void shouldStopTheDaemonWithDaemonStop() throws Exception {
    final DaemonProcess.Result stopped = persona(null, "daemon", "stop");
    assertEquals(0, stopped.exitCode(), stopped.toString());
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (daemon.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(daemon.isAlive(), "daemon still running after `persona daemon stop`");
    assertFalse(Files.exists(daemon.rpcSocket()), "socket removed on clean shutdown");
  }
}
