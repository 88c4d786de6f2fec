package dev.persona.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code persona vault policy} through the real launcher and daemon: a deny vault makes {@code
 * read} exit 5, {@code vault list} shows the policy, tightening applies at once and loosening waits
 * until {@code persona approve|deny} answers from another terminal.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliVaultPolicySystemIT {
  private static final String SECRET = "vault-guarded-" + System.nanoTime();
  private static final String REF = "persona://Work/db/password";
  private static final Pattern WAITING = Pattern.compile("waiting for approval ([0-9a-f]+) ");
  private static DaemonProcess daemon;
  private static String persona;

  @BeforeAll
  static void startDaemonWithAVaultAndAnItem() throws Exception {
    daemon = DaemonProcess.start("-Dpersona.approval.timeout.ms=20000");
    persona = RealTools.repoRoot().resolve("bin/persona").toString();
    assertEquals(0, daemon.run("pw\n", persona, "init", "--password-stdin").exitCode());
    assertEquals(0, persona(null, "vault", "create", "Work").exitCode());
    final DaemonProcess.Result added =
        daemon.run(
            "{\"name\":\"db\",\"type\":\"login\",\"fields\":{\"username\":\"svc\",\"password\":\""
                + SECRET
                + "\"}}",
            persona,
            "item",
            "add",
            "--vault",
            "Work",
            "--from-json",
            "-");
    assertEquals(0, added.exitCode(), added.toString());
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

  /** A command left running, as in a terminal: its stderr is read line by line as it comes. */
  private record Waiting(
      Process process, Path stdout, CompletableFuture<String> id, StringBuffer err) {
    int exit() throws InterruptedException {
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "finished");
      return process.exitValue();
    }

    String out() throws IOException {
      return Files.readString(stdout);
    }

    String announced() throws Exception {
      final String approval = id.get(20, TimeUnit.SECONDS);
      assertTrue(approval != null, "no waiting notice on stderr: " + err);
      return approval;
    }
  }

  private static Waiting start(final String... args) throws IOException {
    final List<String> command = new ArrayList<>();
    command.add(persona);
    command.addAll(List.of(args));
    final ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(daemon.environment());
    final Path stdout = Files.createTempFile(daemon.home(), "out", ".txt");
    builder.redirectOutput(stdout.toFile());
    final Process process = builder.start();
    final CompletableFuture<String> id = new CompletableFuture<>();
    final StringBuffer err = new StringBuffer();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  err.append(line).append('\n');
                  final Matcher m = WAITING.matcher(line);
                  if (m.find()) {
                    id.complete(m.group(1));
                  }
                }
              } catch (final IOException ignored) {
                // the process is gone; the test reads what it got
              }
              id.complete(null);
            });
    return new Waiting(process, stdout, id, err);
  }

  @Test
  @Order(1)
  void shouldShowTheDefaultPolicyAndHelpWithExamples() throws Exception {
    final DaemonProcess.Result shown = persona(null, "vault", "policy", "Work");
    assertEquals(0, shown.exitCode(), shown.toString());
    assertTrue(shown.stdout().contains("approval:    allow"), shown.stdout());
    assertTrue(shown.stdout().contains("executables: any"), shown.stdout());
    final DaemonProcess.Result help = persona(null, "vault", "policy", "--help");
    assertEquals(0, help.exitCode(), help.toString());
    assertTrue(help.stdout().contains("persona vault policy Work --approval ask"), help.stdout());
    final DaemonProcess.Result bad = persona(null, "vault", "policy", "Work", "--approval", "meh");
    assertEquals(2, bad.exitCode(), bad.toString());
  }

  @Test
  @Order(2)
  void shouldRefuseReadsOfADenyVaultWithExitFiveAndListThePolicy() throws Exception {
    final DaemonProcess.Result set =
        persona(null, "vault", "policy", "Work", "--approval", "deny", "--format", "json");
    assertEquals(0, set.exitCode(), set.toString());
    assertEquals(
        "{\"vault\":\"Work\",\"policy\":{\"approval\":\"deny\",\"allowedExecutables\":[]}}",
        set.stdout().strip());
    final DaemonProcess.Result read = persona(null, "read", REF);
    assertEquals(5, read.exitCode(), read.toString());
    assertFalse(read.stdout().contains(SECRET));
    final DaemonProcess.Result user = persona(null, "read", "persona://Work/db/username");
    assertEquals(0, user.exitCode(), "plain fields stay readable: " + user);
    final DaemonProcess.Result reveal =
        persona(null, "item", "get", "db", "--vault", "Work", "--reveal");
    assertEquals(5, reveal.exitCode(), reveal.toString());
    assertTrue(reveal.stderr().contains("vault 'Work' policy: deny"), reveal.stderr());

    final DaemonProcess.Result json = persona(null, "vault", "list", "--format", "json");
    assertEquals(0, json.exitCode(), json.toString());
    assertTrue(
        json.stdout().contains("\"policy\":{\"approval\":\"deny\",\"allowedExecutables\":[]}"),
        json.stdout());
    assertTrue(
        json.stdout().contains("\"policy\":{\"approval\":\"allow\",\"allowedExecutables\":[]}"),
        "Personal keeps the default: " + json.stdout());
    final DaemonProcess.Result text = persona(null, "vault", "list");
    assertTrue(text.stdout().lines().anyMatch(l -> l.startsWith("Work\t0\tdeny\t")), text.stdout());
  }

  @Test
  @Order(3)
  void shouldWaitForApprovalToLoosenAndThenRead() throws Exception {
    final Waiting loosen = start("vault", "policy", "Work", "--approval", "allow");
    final String id = loosen.announced();
    assertTrue(loosen.err().toString().contains("vault.policy"), loosen.err().toString());
    // Meanwhile the daemon answers everyone else.
    assertEquals(5, persona(null, "read", REF).exitCode(), "not loosened before it is approved");
    assertEquals(0, persona(null, "approve", id).exitCode());
    assertEquals(0, loosen.exit(), loosen.err().toString());
    assertTrue(loosen.out().contains("approval:    allow"), loosen.out());
    final DaemonProcess.Result read = persona(null, "read", REF);
    assertEquals(0, read.exitCode(), read.toString());
    assertEquals(SECRET, read.stdout().strip());
  }

  @Test
  @Order(4)
  void shouldNarrowToExecutablesAtOnceAndExitDeniedWhenWideningIsDenied() throws Exception {
    final DaemonProcess.Result narrowed =
        persona(null, "vault", "policy", "Work", "--allow-exe", "/usr/bin/git");
    assertEquals(0, narrowed.exitCode(), narrowed.toString());
    assertTrue(narrowed.stdout().contains("executables: /usr/bin/git"), narrowed.stdout());
    final DaemonProcess.Result read = persona(null, "read", REF);
    assertEquals(5, read.exitCode(), "the launcher's java is not /usr/bin/git: " + read);

    final Waiting widen = start("vault", "policy", "Work", "--clear-exe");
    final String id = widen.announced();
    assertEquals(0, persona(null, "deny", id).exitCode());
    assertEquals(5, widen.exit(), widen.err().toString());
    assertTrue(widen.err().toString().contains("denied"), widen.err().toString());
    final DaemonProcess.Result still = persona(null, "vault", "policy", "Work");
    assertTrue(still.stdout().contains("executables: /usr/bin/git"), still.stdout());
  }
}
