package dev.persona.nmhost;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The one buffer a reply frame is built in: a length prefix slot, then the JSON the generator
 * writes through this {@link OutputStream}. It may hold a secret (a {@code read} reply), so it is
 * zeroed by {@link #wipe()} after each frame and every array it outgrows is zeroed before it is
 * dropped. It never grows past {@link NativeMessagingFrameDescriptor#MAX_REPLY_LENGTH}: bytes
 * beyond that are discarded and {@link #overflowed()} says so, so an oversized reply is a value to
 * check, not a memory spike.
 *
 * <p>Not thread-safe: owned by the host's main thread.
 */
final class ReplyFrameBuffer extends OutputStream {
  private static final int HEADER = NativeMessagingFrameDescriptor.LENGTH_FIELD_LENGTH;
  private static final int INITIAL_CAPACITY = 4096;

  private final int maxMessageLength;
  private byte[] bytes;
  private int length = HEADER;
  private boolean overflowed;

  ReplyFrameBuffer(final int maxMessageLength) {
    this.maxMessageLength = maxMessageLength;
    this.bytes = new byte[Math.min(INITIAL_CAPACITY, HEADER + maxMessageLength)];
  }

  @Override
  public void write(final int b) {
    if (ensure(1)) {
      bytes[length++] = (byte) b;
    }
  }

  @Override
  public void write(final byte[] b, final int off, final int len) {
    if (ensure(len)) {
      System.arraycopy(b, off, bytes, length, len);
      length += len;
    }
  }

  private boolean ensure(final int more) {
    if (overflowed || (long) length - HEADER + more > maxMessageLength) {
      overflowed = true;
      return false;
    }
    if (length + more > bytes.length) {
      final int capacity =
          (int)
              Math.min(
                  (long) HEADER + maxMessageLength, Math.max(2L * bytes.length, length + more));
      final byte[] grown = Arrays.copyOf(bytes, capacity);
      Arrays.fill(bytes, (byte) 0);
      bytes = grown;
    }
    return true;
  }

  /** True when the JSON written since {@link #reset()} did not fit in one reply. */
  boolean overflowed() {
    return overflowed;
  }

  /** Bytes of JSON written since {@link #reset()}. */
  int messageLength() {
    return length - HEADER;
  }

  /** Zeroes what was written and starts an empty reply. */
  void reset() {
    wipe();
    length = HEADER;
    overflowed = false;
  }

  /** Zeroes every byte written since the last reset (the slot included). */
  void wipe() {
    Arrays.fill(bytes, 0, length, (byte) 0);
  }

  /** Writes prefix and message in one call, then flushes: the browser reads whole frames. */
  void writeFrameTo(final OutputStream out) throws java.io.IOException {
    NativeMessagingFrameDescriptor.putMessageLength(bytes, 0, length - HEADER);
    out.write(bytes, 0, length);
    out.flush();
  }

  /** A copy of the JSON written (tests). */
  byte[] messageCopy() {
    return Arrays.copyOfRange(bytes, HEADER, length);
  }

  /** The backing array (tests check that it was zeroed). */
  byte[] backingArray() {
    return bytes;
  }
}
