package dev.persona.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Trashed items and keys are out of every lookup by name until restored. */
@Timeout(300)
class CliTrashSystemIT {
  private static DaemonProcess daemon;
  private static String persona;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = DaemonProcess.start();
    persona = RealTools.repoRoot().resolve("bin/persona").toString();
    assertEquals(0, daemon.run("pw\n", persona, "init", "--password-stdin").exitCode());
  }

  @AfterAll
  static void stopDaemon() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static DaemonProcess.Result persona(final String stdin, final String... args)
      throws Exception {
    final String[] command = new String[args.length + 1];
    command[0] = persona;
    System.arraycopy(args, 0, command, 1, args.length);
    return daemon.run(stdin, command);
  }

  private static void add(final String name, final String password) throws Exception {
    final DaemonProcess.Result added =
        persona(
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
    assertEquals(0, persona(null, "item", "rm", "web").exitCode());
    assertEquals(3, persona(null, "item", "get", "web").exitCode());
    assertEquals(3, persona(null, "read", "persona://Personal/web/password").exitCode());
    assertEquals("", persona(null, "item", "search", "web").stdout().strip());
    assertEquals("", persona(null, "item", "search", "ops", "--by", "tag").stdout().strip());
    assertEquals(
        "", persona(null, "item", "search", "web.example", "--by", "url").stdout().strip());
    assertFalse(persona(null, "item", "list").stdout().contains("web"));

    for (final String password : new String[] {"second", "third"}) {
      add("web", password);
      assertEquals(
          password, persona(null, "read", "persona://Personal/web/password").stdout().strip());
      assertEquals(0, persona(null, "item", "rm", "web").exitCode());
      Thread.sleep(5); // distinct trash times
    }
    final DaemonProcess.Result restored = persona(null, "item", "restore", "web");
    assertEquals(0, restored.exitCode(), restored.toString());
    assertEquals(
        "third",
        persona(null, "read", "persona://Personal/web/password").stdout().strip(),
        "undoing the last rm brings back the item it trashed");
  }

  @Test
  void shouldNotFindOrOfferATrashedSshKey() throws Exception {
    assertEquals(0, persona(null, "ssh", "keygen", "--name", "old-key").exitCode());
    assertEquals(0, persona(null, "ssh", "rm", "old-key").exitCode());
    assertEquals(3, persona(null, "ssh", "export", "old-key").exitCode());
    assertEquals(3, persona(null, "ssh", "policy", "old-key").exitCode());
    assertFalse(persona(null, "ssh", "list").stdout().contains("old-key"));
    final DaemonProcess.Result agent =
        daemon.run(null, RealTools.require("ssh-add", "openssh-client").toString(), "-L");
    assertFalse(agent.stdout().contains("old-key"), agent.toString());
  }
}
