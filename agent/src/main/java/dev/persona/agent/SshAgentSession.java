package dev.persona.agent;

import dev.persona.engine.ssh.SshKeyException;
import dev.persona.engine.ssh.SshPrivateKey;
import dev.persona.engine.ssh.SshPrivateKeyParser;
import dev.persona.engine.ssh.SshSignatureVerifier;
import dev.persona.engine.ssh.SshWireReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Frames the inbound bytes of one agent connection, decodes each request in place and dispatches it
 * to a {@link SshAgentBackend}, then writes the replies to a {@link SshAgentOutput} in request
 * order even when they complete out of order on other threads.
 *
 * <p>Threads: {@link #onBytes} must be called by one thread at a time (the connection's event
 * loop); callbacks may complete on any thread. Never throws into the host: malformed requests get
 * {@code SSH_AGENT_FAILURE} and the connection stays usable; an oversize length prefix or a peer
 * that lets more than {@link #MAX_PENDING_REPLIES} replies pile up gets the connection closed.
 */
public final class SshAgentSession {
  /** Replies waiting for earlier ones before the session closes the connection. */
  public static final int MAX_PENDING_REPLIES = 1024;

  private static final int INITIAL_BUFFER_LENGTH = 4096;

  /**
   * Sign payloads up to this size are copied into arrays the session reuses (real userauth data is
   * a few hundred bytes); larger ones get an array of their own.
   */
  static final int POOLED_DATA_LENGTH = 1024;

  /** Payload arrays kept for reuse: more than the replies a well-behaved client keeps in flight. */
  private static final int DATA_POOL_LIMIT = 16;

  private static final int RETAINED_BUFFER_LENGTH = 64 * 1024;
  private static final List<String> EXTENSIONS =
      List.of(SshAgentProtocol.EXTENSION_QUERY, SshAgentProtocol.EXTENSION_SESSION_BIND);

  private final SshAgentBackend backend;
  private final SshAgentOutput output;
  private final Object attachment;
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer accumulated = new UnsafeBuffer(0, 0);
  private final SshSignRequestFlyweight signRequest = new SshSignRequestFlyweight();
  private final SshSessionBindFlyweight sessionBind = new SshSessionBindFlyweight();
  private final Object replyLock = new Object();
  private final ArrayDeque<PendingReply> pending = new ArrayDeque<>();
  private final ArrayDeque<byte[]> freeData = new ArrayDeque<>(DATA_POOL_LIMIT);
  private byte[] lastKeyBlob = new byte[0];
  private final AtomicLong failureCount = new AtomicLong();
  private final AtomicBoolean closeNotified = new AtomicBoolean();
  private byte[] inbound = new byte[INITIAL_BUFFER_LENGTH];
  private int inboundLength;
  private long requestCount;
  private volatile boolean closed;
  private volatile boolean sessionBindAttempted;
  private volatile List<SshSessionBinding> bindings = List.of();

  /**
   * @param attachment anything the host wants backends to see (peer uid/pid/executable); may be
   *     null
   */
  public SshAgentSession(
      final SshAgentBackend backend, final SshAgentOutput output, final Object attachment) {
    this.backend = backend;
    this.output = output;
    this.attachment = attachment;
    accumulated.wrap(inbound);
  }

  /** The host's per-connection object given at construction. */
  public Object attachment() {
    return attachment;
  }

  /** Verified session-bind records, oldest first (an immutable snapshot; safe on any thread). */
  public List<SshSessionBinding> bindings() {
    return bindings;
  }

  /**
   * True once a session-bind was attempted, even if it failed (OpenSSH then refuses restricted
   * keys).
   */
  public boolean sessionBindAttempted() {
    return sessionBindAttempted;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Requests answered with SSH_AGENT_FAILURE, for counters. */
  public long failureCount() {
    return failureCount.get();
  }

  /** Requests framed so far (inbound thread only). */
  public long requestCount() {
    return requestCount;
  }

  /** Replies not yet written (hosts may stop reading while this is high). */
  public int pendingReplies() {
    synchronized (replyLock) {
      return pending.size();
    }
  }

  /**
   * Consumes all remaining bytes of {@code src}: complete frames are dispatched straight from it
   * without copying; a trailing partial frame is kept until the next call.
   */
  public void onBytes(final ByteBuffer src) {
    try {
      while (src.hasRemaining() && !closed) {
        if (inboundLength == 0 && (src.isDirect() || src.hasArray())) {
          view.wrap(src, src.position(), src.remaining());
          final int consumed = processFrames(view, src.remaining());
          src.position(src.position() + consumed);
          if (!closed && src.hasRemaining()) {
            append(src, src.remaining());
          }
        } else {
          final int needed =
              inboundLength < SshAgentFrameDescriptor.LENGTH_FIELD_LENGTH
                  ? SshAgentFrameDescriptor.LENGTH_FIELD_LENGTH - inboundLength
                  : SshAgentFrameDescriptor.LENGTH_FIELD_LENGTH
                      + frameLength(accumulated, 0)
                      - inboundLength;
          append(src, Math.min(needed, src.remaining()));
          if (inboundLength >= SshAgentFrameDescriptor.LENGTH_FIELD_LENGTH) {
            final int frameLength = frameLength(accumulated, 0);
            if (frameLength < 0) {
              close();
              return;
            }
            if (inboundLength == SshAgentFrameDescriptor.LENGTH_FIELD_LENGTH + frameLength) {
              inboundLength = 0;
              dispatch(accumulated, 0, frameLength);
              if (inbound.length > RETAINED_BUFFER_LENGTH) {
                inbound = new byte[INITIAL_BUFFER_LENGTH];
                accumulated.wrap(inbound);
              }
            }
          }
        }
      }
    } catch (final RuntimeException e) {
      // A bug, not a peer error: close this connection rather than leave it in an unknown state.
      close();
    } finally {
      if (closed) {
        src.position(src.limit());
        Arrays.fill(inbound, (byte) 0);
        inboundLength = 0;
      }
      notifyIfClosed();
    }
  }

  /** Frame length at {@code offset}, or -1 when it exceeds the maximum. */
  private static int frameLength(final DirectBuffer buffer, final int offset) {
    final int length = buffer.getInt(offset, ByteOrder.BIG_ENDIAN);
    return length < 0 || length > SshAgentFrameDescriptor.MAX_FRAME_LENGTH ? -1 : length;
  }

  /** Dispatches the complete frames at the start of {@code buffer}; returns the bytes consumed. */
  private int processFrames(final DirectBuffer buffer, final int length) {
    int offset = 0;
    while (!closed && length - offset >= SshAgentFrameDescriptor.LENGTH_FIELD_LENGTH) {
      final int frameLength = frameLength(buffer, offset);
      if (frameLength < 0) {
        close();
        return length;
      }
      if (length - offset - SshAgentFrameDescriptor.LENGTH_FIELD_LENGTH < frameLength) {
        break;
      }
      dispatch(buffer, offset, frameLength);
      offset += SshAgentFrameDescriptor.LENGTH_FIELD_LENGTH + frameLength;
    }
    return offset;
  }

  private void append(final ByteBuffer src, final int count) {
    if (inboundLength + count > inbound.length) {
      final byte[] grown =
          Arrays.copyOf(
              inbound,
              Math.min(
                  Math.max(inbound.length * 2, inboundLength + count),
                  SshAgentFrameDescriptor.MAX_FRAME_LENGTH
                      + SshAgentFrameDescriptor.LENGTH_FIELD_LENGTH));
      Arrays.fill(inbound, (byte) 0);
      inbound = grown;
      accumulated.wrap(inbound);
    }
    src.get(inbound, inboundLength, count);
    inboundLength += count;
  }

  private void dispatch(final DirectBuffer buffer, final int frameOffset, final int frameLength) {
    requestCount++;
    if (frameLength == 0) {
      replyNow(SshAgentReplies.failure(), true);
      return;
    }
    final int type = buffer.getByte(frameOffset + SshAgentFrameDescriptor.TYPE_OFFSET) & 0xFF;
    final int body = frameOffset + SshAgentFrameDescriptor.BODY_OFFSET;
    final int bodyLength = frameLength - 1;
    try {
      switch (type) {
        case SshAgentProtocol.SSH_AGENTC_REQUEST_IDENTITIES -> onRequestIdentities();
        case SshAgentProtocol.SSH_AGENTC_SIGN_REQUEST -> onSignRequest(buffer, body, bodyLength);
        case SshAgentProtocol.SSH_AGENTC_ADD_IDENTITY,
            SshAgentProtocol.SSH_AGENTC_ADD_ID_CONSTRAINED ->
            onAddIdentity(buffer, body, bodyLength);
        case SshAgentProtocol.SSH_AGENTC_REMOVE_IDENTITY ->
            onRemoveIdentity(buffer, body, bodyLength);
        case SshAgentProtocol.SSH_AGENTC_REMOVE_ALL_IDENTITIES -> {
          final PendingReply reply = enqueue();
          if (reply != null) {
            callBackend(reply, () -> backend.removeAllIdentities(this, reply));
          }
        }
        case SshAgentProtocol.SSH_AGENTC_LOCK, SshAgentProtocol.SSH_AGENTC_UNLOCK ->
            onLock(type == SshAgentProtocol.SSH_AGENTC_LOCK, buffer, body, bodyLength);
        case SshAgentProtocol.SSH_AGENTC_EXTENSION -> onExtension(buffer, body, bodyLength);
        default -> replyNow(SshAgentReplies.failure(), true);
      }
    } catch (final RuntimeException e) {
      replyNow(SshAgentReplies.failure(), true);
    }
  }

  private void onRequestIdentities() {
    final PendingReply reply = enqueue();
    if (reply != null) {
      callBackend(reply, () -> backend.requestIdentities(this, reply));
    }
  }

  private void onSignRequest(final DirectBuffer buffer, final int offset, final int length) {
    if (!signRequest.wrap(buffer, offset, length)) {
      replyNow(SshAgentReplies.failure(), true);
      return;
    }
    final byte[] keyBlob =
        keyBlob(buffer, signRequest.keyBlobOffset(), signRequest.keyBlobLength());
    final int dataLength = signRequest.dataLength();
    final int flags = signRequest.flags();
    final PendingReply reply = enqueue();
    if (reply != null) {
      final byte[] data = reply.takeData(dataLength);
      buffer.getBytes(signRequest.dataOffset(), data, 0, dataLength);
      try {
        backend.sign(this, keyBlob, data, dataLength, flags, reply);
      } catch (final RuntimeException e) {
        reply.complete(SshAgentReplies.failure(), true);
      }
    }
  }

  /**
   * The key blob of a sign request as an array, reusing the previous request's array when the bytes
   * are the same (a connection signs with one key, request after request), so the common case
   * copies nothing. Arrays handed out are never written again.
   */
  private byte[] keyBlob(final DirectBuffer buffer, final int offset, final int length) {
    final byte[] last = lastKeyBlob;
    if (last.length == length) {
      int i = 0;
      while (i < length && buffer.getByte(offset + i) == last[i]) {
        i++;
      }
      if (i == length) {
        return last;
      }
    }
    lastKeyBlob = AgentWire.copy(buffer, offset, length);
    return lastKeyBlob;
  }

  private void onAddIdentity(final DirectBuffer buffer, final int offset, final int length) {
    final byte[] body = AgentWire.copy(buffer, offset, length);
    SshPrivateKey key = null;
    try {
      final SshWireReader reader = new SshWireReader(body);
      key = SshPrivateKeyParser.readAgentIdentity(reader);
      final SshKeyConstraints constraints = SshKeyConstraints.parse(reader);
      final PendingReply reply = enqueue();
      if (reply == null) {
        key.destroy();
        return;
      }
      final SshPrivateKey added = key;
      key = null;
      callBackend(reply, () -> backend.addIdentity(this, added, constraints, reply));
    } catch (final SshKeyException e) {
      replyNow(SshAgentReplies.failure(), true);
    } finally {
      if (key != null) {
        key.destroy();
      }
      Arrays.fill(body, (byte) 0);
      // The frame may still sit in the host's buffer or ours; clear ours.
      if (buffer == accumulated) {
        accumulated.setMemory(offset, length, (byte) 0);
      }
    }
  }

  private void onRemoveIdentity(final DirectBuffer buffer, final int offset, final int length) {
    final int blobLength = AgentWire.stringLength(buffer, offset, offset + length);
    if (blobLength < 0 || blobLength != length - 4) {
      replyNow(SshAgentReplies.failure(), true);
      return;
    }
    final byte[] keyBlob = AgentWire.copy(buffer, offset + 4, blobLength);
    final PendingReply reply = enqueue();
    if (reply != null) {
      callBackend(reply, () -> backend.removeIdentity(this, keyBlob, reply));
    }
  }

  private void onLock(
      final boolean lock, final DirectBuffer buffer, final int offset, final int length) {
    final int passLength = AgentWire.stringLength(buffer, offset, offset + length);
    if (passLength < 0 || passLength != length - 4) {
      replyNow(SshAgentReplies.failure(), true);
      return;
    }
    final byte[] passphrase = AgentWire.copy(buffer, offset + 4, passLength);
    try {
      final PendingReply reply = enqueue();
      if (reply != null) {
        callBackend(
            reply,
            () -> {
              if (lock) {
                backend.lock(this, passphrase, reply);
              } else {
                backend.unlock(this, passphrase, reply);
              }
            });
      }
    } finally {
      Arrays.fill(passphrase, (byte) 0);
      if (buffer == accumulated) {
        accumulated.setMemory(offset, length, (byte) 0);
      }
    }
  }

  private void onExtension(final DirectBuffer buffer, final int offset, final int length) {
    final int limit = offset + length;
    final int nameLength = AgentWire.stringLength(buffer, offset, limit);
    if (nameLength < 0) {
      replyNow(SshAgentReplies.failure(), true);
      return;
    }
    final int contents = offset + 4 + nameLength;
    if (AgentWire.equalsAscii(buffer, offset + 4, nameLength, SshAgentProtocol.EXTENSION_QUERY)) {
      replyNow(SshAgentReplies.queryResponse(EXTENSIONS), false);
    } else if (AgentWire.equalsAscii(
        buffer, offset + 4, nameLength, SshAgentProtocol.EXTENSION_SESSION_BIND)) {
      final boolean ok = onSessionBind(buffer, contents, limit - contents);
      replyNow(SshAgentReplies.status(ok), !ok);
    } else {
      replyNow(SshAgentReplies.failure(), true);
    }
  }

  /** The checks of OpenSSH's process_ext_session_bind, in its order. */
  private boolean onSessionBind(final DirectBuffer buffer, final int offset, final int length) {
    sessionBindAttempted = true;
    if (!sessionBind.wrap(buffer, offset, length)
        || sessionBind.sessionIdLength() > SshAgentProtocol.MAX_SESSION_ID_LENGTH) {
      return false;
    }
    final byte[] hostKey = sessionBind.hostKey();
    final byte[] sessionId = sessionBind.sessionId();
    if (!SshSignatureVerifier.verify(
        hostKey, sessionId, 0, sessionId.length, sessionBind.signature(), false)) {
      return false;
    }
    final List<SshSessionBinding> current = bindings;
    for (final SshSessionBinding existing : current) {
      if (!existing.forwarding()) {
        // Already bound for authentication: a connection authenticates once.
        return false;
      }
      final boolean sameId = Arrays.equals(existing.sessionId(), sessionId);
      if (sameId && Arrays.equals(existing.hostKeyBlob(), hostKey)) {
        return true;
      }
      if (sameId) {
        return false;
      }
    }
    if (current.size() >= SshAgentProtocol.MAX_SESSION_BINDINGS) {
      return false;
    }
    final List<SshSessionBinding> next = new ArrayList<>(current);
    next.add(new SshSessionBinding(hostKey, sessionId, sessionBind.forwarding()));
    bindings = List.copyOf(next);
    return true;
  }

  private void callBackend(final PendingReply reply, final Runnable call) {
    try {
      call.run();
    } catch (final RuntimeException e) {
      reply.complete(SshAgentReplies.failure(), true);
    }
  }

  /** Reserves the next reply slot, or closes the connection when too many are outstanding. */
  private PendingReply enqueue() {
    synchronized (replyLock) {
      if (closed) {
        return null;
      }
      if (pending.size() >= MAX_PENDING_REPLIES) {
        closeLocked();
        return null;
      }
      final PendingReply reply = new PendingReply();
      pending.addLast(reply);
      return reply;
    }
  }

  private void replyNow(final ByteBuffer reply, final boolean failure) {
    if (failure) {
      failureCount.incrementAndGet();
    }
    synchronized (replyLock) {
      if (closed) {
        return;
      }
      if (pending.isEmpty()) {
        write(reply);
      } else {
        final PendingReply slot = new PendingReply();
        slot.reply = reply;
        pending.addLast(slot);
      }
    }
  }

  private void drainLocked() {
    PendingReply head;
    while (!closed && (head = pending.peekFirst()) != null && head.reply != null) {
      pending.pollFirst();
      write(head.reply);
      head.releaseData();
    }
  }

  private void write(final ByteBuffer reply) {
    try {
      output.write(reply);
    } catch (final RuntimeException e) {
      closeLocked();
    }
  }

  /** Closes the connection from the session's side (the host's output is closed too). */
  public void close() {
    synchronized (replyLock) {
      closeLocked();
    }
    notifyIfClosed();
  }

  private void closeLocked() {
    if (closed) {
      return;
    }
    closed = true;
    pending.clear();
    try {
      output.close();
    } catch (final RuntimeException ignored) {
      // The host is already tearing the connection down.
    }
  }

  /** The host saw the connection close: drop pending replies and tell the backend. */
  public void onClosed() {
    synchronized (replyLock) {
      closed = true;
      pending.clear();
    }
    Arrays.fill(inbound, (byte) 0);
    inboundLength = 0;
    notifyIfClosed();
  }

  /** Tells the backend once, never while holding the reply lock (it may take locks of its own). */
  private void notifyIfClosed() {
    if (closed && closeNotified.compareAndSet(false, true)) {
      try {
        backend.onSessionClosed(this);
      } catch (final RuntimeException ignored) {
        // Nothing useful to do: the connection is gone either way.
      }
    }
  }

  /** One reply slot in request order; also the callback handed to the backend. */
  private final class PendingReply
      implements SshAgentCallbacks.Sign, SshAgentCallbacks.Identities, SshAgentCallbacks.Status {
    private ByteBuffer reply;
    private byte[] data;

    /** An array of at least {@code length} bytes for this request's sign payload. */
    byte[] takeData(final int length) {
      if (length <= POOLED_DATA_LENGTH) {
        synchronized (replyLock) {
          data = freeData.pollFirst();
        }
        if (data == null) {
          data = new byte[POOLED_DATA_LENGTH];
        }
      } else {
        data = new byte[length];
      }
      return data;
    }

    /**
     * Called under the reply lock once the reply is written: the backend has answered, so it no
     * longer reads the payload (the {@link SshAgentBackend#sign} contract).
     */
    void releaseData() {
      if (data != null && data.length == POOLED_DATA_LENGTH && freeData.size() < DATA_POOL_LIMIT) {
        freeData.addFirst(data);
      }
      data = null;
    }

    void complete(final ByteBuffer value, final boolean failure) {
      synchronized (replyLock) {
        if (reply != null) {
          return;
        }
        if (failure) {
          failureCount.incrementAndGet();
        }
        reply = value;
        drainLocked();
      }
      notifyIfClosed();
    }

    @Override
    public void onSignature(final byte[] signatureBlob) {
      complete(SshAgentReplies.signResponse(signatureBlob), false);
    }

    @Override
    public void onIdentities(final List<SshIdentity> identities) {
      final ByteBuffer answer = SshAgentReplies.identitiesAnswer(identities);
      complete(answer == null ? SshAgentReplies.failure() : answer, answer == null);
    }

    @Override
    public void onFailure() {
      complete(SshAgentReplies.failure(), true);
    }

    @Override
    public void onResult(final boolean success) {
      complete(SshAgentReplies.status(success), !success);
    }
  }
}
