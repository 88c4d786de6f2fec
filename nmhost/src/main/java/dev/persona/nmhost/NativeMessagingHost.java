package dev.persona.nmhost;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The host's loop: reads request frames from the browser until the stream ends and writes exactly
 * one reply frame per request, in order. Nothing but reply frames is ever written to {@code out};
 * lifecycle problems go to {@code err} as one line naming what was wrong, never a value.
 *
 * <p>This is the one boundary catch: whatever a request does, a {@link RuntimeException} from
 * decoding or handling it becomes an {@code internal} error reply and the loop goes on.
 *
 * <p>Not thread-safe: runs on the host's main thread.
 */
final class NativeMessagingHost {
  /** The browser closed the stream between frames: the normal end. */
  static final int EXIT_END_OF_STREAM = 0;

  /**
   * The stream broke the framing (cut short, or an oversized frame) or could not be read/written.
   */
  static final int EXIT_PROTOCOL_ERROR = 1;

  private final NativeMessagingFrameDecoder frames;
  private final OutputStream out;
  private final PrintStream err;
  private final RequestDecoder decoder;
  private final RequestHandler handler;
  private final ReplyWriter writer;
  private final ReplyFrameBuffer reply;

  NativeMessagingHost(
      final InputStream in,
      final OutputStream out,
      final PrintStream err,
      final RequestDecoder decoder,
      final RequestHandler handler,
      final ReplyWriter writer,
      final ReplyFrameBuffer reply) {
    this.frames =
        new NativeMessagingFrameDecoder(in, NativeMessagingFrameDescriptor.MAX_REQUEST_LENGTH);
    this.out = out;
    this.err = err;
    this.decoder = decoder;
    this.handler = handler;
    this.writer = writer;
    this.reply = reply;
  }

  /** Serves until the stream ends; returns the process exit status. */
  int run() {
    while (true) {
      final NativeMessagingFrameDecoder.Outcome outcome;
      try {
        outcome = frames.read();
      } catch (final IOException e) {
        err.println("persona-nmhost: cannot read stdin: " + e.getClass().getSimpleName());
        return EXIT_PROTOCOL_ERROR;
      }
      switch (outcome) {
        case END_OF_STREAM -> {
          return EXIT_END_OF_STREAM;
        }
        case TRUNCATED_LENGTH -> {
          err.println(
              "persona-nmhost: stdin ended inside a length prefix ("
                  + frames.bytesReceived()
                  + " of "
                  + NativeMessagingFrameDescriptor.LENGTH_FIELD_LENGTH
                  + " bytes); exiting");
          return EXIT_PROTOCOL_ERROR;
        }
        case TRUNCATED_MESSAGE -> {
          err.println(
              "persona-nmhost: stdin ended inside a message ("
                  + frames.bytesReceived()
                  + " of "
                  + frames.announcedLength()
                  + " bytes); exiting");
          return EXIT_PROTOCOL_ERROR;
        }
        case TOO_LARGE -> {
          final String message =
              "request of "
                  + frames.announcedLength()
                  + " bytes exceeds the host's limit of "
                  + frames.maxMessageLength()
                  + " bytes; the stream cannot be resynchronised, so the host exits";
          writer.error(null, HostErrorCode.TOO_LARGE, null, message);
          send();
          err.println("persona-nmhost: " + message);
          return EXIT_PROTOCOL_ERROR;
        }
        case MESSAGE -> {
          answer();
          if (!send()) {
            return EXIT_PROTOCOL_ERROR;
          }
        }
      }
    }
  }

  private void answer() {
    RequestId id = null;
    try {
      final DecodedRequest decoded = decoder.decode(frames.message(), 0, frames.messageLength());
      switch (decoded) {
        case RequestError error ->
            writer.error(error.id(), error.code(), error.field(), error.message());
        case HostRequest request -> {
          id = request.id();
          handler.handle(request, writer);
        }
      }
    } catch (final RuntimeException e) {
      err.println(
          "persona-nmhost: internal error answering request id="
              + id
              + ": "
              + e.getClass().getName());
      writer.error(
          id,
          HostErrorCode.INTERNAL,
          null,
          "internal error in persona-nmhost (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Writes the reply frame and zeroes it whatever happens; false when stdout is gone. */
  private boolean send() {
    try {
      reply.writeFrameTo(out);
      return true;
    } catch (final IOException e) {
      err.println("persona-nmhost: cannot write stdout: " + e.getClass().getSimpleName());
      return false;
    } finally {
      reply.wipe();
    }
  }
}
