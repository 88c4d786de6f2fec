package dev.persona.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.engine.os.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretArenaTest {
  private static long lockedKiB() throws IOException {
    for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmLck:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new AssertionError("no VmLck");
  }

  private static byte[] key(final int seed) {
    final byte[] k = new byte[LockedKey.LENGTH];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (seed + i + 1);
    }
    return k;
  }

  @Test
  void shouldMoveTheKeyOffHeapAndZeroTheArrayItCameFrom() {
    try (SecretArena arena = new SecretArena()) {
      final byte[] source = key(7);
      final byte[] expected = source.clone();
      final LockedKey locked = arena.take(source);
      assertArrayEquals(new byte[LockedKey.LENGTH], source, "the heap copy is gone");
      final byte[] out = new byte[LockedKey.LENGTH];
      locked.copyTo(out, 0);
      assertArrayEquals(expected, out);
      assertTrue(locked.segment().isNative());
    }
  }

  @Test
  void shouldCutPagesIntoKeysAndGrowByWholePages() {
    try (SecretArena arena = new SecretArena()) {
      final List<LockedKey> keys = new ArrayList<>();
      final int perPage = SecretArena.PAGE_SIZE / LockedKey.LENGTH;
      for (int i = 0; i < perPage + 1; i++) {
        keys.add(arena.take(key(i)));
      }
      assertEquals(2L * SecretArena.PAGE_SIZE, arena.pageBytes());
      for (int i = 0; i < keys.size(); i++) {
        final byte[] out = new byte[LockedKey.LENGTH];
        keys.get(i).copyTo(out, 0);
        assertArrayEquals(key(i), out, "key " + i + " kept its own bytes");
        assertEquals(0, keys.get(i).segment().address() % LockedKey.LENGTH);
      }
    }
  }

  @Test
  void shouldZeroEveryKeyBeforeFreeing() {
    final SecretArena arena = new SecretArena();
    final LockedKey a = arena.take(key(1));
    final LockedKey b = arena.take(key(2));
    assertFalse(a.isZero());
    arena.wipe();
    assertTrue(a.isZero() && b.isZero(), "wipe() zeroes the pages close() frees");
    arena.close();
    assertTrue(a.isReleased() && b.isReleased());
    assertThrows(IllegalStateException.class, () -> a.copyTo(new byte[LockedKey.LENGTH], 0));
    assertThrows(IllegalStateException.class, () -> arena.take(key(3)));
    arena.close(); // idempotent
  }

  @Test
  void shouldLockItsPagesInRamWhileOpenAndUnlockThemOnClose() throws IOException {
    final long before = lockedKiB();
    final SecretArena arena = new SecretArena();
    arena.take(key(1));
    if (arena.lockFailure() == 0) {
      assertTrue(lockedKiB() >= before + SecretArena.PAGE_SIZE / 1024, "VmLck counts the page");
    } else {
      assertTrue(
          arena.lockFailure() == Libc.EPERM
              || arena.lockFailure() == Libc.ENOMEM
              || arena.lockFailure() == Libc.ENOSYS,
          Libc.errnoName(arena.lockFailure()));
    }
    arena.close();
    assertEquals(before, lockedKiB());
  }

  @Test
  void shouldSealUnderALockedKeyExactlyAsUnderItsBytes() {
    try (SecretArena arena = new SecretArena()) {
      final byte[] raw = key(9);
      final LockedKey locked = arena.take(raw.clone());
      final byte[] aad = {1, 2, 3};
      final byte[] plain = "attack at dawn".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      final byte[] sealed = Aead.seal(locked, aad, aad.length, plain, true);
      assertArrayEquals(plain, Aead.open(raw, aad, aad.length, sealed, 0, sealed.length, true));
      final byte[] sealedRaw = Aead.seal(raw, aad, aad.length, plain, true);
      assertArrayEquals(
          plain, Aead.open(locked, aad, aad.length, sealedRaw, 0, sealedRaw.length, true));
      assertArrayEquals(KeyDerivation.subKey(raw, "label"), KeyDerivation.subKey(locked, "label"));
    }
  }
}
