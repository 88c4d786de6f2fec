package dev.persona.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reveal of an {@code ask} item waits in one terminal, says how to answer it, and is decided by
 * {@code persona approve|deny} from another; nobody answering denies it.
 */
@Timeout(300)
class CliApprovalSystemIT {
  private static final long APPROVAL_TIMEOUT_MS = 5_000;
  private static final String SECRET = "ask-me-" + System.nanoTime();
  private static final Pattern WAITING = Pattern.compile("waiting for approval ([0-9a-f]+) ");
  private static DaemonProcess daemon;
  private static String persona;

  @BeforeAll
  static void startDaemonWithAnAskItem() throws Exception {
    daemon = DaemonProcess.start("-Dpersona.approval.timeout.ms=" + APPROVAL_TIMEOUT_MS);
    persona = RealTools.repoRoot().resolve("bin/persona").toString();
    assertEquals(0, daemon.run("pw\n", persona, "init", "--password-stdin").exitCode());
    final DaemonProcess.Result added =
        daemon.run(
            "{\"name\":\"db\",\"type\":\"login\",\"fields\":{\"username\":\"svc\",\"password\":\""
                + SECRET
                + "\",\"policy.approval\":\"ask\"}}",
            persona,
            "item",
            "add",
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

  /** A command left running, as in a terminal: its stderr is read line by line as it comes. */
  private record Waiting(
      Process process, Path stdout, CompletableFuture<String> approvalId, StringBuffer stderr) {
    int exit() throws InterruptedException {
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "finished");
      return process.exitValue();
    }

    String out() throws IOException {
      return Files.readString(stdout);
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
    final StringBuffer stderr = new StringBuffer();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader err =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                  stderr.append(line).append('\n');
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
    return new Waiting(process, stdout, id, stderr);
  }

  private static String announced(final Waiting waiting) throws Exception {
    final String id = waiting.approvalId().get(20, TimeUnit.SECONDS);
    assertTrue(id != null, "no waiting notice on stderr: " + waiting.stderr());
    assertTrue(
        waiting.stderr().toString().contains("run `persona approve " + id + "`"),
        waiting.stderr().toString());
    return id;
  }

  @Test
  void shouldSayWhatItWaitsForAndReadOnceApprovedFromAnotherTerminal() throws Exception {
    final Waiting read = start("read", "persona://Personal/db/password");
    final String id = announced(read);
    // Meanwhile the daemon answers everyone else.
    final DaemonProcess.Result user =
        daemon.run(null, persona, "read", "persona://Personal/db/username");
    assertEquals(0, user.exitCode(), user.toString());
    assertEquals("svc", user.stdout().strip());
    final DaemonProcess.Result approve = daemon.run(null, persona, "approve", id);
    assertEquals(0, approve.exitCode(), approve.toString());
    assertEquals(0, read.exit(), read.stderr().toString());
    assertEquals(SECRET, read.out().strip());
  }

  @Test
  void shouldExitDeniedWhenDeniedFromAnotherTerminal() throws Exception {
    final Waiting get = start("item", "get", "db", "--reveal");
    final String id = announced(get);
    final DaemonProcess.Result deny = daemon.run(null, persona, "deny", id);
    assertEquals(0, deny.exitCode(), deny.toString());
    assertEquals(5, get.exit(), get.stderr().toString());
    assertTrue(get.stderr().toString().contains("denied"), get.stderr().toString());
    assertTrue(!get.out().contains(SECRET));
  }

  @Test
  void shouldExitDeniedWhenNobodyAnswersInTime() throws Exception {
    final Waiting read = start("read", "persona://Personal/db/password");
    announced(read);
    assertEquals(5, read.exit(), read.stderr().toString());
    assertTrue(read.stderr().toString().contains("approval timed out"), read.stderr().toString());
    assertTrue(read.out().isEmpty());
  }

  @Test
  void shouldKeepTheRememberTimeSetWithSshPolicy() throws Exception {
    assertEquals(0, daemon.run(null, persona, "ssh", "keygen", "--name", "deploy").exitCode());
    final DaemonProcess.Result set =
        daemon.run(
            null, persona, "ssh", "policy", "deploy", "--approval", "ask", "--remember", "15m");
    assertEquals(0, set.exitCode(), set.toString());
    assertTrue(set.stdout().contains("remember:    900 s"), set.stdout());
    final DaemonProcess.Result shown =
        daemon.run(null, persona, "ssh", "policy", "deploy", "--format", "json");
    assertTrue(shown.stdout().contains("\"rememberMs\":900000"), shown.stdout());
    // Changing an ask key's policy is itself approved; the change keeps the remember time.
    final Waiting changed = start("ssh", "policy", "deploy", "--allow-host", "github.com");
    final String id = announced(changed);
    assertEquals(0, daemon.run(null, persona, "approve", id).exitCode());
    assertEquals(0, changed.exit(), changed.stderr().toString());
    assertTrue(changed.out().contains("remember:    900 s"), changed.out());
    assertTrue(changed.out().contains("github.com"), changed.out());
  }
}
