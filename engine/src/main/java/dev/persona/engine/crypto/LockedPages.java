package dev.persona.engine.crypto;

import dev.persona.engine.os.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Page-aligned off-heap memory for secrets, as {@link SecretArena} and {@link SecretPool} hold it:
 * from one shared {@link Arena}, each allocation locked in RAM ({@code mlock}: never swapped) where
 * allowed and left out of core dumps ({@code MADV_DONTDUMP}). An allocation that cannot be locked
 * (RLIMIT_MEMLOCK too small, not Linux) is still used: {@link #lockFailure()} says so.
 *
 * <p>Not thread-safe: its owners synchronize.
 */
final class LockedPages {
  private final Arena arena = Arena.ofShared();
  private final List<MemorySegment> pages = new ArrayList<>();
  private final List<Boolean> locked = new ArrayList<>();
  private long bytes;
  private int lockFailure;

  /** {@code size} bytes, page-aligned, locked where allowed. */
  MemorySegment allocate(final long size) {
    final MemorySegment fresh = arena.allocate(size, SecretArena.PAGE_SIZE);
    final int rc = Libc.mlock(fresh);
    if (rc != 0 && lockFailure == 0) {
      lockFailure = rc;
    }
    // Best effort: a dump made despite RLIMIT_CORE=0 (a root-run gcore, a crash handler) skips it.
    Libc.excludeFromCoreDumps(fresh);
    pages.add(fresh);
    locked.add(rc == 0);
    bytes += size;
    return fresh;
  }

  /** 0 when every allocation is locked in RAM, else the first {@code mlock} errno. */
  int lockFailure() {
    return lockFailure;
  }

  /** Bytes allocated (and tried to lock). */
  long bytes() {
    return bytes;
  }

  /** Zeroes every allocation without freeing it. */
  void wipe() {
    for (final MemorySegment page : pages) {
      page.fill((byte) 0);
    }
  }

  /** Zeroes, unlocks and frees everything; the segments handed out are unusable afterwards. */
  void close() {
    wipe();
    for (int i = 0; i < pages.size(); i++) {
      if (locked.get(i)) {
        Libc.munlock(pages.get(i));
      }
    }
    pages.clear();
    locked.clear();
    arena.close();
  }
}
