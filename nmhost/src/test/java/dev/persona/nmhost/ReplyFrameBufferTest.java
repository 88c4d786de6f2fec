package dev.persona.nmhost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyFrameBufferTest {
  @Test
  void shouldWriteANativeOrderLengthThenTheMessageInOneWrite() throws IOException {
    final ReplyFrameBuffer buffer = new ReplyFrameBuffer(1024);
    buffer.write("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    final List<Integer> writes = new ArrayList<>();
    final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    buffer.writeFrameTo(
        new OutputStream() {
          @Override
          public void write(final int b) {
            throw new AssertionError("byte-wise writes would let a browser see half a frame");
          }

          @Override
          public void write(final byte[] b, final int off, final int len) {
            writes.add(len);
            sink.write(b, off, len);
          }
        });
    final byte[] length =
        ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            ? new byte[] {7, 0, 0, 0}
            : new byte[] {0, 0, 0, 7};
    assertArrayEquals(
        Frames.concat(length, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)), sink.toByteArray());
    assertEquals(List.of(11), writes);
  }

  @Test
  void shouldZeroTheArrayItOutgrowsAndWipeWhatItHolds() {
    final ReplyFrameBuffer buffer = new ReplyFrameBuffer(1 << 20);
    final byte[] secret = new byte[3000];
    java.util.Arrays.fill(secret, (byte) 's');
    buffer.write(secret, 0, secret.length);
    final byte[] first = buffer.backingArray();
    buffer.write(secret, 0, secret.length);
    assertTrue(buffer.backingArray() != first, "grew");
    assertArrayEquals(new byte[first.length], first, "the outgrown array was zeroed");
    buffer.wipe();
    assertArrayEquals(new byte[buffer.backingArray().length], buffer.backingArray());
  }

  @Test
  void shouldFlagOverflowAndKeepNoMoreThanTheLimit() {
    final ReplyFrameBuffer buffer = new ReplyFrameBuffer(10);
    buffer.write(new byte[8], 0, 8);
    assertFalse(buffer.overflowed());
    buffer.write(new byte[3], 0, 3);
    assertTrue(buffer.overflowed());
    buffer.write('x');
    assertEquals(8, buffer.messageLength(), "nothing past the overflow is kept");
    assertTrue(buffer.backingArray().length <= 14, "never grows past prefix + limit");
    buffer.reset();
    assertFalse(buffer.overflowed());
    assertEquals(0, buffer.messageLength());
    buffer.write(new byte[10], 0, 10);
    assertFalse(buffer.overflowed(), "exactly the limit fits");
  }
}
