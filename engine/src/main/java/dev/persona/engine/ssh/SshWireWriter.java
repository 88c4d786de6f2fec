package dev.persona.engine.ssh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes RFC 4251 data types into a growable array.
 *
 * <p>Private key encodings pass through this class, so every array it drops while growing is zeroed
 * and {@link #wipe()} zeroes the current one. Not thread-safe.
 */
public final class SshWireWriter {
  private byte[] buffer;
  private int length;

  public SshWireWriter() {
    this(256);
  }

  public SshWireWriter(final int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(final int extra) {
    if (length + extra > buffer.length) {
      final byte[] grown = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
      Arrays.fill(buffer, (byte) 0);
      buffer = grown;
    }
  }

  public int length() {
    return length;
  }

  public SshWireWriter writeUint8(final int value) {
    ensure(1);
    buffer[length++] = (byte) value;
    return this;
  }

  public SshWireWriter writeUint32(final long value) {
    ensure(4);
    buffer[length] = (byte) (value >>> 24);
    buffer[length + 1] = (byte) (value >>> 16);
    buffer[length + 2] = (byte) (value >>> 8);
    buffer[length + 3] = (byte) value;
    length += 4;
    return this;
  }

  public SshWireWriter writeBytes(final byte[] bytes, final int offset, final int count) {
    ensure(count);
    System.arraycopy(bytes, offset, buffer, length, count);
    length += count;
    return this;
  }

  public SshWireWriter writeString(final byte[] bytes) {
    return writeString(bytes, 0, bytes.length);
  }

  public SshWireWriter writeString(final byte[] bytes, final int offset, final int count) {
    writeUint32(count);
    return writeBytes(bytes, offset, count);
  }

  public SshWireWriter writeUtf8(final String value) {
    return writeString(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes an mpint: two's complement, minimal length, a leading zero when the top bit is set. */
  public SshWireWriter writeMpint(final BigInteger value) {
    if (value.signum() == 0) {
      return writeUint32(0);
    }
    final byte[] bytes = value.toByteArray();
    writeString(bytes);
    Arrays.fill(bytes, (byte) 0);
    return this;
  }

  /** Writes an unsigned big-endian magnitude as an mpint without going through BigInteger. */
  public SshWireWriter writeUnsignedMpint(
      final byte[] magnitude, final int offset, final int count) {
    int start = offset;
    final int end = offset + count;
    while (start < end && magnitude[start] == 0) {
      start++;
    }
    if (start == end) {
      return writeUint32(0);
    }
    final boolean pad = (magnitude[start] & 0x80) != 0;
    writeUint32(end - start + (pad ? 1 : 0));
    if (pad) {
      writeUint8(0);
    }
    return writeBytes(magnitude, start, end - start);
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, length);
  }

  /** The backing array; valid up to {@link #length()}. */
  public byte[] array() {
    return buffer;
  }

  public void reset() {
    Arrays.fill(buffer, 0, length, (byte) 0);
    length = 0;
  }

  /** Zeroes everything written so far. */
  public void wipe() {
    Arrays.fill(buffer, (byte) 0);
    length = 0;
  }
}
