package dev.persona.nmhost;

import java.nio.ByteOrder;

/**
 * Layout and limits of a Native Messaging frame, the unit of both directions of the stream between
 * a browser and this host (Chrome and Firefox use the same framing).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  messageLength (uint32, NATIVE byte order: little-endian on    |
 * |  x86-64 and arm64), not counting these 4 bytes                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  message: messageLength bytes of UTF-8 JSON (one object)    ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Browser to host on stdin: at most {@link #MAX_REQUEST_LENGTH}. Host to browser on stdout: at most
 * {@link #MAX_REPLY_LENGTH}. There is no resynchronisation marker: after a frame whose length
 * cannot be honoured the next byte's meaning is unknown, so the host answers once and exits.
 *
 * <p>Constants only; thread-safe.
 */
final class NativeMessagingFrameDescriptor {
  /** Bytes of the length prefix. */
  static final int LENGTH_FIELD_LENGTH = 4;

  /** The order of the length prefix: the platform's, as Chrome and Firefox write it. */
  static final ByteOrder BYTE_ORDER = ByteOrder.nativeOrder();

  /**
   * Largest request the host accepts: 64 KiB. The largest legitimate request (a search query or a
   * reference of at most 2048 characters, plus an id) is under 5 KiB, so this leaves room for new
   * message types while keeping what a misbehaving add-on (or a page driving one) can make the host
   * allocate and parse trivially small. Chrome itself would send up to 4 GiB.
   */
  static final int MAX_REQUEST_LENGTH = 64 * 1024;

  /**
   * Largest reply a browser accepts from a host: Chrome and Firefox both refuse more than 1 MiB.
   */
  static final int MAX_REPLY_LENGTH = 1024 * 1024;

  private NativeMessagingFrameDescriptor() {}

  /** The unsigned message length in {@code header[0..4)}. */
  static long messageLength(final byte[] header) {
    final int raw =
        BYTE_ORDER == ByteOrder.LITTLE_ENDIAN
            ? (header[0] & 0xFF)
                | (header[1] & 0xFF) << 8
                | (header[2] & 0xFF) << 16
                | (header[3] & 0xFF) << 24
            : (header[3] & 0xFF)
                | (header[2] & 0xFF) << 8
                | (header[1] & 0xFF) << 16
                | (header[0] & 0xFF) << 24;
    return Integer.toUnsignedLong(raw);
  }

  /** Writes {@code length} as the length prefix at {@code frame[offset..offset+4)}. */
  static void putMessageLength(final byte[] frame, final int offset, final int length) {
    if (BYTE_ORDER == ByteOrder.LITTLE_ENDIAN) {
      frame[offset] = (byte) length;
      frame[offset + 1] = (byte) (length >>> 8);
      frame[offset + 2] = (byte) (length >>> 16);
      frame[offset + 3] = (byte) (length >>> 24);
    } else {
      frame[offset] = (byte) (length >>> 24);
      frame[offset + 1] = (byte) (length >>> 16);
      frame[offset + 2] = (byte) (length >>> 8);
      frame[offset + 3] = (byte) length;
    }
  }
}
