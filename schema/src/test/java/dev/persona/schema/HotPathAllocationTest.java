package dev.persona.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.schema.client.RequestWriter;
import dev.persona.schema.client.SecretRef;
import dev.persona.schema.fb.RefSpec;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The daemon's hot paths, read-by-reference and sign, must allocate nothing once warm: wrap and
 * verify a request, read its references into reused tables, encode the reply into the reused
 * builder.
 */
class HotPathAllocationTest {
  private static final int ITERATIONS = 20_000;

  @Test
  void shouldDecodeReadRefsAndEncodeReplyWithoutAllocating() {
    final com.sun.management.ThreadMXBean threads = threadBean();
    final ByteBuffer request = requestMessage();
    final RequestReader reader = new RequestReader();
    final ResponseWriter writer = new ResponseWriter(64 * 1024);
    final ByteBuffer value = ByteBuffer.allocateDirect(64);
    final ByteBuffer view = request.duplicate();
    long sink = 0;
    for (int warm = 0; warm < ITERATIONS; warm++) {
      sink += readRefsOnce(reader, writer, request, value, view);
    }
    final long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < ITERATIONS; i++) {
      sink += readRefsOnce(reader, writer, request, value, view);
    }
    final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(0, allocated / ITERATIONS, "bytes per read-refs round, sink=" + sink);
  }

  @Test
  void shouldEncodeSignatureReplyWithoutAllocating() {
    final com.sun.management.ThreadMXBean threads = threadBean();
    final ResponseWriter writer = new ResponseWriter(64 * 1024);
    final byte[] signature = new byte[83];
    long sink = 0;
    for (int warm = 0; warm < ITERATIONS; warm++) {
      sink += writer.sshSignature(warm, signature, 0, signature.length).remaining();
    }
    final long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < ITERATIONS; i++) {
      sink += writer.sshSignature(i, signature, 0, signature.length).remaining();
    }
    final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(0, allocated / ITERATIONS, "bytes per signature reply, sink=" + sink);
  }

  private static int readRefsOnce(
      final RequestReader reader,
      final ResponseWriter writer,
      final ByteBuffer request,
      final ByteBuffer value,
      final ByteBuffer view) {
    if (reader.wrap(request, 0, request.limit()) != MessageVerifier.OK) {
      throw new AssertionError("sample request did not verify");
    }
    writer.beginReadRefs();
    final int count = reader.readRefs().refsLength();
    int work = 0;
    for (int i = 0; i < count; i++) {
      final RefSpec spec = reader.refSpec(i);
      // The engine would look the item up by these bytes; no String is created.
      final ByteBuffer item = spec.itemInByteBuffer(view);
      work += item.remaining();
      value.clear();
      writer.addRefValue(value);
    }
    return work + writer.endReadRefs(reader.requestId()).remaining();
  }

  private static ByteBuffer requestMessage() {
    final RequestWriter w = new RequestWriter();
    final ByteBuffer frame =
        w.readRefs(
            7,
            List.of(
                SecretRef.parse("persona://Personal/github/password"),
                SecretRef.parse("persona://Personal/aws/secret-key")));
    final ByteBuffer message = ByteBuffer.allocate(frame.remaining() - 4);
    message.put(frame.duplicate().position(frame.position() + 4)).flip();
    return message;
  }

  private static com.sun.management.ThreadMXBean threadBean() {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
        || !bean.isThreadAllocatedMemorySupported()) {
      Assumptions.abort("this JVM cannot measure per-thread allocation");
      throw new AssertionError("unreachable");
    }
    bean.setThreadAllocatedMemoryEnabled(true);
    return bean;
  }
}
