package dev.persona.engine.ssh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Reads RFC 4251 data types (uint32, string, mpint...) from a byte range, bounds-checking every
 * read.
 *
 * <p>Malformed input raises {@link SshKeyException} with {@link SshKeyException.Kind#MALFORMED} and
 * the name of the field being read; never an {@link IndexOutOfBoundsException}. Not thread-safe:
 * one reader per parse.
 */
public final class SshWireReader {
  private final byte[] buffer;
  private final int limit;
  private int position;

  public SshWireReader(final byte[] buffer) {
    this(buffer, 0, buffer.length);
  }

  public SshWireReader(final byte[] buffer, final int offset, final int length) {
    if (offset < 0 || length < 0 || offset > buffer.length - length) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=range offset=" + offset + " length=" + length);
    }
    this.buffer = buffer;
    this.position = offset;
    this.limit = offset + length;
  }

  public int position() {
    return position;
  }

  public int remaining() {
    return limit - position;
  }

  public boolean hasRemaining() {
    return position < limit;
  }

  public byte[] buffer() {
    return buffer;
  }

  private void require(final int length, final String field) {
    if (length < 0 || length > limit - position) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED,
          "reason=truncated field="
              + field
              + " need="
              + length
              + " remaining="
              + (limit - position));
    }
  }

  public int readUint8(final String field) {
    require(1, field);
    return buffer[position++] & 0xFF;
  }

  public boolean readBoolean(final String field) {
    return readUint8(field) != 0;
  }

  /** Reads a uint32 that must fit a non-negative {@code int} (lengths, counts, seconds). */
  public int readUint32(final String field) {
    require(4, field);
    final int value =
        ((buffer[position] & 0xFF) << 24)
            | ((buffer[position + 1] & 0xFF) << 16)
            | ((buffer[position + 2] & 0xFF) << 8)
            | (buffer[position + 3] & 0xFF);
    position += 4;
    if (value < 0) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=uint32_too_large field=" + field);
    }
    return value;
  }

  /** Reads a uint32 as an unsigned value. */
  public long readUint32Unsigned(final String field) {
    require(4, field);
    final long value =
        ((buffer[position] & 0xFFL) << 24)
            | ((buffer[position + 1] & 0xFFL) << 16)
            | ((buffer[position + 2] & 0xFFL) << 8)
            | (buffer[position + 3] & 0xFFL);
    position += 4;
    return value;
  }

  public long readUint64(final String field) {
    final long high = readUint32Unsigned(field);
    final long low = readUint32Unsigned(field);
    return (high << 32) | low;
  }

  /**
   * Reads the length of a string and skips its body, returning the offset of the body in {@link
   * #buffer()}; the body length is then {@code position() - offset}.
   */
  public int skipString(final String field) {
    final int length = readUint32(field);
    require(length, field);
    final int start = position;
    position += length;
    return start;
  }

  /** Reads a string into a fresh array. */
  public byte[] readString(final String field) {
    final int start = skipString(field);
    final byte[] out = new byte[position - start];
    System.arraycopy(buffer, start, out, 0, out.length);
    return out;
  }

  /** Reads a string that must be exactly {@code expectedLength} bytes long. */
  public byte[] readFixedString(final String field, final int expectedLength) {
    final int start = skipString(field);
    if (position - start != expectedLength) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED,
          "reason=bad_length field=" + field + " length=" + (position - start));
    }
    final byte[] out = new byte[expectedLength];
    System.arraycopy(buffer, start, out, 0, expectedLength);
    return out;
  }

  public String readUtf8(final String field) {
    final int start = skipString(field);
    return new String(buffer, start, position - start, StandardCharsets.UTF_8);
  }

  /** Reads an mpint that must be positive (key components). */
  public BigInteger readPositiveMpint(final String field) {
    final int start = skipString(field);
    final int length = position - start;
    if (length == 0 || (buffer[start] & 0x80) != 0) {
      throw new SshKeyException(
          SshKeyException.Kind.MALFORMED, "reason=mpint_not_positive field=" + field);
    }
    return new BigInteger(1, buffer, start, length);
  }
}
