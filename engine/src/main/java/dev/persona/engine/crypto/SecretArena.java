package dev.persona.engine.crypto;

import dev.persona.engine.os.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

  private final Arena arena = Arena.ofShared();
  private final List<MemorySegment> pages = new ArrayList<>();
  private final List<Boolean> lockedPages = new ArrayList<>();
  private MemorySegment page;
  private long used = PAGE_SIZE;
  private int lockFailure;
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
      page = newPage();
      used = 0;
    }
    final MemorySegment slot = page.asSlice(used, LockedKey.LENGTH);
    used += LockedKey.LENGTH;
    MemorySegment.copy(key, 0, slot, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, key.length);
    Arrays.fill(key, (byte) 0);
    return new LockedKey(slot);
  }

  private MemorySegment newPage() {
    final MemorySegment fresh = arena.allocate(PAGE_SIZE, PAGE_SIZE);
    final int rc = Libc.mlock(fresh);
    if (rc != 0 && lockFailure == 0) {
      lockFailure = rc;
    }
    // Best effort: a dump made despite RLIMIT_CORE=0 (a root-run gcore, a crash handler) skips it.
    Libc.excludeFromCoreDumps(fresh);
    pages.add(fresh);
    lockedPages.add(rc == 0);
    return fresh;
  }

  /** 0 when every page is locked in RAM, else the first {@code mlock} errno. */
  public synchronized int lockFailure() {
    return lockFailure;
  }

  /** Bytes of key pages this arena holds (and has tried to lock). */
  public synchronized long pageBytes() {
    return (long) pages.size() * PAGE_SIZE;
  }

  /** Zeroes every page without freeing it (close does this first). */
  synchronized void wipe() {
    for (final MemorySegment p : pages) {
      p.fill((byte) 0);
    }
  }

  /** Zeroes, unlocks and frees every page; later reads of its keys throw. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    wipe();
    for (int i = 0; i < pages.size(); i++) {
      if (lockedPages.get(i)) {
        Libc.munlock(pages.get(i));
      }
    }
    pages.clear();
    lockedPages.clear();
    page = null;
    arena.close();
  }
}
