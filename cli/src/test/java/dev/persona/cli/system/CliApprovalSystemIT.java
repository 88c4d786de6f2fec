package dev.persona.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.cli.system.PersonaLauncher.Waiting;
import dev.persona.server.fixture.DaemonProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reveal of an {@code ask} item waits in one terminal, says how to answer it, and is decided by
 * {@code persona approve|deny} from another; nobody answering denies it.
 */
@Timeout(300)
class CliApprovalSystemIT {
  private static final long APPROVAL_TIMEOUT_MS = 5_000;
  private static final String SECRET = "ask-me-" + System.nanoTime();

  @RegisterExtension
  static final PersonaLauncher persona =
      new PersonaLauncher("-Dpersona.approval.timeout.ms=" + APPROVAL_TIMEOUT_MS);

  @BeforeAll
  static void addAnAskItem() throws Exception {
    assertEquals(0, persona.run("pw\n", "init", "--password-stdin").exitCode());
    final DaemonProcess.Result added =
        persona.run(
            "{\"name\":\"db\",\"type\":\"login\",\"fields\":{\"username\":\"svc\",\"password\":\""
                + SECRET
                + "\",\"policy.approval\":\"ask\"}}",
            "item",
            "add",
            "--from-json",
            "-");
    assertEquals(0, added.exitCode(), added.toString());
  }

  private static String announced(final Waiting waiting) throws Exception {
    final String id = waiting.announced();
    assertTrue(
        waiting.stderr().toString().contains("run `persona approve " + id + "`"),
        waiting.stderr().toString());
    return id;
  }

  @Test
  void shouldSayWhatItWaitsForAndReadOnceApprovedFromAnotherTerminal() throws Exception {
    final Waiting read = persona.start("read", "persona://Personal/db/password");
    final String id = announced(read);
    // Meanwhile the daemon answers everyone else.
    final DaemonProcess.Result user = persona.run(null, "read", "persona://Personal/db/username");
    assertEquals(0, user.exitCode(), user.toString());
    assertEquals("svc", user.stdout().strip());
    final DaemonProcess.Result approve = persona.run(null, "approve", id);
    assertEquals(0, approve.exitCode(), approve.toString());
    assertEquals(0, read.exit(), read.stderr().toString());
    assertEquals(SECRET, read.out().strip());
  }

  @Test
  void shouldExitDeniedWhenDeniedFromAnotherTerminal() throws Exception {
    final Waiting get = persona.start("item", "get", "db", "--reveal");
    final String id = announced(get);
    final DaemonProcess.Result deny = persona.run(null, "deny", id);
    assertEquals(0, deny.exitCode(), deny.toString());
    assertEquals(5, get.exit(), get.stderr().toString());
    assertTrue(get.stderr().toString().contains("denied"), get.stderr().toString());
    assertTrue(!get.out().contains(SECRET));
  }

  @Test
  void shouldExitDeniedWhenNobodyAnswersInTime() throws Exception {
    final Waiting read = persona.start("read", "persona://Personal/db/password");
    announced(read);
    assertEquals(5, read.exit(), read.stderr().toString());
    assertTrue(read.stderr().toString().contains("approval timed out"), read.stderr().toString());
    assertTrue(read.out().isEmpty());
  }

  @Test
  void shouldKeepTheRememberTimeSetWithSshPolicy() throws Exception {
    assertEquals(0, persona.run(null, "ssh", "keygen", "--name", "deploy").exitCode());
    final DaemonProcess.Result set =
        persona.run(null, "ssh", "policy", "deploy", "--approval", "ask", "--remember", "15m");
    assertEquals(0, set.exitCode(), set.toString());
    assertTrue(set.stdout().contains("remember:    900 s"), set.stdout());
    final DaemonProcess.Result shown =
        persona.run(null, "ssh", "policy", "deploy", "--format", "json");
    assertTrue(shown.stdout().contains("\"rememberMs\":900000"), shown.stdout());
    // Changing an ask key's policy is itself approved; the change keeps the remember time.
    final Waiting changed = persona.start("ssh", "policy", "deploy", "--allow-host", "github.com");
    final String id = announced(changed);
    assertEquals(0, persona.run(null, "approve", id).exitCode());
    assertEquals(0, changed.exit(), changed.stderr().toString());
    assertTrue(changed.out().contains("remember:    900 s"), changed.out());
    assertTrue(changed.out().contains("github.com"), changed.out());
  }
}
