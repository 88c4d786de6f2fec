package dev.persona.agent;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/** Bounds-checked reads of RFC 4251 fields in place; -1 means "malformed", never an exception. */
final class AgentWire {
  private AgentWire() {}

  /** uint32 at {@code offset} as a non-negative int, or -1 if out of bounds or above 2^31-1. */
  static int uint32(final DirectBuffer buffer, final int offset, final int limit) {
    if (offset < 0 || limit - offset < 4) {
      return -1;
    }
    final int value = buffer.getInt(offset, ByteOrder.BIG_ENDIAN);
    return value < 0 ? -1 : value;
  }

  /**
   * Length of the string whose length prefix is at {@code offset}, or -1 if it overruns {@code
   * limit}. The body starts at {@code offset + 4}.
   */
  static int stringLength(final DirectBuffer buffer, final int offset, final int limit) {
    final int length = uint32(buffer, offset, limit);
    if (length < 0 || length > limit - offset - 4) {
      return -1;
    }
    return length;
  }

  static boolean equalsAscii(
      final DirectBuffer buffer, final int offset, final int length, final String ascii) {
    if (length != ascii.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (buffer.getByte(offset + i) != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static byte[] copy(final DirectBuffer buffer, final int offset, final int length) {
    final byte[] out = new byte[length];
    buffer.getBytes(offset, out);
    return out;
  }
}
