package dev.persona.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.server.fixture.DaemonProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code bin/persona} against a real {@code bin/personad} started with {@code
 * -Dpersona.require.token=true}: tokens from {@code persona unlock --print-token} and {@code
 * persona token issue}, handed to later commands through {@code PERSONA_TOKEN} or {@code
 * --token-file}.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenCliIT {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String SECRET = "tok3n-guarded-" + System.nanoTime();

  @RegisterExtension
  static final PersonaLauncher launcher = new PersonaLauncher("-Dpersona.require.token=true");

  private static String fullToken;
  private static String readOnlyToken;

  private static DaemonProcess.Result persona(
      final String token, final String stdin, final String... args)
      throws IOException, InterruptedException {
    return launcher.runWithEnv(
        token == null ? Map.of() : Map.of("PERSONA_TOKEN", token), stdin, args);
  }

  @Test
  @Order(1)
  void shouldRefuseWithExit13UntilUnlockPrintsAToken() throws Exception {
    final DaemonProcess.Result init = persona(null, PASSWORD + "\n", "init", "--password-stdin");
    assertEquals(0, init.exitCode(), init.toString());
    final DaemonProcess.Result refused = persona(null, null, "item", "list");
    assertEquals(13, refused.exitCode(), refused.toString());
    assertTrue(refused.stderr().contains("PERSONA_TOKEN"), refused.toString());
    assertEquals(0, persona(null, null, "status").exitCode(), "status needs no token");

    final DaemonProcess.Result unlocked =
        persona(null, PASSWORD + "\n", "unlock", "--password-stdin", "--print-token");
    assertEquals(0, unlocked.exitCode(), unlocked.toString());
    fullToken = unlocked.stdout().strip();
    assertTrue(fullToken.matches("pst_[A-Za-z0-9_-]{43}"), unlocked.toString());
    assertFalse(unlocked.stderr().contains(fullToken), "the token is printed once, on stdout");

    final String item =
        "{\"name\":\"github\",\"type\":\"login\",\"fields\":{\"password\":\"" + SECRET + "\"}}";
    final DaemonProcess.Result added = persona(fullToken, item, "item", "add", "--from-json", "-");
    assertEquals(0, added.exitCode(), added.toString());
    final DaemonProcess.Result read =
        persona(fullToken, null, "read", "persona://Personal/github/password");
    assertEquals(0, read.exitCode(), read.toString());
    assertEquals(SECRET, read.stdout().strip());
  }

  @Test
  @Order(2)
  void shouldLetAReadOnlyTokenReadButNotWrite() throws Exception {
    final DaemonProcess.Result issued =
        persona(fullToken, null, "token", "issue", "--scope", "read-only", "--ttl", "1h");
    assertEquals(0, issued.exitCode(), issued.toString());
    readOnlyToken = issued.stdout().strip();
    assertTrue(issued.stderr().contains("read-only"), issued.toString());

    final DaemonProcess.Result read =
        persona(readOnlyToken, null, "read", "persona://Personal/github/password");
    assertEquals(SECRET, read.stdout().strip(), read.toString());
    final DaemonProcess.Result write = persona(readOnlyToken, null, "vault", "create", "Scratch");
    assertEquals(5, write.exitCode(), write.toString());
    assertTrue(write.stderr().contains("read-only"), write.toString());
  }

  @Test
  @Order(3)
  void shouldLetAVaultScopedTokenTouchOnlyItsVault() throws Exception {
    assertEquals(0, persona(fullToken, null, "vault", "create", "Work").exitCode());
    final DaemonProcess.Result issued =
        persona(fullToken, null, "token", "issue", "--vault", "Work", "--format", "json");
    assertEquals(0, issued.exitCode(), issued.toString());
    final String json = issued.stdout();
    final String workToken = json.substring(10, json.indexOf('"', 10));
    assertTrue(json.contains("\"vault\":\"Work\""), json);
    final String item = "{\"name\":\"payroll\",\"type\":\"login\",\"fields\":{\"pin\":\"1234\"}}";
    assertEquals(
        0,
        persona(workToken, item, "item", "add", "--vault", "Work", "--from-json", "-").exitCode());
    final DaemonProcess.Result other =
        persona(workToken, null, "read", "persona://Personal/github/password");
    assertEquals(5, other.exitCode(), other.toString());
    assertTrue(other.stderr().contains("'Work'"), other.toString());
  }

  @Test
  @Order(4)
  void shouldReadTheTokenFromAPrivateFileOnly() throws Exception {
    final Path file = launcher.daemon().home().resolve("token");
    Files.writeString(file, readOnlyToken + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    final DaemonProcess.Result read =
        persona(
            null,
            null,
            "read",
            "persona://Personal/github/password",
            "--token-file",
            file.toString());
    assertEquals(0, read.exitCode(), read.toString());
    assertEquals(SECRET, read.stdout().strip());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    final DaemonProcess.Result open =
        persona(null, null, "item", "list", "--token-file", file.toString());
    assertEquals(2, open.exitCode(), open.toString());
  }

  @Test
  @Order(5)
  void shouldListTokensWithoutTheirSecretsAndRevokeThem() throws Exception {
    final DaemonProcess.Result listed =
        persona(fullToken, null, "token", "list", "--format", "json");
    assertEquals(0, listed.exitCode(), listed.toString());
    assertTrue(listed.stdout().contains("\"scope\":\"read-only\""), listed.toString());
    assertFalse(listed.stdout().contains("pst_"), "metadata only: " + listed);
    final String id = idOf(listed.stdout(), "read-only");

    final DaemonProcess.Result revoked = persona(fullToken, null, "token", "revoke", id);
    assertEquals(0, revoked.exitCode(), revoked.toString());
    final DaemonProcess.Result dead =
        persona(readOnlyToken, null, "read", "persona://Personal/github/password");
    assertEquals(13, dead.exitCode(), dead.toString());
    assertTrue(dead.stderr().contains("persona unlock --print-token"), dead.toString());
  }

  @Test
  @Order(6)
  void shouldDropEveryTokenWhenTheVaultLocks() throws Exception {
    assertEquals(0, persona(null, null, "lock").exitCode(), "lock needs no token");
    final DaemonProcess.Result unlocked =
        persona(null, PASSWORD + "\n", "unlock", "--password-stdin");
    assertEquals(0, unlocked.exitCode(), unlocked.toString());
    final DaemonProcess.Result stale = persona(fullToken, null, "item", "list", "--format", "json");
    assertEquals(13, stale.exitCode(), stale.toString());
    assertTrue(stale.stderr().contains("\"code\":\"TOKEN_EXPIRED\""), stale.toString());
    assertFalse(launcher.daemon().log().contains(fullToken), "no token in the daemon's log");
  }

  /** The id of the first token with {@code scope} in {@code token list --format json} output. */
  private static String idOf(final String json, final String scope) {
    final int scopeAt = json.indexOf("\"scope\":\"" + scope + "\"");
    final int idAt = json.lastIndexOf("\"id\":\"", scopeAt) + 6;
    return json.substring(idAt, json.indexOf('"', idAt));
  }
}
