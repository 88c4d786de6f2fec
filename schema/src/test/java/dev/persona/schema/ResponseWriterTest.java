package dev.persona.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.RequestWriter;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.Response;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseWriterTest {
  private static Response decode(final ByteBuffer frame) {
    final ByteBuffer message =
        ByteBuffer.allocate(frame.remaining() - 4).order(ByteOrder.LITTLE_ENDIAN);
    message.put(frame.duplicate().position(frame.position() + 4)).flip();
    assertEquals(
        MessageVerifier.OK, new MessageVerifier().verifyResponse(message, 0, message.limit()));
    return Response.getRootAsResponse(message, new Response());
  }

  @Test
  void shouldReplaceOversizeResponseWithTooLargeError() {
    final ResponseWriter writer = new ResponseWriter();
    writer.beginReadRefs();
    final byte[] big = new byte[600 * 1024];
    writer.addRefValue(big, 0, big.length);
    writer.addRefValue(big, 0, big.length);
    final ByteBuffer frame = writer.endReadRefs(77);
    assertTrue(frame.remaining() <= RpcFrameDescriptor.MAX_FRAME_LENGTH);
    final Response r = decode(frame);
    assertEquals(77, r.requestId());
    assertEquals(ErrorCode.TOO_LARGE, r.error());
    assertTrue(r.message().contains("max=" + RpcFrameDescriptor.MAX_FRAME_LENGTH), r.message());
  }

  @Test
  void shouldNegotiateHighestCommonVersionOrRefuse() {
    assertEquals(1, ResponseWriter.negotiateVersion(1, 1));
    assertEquals(1, ResponseWriter.negotiateVersion(0, 5));
    assertEquals(-1, ResponseWriter.negotiateVersion(2, 5));
    assertEquals(-1, ResponseWriter.negotiateVersion(1, 0));
  }

  @Test
  void shouldZeroSecretBytesOnWipeEvenAfterFrameWasConsumed() {
    final ResponseWriter writer = new ResponseWriter();
    final byte[] secret = "s3cr3t-value-xyz".getBytes(StandardCharsets.UTF_8);
    writer.beginReadRefs();
    writer.addRefValue(secret, 0, secret.length);
    final ByteBuffer frame = writer.endReadRefs(1);
    assertTrue(contains(frame, secret));
    frame.position(frame.limit()); // what a transport's write does
    writer.wipe();
    assertFalse(contains(frame, secret));
  }

  @Test
  void shouldZeroPasswordInRequestWriterOnWipe() {
    final RequestWriter writer = new RequestWriter();
    final byte[] password = "correct horse battery".getBytes(StandardCharsets.UTF_8);
    final ByteBuffer frame = writer.unlock(1, password, false, 0, null, 0, 0);
    assertTrue(contains(frame, password));
    frame.position(frame.limit());
    writer.wipe();
    assertFalse(contains(frame, password));
  }

  private static boolean contains(final ByteBuffer buffer, final byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= buffer.capacity(); i++) {
      for (int k = 0; k < needle.length; k++) {
        if (buffer.get(i + k) != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
