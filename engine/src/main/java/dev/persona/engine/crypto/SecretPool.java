package dev.persona.engine.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Off-heap home of secrets that come and go one at a time while the process runs (decoded SSH
 * private keys): {@code mlock}ed, {@code MADV_DONTDUMP} pages from one shared {@link Arena}, cut
 * into power-of-two slots of {@value #MIN_SLOT} B to {@value #MAX_SECRET} B and handed out as
 * {@link LockedBytes}. A released slot is zeroed before it goes back to its free list; pages are
 * kept (and stay locked) until {@link #close}, so a slot is never unmapped under a thread that
 * still reads it and the memory of a wiped secret can be read back to prove it is zero.
 *
 * <p>Unlike {@link SecretArena} (one per unlock, all keys freed together) this pool outlives locks:
 * what it holds is wiped secret by secret, by whoever owns each one. A page that cannot be locked
 * is still used; {@link #lockFailure()} says so.
 *
 * <p>Thread-safe: taking and releasing slots are synchronized (never on a signing path); reading a
 * {@link LockedBytes} takes no lock at all.
 */
public final class SecretPool implements AutoCloseable {
  /** Smallest slot: one Ed25519 seed or P-256 scalar. */
  public static final int MIN_SLOT = 32;

  /** Largest secret taken: an RSA-16384 key's private components fit with room to spare. */
  public static final int MAX_SECRET = 64 * 1024;

  private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_SECRET / MIN_SLOT) + 1;

  private static final class Shared {
    // Created on first use: a process that never decodes an SSH key locks no page for them.
    static final SecretPool INSTANCE = new SecretPool();
  }

  private final List<ArrayDeque<MemorySegment>> free = new ArrayList<>(CLASSES);
  private final LockedPages pages = new LockedPages();
  private boolean closed;

  public SecretPool() {
    for (int i = 0; i < CLASSES; i++) {
      free.add(new ArrayDeque<>());
    }
  }

  /** The process-wide pool that decoded SSH keys live in; never closed. */
  public static SecretPool shared() {
    return Shared.INSTANCE;
  }

  /**
   * Copies {@code src[offset, offset+length)} into a slot of locked memory and zeroes that range of
   * {@code src}, so the pool holds the only copy.
   */
  public LockedBytes take(final byte[] src, final int offset, final int length) {
    if (length <= 0 || length > MAX_SECRET) {
      throw new IllegalArgumentException("secret length " + length + " not in 1.." + MAX_SECRET);
    }
    final MemorySegment slot = allocate(length);
    MemorySegment.copy(src, offset, slot, ValueLayout.JAVA_BYTE, 0, length);
    Arrays.fill(src, offset, offset + length, (byte) 0);
    return new LockedBytes(this, slot, length);
  }

  private synchronized MemorySegment allocate(final int length) {
    if (closed) {
      throw new IllegalStateException("secret pool closed");
    }
    final int sizeClass = sizeClass(length);
    final ArrayDeque<MemorySegment> slots = free.get(sizeClass);
    if (slots.isEmpty()) {
      final long slotSize = (long) MIN_SLOT << sizeClass;
      final MemorySegment page = pages.allocate(Math.max(slotSize, SecretArena.PAGE_SIZE));
      for (long at = 0; at < page.byteSize(); at += slotSize) {
        slots.add(page.asSlice(at, slotSize));
      }
    }
    return slots.poll();
  }

  /** Zeroes {@code slot} and makes it available again; called by {@link LockedBytes#wipe}. */
  synchronized void release(final MemorySegment slot) {
    slot.fill((byte) 0);
    if (!closed) {
      free.get(sizeClass((int) slot.byteSize())).add(slot);
    }
  }

  static int sizeClass(final int length) {
    final int rounded = Math.max(MIN_SLOT, Integer.highestOneBit(length - 1) << 1);
    return Integer.numberOfTrailingZeros(rounded / MIN_SLOT);
  }

  /** 0 when every page is locked in RAM, else the first {@code mlock} errno. */
  public synchronized int lockFailure() {
    return pages.lockFailure();
  }

  /** Bytes of pages this pool holds (and has tried to lock). */
  public synchronized long pageBytes() {
    return pages.bytes();
  }

  /**
   * Zeroes, unlocks and frees every page, secrets still held included; later reads of them throw.
   * Only for pools nobody reads any more, such as a test's (the shared pool is never closed).
   * Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (final ArrayDeque<MemorySegment> slots : free) {
      slots.clear();
    }
    pages.close();
  }
}
