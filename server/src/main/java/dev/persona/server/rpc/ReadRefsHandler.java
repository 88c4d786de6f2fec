package dev.persona.server.rpc;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.engine.Engine;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ReadRefsRequest;
import dev.persona.schema.fb.ReadRefsResponse;
import dev.persona.schema.fb.RefAttribute;
import dev.persona.schema.fb.RefResult;
import dev.persona.schema.fb.RefSpec;
import dev.persona.schema.fb.Request;
import dev.persona.schema.fb.ResponseBody;
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
  private int[] resultOffsets = new int[16];

  ReadRefsHandler(final Engine engine) {
    this.engine = engine;
  }

  void handle(
      final Channel channel,
      final long requestId,
      final Request request,
      final ResponseProxy responseProxy) {
    request.body(readRefs);
    final int count = readRefs.refsLength();
    if (count > resultOffsets.length) {
      resultOffsets = new int[Math.max(count, resultOffsets.length * 2)];
    }
    final FlatBufferBuilder builder = responseProxy.builder();
    for (int i = 0; i < count; i++) {
      readRefs.refs(ref, i);
      resultOffsets[i] = resolve(builder);
    }
    ReadRefsResponse.startResultsVector(builder, count);
    for (int i = count - 1; i >= 0; i--) {
      builder.addOffset(resultOffsets[i]);
    }
    final int results = builder.endVector();
    final int body = ReadRefsResponse.createReadRefsResponse(builder, results);
    responseProxy.send(channel, requestId, ErrorCode.OK, null, ResponseBody.ReadRefsResponse, body);
  }

  private int resolve(final FlatBufferBuilder builder) {
    final String vault = ref.vault();
    final String item = ref.item();
    final String field = ref.field();
    if (vault == null || item == null || field == null) {
      return RefResult.createRefResult(builder, ErrorCode.BAD_INPUT, 0);
    }
    final int length = engine.readField(vault, item, field, scratch, 0);
    if (length < 0) {
      return RefResult.createRefResult(builder, EngineStatus.toErrorCode(length), 0);
    }
    try {
      final int value;
      if (ref.attribute() == RefAttribute.TOTP) {
        final int code = Totp.codeFromSeed(scratch.byteArray(), length, System.currentTimeMillis());
        if (code < 0) {
          return RefResult.createRefResult(builder, ErrorCode.BAD_INPUT, 0);
        }
        value = builder.createByteVector(Totp.format(code));
      } else {
        value = builder.createByteVector(scratch.byteArray(), 0, length);
      }
      return RefResult.createRefResult(builder, ErrorCode.OK, value);
    } finally {
      scratch.setMemory(0, length, (byte) 0);
    }
  }
}
