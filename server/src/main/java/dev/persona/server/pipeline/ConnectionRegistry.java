package dev.persona.server.pipeline;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Names each open connection by a {@code long} reference (slot ‖ generation) that can travel
 * through a ring buffer, and finds the channel again for the reply.
 *
 * <pre>
 *   connectionRef (64 bits)
 *   +-------------------------------+-------------------------------+
 *   |  generation (high 32 bits)    |  slot index (low 32 bits)     |
 *   +-------------------------------+-------------------------------+
 * </pre>
 *
 * A reply for a connection that closed meanwhile finds another generation in the slot and is
 * dropped, never delivered to the connection that reused the slot. Thread-safe and allocation-free
 * after construction.
 */
public final class ConnectionRegistry {
  /** Returned by {@link #register} when every slot is taken. */
  public static final long NO_SLOT = -1L;

  private final AtomicReferenceArray<Channel> channels;
  private final AtomicIntegerArray generations;

  public ConnectionRegistry(final int capacity) {
    channels = new AtomicReferenceArray<>(capacity);
    generations = new AtomicIntegerArray(capacity);
  }

  /**
   * Gives {@code channel} a slot; {@link #NO_SLOT} when full. Called on the channel's event loop.
   */
  public long register(final Channel channel) {
    final int capacity = channels.length();
    final int start = (int) (Integer.toUnsignedLong(channel.hashCode()) % capacity);
    for (int i = 0; i < capacity; i++) {
      final int slot = (start + i) % capacity;
      if (channels.compareAndSet(slot, null, channel)) {
        final int generation = generations.incrementAndGet(slot);
        return ((long) generation << 32) | slot;
      }
    }
    return NO_SLOT;
  }

  /** Frees the slot of {@code connectionRef}. */
  public void unregister(final long connectionRef) {
    final int slot = (int) connectionRef;
    generations.incrementAndGet(slot);
    channels.set(slot, null);
  }

  /** The live channel for {@code connectionRef}, or {@code null} when it has closed. */
  public Channel channelOf(final long connectionRef) {
    if (connectionRef < 0) {
      return null;
    }
    final int slot = (int) connectionRef;
    final int generation = (int) (connectionRef >>> 32);
    final Channel channel = channels.get(slot);
    return generations.get(slot) == generation ? channel : null;
  }
}
