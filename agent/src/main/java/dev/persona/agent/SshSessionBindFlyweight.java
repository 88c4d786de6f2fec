package dev.persona.agent;

import org.agrona.DirectBuffer;

/**
 * Reads the contents of the {@code session-bind@openssh.com} extension in place (after the name).
 *
 * <pre>
 *   string  hostkey (public key blob)
 *   string  session identifier
 *   string  signature (by hostkey over the session identifier)
 *   bool    is_forwarding
 * </pre>
 *
 * <p>Not thread-safe: one per session, reused per request.
 */
public final class SshSessionBindFlyweight {
  private DirectBuffer buffer;
  private int hostKeyOffset;
  private int hostKeyLength;
  private int sessionIdOffset;
  private int sessionIdLength;
  private int signatureOffset;
  private int signatureLength;
  private boolean forwarding;

  /** Wraps the contents; returns false when malformed or followed by trailing bytes. */
  public boolean wrap(final DirectBuffer buffer, final int offset, final int length) {
    final int limit = offset + length;
    final int keyLength = AgentWire.stringLength(buffer, offset, limit);
    if (keyLength < 0) {
      return false;
    }
    final int sidAt = offset + 4 + keyLength;
    final int sidLength = AgentWire.stringLength(buffer, sidAt, limit);
    if (sidLength < 0) {
      return false;
    }
    final int sigAt = sidAt + 4 + sidLength;
    final int sigLength = AgentWire.stringLength(buffer, sigAt, limit);
    if (sigLength < 0) {
      return false;
    }
    final int flagAt = sigAt + 4 + sigLength;
    if (limit - flagAt != 1) {
      return false;
    }
    this.buffer = buffer;
    hostKeyOffset = offset + 4;
    hostKeyLength = keyLength;
    sessionIdOffset = sidAt + 4;
    sessionIdLength = sidLength;
    signatureOffset = sigAt + 4;
    signatureLength = sigLength;
    forwarding = buffer.getByte(flagAt) != 0;
    return true;
  }

  public byte[] hostKey() {
    return AgentWire.copy(buffer, hostKeyOffset, hostKeyLength);
  }

  public byte[] sessionId() {
    return AgentWire.copy(buffer, sessionIdOffset, sessionIdLength);
  }

  public int sessionIdLength() {
    return sessionIdLength;
  }

  public byte[] signature() {
    return AgentWire.copy(buffer, signatureOffset, signatureLength);
  }

  public boolean forwarding() {
    return forwarding;
  }
}
