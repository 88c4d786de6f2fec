package dev.persona.server.pipeline;

import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

/**
 * The single engine-side agent of the RPC pipeline: drains the request ring in bounded batches and
 * hands each request, as a {@link ByteBuffer} view over the ring memory, to the dispatcher; runs
 * the tasks other threads hand back through its {@link ConductorInbox} (requests resumed after an
 * approval).
 *
 * <p>Runs on its own thread under an {@code AgentRunner} (role {@code persona-rpc}); everything it
 * calls runs on that thread, so the engine sees one writer. Not thread-safe.
 */
public final class RpcConductor implements Agent {
  /** Requests taken from the ring per duty cycle, so periodic work is never starved. */
  static final int REQUEST_DRAIN_LIMIT = 64;

  /** Receives each request on the conductor thread. */
  public interface Dispatcher {
    /**
     * Handles one request whose bytes are {@code view[offset, offset + length)}. The view is only
     * valid during the call.
     */
    void onRequest(long connectionRef, ByteBuffer view, int offset, int length);

    /** Periodic work (auto-lock, expiries); returns the amount of work done. */
    int onTick(long nowNs);
  }

  private final ManyToOneRingBuffer ring;
  private final ConductorInbox inbox;
  private final Dispatcher dispatcher;
  private final NanoClock nanoClock;
  private final ByteBuffer view;
  private final int wrapAdjustment;
  private final MessageHandler handler = this::onMessage;

  public RpcConductor(
      final ManyToOneRingBuffer ring,
      final ConductorInbox inbox,
      final Dispatcher dispatcher,
      final NanoClock nanoClock) {
    this.ring = ring;
    this.inbox = inbox;
    this.dispatcher = dispatcher;
    this.nanoClock = nanoClock;
    this.view = ring.buffer().byteBuffer().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    this.wrapAdjustment = ring.buffer().wrapAdjustment();
  }

  @Override
  public int doWork() {
    final long nowNs = nanoClock.nanoTime();
    int workCount = ring.read(handler, REQUEST_DRAIN_LIMIT);
    workCount += inbox.drain(REQUEST_DRAIN_LIMIT);
    workCount += dispatcher.onTick(nowNs);
    return workCount;
  }

  private void onMessage(
      final int msgTypeId, final DirectBuffer buffer, final int index, final int length) {
    if (msgTypeId != RequestRingDescriptor.MSG_RPC_REQUEST) {
      return;
    }
    final long connectionRef = buffer.getLong(index + RequestRingDescriptor.CONNECTION_REF_OFFSET);
    final int messageOffset = wrapAdjustment + index + RequestRingDescriptor.MESSAGE_OFFSET;
    final int messageLength = length - RequestRingDescriptor.MESSAGE_OFFSET;
    try {
      dispatcher.onRequest(connectionRef, view, messageOffset, messageLength);
    } finally {
      // Requests carry passwords and values: wipe them from the ring before the slot is reused.
      ring.buffer()
          .setMemory(index + RequestRingDescriptor.MESSAGE_OFFSET, messageLength, (byte) 0);
    }
  }

  @Override
  public String roleName() {
    return "persona-rpc";
  }
}
