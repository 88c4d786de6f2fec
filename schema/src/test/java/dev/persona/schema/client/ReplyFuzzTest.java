package dev.persona.schema.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.schema.MessageVerifier;
import dev.persona.schema.SampleItems;
import dev.persona.schema.fb.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A daemon (or something pretending to be one) can send anything: once a reply verifies, every
 * decoder either returns a value or throws a {@link PersonaClientException}, never anything else.
 */
class ReplyFuzzTest {
  private static final List<byte[]> RESPONSES = SampleItems.responseMessages();

  @Provide
  Arbitrary<byte[]> responses() {
    return Arbitraries.of(RESPONSES);
  }

  @Property(tries = 1500)
  void shouldOnlyThrowPersonaClientExceptionFromDecoders(
      @ForAll("responses") final byte[] sample,
      @ForAll @Size(min = 1, max = 6)
          final List<@IntRange(min = 0, max = 100_000) Integer> positions,
      @ForAll @Size(min = 6, max = 6) final byte[] values) {
    final byte[] m = sample.clone();
    for (int i = 0; i < positions.size(); i++) {
      m[positions.get(i) % m.length] = values[i];
    }
    final ByteBuffer bb = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
    if (new MessageVerifier().verifyResponse(bb, 0, m.length) != MessageVerifier.OK) {
      return;
    }
    final Reply reply = new Reply(bb);
    for (final Runnable decoder : decoders(reply)) {
      try {
        decoder.run();
      } catch (final PersonaClientException expected) {
        // A typed failure is the contract.
      }
    }
    try {
      reply.throwIfError();
    } catch (final PersonaClientException expected) {
      // likewise
    }
  }

  @Example
  void shouldDecodeEachValidSampleWithExactlyItsMatchingDecoder() {
    for (final byte[] sample : RESPONSES) {
      final Reply reply = new Reply(ByteBuffer.wrap(sample).order(ByteOrder.LITTLE_ENDIAN));
      int succeeded = 0;
      for (final Runnable decoder : decoders(reply)) {
        try {
          decoder.run();
          succeeded++;
        } catch (final PersonaClientException e) {
          // wrong body type or an error answer
        }
      }
      assertEquals(
          reply.errorCode() == ErrorCode.OK ? 1 : 0, succeeded, "bodyType=" + reply.bodyType());
    }
  }

  private static Runnable[] decoders(final Reply reply) {
    return new Runnable[] {
      reply::welcome,
      reply::ack,
      reply::status,
      reply::unlock,
      reply::vaults,
      reply::vault,
      reply::item,
      reply::items,
      reply::revisions,
      reply::refValues,
      reply::uploadSession,
      reply::attachment,
      reply::attachmentChunk,
      reply::sshKey,
      reply::sshKeys,
      reply::signature,
      reply::auditPage,
      reply::auditVerification,
      reply::issuedToken,
      reply::tokens,
      reply::approvals
    };
  }
}
