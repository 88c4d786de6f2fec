package dev.persona.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments and checks nothing acknowledged is lost.
 */
class CrashSafetyTest {
  static final int ROUNDS = Integer.getInteger("persona.crash.rounds", 30);

  @TempDir Path home;

  @Test
  @Timeout(value = 170, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldKeepEveryAcknowledgedWriteAcrossSigkill() throws Exception {
    try (Engine e = Engine.open(EngineFixture.context(home, EngineFixture.clock()))) {
      e.init(EngineFixture.PASSWORD.clone(), "Personal");
    }
    final Random random = new Random(Long.getLong("persona.crash.seed", System.nanoTime()));
    final Map<Integer, String> items = new HashMap<>();
    final Map<Integer, String> updated = new HashMap<>();
    final Map<Integer, String> attached = new HashMap<>();
    int next = 0;
    for (int round = 0; round < ROUNDS; round++) {
      final Watchdog dog = new Watchdog("crash round " + round, 40);
      try {
        next = round(round, random, items, updated, attached, next);
      } finally {
        dog.close();
      }
    }
    assertTrue(items.size() >= ROUNDS, "children acknowledged too few writes: " + items.size());
  }

  private int audits;

  private int round(
      final int round,
      final Random random,
      final Map<Integer, String> items,
      final Map<Integer, String> updated,
      final Map<Integer, String> attached,
      final int start)
      throws Exception {
    int next = start;
    {
      final Process p =
          ChildJvm.start(
              CrashWriter.class, List.of("-Xmx128m"), home.toString(), Integer.toString(next));
      final List<String> lines = new ArrayList<>();
      final Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (BufferedReader r =
                        new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                      String line;
                      while ((line = r.readLine()) != null) {
                        synchronized (lines) {
                          lines.add(line);
                          lines.notifyAll();
                        }
                      }
                    } catch (final java.io.IOException ignored) {
                      // the child was killed mid-line
                    }
                  });
      synchronized (lines) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (lines.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
          lines.wait(100);
        }
      }
      assertTrue(p.isAlive(), "child exited early: " + lines);
      Thread.sleep(random.nextInt(250));
      assertTrue(p.isAlive(), "child died before it was killed (see its stderr above)");
      p.destroyForcibly(); // SIGKILL on Linux
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
      reader.join(5000);
      final List<String> acked;
      synchronized (lines) {
        acked = new ArrayList<>(lines);
      }
      for (final String line : acked) {
        final String[] f = line.split(" ");
        switch (f[0]) {
          case "ITEM" -> {
            items.put(Integer.parseInt(f[1]), f[2]);
            next = Math.max(next, Integer.parseInt(f[1]) + 1);
          }
          case "AUDIT" -> audits++;
          case "UPDATE" -> updated.put(Integer.parseInt(f[1]), f[2]);
          case "ATTACH" -> attached.put(Integer.parseInt(f[1]), f[2]);
          default -> {}
        }
      }
      // The killed child may have committed one write it never printed; skip past its index.
      next++;
      try (Engine e = Engine.open(EngineFixture.context(home, EngineFixture.clock()))) {
        e.unlock(EngineFixture.PASSWORD.clone());
        for (final Map.Entry<Integer, String> it : items.entrySet()) {
          final ItemView v = e.getItem("Personal", it.getValue());
          assertNotNull(v, "round " + round + " lost acknowledged item " + it.getKey());
          final String password = new String(v.field("password").value(), StandardCharsets.UTF_8);
          if (updated.containsKey(it.getKey())) {
            assertEquals("updated-" + it.getKey(), password);
          } else {
            // The killed child may have committed an update it never got to print.
            assertTrue(
                password.equals("secret-" + it.getKey())
                    || password.equals("updated-" + it.getKey()),
                "round " + round + " item " + it.getKey() + " has an unexpected value");
          }
        }
        for (final Map.Entry<Integer, String> it : attached.entrySet()) {
          final ByteArrayOutputStream out = new ByteArrayOutputStream();
          assertTrue(e.getAttachment("Personal", it.getValue(), "att", out));
          assertEquals(Engine.CHUNK_SIZE + 1000, out.size());
          assertEquals((byte) it.getKey().intValue(), out.toByteArray()[Engine.CHUNK_SIZE + 5]);
        }
        e.verifyStore();
        final AuditVerification av = e.verifyAudit();
        assertTrue(av.intact(), "round " + round + ": " + av.problem());
        assertTrue(av.entries() >= audits, "round " + round + " lost audit events");
      }
    }
    return next;
  }
}
