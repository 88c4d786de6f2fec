package dev.persona.server.rpc;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.schema.ResponseWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;

/**
 * Writes responses encoded by the schema's {@link ResponseWriter} to their channel, then wipes the
 * encoder so a value just sent does not linger in its buffer.
 *
 * <p>One instance per thread that answers (the conductor, or one event loop): not thread-safe.
 * Composite bodies are built on {@link #begin()}'s builder, then sent with {@link #sendBody}.
 */
public final class ResponseProxy {
  private final ResponseWriter writer = new ResponseWriter();
  private final ByteBufAllocator allocator;

  public ResponseProxy(final ByteBufAllocator allocator) {
    this.allocator = allocator;
  }

  /** Clears the builder for a new response and returns it. */
  public FlatBufferBuilder begin() {
    return writer.begin();
  }

  public FlatBufferBuilder builder() {
    return writer.builder();
  }

  /** The encoder, for responses it knows how to build whole (welcome, read-refs…). */
  public ResponseWriter writer() {
    return writer;
  }

  /** Sends {@code OK} with a body built on {@link #builder()} since {@link #begin()}. */
  public void sendBody(
      final Channel channel, final long requestId, final byte bodyType, final int bodyOffset) {
    write(channel, writer.ok(requestId, bodyType, bodyOffset));
  }

  /** Sends an error without detail. */
  public void sendError(
      final Channel channel, final long requestId, final int errorCode, final String message) {
    write(channel, writer.error(requestId, errorCode, message));
  }

  /** Sends an error with the bad field, the current revision or a retry hint. */
  public void sendError(
      final Channel channel,
      final long requestId,
      final int errorCode,
      final String message,
      final String field,
      final long currentRevision,
      final long retryAfterMs) {
    write(
        channel,
        writer.errorDetail(
            requestId, errorCode, message, field, currentRevision, null, retryAfterMs));
  }

  /** Sends a denial or timeout of a pending approval, naming it in {@code ErrorDetail}. */
  public void sendApprovalError(
      final Channel channel,
      final long requestId,
      final int errorCode,
      final String message,
      final String approvalId) {
    write(channel, writer.errorDetail(requestId, errorCode, message, null, 0, approvalId, 0));
  }

  /**
   * Drops a ReadRefs answer half-built on the writer without sending it: it is finished (so that
   * everything written lies in the frame) and wiped, values already copied in included.
   */
  public void abandonReadRefs() {
    writer.endReadRefs(0);
    writer.wipe();
  }

  /** Sends {@code OK} with an empty {@code Ack}. */
  public void sendOk(final Channel channel, final long requestId) {
    sendAck(channel, requestId, null, 0);
  }

  /** Sends {@code OK} with an {@code Ack} naming what was changed. */
  public void sendAck(
      final Channel channel, final long requestId, final String id, final long revision) {
    write(channel, writer.ack(requestId, id, revision));
  }

  /** Sends a frame the writer has just finished. */
  public void send(final Channel channel, final ByteBuffer frame) {
    write(channel, frame);
  }

  private void write(final Channel channel, final ByteBuffer frame) {
    final ByteBuf out = allocator.directBuffer(frame.remaining());
    out.writeBytes(frame);
    writer.wipe();
    channel.writeAndFlush(out, channel.voidPromise());
  }
}
