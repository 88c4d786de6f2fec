package dev.persona.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class MessageVerifierTest {
  private static final List<byte[]> REQUESTS = messages(SampleMessages.requestFrames());
  private static final List<byte[]> RESPONSES = messages(SampleMessages.responseFrames());

  private final MessageVerifier verifier = new MessageVerifier();

  private static List<byte[]> messages(final List<byte[]> frames) {
    return frames.stream().map(SampleMessages::message).toList();
  }

  private int verifyRequest(final byte[] message) {
    return verifier.verifyRequest(ByteBuffer.wrap(message), 0, message.length);
  }

  private int verifyResponse(final byte[] message) {
    return verifier.verifyResponse(ByteBuffer.wrap(message), 0, message.length);
  }

  @Example
  void shouldCoverEveryRequestAndResponseBodyType() {
    assertEquals(RequestBody.names.length - 1, REQUESTS.size());
    // Every ResponseBody type plus two error answers.
    assertEquals(ResponseBody.names.length - 1 + 2, RESPONSES.size());
  }

  @Example
  void shouldAcceptEveryValidMessageAndReadItFully() {
    for (final byte[] m : REQUESTS) {
      assertEquals(MessageVerifier.OK, verifyRequest(m));
      DeepReader.readRequest(m);
    }
    for (final byte[] m : RESPONSES) {
      assertEquals(MessageVerifier.OK, verifyResponse(m));
      DeepReader.readResponse(m);
    }
  }

  @Example
  void shouldAcceptMessageAtNonZeroOffsetWithoutTouchingPositionOrLimit() {
    final byte[] m = REQUESTS.get(10);
    final ByteBuffer bb = ByteBuffer.allocate(m.length + 37).order(ByteOrder.BIG_ENDIAN);
    bb.put(13, m);
    bb.position(5).limit(13 + m.length + 1);
    assertEquals(MessageVerifier.OK, verifier.verifyRequest(bb, 13, m.length));
    assertEquals(5, bb.position());
    assertEquals(13 + m.length + 1, bb.limit());
    assertEquals(ByteOrder.BIG_ENDIAN, bb.order());
  }

  @Example
  void shouldRejectMessageBeyondBufferLimitInsteadOfThrowing() {
    final byte[] m = REQUESTS.get(10);
    final ByteBuffer bb = ByteBuffer.wrap(m).limit(m.length - 1);
    assertEquals(MessageVerifier.OUT_OF_BOUNDS, verifier.verifyRequest(bb, 0, m.length));
  }

  @Example
  void shouldRejectResponseWhereRequestExpectedByIdentifier() {
    assertEquals(MessageVerifier.BAD_IDENTIFIER, verifyRequest(RESPONSES.get(0)));
    assertEquals(MessageVerifier.BAD_IDENTIFIER, verifyResponse(REQUESTS.get(0)));
  }

  @Example
  void shouldRejectShortAndOversizeLengths() {
    assertEquals(MessageVerifier.TOO_SHORT, verifyRequest(new byte[7]));
    final byte[] huge = new byte[RpcFrameDescriptor.MAX_MESSAGE_LENGTH + 1];
    assertEquals(MessageVerifier.TOO_LONG, verifyRequest(huge));
    assertEquals(
        MessageVerifier.OUT_OF_BOUNDS, verifier.verifyRequest(ByteBuffer.allocate(8), 4, 8));
    assertEquals(MessageVerifier.OUT_OF_BOUNDS, verifier.verifyRequest(null, 0, 8));
  }

  @Example
  void shouldReportUnknownBodyTypeSeparatelySoDaemonCanAnswerUnsupportedOperation() {
    final byte[] m = REQUESTS.get(1).clone(); // Status
    final int typePos = unionTypePosition(m);
    m[typePos] = (byte) 200;
    assertEquals(MessageVerifier.UNKNOWN_BODY_TYPE, verifyRequest(m));
  }

  @Example
  void shouldRejectRequestWithoutBody() {
    final byte[] m = REQUESTS.get(1).clone();
    m[unionTypePosition(m)] = 0;
    assertEquals(MessageVerifier.MISSING_BODY, verifyRequest(m));
  }

  @Example
  void shouldRejectStringWithInvalidUtf8() {
    final byte[] m = REQUESTS.get(7).clone(); // VaultCreate "Work"
    final int at = indexOf(m, "Work".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    m[at] = (byte) 0xC0; // overlong lead byte
    assertEquals(MessageVerifier.BAD_UTF8, verifyRequest(m));
  }

  @Example
  void shouldRejectStringWithoutTerminator() {
    final byte[] m = REQUESTS.get(7).clone();
    final int at = indexOf(m, "Work".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    m[at + 4] = 'x';
    assertEquals(MessageVerifier.BAD_STRING, verifyRequest(m));
  }

  @Example
  void shouldBoundWorkOnSharedOffsetsInsteadOfHanging() {
    // A vector of 60k offsets all pointing at one 200 KiB string: cheap to send, quadratic to scan
    // naively.
    final com.google.flatbuffers.FlatBufferBuilder b =
        new com.google.flatbuffers.FlatBufferBuilder(1 << 20);
    final char[] big = new char[200 * 1024];
    Arrays.fill(big, 'a');
    final int s = b.createString(new String(big));
    final int count = 60_000;
    b.startVector(4, count, 4);
    for (int i = 0; i < count; i++) {
      b.addOffset(s);
    }
    final int urls = b.endVector();
    final int item =
        dev.persona.schema.fb.Item.createItem(b, 0, 0, 0, (byte) 0, 0, 0, 0, false, 0, urls, 0, 0);
    final int body = dev.persona.schema.fb.ItemCreateRequest.createItemCreateRequest(b, 0, item);
    final int root =
        dev.persona.schema.fb.Request.createRequest(b, 1, 0, RequestBody.ItemCreateRequest, body);
    b.finish(root, RpcFrameDescriptor.REQUEST_IDENTIFIER);
    final byte[] m = b.sizedByteArray();
    final long startNs = System.nanoTime();
    assertEquals(MessageVerifier.TOO_COMPLEX, verifyRequest(m));
    final long tookMs = (System.nanoTime() - startNs) / 1_000_000;
    if (tookMs > 2_000) {
      throw new AssertionError("verifier took too long on a hostile DAG: ms=" + tookMs);
    }
  }

  @Example
  void shouldRejectSelfReferencingTableByDepth() {
    // Hand-made: root table whose union body offset points back at the root itself.
    final byte[] m = REQUESTS.get(10).clone(); // ItemCreate: body -> ItemCreateRequest -> Item
    final ByteBuffer bb = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
    final int root = bb.getInt(0);
    final int valuePos = unionTypePosition(m) + 0; // find body offset slot via vtable
    final int vt = root - bb.getInt(root);
    final int bodyFieldPos = root + (bb.getShort(vt + 4 + 2 * 3) & 0xFFFF);
    final int body = bodyFieldPos + bb.getInt(bodyFieldPos);
    // ItemCreateRequest.item (slot 1) -> point it at the ItemCreateRequest itself.
    final int bvt = body - bb.getInt(body);
    final int itemFieldPos = body + (bb.getShort(bvt + 4 + 2) & 0xFFFF);
    bb.putInt(itemFieldPos, body - itemFieldPos);
    assertNotEquals(MessageVerifier.OK, verifyRequest(m));
    assertNotEquals(-1, valuePos);
  }

  // ---- properties: garbage is refused, never an exception, never a read outside the message ----

  @Property(tries = 3000)
  void shouldNeverThrowOnRandomBytes(@ForAll @Size(max = 512) final byte[] garbage) {
    final int request = verifyRequest(garbage);
    final int response = verifyResponse(garbage);
    if (request == MessageVerifier.OK) {
      DeepReader.readRequest(garbage);
    }
    if (response == MessageVerifier.OK) {
      DeepReader.readResponse(garbage);
    }
  }

  @Property(tries = 3000)
  void shouldNeverThrowOnRandomBytesWithValidIdentifier(
      @ForAll @Size(min = 8, max = 512) final byte[] garbage, @ForAll final boolean request) {
    final byte[] id =
        (request ? RpcFrameDescriptor.REQUEST_IDENTIFIER : RpcFrameDescriptor.RESPONSE_IDENTIFIER)
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(id, 0, garbage, 4, 4);
    // Keep the root offset small so the walk gets past the first check more often.
    garbage[0] = (byte) (8 + (garbage[0] & 0x3F));
    garbage[1] = 0;
    garbage[2] = 0;
    garbage[3] = 0;
    assertAcceptedMessagesAreReadable(garbage, request);
  }

  @Property(tries = 3000)
  void shouldNeverReadOutOfBoundsAfterFlippingBytes(
      @ForAll("samples") final byte[] sample,
      @ForAll @Size(min = 1, max = 8)
          final List<@IntRange(min = 0, max = 100_000) Integer> positions,
      @ForAll @Size(min = 8, max = 8) final byte[] values) {
    final boolean request = isRequest(sample);
    final byte[] m = sample.clone();
    for (int i = 0; i < positions.size(); i++) {
      m[positions.get(i) % m.length] = values[i];
    }
    assertAcceptedMessagesAreReadable(m, request);
  }

  @Property(tries = 2000)
  void shouldNeverReadOutOfBoundsWhenTruncated(
      @ForAll("samples") final byte[] sample,
      @ForAll @IntRange(min = 0, max = 100_000) final int cut) {
    final byte[] m = Arrays.copyOf(sample, cut % sample.length);
    final boolean request = isRequest(sample);
    assertAcceptedMessagesAreReadable(m, request);
  }

  @Property(tries = 200)
  void shouldAlwaysAcceptValidMessages(@ForAll("samples") final byte[] sample) {
    final int verdict = isRequest(sample) ? verifyRequest(sample) : verifyResponse(sample);
    assertEquals(MessageVerifier.OK, verdict, MessageVerifier.describe(verdict));
  }

  @Provide
  Arbitrary<byte[]> samples() {
    final List<byte[]> all = new java.util.ArrayList<>(REQUESTS);
    all.addAll(RESPONSES);
    return Arbitraries.of(all);
  }

  private static boolean isRequest(final byte[] m) {
    return m.length >= 8 && m[4] == 'P' && m[5] == 'R' && m[6] == 'Q';
  }

  private int assertAcceptedMessagesAreReadable(final byte[] m, final boolean request) {
    final int verdict = request ? verifyRequest(m) : verifyResponse(m);
    if (verdict == MessageVerifier.OK) {
      if (request) {
        DeepReader.readRequest(m);
      } else {
        DeepReader.readResponse(m);
      }
    }
    return verdict;
  }

  /** Position of the root table's union type byte (slot 2 of Request, slot 3 of Response). */
  private static int unionTypePosition(final byte[] m) {
    final ByteBuffer bb = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
    final int root = bb.getInt(0);
    final int vt = root - bb.getInt(root);
    final int slot = isRequest(m) ? 2 : 3;
    return root + (bb.getShort(vt + 4 + 2 * slot) & 0xFFFF);
  }

  private static int indexOf(final byte[] haystack, final byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
