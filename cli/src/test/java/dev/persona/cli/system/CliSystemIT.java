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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code bin/persona} launcher against a real {@code bin/personad}, as a script uses it.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliSystemIT {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String SECRET = "s3cr3t-t0k3n-" + System.nanoTime();

  @RegisterExtension static final PersonaLauncher persona = new PersonaLauncher();

  @Test
  @Order(1)
  void shouldInitAddAndReadBackThroughTheLauncher() throws Exception {
    final DaemonProcess.Result init = persona.run(PASSWORD + "\n", "init", "--password-stdin");
    assertEquals(0, init.exitCode(), init.toString());
    final String item =
        "{\"name\":\"github\",\"type\":\"login\",\"fields\":{\"username\":\"octocat\",\"password\":\""
            + SECRET
            + "\"},\"urls\":[\"https://github.com/login\"],\"tags\":[\"dev\"]}";
    final DaemonProcess.Result added = persona.run(item, "item", "add", "--from-json", "-");
    assertEquals(0, added.exitCode(), added.toString());
    assertFalse(added.stdout().contains(SECRET), "item add never prints the secret");
    final DaemonProcess.Result read =
        persona.run(null, "read", "persona://Personal/github/password");
    assertEquals(0, read.exitCode(), read.toString());
    assertEquals(SECRET, read.stdout().strip());
  }

  @Test
  @Order(2)
  void shouldReportStatusAsJsonWithSocketsAndVersion() throws Exception {
    final DaemonProcess.Result status = persona.run(null, "status", "--format", "json");
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.stdout().contains("\"locked\":false"), status.stdout());
    assertTrue(
        status.stdout().contains("\"rpcSocket\":\"" + persona.daemon().rpcSocket()),
        status.stdout());
    assertTrue(
        status.stdout().contains("\"agentSocket\":\"" + persona.daemon().agentSocket()),
        status.stdout());
    assertTrue(status.stdout().contains("\"version\":"), status.stdout());
    // The launcher gives the CLI its JNI socket transport: the start-up figures depend on it.
    assertTrue(status.stdout().contains("\"transport\":\"native\""), status.stdout());
  }

  @Test
  @Order(2)
  void shouldCountTheItemsOfEachVaultInVaultList() throws Exception {
    final DaemonProcess.Result vaults = persona.run(null, "vault", "list", "--format", "json");
    assertEquals(0, vaults.exitCode(), vaults.toString());
    assertTrue(vaults.stdout().contains("\"name\":\"Personal\",\"itemCount\":1,"), vaults.stdout());
  }

  /**
   * Both commands start on the CLI's jlinked runtime from the AOT cache trained for them: with
   * {@code -XX:AOTMode=on} the JVM refuses to start unless the cache maps (a launcher flag the
   * training did not use, or another runtime, would make it exit 1), and the cache maps at the
   * address it was linked for (no relocation, cli/src/main/jvm/read.args).
   */
  @Test
  @Order(3)
  void shouldStartFromTheCacheTrainedForEachCommandWithoutRelocatingIt() throws Exception {
    final Map<String, String> strict =
        Map.of("PERSONA_JAVA_OPTIONS", "-XX:AOTMode=on -Xlog:aot=info:stderr");
    final DaemonProcess.Result read =
        persona.runWithEnv(strict, null, "read", "persona://Personal/github/password");
    assertEquals(0, read.exitCode(), read.toString());
    assertEquals(SECRET, read.stdout().strip());
    assertTrue(read.stderr().contains("Opened AOT cache "), read.stderr());
    assertTrue(read.stderr().contains("persona-read.aot"), read.stderr());
    assertTrue(read.stderr().contains("ArchiveRelocationMode: 0"), read.stderr());
    assertFalse(read.stderr().contains("Try to map archive(s) at an alternative"), read.stderr());
    final DaemonProcess.Result status = persona.runWithEnv(strict, null, "status");
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.stderr().contains("persona-cli.aot"), status.stderr());
  }

  @Test
  @Order(3)
  void shouldMaskSecretsInTheOutputOfRun() throws Exception {
    final DaemonProcess.Result run =
        persona.runWithEnv(
            Map.of("GITHUB_TOKEN", "persona://Personal/github/password"),
            null,
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
            persona.daemon().home().resolve("config.tpl"),
            "user={{ persona://Personal/github/username }}\npass={{ persona://Personal/github/password }}\n");
    final Path out = persona.daemon().home().resolve("config.out");
    final DaemonProcess.Result injected =
        persona.run(null, "inject", "-i", template.toString(), "-o", out.toString());
    assertEquals(0, injected.exitCode(), injected.toString());
    assertEquals("user=octocat\npass=" + SECRET + "\n", Files.readString(out));
  }

  @Test
  @Order(4)
  void shouldPutAndGetAnAttachmentThroughTheLauncher() throws Exception {
    final byte[] content = new byte[1_500_000];
    new java.util.Random(3).nextBytes(content);
    final Path file = Files.write(persona.daemon().home().resolve("id_backup.bin"), content);
    final DaemonProcess.Result put = persona.run(null, "attach", "put", "github", file.toString());
    assertEquals(0, put.exitCode(), put.toString());
    final Path out = persona.daemon().home().resolve("restored.bin");
    final DaemonProcess.Result get =
        persona.run(null, "attach", "get", "github", "id_backup.bin", "-o", out.toString());
    assertEquals(0, get.exitCode(), get.toString());
    org.junit.jupiter.api.Assertions.assertArrayEquals(content, Files.readAllBytes(out));
  }

  @Test
  @Order(5)
  void shouldImportEachNewFormatSoThatTotpAndAttachmentsWorkAgainstTheRealDaemon()
      throws Exception {
    final Path pux = OnePuxSample.write(persona.daemon().home());
    final Path csv = resource("onepassword_export.csv");
    final Path xml = resource("keepass_export.xml");
    for (final String vault : List.of("From1pux", "FromCsv", "FromXml")) {
      assertEquals(0, persona.run(null, "vault", "create", vault).exitCode(), vault);
    }
    final DaemonProcess.Result fromPux =
        persona.run(null, "import", pux.toString(), "--from", "1pux", "--vault", "From1pux");
    assertEquals(0, fromPux.exitCode(), fromPux.toString());
    assertTrue(
        fromPux.stdout().contains("imported 7 of 7 items, 2 of 2 attachments"), fromPux.toString());
    assertEquals(
        "hunter2",
        persona.run(null, "read", "persona://From1pux/GitHub/password").stdout().strip());
    assertTrue(
        persona
            .run(null, "read", "persona://From1pux/GitHub/totp?attribute=totp")
            .stdout()
            .strip()
            .matches("[0-9]{6}"));
    final Path passport = persona.daemon().home().resolve("passport.out");
    final DaemonProcess.Result attachment =
        persona.run(
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
        persona.run(
            null, "import", csv.toString(), "--from", "1password-csv", "--vault", "FromCsv");
    assertEquals(0, fromCsv.exitCode(), fromCsv.toString());
    assertTrue(
        persona
            .run(null, "read", "persona://FromCsv/GitHub/totp?attribute=totp")
            .stdout()
            .strip()
            .matches("[0-9]{6}"));

    final DaemonProcess.Result fromXml =
        persona.run(null, "import", xml.toString(), "--from", "keepass-xml", "--vault", "FromXml");
    assertEquals(0, fromXml.exitCode(), fromXml.toString());
    assertTrue(fromXml.stderr().contains("skipped: 'Old bank'"), fromXml.toString());
    // KeePass 2's TimeOtp-* fields became an otpauth URI the daemon reads: 8 digits, SHA-256
    final String code =
        persona.run(null, "read", "persona://FromXml/db01/totp?attribute=totp").stdout().strip();
    assertTrue(code.matches("[0-9]{8}"), code);
  }

  private static Path resource(final String name) throws IOException {
    try (InputStream in =
        CliSystemIT.class.getResourceAsStream("/dev/persona/cli/imports/" + name)) {
      return Files.write(persona.daemon().home().resolve(name), in.readAllBytes());
    }
  }

  @Test
  @Order(5)
  void shouldSuggestTheClosestItemNameWhenNotFound() throws Exception {
    final DaemonProcess.Result missing = persona.run(null, "item", "get", "gitub");
    assertEquals(3, missing.exitCode(), missing.toString());
    assertTrue(missing.stderr().contains("did you mean 'github'"), missing.toString());
  }

  @Test
  @Order(6)
  void shouldGenerateSshKeyAndServeItToSshAdd() throws Exception {
    final DaemonProcess.Result keygen = persona.run(null, "ssh", "keygen", "--name", "deploy");
    assertEquals(0, keygen.exitCode(), keygen.toString());
    final DaemonProcess.Result exported = persona.run(null, "ssh", "export", "deploy");
    assertEquals(0, exported.exitCode(), exported.toString());
    final String blob = exported.stdout().strip().split("\\s+")[1];
    final DaemonProcess.Result env = persona.run(null, "agent", "env");
    assertTrue(
        env.stdout()
            .contains(
                "SSH_AUTH_SOCK=" + persona.daemon().agentSocket() + "; export SSH_AUTH_SOCK;"),
        env.toString());
    final DaemonProcess.Result listed = persona.daemon().run(null, "ssh-add", "-L");
    assertTrue(listed.stdout().contains(blob), listed.toString());
  }

  @Test
  @Order(6)
  void shouldListApprovalsGrantAndReportUnknownApproval() throws Exception {
    final DaemonProcess.Result none = persona.run(null, "approvals", "--format", "json");
    assertEquals(0, none.exitCode(), none.toString());
    assertEquals("{\"approvals\":[]}", none.stdout().strip());
    final DaemonProcess.Result granted =
        persona.run(null, "grant", "--key", "deploy", "--for", "1h", "--exe", "/usr/bin/git");
    assertEquals(0, granted.exitCode(), granted.toString());
    assertTrue(granted.stdout().contains("to /usr/bin/git"), granted.toString());
    final DaemonProcess.Result unknown = persona.run(null, "approve", "0badc0de");
    assertEquals(3, unknown.exitCode(), unknown.toString());
  }

  @Test
  @Order(7)
  void shouldPromptForPasswordWithoutEchoOnARealTerminal() throws Exception {
    final Path script = RealTools.require("script", "bsdutils");
    assertEquals(0, persona.run(null, "lock").exitCode());
    final DaemonProcess.Result locked =
        persona.run(null, "read", "persona://Personal/github/password");
    assertEquals(4, locked.exitCode(), locked.toString());
    assertTrue(locked.stderr().contains("persona unlock"), locked.toString());

    // script(1) gives the launcher a real pseudo-terminal; we type only after the prompt appears,
    // so any echo would have to come from the terminal itself.
    final ProcessBuilder builder =
        new ProcessBuilder(
            script.toString(), "-q", "-e", "-c", persona.path() + " unlock", "/dev/null");
    builder.environment().putAll(persona.daemon().environment());
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
        SECRET, persona.run(null, "read", "persona://Personal/github/password").stdout().strip());
  }

  @Test
  @Order(8)
  void shouldExitWithWrongPasswordCode() throws Exception {
    assertEquals(0, persona.run(null, "lock").exitCode());
    final DaemonProcess.Result wrong =
        persona.run("not the password\n", "unlock", "--password-stdin");
    assertEquals(9, wrong.exitCode(), wrong.toString());
    assertEquals(0, persona.run(PASSWORD + "\n", "unlock", "--password-stdin").exitCode());
  }

  @Test
  @Order(9)
  void shouldVerifyTheAuditChainOfTheWholeSession() throws Exception {
    final DaemonProcess.Result verified = persona.run(null, "audit", "verify");
    assertEquals(0, verified.exitCode(), verified.toString());
  }

  @Test
  @Order(10)
  void shouldNeverLeakSecretsIntoDaemonLogOrProcessMetadata() throws Exception {
    final String log = persona.daemon().log();
    assertFalse(log.contains(SECRET), "secret in daemon log");
    assertFalse(log.contains(PASSWORD), "password in daemon log");
    final Path proc = Path.of("/proc", Long.toString(persona.daemon().pid()));
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
  @Order(10)
  void shouldHonourLimitsOfItemListAndSearchAndSayWhenMoreMatch() throws Exception {
    for (final String name : List.of("paging-a", "paging-b", "paging-c")) {
      final DaemonProcess.Result added =
          persona.run(
              "{\"name\":\"" + name + "\",\"type\":\"secure_note\",\"tags\":[\"paging\"]}",
              "item",
              "add",
              "--from-json",
              "-");
      assertEquals(0, added.exitCode(), added.toString());
    }
    final DaemonProcess.Result listed = persona.run(null, "item", "list", "--limit", "2");
    assertEquals(0, listed.exitCode(), listed.toString());
    assertEquals(2, listed.stdout().strip().lines().count(), listed.stdout());
    final DaemonProcess.Result found =
        persona.run(null, "item", "search", "paging", "--by", "tag", "--limit", "2");
    assertEquals(0, found.exitCode(), found.toString());
    assertEquals(2, found.stdout().strip().lines().count(), found.stdout());
    assertTrue(found.stderr().contains("more exist"), found.stderr());
    final DaemonProcess.Result all = persona.run(null, "item", "search", "paging", "--by", "tag");
    assertEquals(3, all.stdout().strip().lines().count(), all.stdout());
    assertFalse(all.stderr().contains("more exist"), all.stderr());
  }

  @Test
  @Order(11)
  void shouldReportDaemonUnreachableWithSocketPath() throws Exception {
    final Path elsewhere = Files.createTempDirectory(Path.of("/tmp"), "nodaemon");
    final DaemonProcess.Result unreachable =
        persona.runWithEnv(
            Map.of("PERSONA_RUNTIME_DIR", elsewhere.toString(), "PERSONA_NO_AUTOSTART", "1"),
            null,
            "read",
            "persona://Personal/github/password");
    assertEquals(7, unreachable.exitCode(), unreachable.toString());
    assertTrue(unreachable.stderr().contains(elsewhere.toString()), unreachable.toString());
  }

  @Test
  @Order(12)
  void shouldStopTheDaemonWithDaemonStop() throws Exception {
    final DaemonProcess.Result stopped = persona.run(null, "daemon", "stop");
    assertEquals(0, stopped.exitCode(), stopped.toString());
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (persona.daemon().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(persona.daemon().isAlive(), "daemon still running after `persona daemon stop`");
    assertFalse(Files.exists(persona.daemon().rpcSocket()), "socket removed on clean shutdown");
  }

  /**
   * A cache that no longer matches the CLI's jar (here: the jar looks rebuilt) costs start-up time
   * and nothing else: no JVM message reaches the stdout a script captures, or stderr.
   */
  @Test
  @Order(3)
  void shouldIgnoreAStaleCacheWithoutAWord() throws Exception {
    final Path jar = cliJar();
    final java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(jar);
    try {
      Files.setLastModifiedTime(
          jar, java.nio.file.attribute.FileTime.fromMillis(built.toMillis() + 60_000));
      final DaemonProcess.Result read =
          persona.run(null, "read", "persona://Personal/github/password");
      assertEquals(0, read.exitCode(), read.toString());
      assertEquals(SECRET + "\n", read.stdout());
      assertEquals("", read.stderr());
    } finally {
      Files.setLastModifiedTime(jar, built);
    }
  }

  private static Path cliJar() throws IOException {
    try (var jars =
        Files.newDirectoryStream(
            RealTools.repoRoot().resolve("cli/target"), "persona-cli-*[0-9T].jar")) {
      return jars.iterator().next();
    }
  }

  /**
   * A {@code read} with no daemon running starts {@code bin/personad}, found beside the CLI's jar
   * although {@code read} runs it from the boot class path (no code source): the restarted daemon
   * answers that the vault is locked.
   */
  @Test
  @Order(13)
  void shouldStartTheDaemonWhenReadFindsNoneRunning() throws Exception {
    assertFalse(Files.exists(persona.daemon().rpcSocket()), "a daemon still runs");
    try {
      final DaemonProcess.Result read =
          persona.run(null, "read", "persona://Personal/github/password");
      assertEquals(4, read.exitCode(), read.toString());
      assertTrue(read.stderr().contains("persona unlock"), read.toString());
      assertTrue(Files.exists(persona.daemon().rpcSocket()), "no daemon was started");
    } finally {
      final DaemonProcess.Result stopped = persona.run(null, "daemon", "stop");
      assertEquals(0, stopped.exitCode(), stopped.toString());
    }
  }
}
