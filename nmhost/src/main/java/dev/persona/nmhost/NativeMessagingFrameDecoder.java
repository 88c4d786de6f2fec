package dev.persona.nmhost;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads Native Messaging frames ({@link NativeMessagingFrameDescriptor}) from the browser's stream
 * into one reused buffer. Every way a stream can end is an {@link Outcome}, not an exception: only
 * an I/O failure of the stream itself throws. The length is checked before anything is read or
 * allocated for the message.
 *
 * <p>Not thread-safe: owned by the host's main thread.
 */
final class NativeMessagingFrameDecoder {
  /** What {@link #read()} found. */
  enum Outcome {
    /** A whole message is in {@link #message()}[0, {@link #messageLength()}). */
    MESSAGE,
    /** The stream ended cleanly between frames: the browser closed the port. */
    END_OF_STREAM,
    /** The stream ended after 1 to 3 bytes of a length prefix. */
    TRUNCATED_LENGTH,
    /** The stream ended before the announced message was complete. */
    TRUNCATED_MESSAGE,
    /** The announced length exceeds the limit; nothing of the message was read. */
    TOO_LARGE
  }

  private final InputStream in;
  private final byte[] header = new byte[NativeMessagingFrameDescriptor.LENGTH_FIELD_LENGTH];
  private final byte[] message;
  private int messageLength;
  private long announcedLength;
  private int bytesReceived;

  NativeMessagingFrameDecoder(final InputStream in, final int maxMessageLength) {
    this.in = in;
    this.message = new byte[maxMessageLength];
  }

  /** Reads the next frame, blocking until it is complete or the stream ends. */
  Outcome read() throws IOException {
    messageLength = 0;
    announcedLength = 0;
    bytesReceived = readFully(header, header.length);
    if (bytesReceived == 0) {
      return Outcome.END_OF_STREAM;
    }
    if (bytesReceived < header.length) {
      return Outcome.TRUNCATED_LENGTH;
    }
    announcedLength = NativeMessagingFrameDescriptor.messageLength(header);
    if (announcedLength > message.length) {
      bytesReceived = 0;
      return Outcome.TOO_LARGE;
    }
    final int length = (int) announcedLength;
    bytesReceived = readFully(message, length);
    if (bytesReceived < length) {
      return Outcome.TRUNCATED_MESSAGE;
    }
    messageLength = length;
    return Outcome.MESSAGE;
  }

  /**
   * The reused message buffer; valid up to {@link #messageLength()} after {@link Outcome#MESSAGE}.
   */
  byte[] message() {
    return message;
  }

  int messageLength() {
    return messageLength;
  }

  /** The length the last prefix announced (for TOO_LARGE and TRUNCATED_MESSAGE reports). */
  long announcedLength() {
    return announcedLength;
  }

  /** Bytes of the last prefix (TRUNCATED_LENGTH) or message (TRUNCATED_MESSAGE) that did arrive. */
  int bytesReceived() {
    return bytesReceived;
  }

  /** The largest message accepted. */
  int maxMessageLength() {
    return message.length;
  }

  private int readFully(final byte[] into, final int length) throws IOException {
    int total = 0;
    while (total < length) {
      final int n = in.read(into, total, length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
