package dev.persona.server.rpc;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.schema.fb.Ack;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ErrorDetail;
import dev.persona.schema.fb.Response;
import dev.persona.schema.fb.ResponseBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;

/**
 * Encodes responses with one reused {@link FlatBufferBuilder} and writes each as a frame (4-byte
 * little-endian length ‖ Response, identifier {@code PRS1}) to its channel.
 *
 * <p>One instance per thread that answers (the conductor, or one event loop): not thread-safe.
 * Callers build the body with {@link #builder()} after {@link #begin()}, then call {@link #send}.
 */
public final class ResponseProxy {
  /** Response file identifier (requests use {@code PRQ1}). */
  public static final String RESPONSE_IDENTIFIER = "PRS1";

  private final FlatBufferBuilder builder = new FlatBufferBuilder(4096);
  private final ByteBufAllocator allocator;

  public ResponseProxy(final ByteBufAllocator allocator) {
    this.allocator = allocator;
  }

  /** Clears the builder for a new response and returns it. */
  public FlatBufferBuilder begin() {
    builder.clear();
    return builder;
  }

  public FlatBufferBuilder builder() {
    return builder;
  }

  /** Finishes a success (or error with a body) and writes it to {@code channel}. */
  public void send(
      final Channel channel,
      final long requestId,
      final int errorCode,
      final String message,
      final byte bodyType,
      final int bodyOffset) {
    final int messageOffset = message == null ? 0 : builder.createString(message);
    Response.startResponse(builder);
    Response.addRequestId(builder, requestId);
    Response.addError(builder, errorCode);
    if (messageOffset != 0) {
      Response.addMessage(builder, messageOffset);
    }
    if (bodyType != ResponseBody.NONE) {
      Response.addBodyType(builder, bodyType);
      Response.addBody(builder, bodyOffset);
    }
    final int root = Response.endResponse(builder);
    builder.finish(root, RESPONSE_IDENTIFIER);
    write(channel, builder.dataBuffer());
  }

  /** Clears the builder and sends an error without detail. */
  public void sendError(
      final Channel channel, final long requestId, final int errorCode, final String message) {
    begin();
    send(channel, requestId, errorCode, message, ResponseBody.NONE, 0);
  }

  /** Clears the builder and sends an error with a detail table built by the caller's values. */
  public void sendError(
      final Channel channel,
      final long requestId,
      final int errorCode,
      final String message,
      final String field,
      final long currentRevision,
      final long retryAfterMs) {
    begin();
    final int fieldOffset = field == null ? 0 : builder.createString(field);
    ErrorDetail.startErrorDetail(builder);
    if (fieldOffset != 0) {
      ErrorDetail.addField(builder, fieldOffset);
    }
    ErrorDetail.addCurrentRevision(builder, currentRevision);
    ErrorDetail.addRetryAfterMs(builder, retryAfterMs);
    final int detail = ErrorDetail.endErrorDetail(builder);
    send(channel, requestId, errorCode, message, ResponseBody.ErrorDetail, detail);
  }

  /** Sends {@code OK} with an empty {@code Ack}. */
  public void sendOk(final Channel channel, final long requestId) {
    sendAck(channel, requestId, null, 0);
  }

  /** Sends {@code OK} with an {@code Ack} naming what was changed. */
  public void sendAck(
      final Channel channel, final long requestId, final String id, final long revision) {
    begin();
    final int idOffset = id == null ? 0 : builder.createString(id);
    Ack.startAck(builder);
    if (idOffset != 0) {
      Ack.addId(builder, idOffset);
    }
    Ack.addRevision(builder, revision);
    send(channel, requestId, ErrorCode.OK, null, ResponseBody.Ack, Ack.endAck(builder));
  }

  private void write(final Channel channel, final ByteBuffer finished) {
    final int length = finished.remaining();
    final ByteBuf frame = allocator.directBuffer(Integer.BYTES + length);
    frame.writeIntLE(length);
    frame.writeBytes(finished);
    channel.writeAndFlush(frame, channel.voidPromise());
  }
}
