package dev.persona.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Trashed items and keys are out of every lookup by name until restored. */
@Timeout(300)
class CliTrashSystemIT {
  @RegisterExtension static final PersonaLauncher persona = new PersonaLauncher();

  @BeforeAll
  static void initTheVault() throws Exception {
    assertEquals(0, persona.run("pw\n", "init", "--password-stdin").exitCode());
  }

  private static void add(final String name, final String password) throws Exception {
    final DaemonProcess.Result added =
        persona.run(
            "{\"name\":\""
                + name
                + "\",\"type\":\"login\",\"fields\":{\"password\":\""
                + password
                + "\"},\"tags\":[\"ops\"],\"urls\":[\"https://"
                + name
                + ".example\"]}",
            "item",
            "add",
            "--from-json",
            "-");
    assertEquals(0, added.exitCode(), added.toString());
  }

  @Test
  void shouldNotFindATrashedItemByNameAndRestoreTheOneTrashedLast() throws Exception {
    add("web", "first");
    assertEquals(0, persona.run(null, "item", "rm", "web").exitCode());
    assertEquals(3, persona.run(null, "item", "get", "web").exitCode());
    assertEquals(3, persona.run(null, "read", "persona://Personal/web/password").exitCode());
    assertEquals("", persona.run(null, "item", "search", "web").stdout().strip());
    assertEquals("", persona.run(null, "item", "search", "ops", "--by", "tag").stdout().strip());
    assertEquals(
        "", persona.run(null, "item", "search", "web.example", "--by", "url").stdout().strip());
    assertFalse(persona.run(null, "item", "list").stdout().contains("web"));

    for (final String password : new String[] {"second", "third"}) {
      add("web", password);
      assertEquals(
          password, persona.run(null, "read", "persona://Personal/web/password").stdout().strip());
      assertEquals(0, persona.run(null, "item", "rm", "web").exitCode());
      Thread.sleep(5); // distinct trash times
    }
    final DaemonProcess.Result restored = persona.run(null, "item", "restore", "web");
    assertEquals(0, restored.exitCode(), restored.toString());
    assertEquals(
        "third",
        persona.run(null, "read", "persona://Personal/web/password").stdout().strip(),
        "undoing the last rm brings back the item it trashed");
  }

  @Test
  void shouldNotFindOrOfferATrashedSshKey() throws Exception {
    assertEquals(0, persona.run(null, "ssh", "keygen", "--name", "old-key").exitCode());
    assertEquals(0, persona.run(null, "ssh", "rm", "old-key").exitCode());
    assertEquals(3, persona.run(null, "ssh", "export", "old-key").exitCode());
    assertEquals(3, persona.run(null, "ssh", "policy", "old-key").exitCode());
    assertFalse(persona.run(null, "ssh", "list").stdout().contains("old-key"));
    final DaemonProcess.Result agent =
        persona.daemon().run(null, RealTools.require("ssh-add", "openssh-client").toString(), "-L");
    assertFalse(agent.stdout().contains("old-key"), agent.toString());
  }
}
