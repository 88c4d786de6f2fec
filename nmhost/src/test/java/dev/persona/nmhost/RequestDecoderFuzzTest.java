package dev.persona.nmhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.schema.client.SecretRef;
import dev.persona.schema.fb.RefAttribute;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The decoder against whatever a browser port could carry: arbitrary bytes, arbitrary JSON trees,
 * and valid requests mutated at the character and byte level. Each must come back, within a few
 * seconds, as a {@link HostRequest} or a {@link RequestError} with a code the decoder owns, and
 * must encode into a well-formed reply. Valid requests survive a render/decode round trip in any
 * field order.
 */
class RequestDecoderFuzzTest {
  private static final Duration NEVER_HANGS = Duration.ofSeconds(5);
  private static final Set<HostErrorCode> DECODER_CODES =
      Set.of(HostErrorCode.BAD_JSON, HostErrorCode.BAD_REQUEST, HostErrorCode.UNKNOWN_TYPE);
  private static final String[] KEYS = {"id", "type", "query", "by", "vault", "limit", "ref"};
  private static final String[] WORDS = {
    "hello", "status", "search", "read", "url", "name", "tag", "persona://Personal/github/password"
  };
  private static final char[] JSON_NOISE =
      "{}[]\":,\\ \n0123456789.eE-+tfnul\u0000\u00e9\ud83d".toCharArray();

  private final RequestDecoder decoder =
      new RequestDecoder(HostJson.factory(new ZeroingRecyclerPool()));
  private final ReplyFrameBuffer reply =
      new ReplyFrameBuffer(NativeMessagingFrameDescriptor.MAX_REPLY_LENGTH);
  private final ReplyWriter writer =
      new ReplyWriter(HostJson.factory(new ZeroingRecyclerPool()), reply);

  /** Decodes without hanging; only the decoder's own values come out, and they encode cleanly. */
  private DecodedRequest assertDecodes(final byte[] message) {
    final DecodedRequest decoded =
        assertTimeoutPreemptively(NEVER_HANGS, () -> decoder.decode(message, 0, message.length));
    switch (decoded) {
      case RequestError error -> {
        assertTrue(DECODER_CODES.contains(error.code()), error.toString());
        assertNotNull(error.message());
        writer.error(error.id(), error.code(), error.field(), error.message());
      }
      case HostRequest request -> {
        assertNotNull(request.id());
        writer.hello(request.id(), null);
      }
    }
    Frames.assertWellFormed(Frames.parse(reply.messageCopy()));
    return decoded;
  }

  @Property(tries = 1500)
  void shouldAnswerArbitraryBytesWithARequestOrAnError(
      @ForAll @Size(max = 700) final byte[] bytes) {
    assertDecodes(bytes);
  }

  @Property(tries = 1500)
  void shouldAnswerArbitraryJsonWithARequestOrAnError(@ForAll("jsonDocuments") final String json) {
    assertDecodes(json.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 2000)
  void shouldAnswerMutatedValidRequestsWithARequestOrAnError(
      @ForAll("mutatedRequests") final byte[] message) {
    assertDecodes(message);
  }

  @Property(tries = 1500)
  void shouldRoundTripEveryValidRequestInAnyFieldOrder(
      @ForAll("validRequests") final HostRequest request, @ForAll final long seed) {
    assertEquals(request, assertDecodes(TestRequests.render(request, new Random(seed))));
  }

  @Property(tries = 200)
  void shouldAnswerEveryFrameOfAnArbitraryStreamWithExactlyOneWellFormedReply(
      @ForAll("messageStreams") final List<byte[]> messages) {
    final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    for (final byte[] message : messages) {
      stdin.writeBytes(Frames.frame(message));
    }
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final ZeroingRecyclerPool pool = new ZeroingRecyclerPool();
    final ReplyFrameBuffer buffer =
        new ReplyFrameBuffer(NativeMessagingFrameDescriptor.MAX_REPLY_LENGTH);
    final int exit =
        assertTimeoutPreemptively(
            NEVER_HANGS,
            () ->
                new NativeMessagingHost(
                        new ByteArrayInputStream(stdin.toByteArray()),
                        stdout,
                        new PrintStream(stderr, true, StandardCharsets.UTF_8),
                        new RequestDecoder(HostJson.factory(pool)),
                        new RequestHandler(new FakeDaemonAccess(), null),
                        new ReplyWriter(HostJson.factory(pool), buffer),
                        buffer)
                    .run());
    assertEquals(NativeMessagingHost.EXIT_END_OF_STREAM, exit);
    final List<byte[]> replies = Frames.split(stdout.toByteArray());
    assertEquals(messages.size(), replies.size(), "one reply per request");
    for (final byte[] r : replies) {
      Frames.assertWellFormed(Frames.parse(r));
    }
    assertEquals(0, stderr.size(), stderr.toString(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<HostRequest> validRequests() {
    final Arbitrary<RequestId> ids =
        Arbitraries.oneOf(
            Arbitraries.longs()
                .between(-RequestId.MAX_SAFE_INTEGER, RequestId.MAX_SAFE_INTEGER)
                .map(RequestId::of),
            Arbitraries.strings().ofMaxLength(RequestId.MAX_TEXT_LENGTH).map(RequestId::of));
    final Arbitrary<String> queries =
        Arbitraries.strings().ofMinLength(1).ofMaxLength(300).filter(s -> !s.isBlank());
    final Arbitrary<String> vaults =
        Arbitraries.strings()
            .ofMinLength(1)
            .ofMaxLength(40)
            .filter(s -> !s.isBlank())
            .injectNull(0.3);
    final Arbitrary<HostRequest> search =
        Combinators.combine(
                ids,
                Arbitraries.of(HostRequest.SearchBy.class),
                queries,
                vaults,
                Arbitraries.integers().between(1, HostRequest.Search.MAX_LIMIT))
            .as(HostRequest.Search::new);
    final Arbitrary<String> segments =
        Arbitraries.strings()
            .withCharRange('\u0000', '\ud7ff')
            .withCharRange('\ue000', '\uffff')
            .ofMinLength(1)
            .ofMaxLength(30);
    final Arbitrary<HostRequest> read =
        Combinators.combine(
                ids,
                segments,
                segments,
                segments,
                Arbitraries.of(RefAttribute.VALUE, RefAttribute.TOTP))
            .as((id, v, i, f, a) -> new HostRequest.Read(id, new SecretRef(v, i, f, a)));
    return Arbitraries.oneOf(
        ids.map(HostRequest.Hello::new), ids.map(HostRequest.Status::new), search, read);
  }

  @Provide
  Arbitrary<String> jsonDocuments() {
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, object(3)), net.jqwik.api.Tuple.of(1, value(3)))
        .map(TestRequests::render);
  }

  private Arbitrary<Object> value(final int depth) {
    final Arbitrary<Object> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
            Arbitraries.of(WORDS).map(s -> (Object) s),
            Arbitraries.longs().map(l -> (Object) l),
            Arbitraries.of(
                (Object) ((1L << 53) - 1),
                (Object) (1L << 53),
                (Object) Long.MIN_VALUE,
                (Object) 0L),
            Arbitraries.doubles().map(d -> (Object) d),
            Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(19).negate(), BigInteger.TEN.pow(22))
                .map(b -> (Object) b),
            Arbitraries.of(Boolean.TRUE, Boolean.FALSE, TestRequests.JSON_NULL));
    if (depth == 0) {
      return scalar;
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, scalar),
        net.jqwik.api.Tuple.of(1, value(depth - 1).list().ofMaxSize(4).map(l -> (Object) l)),
        net.jqwik.api.Tuple.of(1, object(depth - 1)));
  }

  private Arbitrary<Object> object(final int depth) {
    final Arbitrary<String> keys =
        Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.strings().ofMaxLength(12));
    return Arbitraries.maps(keys, value(Math.max(0, depth - 1))).ofMaxSize(7).map(m -> (Object) m);
  }

  @Provide
  Arbitrary<byte[]> mutatedRequests() {
    return Combinators.combine(validRequests(), Arbitraries.longs())
        .as(
            (request, seed) ->
                mutate(TestRequests.render(request, new Random(seed)), new Random(seed)));
  }

  /** One to four edits: JSON-significant characters in, spans out or doubled, bits flipped. */
  static byte[] mutate(final byte[] input, final Random random) {
    final StringBuilder text = new StringBuilder(new String(input, StandardCharsets.UTF_8));
    final int rounds = 1 + random.nextInt(4);
    boolean bytewise = false;
    for (int r = 0; r < rounds && text.length() > 0; r++) {
      final int at = random.nextInt(text.length());
      switch (random.nextInt(6)) {
        case 0 -> text.insert(at, JSON_NOISE[random.nextInt(JSON_NOISE.length)]);
        case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(8)));
        case 2 ->
            text.insert(
                at, text.substring(at, Math.min(text.length(), at + 1 + random.nextInt(20))));
        case 3 -> text.setCharAt(at, JSON_NOISE[random.nextInt(JSON_NOISE.length)]);
        case 4 -> text.insert(at, "[".repeat(1 + random.nextInt(40)));
        default -> bytewise = true;
      }
    }
    final byte[] out = text.toString().getBytes(StandardCharsets.UTF_8);
    if (bytewise && out.length > 0) {
      out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return out;
  }

  @Provide
  Arbitrary<List<byte[]>> messageStreams() {
    final Arbitrary<byte[]> one =
        Arbitraries.oneOf(
            Combinators.combine(validRequests(), Arbitraries.longs())
                .as((request, seed) -> TestRequests.render(request, new Random(seed))),
            mutatedRequests(),
            jsonDocuments().map(s -> s.getBytes(StandardCharsets.UTF_8)),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    return one.list().ofMinSize(1).ofMaxSize(12).map(ArrayList::new);
  }

  @Example
  void shouldKeepTheMutatorHonest() {
    final byte[] original = "{\"id\":1,\"type\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
    int changed = 0;
    for (int seed = 0; seed < 100; seed++) {
      if (!Arrays.equals(original, mutate(original, new Random(seed)))) {
        changed++;
      }
    }
    assertTrue(changed > 90, "the mutator mutates: " + changed);
  }
}
