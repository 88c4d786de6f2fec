package dev.persona.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.server.fixture.DaemonProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code persona audit tail}: real chain sequences, and {@code --follow} printing new events. */
@Timeout(300)
class CliAuditSystemIT {
  private static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");
  private static final Pattern HASH = Pattern.compile("\"hash\":\"([0-9a-f]{64})\"");

  @RegisterExtension static final PersonaLauncher persona = new PersonaLauncher();

  @BeforeAll
  static void addAnItem() throws Exception {
    assertEquals(0, persona.run("pw\n", "init", "--password-stdin").exitCode());
    final DaemonProcess.Result added =
        persona.run(
            "{\"name\":\"web\",\"type\":\"login\",\"fields\":{\"password\":\"x\"}}",
            "item",
            "add",
            "--from-json",
            "-");
    assertEquals(0, added.exitCode(), added.toString());
  }

  private static long sequence(final String line) {
    final Matcher m = SEQUENCE.matcher(line);
    assertTrue(m.find(), line);
    return Long.parseLong(m.group(1));
  }

  @Test
  void shouldShowTheNewestEventsWithTheirChainSequenceAndHash() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(0, persona.run(null, "read", "persona://Personal/web/password").exitCode());
    }
    Thread.sleep(100); // one audit group-commit window
    final DaemonProcess.Result tail =
        persona.run(null, "audit", "tail", "-n", "3", "--format", "json");
    assertEquals(0, tail.exitCode(), tail.toString());
    final List<String> lines = tail.stdout().lines().toList();
    assertEquals(3, lines.size(), tail.stdout());
    final long first = sequence(lines.get(0));
    assertTrue(first > 1, "real sequences, not 0: " + tail.stdout());
    assertEquals(first + 1, sequence(lines.get(1)));
    assertEquals(first + 2, sequence(lines.get(2)));
    for (final String line : lines) {
      assertTrue(HASH.matcher(line).find(), "each event carries its chain hash: " + line);
    }
    final DaemonProcess.Result verify = persona.run(null, "audit", "verify", "--format", "json");
    assertEquals(0, verify.exitCode(), verify.toString());
    final DaemonProcess.Result text = persona.run(null, "audit", "tail", "-n", "1");
    assertTrue(text.stdout().matches("(?s)\\d+ .*"), "text starts with the sequence: " + text);
    assertFalse(text.stdout().startsWith("0 "), text.stdout());
  }

  @Test
  void shouldFollowNewEventsUntilInterrupted() throws Exception {
    final ProcessBuilder builder =
        persona.builder(
            "audit", "tail", "-n", "0", "--follow", "--interval", "200", "--format", "json");
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    final Process follower = builder.start();
    final List<String> printed = new CopyOnWriteArrayList<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(follower.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  printed.add(line);
                }
              } catch (final java.io.IOException ignored) {
                // the follower was stopped
              }
            });
    try {
      Thread.sleep(1_500); // it has printed nothing old (-n 0) and is polling
      assertTrue(printed.isEmpty(), "only new events: " + printed);
      for (int i = 0; i < 3; i++) {
        assertEquals(0, persona.run(null, "read", "persona://Personal/web/password").exitCode());
      }
      final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (reads(printed) < 3 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(3, reads(printed), "each new read shows up: " + printed);
      final List<Long> sequences = new ArrayList<>();
      for (final String line : printed) {
        sequences.add(sequence(line));
        assertFalse(
            line.contains("\"operation\":\"AuditTailRequest\"")
                && line.contains("\"pid\":" + follower.pid() + ","),
            "its own polls are not printed: " + line);
      }
      for (int i = 1; i < sequences.size(); i++) {
        assertTrue(sequences.get(i) > sequences.get(i - 1), "in chain order: " + sequences);
      }
      assertTrue(follower.isAlive(), "follows until interrupted");
    } finally {
      follower.destroy(); // as Ctrl-C would
      assertTrue(follower.waitFor(20, TimeUnit.SECONDS));
    }
  }

  private static long reads(final List<String> printed) {
    return printed.stream().filter(l -> l.contains("\"operation\":\"ReadRefsRequest\"")).count();
  }
}
