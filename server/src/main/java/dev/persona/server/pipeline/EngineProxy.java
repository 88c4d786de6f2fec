package dev.persona.server.pipeline;

import java.nio.ByteBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

/**
 * Hands a verified request from a Netty event loop to the conductor by copying it into the request
 * ring. Never blocks: a full ring is reported as {@code false} and the caller answers {@code BUSY}.
 * Thread-safe (many event loops offer concurrently).
 */
public final class EngineProxy {
  private final ManyToOneRingBuffer ring;
  private final WakeableIdleStrategy conductorIdle;

  public EngineProxy(final ManyToOneRingBuffer ring, final WakeableIdleStrategy conductorIdle) {
    this.ring = ring;
    this.conductorIdle = conductorIdle;
  }

  /**
   * Copies {@code length} bytes of {@code message} starting at {@code offset} (absolute, position
   * and limit untouched) with the connection's reference.
   *
   * @return {@code false} when the ring is full or the message is larger than the ring accepts.
   */
  public boolean offer(
      final long connectionRef, final ByteBuffer message, final int offset, final int length) {
    final int recordLength = RequestRingDescriptor.MESSAGE_OFFSET + length;
    if (recordLength > ring.maxMsgLength()) {
      return false;
    }
    final int index = ring.tryClaim(RequestRingDescriptor.MSG_RPC_REQUEST, recordLength);
    if (index <= 0) {
      return false;
    }
    try {
      ring.buffer().putLong(index + RequestRingDescriptor.CONNECTION_REF_OFFSET, connectionRef);
      ring.buffer().putBytes(index + RequestRingDescriptor.MESSAGE_OFFSET, message, offset, length);
    } catch (final RuntimeException ex) {
      ring.abort(index);
      throw ex;
    }
    ring.commit(index);
    conductorIdle.wake();
    return true;
  }
}
