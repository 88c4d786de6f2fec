package dev.persona.server.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.FieldEntry;
import dev.persona.schema.client.ItemEntry;
import dev.persona.schema.client.PersonaClient;
import dev.persona.schema.fb.ItemType;
import dev.persona.server.fixture.DaemonProcess;
import dev.persona.server.fixture.RealTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real daemon hardens itself at start (no core dumps, not dumpable) and keeps its keys in
 * locked memory once unlocked; where memory cannot be locked it warns once and keeps serving.
 */
@Timeout(120)
class ProcessHardeningSystemIT {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private static String status(final long pid, final String key) throws IOException {
    for (final String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(key + ":")) {
        return line.substring(key.length() + 1).strip();
      }
    }
    throw new AssertionError("no " + key + " in /proc/" + pid + "/status");
  }

  private static long lockedKiB(final long pid) throws IOException {
    return Long.parseLong(status(pid, "VmLck").replaceAll("[^0-9]", ""));
  }

  private static void storeAndRead(final DaemonProcess daemon) {
    try (PersonaClient client = PersonaClient.connect(daemon.rpcSocket(), "hardening-it")) {
      client.init("it-password".toCharArray(), "Personal", 0, 0, 0);
      client.createItem(
          "Personal",
          ItemEntry.draft(
              "db",
              ItemType.LOGIN,
              List.of(new FieldEntry("password", "hunter2".getBytes(StandardCharsets.UTF_8), true)),
              List.of(),
              List.of()));
      assertArrayEquals(
          "hunter2".getBytes(StandardCharsets.UTF_8),
          client.readRef("persona://Personal/db/password"));
    }
  }

  @Test
  void shouldStartWithoutCoreDumpsNotDumpableAndWithKeysLockedInRam() throws Exception {
    try (DaemonProcess daemon = DaemonProcess.start()) {
      final String limits = Files.readString(Path.of("/proc/" + daemon.pid() + "/limits"));
      assertTrue(
          limits.lines().anyMatch(l -> l.matches("Max core file size\\s+0\\s+0\\s+bytes.*")),
          limits);
      assertTrue(
          daemon.log().contains("personad: hardening: dumpable=0 core-limit=0"), daemon.log());
      if (!ROOT) {
        // A non-dumpable process's /proc files belong to root, so other same-uid processes
        // (debuggers, /proc/<pid>/mem readers) are shut out.
        assertEquals("root", Files.getOwner(Path.of("/proc/" + daemon.pid() + "/mem")).getName());
      }
      final long lockedBefore = lockedKiB(daemon.pid());
      storeAndRead(daemon);
      assertTrue(
          lockedKiB(daemon.pid()) >= lockedBefore + 4,
          "VmLck counts the key page: " + status(daemon.pid(), "VmLck"));
      assertFalse(daemon.log().contains("key memory is not locked"), daemon.log());
    }
  }

  @Test
  void shouldWarnOnceAndKeepServingWhenKeyMemoryCannotBeLocked() throws Exception {
    // No lockable memory: RLIMIT_MEMLOCK 0, and for root also no CAP_IPC_LOCK (which ignores it).
    final List<String> prefix =
        new ArrayList<>(List.of("sh", "-c", "ulimit -l 0 && exec \"$@\"", "sh"));
    if (ROOT) {
      prefix.addAll(
          List.of(
              RealTools.require("setpriv", "util-linux").toString(),
              "--bounding-set=-ipc_lock",
              "--inh-caps=-ipc_lock"));
    }
    try (DaemonProcess daemon = DaemonProcess.start("", prefix)) {
      storeAndRead(daemon);
      assertEquals(0, lockedKiB(daemon.pid()));
      final String log = daemon.log();
      assertTrue(log.contains("personad: warning: key memory is not locked in RAM (mlock:"), log);
      assertTrue(log.contains("RLIMIT_MEMLOCK=0 bytes"), log);
      assertEquals(1, log.split("key memory is not locked", -1).length - 1, "warned once: " + log);
    }
  }
}
