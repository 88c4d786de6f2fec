package dev.persona.schema;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.schema.fb.Ack;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ErrorDetail;
import dev.persona.schema.fb.ReadRefsResponse;
import dev.persona.schema.fb.RefResult;
import dev.persona.schema.fb.Response;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.schema.fb.SshSignResponse;
import dev.persona.schema.fb.StatusResponse;
import dev.persona.schema.fb.UnlockResponse;
import dev.persona.schema.fb.Welcome;
import java.nio.ByteBuffer;

/**
 * Encodes Responses into ready-to-send frames (length prefix included) in one reused {@link
 * FlatBufferBuilder}. The returned buffer is the builder's own memory, valid until the next call;
 * its position and limit bound the frame, so the transport copies it once into its outbound buffer.
 * Used by the daemon on the thread that answers requests. Not thread-safe: one writer per answering
 * thread.
 *
 * <p>Hot paths allocate nothing once warm: {@link #beginReadRefs()}/{@link #addRefValue}/{@link
 * #endReadRefs} and {@link #sshSignature}. Composite bodies (items, lists, keys) are built with
 * {@link #begin()}, the generated {@code createX}/{@code startX} methods on {@link #builder()},
 * then {@link #ok(long, byte, int)}. Call {@link #wipe()} after sending a frame that carried a
 * secret.
 */
public final class ResponseWriter extends FrameWriter {
  private int[] offsets = new int[16];
  private int offsetCount;

  public ResponseWriter() {
    this(64 * 1024);
  }

  public ResponseWriter(final int initialCapacity) {
    super(initialCapacity);
  }

  /** Starts a composite response: clears the builder and returns it. */
  public FlatBufferBuilder begin() {
    builder.clear();
    offsetCount = 0;
    return builder;
  }

  /**
   * The builder, for generated create/start/add/end calls between {@link #begin()} and {@link #ok}.
   */
  public FlatBufferBuilder builder() {
    return builder;
  }

  /** Finishes a successful response whose body was built after {@link #begin()}. */
  public ByteBuffer ok(final long requestId, final byte bodyType, final int bodyOffset) {
    return finish(requestId, ErrorCode.OK, 0, bodyType, bodyOffset);
  }

  /** An error answer with a human message (never containing secrets). */
  public ByteBuffer error(final long requestId, final int errorCode, final CharSequence message) {
    builder.clear();
    final int m = str(message);
    return finish(requestId, errorCode, m, ResponseBody.NONE, 0);
  }

  /**
   * An error answer with details: the bad input field, the current revision, a pending approval id.
   */
  public ByteBuffer errorDetail(
      final long requestId,
      final int errorCode,
      final CharSequence message,
      final CharSequence field,
      final long currentRevision,
      final CharSequence approvalId,
      final long retryAfterMs) {
    builder.clear();
    final int m = str(message);
    final int f = str(field);
    final int a = str(approvalId);
    final int detail =
        ErrorDetail.createErrorDetail(builder, f, currentRevision, a, retryAfterMs, 0, 0);
    return finish(requestId, errorCode, m, ResponseBody.ErrorDetail, detail);
  }

  /** The answer to a Hello whose range does not meet ours. */
  public ByteBuffer unsupportedVersion(
      final long requestId, final int clientMinVersion, final int clientMaxVersion) {
    builder.clear();
    final int m =
        builder.createString(
            "client speaks versions "
                + clientMinVersion
                + ".."
                + clientMaxVersion
                + ", daemon speaks "
                + RpcFrameDescriptor.MIN_PROTOCOL_VERSION
                + ".."
                + RpcFrameDescriptor.MAX_PROTOCOL_VERSION);
    final int detail =
        ErrorDetail.createErrorDetail(
            builder,
            0,
            0,
            0,
            0,
            RpcFrameDescriptor.MIN_PROTOCOL_VERSION,
            RpcFrameDescriptor.MAX_PROTOCOL_VERSION);
    return finish(requestId, ErrorCode.UNSUPPORTED_VERSION, m, ResponseBody.ErrorDetail, detail);
  }

  /**
   * Picks the version for a Hello: the highest both sides speak, or -1 when the ranges do not meet
   * (answer with {@link #unsupportedVersion}).
   */
  public static int negotiateVersion(final int clientMinVersion, final int clientMaxVersion) {
    final int version = Math.min(clientMaxVersion, RpcFrameDescriptor.MAX_PROTOCOL_VERSION);
    return version >= Math.max(clientMinVersion, RpcFrameDescriptor.MIN_PROTOCOL_VERSION)
        ? version
        : -1;
  }

  public ByteBuffer welcome(
      final long requestId,
      final int version,
      final CharSequence[] features,
      final CharSequence daemonVersion) {
    builder.clear();
    final int f = strings(features);
    final int d = str(daemonVersion);
    final int welcome =
        Welcome.createWelcome(builder, version, f, d, RpcFrameDescriptor.MAX_MESSAGE_LENGTH);
    return finish(requestId, ErrorCode.OK, 0, ResponseBody.Welcome, welcome);
  }

  public ByteBuffer ack(final long requestId, final CharSequence id, final long revision) {
    builder.clear();
    final int i = str(id);
    return finish(
        requestId, ErrorCode.OK, 0, ResponseBody.Ack, Ack.createAck(builder, i, revision));
  }

  public ByteBuffer status(
      final long requestId,
      final boolean initialized,
      final boolean locked,
      final CharSequence version,
      final CharSequence rpcSocket,
      final CharSequence agentSocket,
      final CharSequence dataDir,
      final int vaultCount,
      final long lockAtMs,
      final long uptimeMs,
      final long pid) {
    builder.clear();
    final int v = str(version);
    final int r = str(rpcSocket);
    final int a = str(agentSocket);
    final int d = str(dataDir);
    final int status =
        StatusResponse.createStatusResponse(
            builder,
            initialized,
            locked,
            v,
            r,
            a,
            d,
            Integer.toUnsignedLong(vaultCount),
            lockAtMs,
            uptimeMs,
            pid);
    return finish(requestId, ErrorCode.OK, 0, ResponseBody.StatusResponse, status);
  }

  /** An unlock answer; {@code token} may be null when no token was asked for. */
  public ByteBuffer unlock(
      final long requestId,
      final byte[] token,
      final CharSequence tokenId,
      final long tokenExpiresMs,
      final long lockAtMs) {
    builder.clear();
    final int t = token == null ? 0 : builder.createByteVector(token);
    final int i = str(tokenId);
    final int body = UnlockResponse.createUnlockResponse(builder, t, i, tokenExpiresMs, lockAtMs);
    return finish(requestId, ErrorCode.OK, 0, ResponseBody.UnlockResponse, body);
  }

  /** Starts a ReadRefs answer; add one result per requested reference, in request order. */
  public void beginReadRefs() {
    builder.clear();
    offsetCount = 0;
  }

  /**
   * Adds a resolved value: copies {@code value}'s remaining bytes, leaving its position unchanged.
   */
  public void addRefValue(final ByteBuffer value) {
    final int position = value.position();
    final int v = builder.createByteVector(value);
    value.position(position);
    pushOffset(RefResult.createRefResult(builder, ErrorCode.OK, v));
  }

  public void addRefValue(final byte[] value, final int offset, final int length) {
    final int v = builder.createByteVector(value, offset, length);
    pushOffset(RefResult.createRefResult(builder, ErrorCode.OK, v));
  }

  /** Adds a reference that could not be resolved (NOT_FOUND, DENIED, ...). */
  public void addRefError(final int errorCode) {
    pushOffset(RefResult.createRefResult(builder, errorCode, 0));
  }

  public ByteBuffer endReadRefs(final long requestId) {
    final int vector = offsetVector();
    final int body = ReadRefsResponse.createReadRefsResponse(builder, vector);
    return finish(requestId, ErrorCode.OK, 0, ResponseBody.ReadRefsResponse, body);
  }

  public ByteBuffer sshSignature(
      final long requestId, final byte[] signature, final int offset, final int length) {
    builder.clear();
    final int s = builder.createByteVector(signature, offset, length);
    final int body = SshSignResponse.createSshSignResponse(builder, s);
    return finish(requestId, ErrorCode.OK, 0, ResponseBody.SshSignResponse, body);
  }

  // ---- helpers for composite bodies built between begin() and ok() ----

  /** Remembers a table offset for {@link #offsetVector()} (e.g. one Item of a listing). */
  public void pushOffset(final int offset) {
    if (offsetCount == offsets.length) {
      offsets = java.util.Arrays.copyOf(offsets, offsetCount * 2);
    }
    offsets[offsetCount++] = offset;
  }

  /**
   * Writes the offsets pushed since {@link #begin()} as a vector, in push order, and forgets them.
   */
  public int offsetVector() {
    final int vector = offsetVector(offsets, offsetCount);
    offsetCount = 0;
    return vector;
  }

  /** A vector of strings (null or empty gives 0, i.e. absent). Allocates an int[] per call. */
  public int strings(final CharSequence[] values) {
    return values == null ? 0 : stringVector(java.util.Arrays.asList(values));
  }

  /**
   * A byte vector of {@code value}'s remaining bytes, leaving its position unchanged; 0 for null.
   */
  public int bytes(final ByteBuffer value) {
    if (value == null) {
      return 0;
    }
    final int position = value.position();
    final int v = builder.createByteVector(value);
    value.position(position);
    return v;
  }

  /** A byte vector copied from {@code value[offset, offset + length)}. */
  public int bytes(final byte[] value, final int offset, final int length) {
    return builder.createByteVector(value, offset, length);
  }

  private ByteBuffer finish(
      final long requestId,
      final int errorCode,
      final int messageOffset,
      final byte bodyType,
      final int bodyOffset) {
    final int root =
        Response.createResponse(builder, requestId, errorCode, messageOffset, bodyType, bodyOffset);
    builder.finishSizePrefixed(root, RpcFrameDescriptor.RESPONSE_IDENTIFIER);
    final ByteBuffer frame = builder.dataBuffer();
    if (frame.remaining() > RpcFrameDescriptor.MAX_FRAME_LENGTH) {
      // Too big to send: answer with a small error instead, so the client is not left waiting.
      final int length = frame.remaining();
      recordFrame(frame);
      wipe();
      final int m =
          builder.createString(
              "response too large: frameLength="
                  + length
                  + " max="
                  + RpcFrameDescriptor.MAX_FRAME_LENGTH
                  + "; page the request");
      final int small =
          Response.createResponse(builder, requestId, ErrorCode.TOO_LARGE, m, ResponseBody.NONE, 0);
      builder.finishSizePrefixed(small, RpcFrameDescriptor.RESPONSE_IDENTIFIER);
      return recordFrame(builder.dataBuffer());
    }
    return recordFrame(frame);
  }
}
