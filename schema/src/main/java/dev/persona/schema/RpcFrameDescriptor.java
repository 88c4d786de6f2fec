package dev.persona.schema;

/**
 * Describes the frame that carries one Request or Response on {@code persona.sock}: offsets, limits
 * and the protocol version range. Constants only; safe from any thread.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           frameLength (uint32, little-endian)                 |  bytes that follow, 8 .. MAX_MESSAGE_LENGTH
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           root table offset (uint32, little-endian)           |  FlatBuffer starts here (message offset 0)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           file identifier: "PRQ1" (Request) | "PRS1" (Response)|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           vtables, tables, vectors, strings ...              ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The frame is exactly what {@code FlatBufferBuilder.finishSizePrefixed(root, identifier)}
 * produces, so a sender needs no copy. A receiver reads the length, refuses anything above {@link
 * #MAX_MESSAGE_LENGTH} before allocating, reads that many bytes, then runs {@link MessageVerifier}
 * before touching any field.
 */
public final class RpcFrameDescriptor {
  /** Length of the little-endian length prefix. */
  public static final int LENGTH_FIELD_LENGTH = 4;

  /** Offset of the FlatBuffer within a frame. */
  public static final int MESSAGE_OFFSET = LENGTH_FIELD_LENGTH;

  /**
   * Hard maximum of the bytes after the length prefix: 1 MiB. Attachments travel in smaller chunks.
   */
  public static final int MAX_MESSAGE_LENGTH = 1 << 20;

  /** Hard maximum of a whole frame including its prefix. */
  public static final int MAX_FRAME_LENGTH = LENGTH_FIELD_LENGTH + MAX_MESSAGE_LENGTH;

  /** Smallest possible message: root offset plus file identifier. */
  public static final int MIN_MESSAGE_LENGTH = 8;

  /** Offset of the file identifier within the message. */
  public static final int IDENTIFIER_OFFSET = 4;

  /** Length of the file identifier. */
  public static final int IDENTIFIER_LENGTH = 4;

  /** File identifier of a Request (the schema's root_type). */
  public static final String REQUEST_IDENTIFIER = "PRQ1";

  /** File identifier of a Response. */
  public static final String RESPONSE_IDENTIFIER = "PRS1";

  /** Largest attachment chunk a sender should put in one frame, leaving room for the envelope. */
  public static final int MAX_CHUNK_LENGTH = 512 * 1024;

  /** Lowest protocol version this build speaks. */
  public static final int MIN_PROTOCOL_VERSION = 1;

  /** Highest protocol version this build speaks. */
  public static final int MAX_PROTOCOL_VERSION = 1;

  private RpcFrameDescriptor() {}

  /**
   * Reads the length prefix at {@code offset} (little-endian, independent of the buffer's byte
   * order).
   *
   * @return the message length as a non-negative long (a uint32 can exceed {@code int})
   */
  public static long messageLength(final java.nio.ByteBuffer buffer, final int offset) {
    return (buffer.get(offset) & 0xFFL)
        | (buffer.get(offset + 1) & 0xFFL) << 8
        | (buffer.get(offset + 2) & 0xFFL) << 16
        | (buffer.get(offset + 3) & 0xFFL) << 24;
  }

  /** Whether a message length read from a prefix is acceptable. */
  public static boolean isValidMessageLength(final long messageLength) {
    return messageLength >= MIN_MESSAGE_LENGTH && messageLength <= MAX_MESSAGE_LENGTH;
  }
}
