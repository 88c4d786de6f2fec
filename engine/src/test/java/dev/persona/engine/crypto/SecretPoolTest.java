package dev.persona.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.os.Libc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SecretPoolTest {
  private static byte[] secret(final int length, final int seed) {
    final byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (seed + i + 1);
      if (bytes[i] == 0) {
        bytes[i] = 1;
      }
    }
    return bytes;
  }

  @Test
  void shouldMoveTheSecretOffHeapAndZeroTheRangeItCameFrom() {
    try (SecretPool pool = new SecretPool()) {
      final byte[] source = secret(40, 3);
      final byte[] expected = Arrays.copyOfRange(source, 4, 36);
      final LockedBytes held = pool.take(source, 4, 32);
      assertArrayEquals(new byte[32], Arrays.copyOfRange(source, 4, 36), "the heap copy is gone");
      assertEquals(4, source[0], "bytes outside the range are the caller's");
      final byte[] out = new byte[32];
      assertTrue(held.copyTo(out, 0));
      assertArrayEquals(expected, out);
      final byte[] middle = new byte[4];
      assertTrue(held.read(8, middle, 0, 4));
      assertArrayEquals(Arrays.copyOfRange(expected, 8, 12), middle);
      assertThrows(IndexOutOfBoundsException.class, () -> held.read(30, middle, 0, 4));
    }
  }

  @Test
  void shouldZeroTheSlotOnWipeAndRefuseEveryLaterRead() {
    try (SecretPool pool = new SecretPool()) {
      final LockedBytes held = pool.take(secret(1344, 9), 0, 1344);
      assertFalse(held.readsAsZero());
      held.wipe();
      assertTrue(held.isWiped());
      assertTrue(held.readsAsZero(), "the memory it held reads back as zeros");
      final byte[] out = secret(1344, 1);
      assertFalse(held.copyTo(out, 0));
      assertArrayEquals(new byte[1344], out, "a refused read leaves zeros, not stale bytes");
      held.wipe(); // idempotent
    }
  }

  @Test
  void shouldReuseWipedSlotsInsteadOfGrowing() {
    try (SecretPool pool = new SecretPool()) {
      for (int round = 0; round < 1000; round++) {
        pool.take(secret(32, round), 0, 32).wipe();
        pool.take(secret(1500, round), 0, 1500).wipe();
      }
      assertEquals(2L * SecretArena.PAGE_SIZE, pool.pageBytes(), "one page per size class used");
    }
  }

  @Test
  void shouldRoundLengthsUpToPowerOfTwoSlots() {
    assertEquals(0, SecretPool.sizeClass(1));
    assertEquals(0, SecretPool.sizeClass(32));
    assertEquals(1, SecretPool.sizeClass(33));
    assertEquals(2, SecretPool.sizeClass(66));
    assertEquals(7, SecretPool.sizeClass(4096));
    assertEquals(11, SecretPool.sizeClass(SecretPool.MAX_SECRET));
    try (SecretPool pool = new SecretPool()) {
      final LockedBytes big = pool.take(secret(7200, 1), 0, 7200);
      final byte[] out = new byte[7200];
      assertTrue(big.copyTo(out, 0));
      assertArrayEquals(secret(7200, 1), out, "a slot larger than a page");
      assertThrows(
          IllegalArgumentException.class,
          () -> pool.take(new byte[SecretPool.MAX_SECRET + 1], 0, SecretPool.MAX_SECRET + 1));
    }
  }

  @Test
  void shouldLockItsPagesInRamOrSayWhyNot() {
    try (SecretPool pool = new SecretPool()) {
      pool.take(secret(32, 1), 0, 32);
      final int errno = pool.lockFailure();
      assertTrue(
          errno == 0 || errno == Libc.EPERM || errno == Libc.ENOMEM || errno == Libc.ENOSYS,
          Libc.errnoName(errno));
    }
  }

  @Test
  void shouldNeverHandOutAPartlyWipedOrReusedCopyWhileAnotherThreadWipes() throws Exception {
    try (SecretPool pool = new SecretPool()) {
      final int readers = 3;
      final AtomicReference<String> problem = new AtomicReference<>();
      final AtomicInteger refused = new AtomicInteger();
      for (int round = 0; round < 200; round++) {
        final byte[] expected = secret(64, round);
        final LockedBytes held = pool.take(expected.clone(), 0, 64);
        final CountDownLatch started = new CountDownLatch(readers);
        final List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
          threads.add(
              Thread.ofPlatform()
                  .start(
                      () -> {
                        final byte[] out = new byte[64];
                        started.countDown();
                        while (held.copyTo(out, 0)) {
                          if (!Arrays.equals(expected, out)) {
                            problem.set("a successful read returned other bytes");
                          }
                        }
                        if (!Arrays.equals(new byte[64], out)) {
                          problem.set("a refused read left bytes behind");
                        }
                        refused.incrementAndGet();
                      }));
        }
        started.await();
        held.wipe();
        // The wiped slot goes straight to the next secret of that size: readers must not see it.
        final LockedBytes next = pool.take(secret(64, round + 100), 0, 64);
        for (final Thread thread : threads) {
          thread.join();
        }
        next.wipe();
      }
      assertEquals(null, problem.get());
      assertEquals(200 * readers, refused.get());
    }
  }

  @Test
  void shouldZeroAndFreeEverythingOnClose() {
    final SecretPool pool = new SecretPool();
    final LockedBytes held = pool.take(secret(32, 1), 0, 32);
    pool.close();
    assertThrows(IllegalStateException.class, () -> held.copyTo(new byte[32], 0));
    assertThrows(IllegalStateException.class, () -> pool.take(secret(32, 1), 0, 32));
    pool.close(); // idempotent
  }
}
