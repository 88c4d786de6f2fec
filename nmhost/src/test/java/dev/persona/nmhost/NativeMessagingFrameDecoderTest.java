package dev.persona.nmhost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.nmhost.NativeMessagingFrameDecoder.Outcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NativeMessagingFrameDecoderTest {
  private static final byte[] HELLO =
      "{\"id\":1,\"type\":\"hello\"}".getBytes(StandardCharsets.UTF_8);

  private static NativeMessagingFrameDecoder decoder(final byte[] stream, final int max) {
    return new NativeMessagingFrameDecoder(new ByteArrayInputStream(stream), max);
  }

  @Test
  void shouldReadTheLengthInTheMachinesNativeByteOrder() throws IOException {
    // 23 bytes, written the way Chrome writes it on this machine.
    final byte[] prefix =
        ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            ? new byte[] {23, 0, 0, 0}
            : new byte[] {0, 0, 0, 23};
    final NativeMessagingFrameDecoder frames = decoder(Frames.concat(prefix, HELLO), 1024);
    assertEquals(Outcome.MESSAGE, frames.read());
    assertEquals(23, frames.messageLength());
    assertArrayEquals(HELLO, Arrays.copyOf(frames.message(), frames.messageLength()));
    assertEquals(Outcome.END_OF_STREAM, frames.read());
  }

  @Test
  void shouldBeLittleEndianOnX8664() {
    if (System.getProperty("os.arch").equals("amd64")) {
      assertEquals(ByteOrder.LITTLE_ENDIAN, NativeMessagingFrameDescriptor.BYTE_ORDER);
    }
    assertEquals(ByteOrder.nativeOrder(), NativeMessagingFrameDescriptor.BYTE_ORDER);
  }

  @Test
  void shouldReadConsecutiveFramesThenEndCleanly() throws IOException {
    final NativeMessagingFrameDecoder frames =
        decoder(Frames.concat(Frames.frame("{}"), Frames.frame(""), Frames.frame("[1]")), 1024);
    assertEquals(Outcome.MESSAGE, frames.read());
    assertEquals(
        "{}", new String(frames.message(), 0, frames.messageLength(), StandardCharsets.UTF_8));
    assertEquals(Outcome.MESSAGE, frames.read());
    assertEquals(
        0, frames.messageLength(), "an empty message is a message (the decoder refuses it)");
    assertEquals(Outcome.MESSAGE, frames.read());
    assertEquals(
        "[1]", new String(frames.message(), 0, frames.messageLength(), StandardCharsets.UTF_8));
    assertEquals(Outcome.END_OF_STREAM, frames.read());
    assertEquals(Outcome.END_OF_STREAM, frames.read(), "end of stream stays the end");
  }

  @Test
  void shouldReportEndOfStreamForAnEmptyStream() throws IOException {
    assertEquals(Outcome.END_OF_STREAM, decoder(new byte[0], 1024).read());
  }

  @Test
  void shouldReportATruncatedLengthPrefixWithTheBytesThatArrived() throws IOException {
    for (int n = 1; n <= 3; n++) {
      final NativeMessagingFrameDecoder frames = decoder(new byte[n], 1024);
      assertEquals(Outcome.TRUNCATED_LENGTH, frames.read(), n + " bytes");
      assertEquals(n, frames.bytesReceived());
    }
  }

  @Test
  void shouldReportATruncatedMessageWithAnnouncedAndReceivedLengths() throws IOException {
    final byte[] whole = Frames.frame(HELLO);
    final NativeMessagingFrameDecoder frames =
        decoder(Arrays.copyOf(whole, whole.length - 5), 1024);
    assertEquals(Outcome.TRUNCATED_MESSAGE, frames.read());
    assertEquals(HELLO.length, frames.announcedLength());
    assertEquals(HELLO.length - 5, frames.bytesReceived());
  }

  @Test
  void shouldRefuseALengthOverTheLimitBeforeReadingTheMessage() throws IOException {
    final ByteArrayInputStream in =
        new ByteArrayInputStream(Frames.concat(Frames.frame(new byte[17]), Frames.frame("{}")));
    final NativeMessagingFrameDecoder frames = new NativeMessagingFrameDecoder(in, 16);
    assertEquals(Outcome.TOO_LARGE, frames.read());
    assertEquals(17, frames.announcedLength());
    assertEquals(17 + 4 + 2, in.available(), "not one byte of the message was consumed");
  }

  @Test
  void shouldAcceptAMessageOfExactlyTheLimit() throws IOException {
    final NativeMessagingFrameDecoder frames = decoder(Frames.frame(new byte[16]), 16);
    assertEquals(Outcome.MESSAGE, frames.read());
    assertEquals(16, frames.messageLength());
  }

  @Test
  void shouldReadTheLengthAsUnsigned() throws IOException {
    final NativeMessagingFrameDecoder frames =
        decoder(new byte[] {-1, -1, -1, -1}, NativeMessagingFrameDescriptor.MAX_REQUEST_LENGTH);
    assertEquals(Outcome.TOO_LARGE, frames.read());
    assertEquals(0xFFFF_FFFFL, frames.announcedLength(), "4 GiB - 1, not -1");
  }

  @Test
  void shouldReassembleAFrameThatArrivesOneByteAtATime() throws IOException {
    final InputStream trickle =
        new ByteArrayInputStream(Frames.frame(HELLO)) {
          @Override
          public synchronized int read(final byte[] b, final int off, final int len) {
            return super.read(b, off, Math.min(1, len));
          }
        };
    final NativeMessagingFrameDecoder frames = new NativeMessagingFrameDecoder(trickle, 1024);
    assertEquals(Outcome.MESSAGE, frames.read());
    assertArrayEquals(HELLO, Arrays.copyOf(frames.message(), frames.messageLength()));
  }
}
