package dev.persona.engine;

import static dev.persona.engine.EngineFixture.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
  @TempDir Path home;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldServeReadersWhileWritingGrowingMapAndLocking() throws Exception {
    try (Engine e = EngineFixture.initialized(home, EngineFixture.clock())) {
      e.createItem("Personal", login("hot", "u", "hot-secret", "https://hot"));
      final AtomicBoolean stop = new AtomicBoolean();
      final AtomicInteger reads = new AtomicInteger();
      final AtomicInteger bad = new AtomicInteger();
      final List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        readers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
                      while (!stop.get()) {
                        final int n = e.readField("Personal", "hot", "password", dst, 0);
                        if (n == 10 && "hot-secret".equals(dst.getStringWithoutLengthUtf8(0, n))) {
                          reads.incrementAndGet();
                        } else if (n != Engine.LOCKED) {
                          bad.incrementAndGet();
                        }
                      }
                    }));
      }
      final byte[] filler = new byte[2048];
      for (int i = 0; i < 400; i++) {
        e.createItem(
            "Personal",
            ItemDraft.builder("w" + i, ItemType.SECURE_NOTE)
                .field("n", filler.clone(), true)
                .build());
        if (i % 100 == 50) {
          lockWithWatchdog(e);
          e.unlock(EngineFixture.PASSWORD.clone());
        }
      }
      stop.set(true);
      for (final Thread t : readers) {
        t.join();
      }
      assertEquals(0, bad.get(), "a reader saw a wrong value or an error other than LOCKED");
      assertTrue(reads.get() > 0);
      assertTrue(e.mapGrowths() > 0, "the map should have grown under the readers");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldNeverSealWithZeroedKeysWhenLockRacesWriters() throws Exception {
    try (Engine e = EngineFixture.initialized(home, EngineFixture.clock())) {
      final AtomicBoolean stop = new AtomicBoolean();
      final AtomicInteger written = new AtomicInteger();
      final AtomicInteger unexpected = new AtomicInteger();
      final Thread writer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    int i = 0;
                    while (!stop.get()) {
                      try {
                        e.createItem("Personal", login("race-" + i++, "u", "p", "https://r"));
                        written.incrementAndGet();
                      } catch (final PersonaException ex) {
                        if (ex.category() != PersonaException.Category.LOCKED) {
                          unexpected.incrementAndGet();
                        }
                      }
                    }
                  });
      for (int i = 0; i < 40; i++) {
        Thread.sleep(5);
        e.lock();
        Thread.sleep(1);
        e.unlock(EngineFixture.PASSWORD.clone());
      }
      stop.set(true);
      writer.join();
      assertEquals(0, unexpected.get());
      assertTrue(written.get() > 0);
      // Every record written across 40 lock/unlock cycles must open with the real keys.
      assertEquals(written.get() + 0L, e.verifyStore());
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldServeThousandsOfShortLivedThreadsWithoutExhaustingReaderSlots() throws Exception {
    try (Engine e = EngineFixture.initialized(home, EngineFixture.clock())) {
      e.createItem("Personal", login("hot", "u", "hot-secret", "https://hot"));
      final AtomicInteger ok = new AtomicInteger();
      final List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
                      if (e.readField("Personal", "hot", "password", dst, 0) == 10) {
                        ok.incrementAndGet();
                      }
                    }));
      }
      for (final Thread t : threads) {
        t.join();
      }
      assertEquals(2000, ok.get());
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldLetLockThroughWhileReadersLoopOnTheHotPath() throws Exception {
    try (Engine e = EngineFixture.initialized(home, EngineFixture.clock())) {
      e.createItem("Personal", login("hot", "u", "hot-secret", "https://hot"));
      final AtomicBoolean stop = new AtomicBoolean();
      final List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      final UnsafeBuffer dst = new UnsafeBuffer(new byte[64]);
                      while (!stop.get()) {
                        e.readField("Personal", "hot", "password", dst, 0);
                      }
                    }));
      }
      final long t0 = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        e.lock();
        e.unlock(EngineFixture.PASSWORD.clone());
      }
      stop.set(true);
      for (final Thread t : readers) {
        t.join();
      }
      assertTrue(
          System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20),
          "lock() was starved by looping readers");
    }
  }

  /** lock(), dumping every thread's stack if it has not returned within 20 s. */
  static void lockWithWatchdog(final Engine e) {
    final Thread caller = Thread.currentThread();
    final AtomicBoolean done = new AtomicBoolean();
    final Thread dog =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                  while (!done.get() && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                  }
                  if (!done.get()) {
                    final StringBuilder sb =
                        new StringBuilder("lock() stuck; caller=" + caller.getName() + "\n");
                    Thread.getAllStackTraces()
                        .forEach(
                            (t, st) -> {
                              sb.append(t.getName()).append(' ').append(t.getState()).append('\n');
                              for (final StackTraceElement el : st) {
                                sb.append("    at ").append(el).append('\n');
                              }
                            });
                    System.err.println(sb);
                  }
                });
    try {
      e.lock();
    } finally {
      done.set(true);
      dog.interrupt();
    }
  }
}
