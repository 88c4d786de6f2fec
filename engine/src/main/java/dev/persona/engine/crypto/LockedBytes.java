package dev.persona.engine.crypto;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;

/**
 * One secret of any length up to {@link SecretPool#MAX_SECRET} held in a {@link SecretPool} slot:
 * off the heap (the GC never copies it), locked in RAM when the system allows, left out of core
 * dumps, and zeroed by {@link #wipe()}.
 *
 * <p>Thread-safe. Reads take no lock and allocate nothing: they copy optimistically and validate
 * afterwards (a sequence lock), so a read that overlaps a {@link #wipe()} reports failure instead
 * of returning a half-zeroed (or, once the slot is reused, another secret's) copy. {@link #wipe()}
 * waits only for the instant of such a copy, never for whatever the reader does with it.
 */
public final class LockedBytes {
  private final SecretPool pool;
  private final MemorySegment slot;
  private final int length;
  private final StampedLock guard = new StampedLock();
  private volatile boolean wiped;

  LockedBytes(final SecretPool pool, final MemorySegment slot, final int length) {
    this.pool = pool;
    this.slot = slot;
    this.length = length;
  }

  /** The secret's length in bytes. */
  public int length() {
    return length;
  }

  /**
   * Copies {@code count} bytes from offset {@code from} of the secret into {@code dst}; the caller
   * zeroes {@code dst} as soon as the code it feeds is done with it. Returns false, with that range
   * of {@code dst} zeroed, when the secret was wiped before or during the copy.
   */
  public boolean read(final int from, final byte[] dst, final int dstOffset, final int count) {
    if (from < 0 || count < 0 || from + count > length) {
      throw new IndexOutOfBoundsException("from=" + from + " count=" + count + " length=" + length);
    }
    final long stamp = guard.tryOptimisticRead();
    if (stamp != 0 && !wiped) {
      MemorySegment.copy(slot, ValueLayout.JAVA_BYTE, from, dst, dstOffset, count);
      if (guard.validate(stamp)) {
        return true;
      }
    }
    Arrays.fill(dst, dstOffset, dstOffset + count, (byte) 0);
    return false;
  }

  /** {@link #read} of the whole secret into {@code dst} at {@code dstOffset}. */
  public boolean copyTo(final byte[] dst, final int dstOffset) {
    return read(0, dst, dstOffset, length);
  }

  /**
   * Zeroes the secret and gives its slot back to the pool; every later read fails. Waits for reads
   * copying right now to finish. Idempotent.
   */
  public void wipe() {
    final long stamp = guard.writeLock();
    try {
      if (wiped) {
        return;
      }
      wiped = true;
      pool.release(slot);
    } finally {
      guard.unlockWrite(stamp);
    }
  }

  public boolean isWiped() {
    return wiped;
  }

  /**
   * Whether the memory that holds (or held) this secret reads back as all zeros: true after {@link
   * #wipe()} until the pool hands the slot to another secret. For tests that prove a lock or a
   * delete left nothing behind; the pool never unmaps a slot while it is open.
   */
  public boolean readsAsZero() {
    for (long i = 0; i < slot.byteSize(); i++) {
      if (slot.get(ValueLayout.JAVA_BYTE, i) != 0) {
        return false;
      }
    }
    return true;
  }
}
