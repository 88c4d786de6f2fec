package dev.persona.engine.crypto;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One 32-byte key held in a {@link SecretArena} page: off the heap (the GC never copies it), locked
 * in RAM when the system allows, zeroed and freed with its arena on lock.
 *
 * <p>Reads are thread-safe while the arena is open; after it closes every read throws {@link
 * IllegalStateException}, which the engine rules out by closing only with readers excluded.
 */
public final class LockedKey {
  public static final int LENGTH = 32;
  private final MemorySegment segment;

  LockedKey(final MemorySegment segment) {
    this.segment = segment;
  }

  /**
   * Copies the key into {@code dst} at {@code offset}; the caller wipes {@code dst} as soon as the
   * library it feeds has taken its own copy.
   */
  public void copyTo(final byte[] dst, final int offset) {
    MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, 0, dst, offset, LENGTH);
  }

  /** Whether the arena holding this key has been closed (the key zeroed and its memory freed). */
  public boolean isReleased() {
    return !segment.scope().isAlive();
  }

  /** Whether every byte is zero; only meaningful before release (tests of {@link SecretArena}). */
  boolean isZero() {
    for (long i = 0; i < LENGTH; i++) {
      if (segment.get(ValueLayout.JAVA_BYTE, i) != 0) {
        return false;
      }
    }
    return true;
  }

  /** The page-relative memory, for tests that check where keys live. */
  MemorySegment segment() {
    return segment;
  }
}
