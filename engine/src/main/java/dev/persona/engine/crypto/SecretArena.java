package dev.persona.engine.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Off-heap home of the keys held while unlocked: 4 KiB pages from one shared {@link Arena}, each
 * locked in RAM ({@code mlock}, so keys never reach swap) and left out of core dumps ({@code
 * MADV_DONTDUMP}), cut into {@link LockedKey}s; {@link #close} zeroes, unlocks and frees them all.
 * One arena lives from unlock to lock. A page that cannot be locked (RLIMIT_MEMLOCK too small, or
 * not Linux) is still used: {@link #lockFailure()} says so and the engine warns once.
 *
 * <p>Thread-safe: allocation and close are synchronized; keys are read from any thread. Close only
 * when no thread reads a key (the engine holds its exclusive stamp).
 */
public final class SecretArena implements AutoCloseable {
  public static final int PAGE_SIZE = 4096;

  private final LockedPages pages = new LockedPages();
  private MemorySegment page;
  private long used = PAGE_SIZE;
  private boolean closed;

  /**
   * Moves {@code key} (32 bytes) into locked memory and zeroes the heap array it came from, so the
   * arena holds the only copy.
   */
  public synchronized LockedKey take(final byte[] key) {
    if (key.length != LockedKey.LENGTH) {
      throw new IllegalArgumentException("key length " + key.length + " != " + LockedKey.LENGTH);
    }
    if (closed) {
      throw new IllegalStateException("secret arena closed");
    }
    if (used + LockedKey.LENGTH > PAGE_SIZE) {
      page = pages.allocate(PAGE_SIZE);
      used = 0;
    }
    final MemorySegment slot = page.asSlice(used, LockedKey.LENGTH);
    used += LockedKey.LENGTH;
    MemorySegment.copy(key, 0, slot, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, key.length);
    Arrays.fill(key, (byte) 0);
    return new LockedKey(slot);
  }

  /** 0 when every page is locked in RAM, else the first {@code mlock} errno. */
  public synchronized int lockFailure() {
    return pages.lockFailure();
  }

  /** Bytes of key pages this arena holds (and has tried to lock). */
  public synchronized long pageBytes() {
    return pages.bytes();
  }

  /** Zeroes every page without freeing it (close does this first). */
  synchronized void wipe() {
    pages.wipe();
  }

  /** Zeroes, unlocks and frees every page; later reads of its keys throw. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    pages.close();
    page = null;
  }
}
