package dev.persona.server.rpc;

import dev.persona.engine.Engine;
import dev.persona.schema.ResponseWriter;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ReadRefsRequest;
import dev.persona.schema.fb.RefAttribute;
import dev.persona.schema.fb.RefSpec;
import dev.persona.schema.fb.Request;
import io.netty.channel.Channel;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Answers {@code persona://vault/item/field} lookups: the hot path of the CLI. Each reference is an
 * index hit plus one decrypt into a reused scratch buffer; the plaintext is copied once into the
 * reply and the scratch is wiped.
 *
 * <p>Conductor thread only; not thread-safe.
 */
final class ReadRefsHandler {
  /** Largest single value a reference can return; larger fields belong in attachments. */
  static final int MAX_VALUE_LENGTH = 256 * 1024;

  private final Engine engine;
  private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_VALUE_LENGTH]);
  private final ReadRefsRequest readRefs = new ReadRefsRequest();
  private final RefSpec ref = new RefSpec();

  ReadRefsHandler(final Engine engine) {
    this.engine = engine;
  }

  void handle(
      final Channel channel,
      final long requestId,
      final Request request,
      final ResponseProxy responseProxy) {
    request.body(readRefs);
    final ResponseWriter writer = responseProxy.writer();
    writer.beginReadRefs();
    final int count = readRefs.refsLength();
    for (int i = 0; i < count; i++) {
      readRefs.refs(ref, i);
      resolve(writer);
    }
    responseProxy.send(channel, writer.endReadRefs(requestId));
  }

  private void resolve(final ResponseWriter writer) {
    final String vault = ref.vault();
    final String item = ref.item();
    final String field = ref.field();
    if (vault == null || item == null || field == null) {
      writer.addRefError(ErrorCode.BAD_INPUT);
      return;
    }
    final int length = engine.readField(vault, item, field, scratch, 0);
    if (length < 0) {
      writer.addRefError(EngineStatus.toErrorCode(length));
      return;
    }
    try {
      if (ref.attribute() == RefAttribute.TOTP) {
        final int code = Totp.codeFromSeed(scratch.byteArray(), length, System.currentTimeMillis());
        if (code < 0) {
          writer.addRefError(ErrorCode.BAD_INPUT);
        } else {
          final byte[] digits = Totp.format(code);
          writer.addRefValue(digits, 0, digits.length);
        }
      } else {
        writer.addRefValue(scratch.byteArray(), 0, length);
      }
    } finally {
      scratch.setMemory(0, length, (byte) 0);
    }
  }
}
