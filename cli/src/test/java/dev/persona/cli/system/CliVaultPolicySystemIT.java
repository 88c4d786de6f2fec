package dev.persona.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.cli.system.PersonaLauncher.Waiting;
import dev.persona.server.fixture.DaemonProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension
  static final PersonaLauncher persona = new PersonaLauncher("-Dpersona.approval.timeout.ms=20000");

  @BeforeAll
  static void addAVaultAndAnItem() throws Exception {
    assertEquals(0, persona.run("pw\n", "init", "--password-stdin").exitCode());
    assertEquals(0, persona.run(null, "vault", "create", "Work").exitCode());
    final DaemonProcess.Result added =
        persona.run(
            "{\"name\":\"db\",\"type\":\"login\",\"fields\":{\"username\":\"svc\",\"password\":\""
                + SECRET
                + "\"}}",
            "item",
            "add",
            "--vault",
            "Work",
            "--from-json",
            "-");
    assertEquals(0, added.exitCode(), added.toString());
  }

  @Test
  @Order(1)
  void shouldShowTheDefaultPolicyAndHelpWithExamples() throws Exception {
    final DaemonProcess.Result shown = persona.run(null, "vault", "policy", "Work");
    assertEquals(0, shown.exitCode(), shown.toString());
    assertTrue(shown.stdout().contains("approval:    allow"), shown.stdout());
    assertTrue(shown.stdout().contains("executables: any"), shown.stdout());
    final DaemonProcess.Result help = persona.run(null, "vault", "policy", "--help");
    assertEquals(0, help.exitCode(), help.toString());
    assertTrue(help.stdout().contains("persona vault policy Work --approval ask"), help.stdout());
    final DaemonProcess.Result bad =
        persona.run(null, "vault", "policy", "Work", "--approval", "meh");
    assertEquals(2, bad.exitCode(), bad.toString());
  }

  @Test
  @Order(2)
  void shouldRefuseReadsOfADenyVaultWithExitFiveAndListThePolicy() throws Exception {
    final DaemonProcess.Result set =
        persona.run(null, "vault", "policy", "Work", "--approval", "deny", "--format", "json");
    assertEquals(0, set.exitCode(), set.toString());
    assertEquals(
        "{\"vault\":\"Work\",\"policy\":{\"approval\":\"deny\",\"allowedExecutables\":[]}}",
        set.stdout().strip());
    final DaemonProcess.Result read = persona.run(null, "read", REF);
    assertEquals(5, read.exitCode(), read.toString());
    assertFalse(read.stdout().contains(SECRET));
    final DaemonProcess.Result user = persona.run(null, "read", "persona://Work/db/username");
    assertEquals(0, user.exitCode(), "plain fields stay readable: " + user);
    final DaemonProcess.Result reveal =
        persona.run(null, "item", "get", "db", "--vault", "Work", "--reveal");
    assertEquals(5, reveal.exitCode(), reveal.toString());
    assertTrue(reveal.stderr().contains("vault 'Work' policy: deny"), reveal.stderr());

    final DaemonProcess.Result json = persona.run(null, "vault", "list", "--format", "json");
    assertEquals(0, json.exitCode(), json.toString());
    assertTrue(
        json.stdout().contains("\"policy\":{\"approval\":\"deny\",\"allowedExecutables\":[]}"),
        json.stdout());
    assertTrue(
        json.stdout().contains("\"policy\":{\"approval\":\"allow\",\"allowedExecutables\":[]}"),
        "Personal keeps the default: " + json.stdout());
    final DaemonProcess.Result text = persona.run(null, "vault", "list");
    assertTrue(text.stdout().lines().anyMatch(l -> l.startsWith("Work\t1\tdeny\t")), text.stdout());
  }

  @Test
  @Order(3)
  void shouldWaitForApprovalToLoosenAndThenRead() throws Exception {
    final Waiting loosen = persona.start("vault", "policy", "Work", "--approval", "allow");
    final String id = loosen.announced();
    assertTrue(loosen.stderr().toString().contains("vault.policy"), loosen.stderr().toString());
    // Meanwhile the daemon answers everyone else.
    assertEquals(
        5, persona.run(null, "read", REF).exitCode(), "not loosened before it is approved");
    assertEquals(0, persona.run(null, "approve", id).exitCode());
    assertEquals(0, loosen.exit(), loosen.stderr().toString());
    assertTrue(loosen.out().contains("approval:    allow"), loosen.out());
    final DaemonProcess.Result read = persona.run(null, "read", REF);
    assertEquals(0, read.exitCode(), read.toString());
    assertEquals(SECRET, read.stdout().strip());
  }

  @Test
  @Order(4)
  void shouldNarrowToExecutablesAtOnceAndExitDeniedWhenWideningIsDenied() throws Exception {
    final DaemonProcess.Result narrowed =
        persona.run(null, "vault", "policy", "Work", "--allow-exe", "/usr/bin/git");
    assertEquals(0, narrowed.exitCode(), narrowed.toString());
    assertTrue(narrowed.stdout().contains("executables: /usr/bin/git"), narrowed.stdout());
    final DaemonProcess.Result read = persona.run(null, "read", REF);
    assertEquals(5, read.exitCode(), "the launcher's java is not /usr/bin/git: " + read);

    final Waiting widen = persona.start("vault", "policy", "Work", "--clear-exe");
    final String id = widen.announced();
    assertEquals(0, persona.run(null, "deny", id).exitCode());
    assertEquals(5, widen.exit(), widen.stderr().toString());
    assertTrue(widen.stderr().toString().contains("denied"), widen.stderr().toString());
    final DaemonProcess.Result still = persona.run(null, "vault", "policy", "Work");
    assertTrue(still.stdout().contains("executables: /usr/bin/git"), still.stdout());
  }
}
