package dev.persona.agent;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Reads the body of SSH_AGENTC_SIGN_REQUEST in place.
 *
 * <pre>
 *   string  key blob
 *   string  data
 *   uint32  flags
 * </pre>
 *
 * <p>Not thread-safe: one per session, reused per request.
 */
public final class SshSignRequestFlyweight {
  private DirectBuffer buffer;
  private int keyBlobOffset;
  private int keyBlobLength;
  private int dataOffset;
  private int dataLength;
  private int flags;

  /** Wraps a body; returns false (and reads nothing) when it is malformed or has trailing bytes. */
  public boolean wrap(final DirectBuffer buffer, final int offset, final int length) {
    final int limit = offset + length;
    final int keyLength = AgentWire.stringLength(buffer, offset, limit);
    if (keyLength < 0) {
      return false;
    }
    final int dataAt = offset + 4 + keyLength;
    final int dataLen = AgentWire.stringLength(buffer, dataAt, limit);
    if (dataLen < 0) {
      return false;
    }
    final int flagsAt = dataAt + 4 + dataLen;
    if (limit - flagsAt != 4) {
      return false;
    }
    this.buffer = buffer;
    this.keyBlobOffset = offset + 4;
    this.keyBlobLength = keyLength;
    this.dataOffset = dataAt + 4;
    this.dataLength = dataLen;
    this.flags = buffer.getInt(flagsAt, ByteOrder.BIG_ENDIAN);
    return true;
  }

  public DirectBuffer buffer() {
    return buffer;
  }

  public int keyBlobOffset() {
    return keyBlobOffset;
  }

  public int keyBlobLength() {
    return keyBlobLength;
  }

  public int dataOffset() {
    return dataOffset;
  }

  public int dataLength() {
    return dataLength;
  }

  public int flags() {
    return flags;
  }
}
