package dev.persona.server.rpc;

import dev.persona.engine.Engine;
import dev.persona.schema.ResponseWriter;
import dev.persona.schema.fb.ErrorCode;
import dev.persona.schema.fb.ReadRefsRequest;
import dev.persona.schema.fb.RefAttribute;
import dev.persona.schema.fb.RefSpec;
import dev.persona.schema.fb.Request;
import dev.persona.server.transport.ClientSession;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  /** The caller's executable for the request being answered ({@code policy.executables}). */
  private String callerExecutable = "";

  ReadRefsHandler(final Engine engine) {
    this.engine = engine;
  }

  /** One reference, copied out of the request ring so that it outlives the request's bytes. */
  record Ref(String vault, String item, String field, int attribute) {}

  /**
   * A request waiting for someone to allow revealing item {@code item} of {@code vault} (the first
   * reference whose item's policy asks); {@code approved} holds the vault/item pairs already
   * allowed for this request.
   */
  record Parked(List<Ref> refs, Set<String> approved, String vault, String item) {
    /** The same request with {@code vault}/{@code item} allowed too. */
    Parked allowed() {
      final Set<String> more = new HashSet<>(approved);
      more.add(key(vault, item));
      return new Parked(refs, more, vault, item);
    }
  }

  /**
   * Answers the request, or returns it parked (nothing sent, partial values wiped) when a reference
   * reaches a concealed value whose item's policy asks first.
   */
  Parked handle(
      final Channel channel,
      final long requestId,
      final Request request,
      final ResponseProxy responseProxy) {
    request.body(readRefs);
    callerExecutable = executableOf(channel);
    final ResponseWriter writer = responseProxy.writer();
    writer.beginReadRefs();
    final int count = readRefs.refsLength();
    for (int i = 0; i < count; i++) {
      readRefs.refs(ref, i);
      final String vault = ref.vault();
      final String item = ref.item();
      if (resolve(writer, vault, item, ref.field(), ref.attribute(), false)
          == Engine.NEEDS_APPROVAL) {
        responseProxy.abandonReadRefs();
        return new Parked(copyRefs(), Set.of(), vault, item);
      }
    }
    responseProxy.send(channel, writer.endReadRefs(requestId));
    return null;
  }

  /** Answers a parked request once its item was allowed; returns it parked again on another. */
  Parked resume(
      final Channel channel,
      final long requestId,
      final Parked parked,
      final ResponseProxy responseProxy) {
    callerExecutable = executableOf(channel);
    final ResponseWriter writer = responseProxy.writer();
    writer.beginReadRefs();
    for (final Ref r : parked.refs()) {
      final boolean approved = parked.approved().contains(key(r.vault(), r.item()));
      if (resolve(writer, r.vault(), r.item(), r.field(), r.attribute(), approved)
          == Engine.NEEDS_APPROVAL) {
        responseProxy.abandonReadRefs();
        return new Parked(parked.refs(), parked.approved(), r.vault(), r.item());
      }
    }
    responseProxy.send(channel, writer.endReadRefs(requestId));
    return null;
  }

  private List<Ref> copyRefs() {
    final int count = readRefs.refsLength();
    final List<Ref> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      readRefs.refs(ref, i);
      out.add(new Ref(ref.vault(), ref.item(), ref.field(), ref.attribute()));
    }
    return out;
  }

  /** The peer's resolved executable, or "" when unknown (which no executables policy lists). */
  private static String executableOf(final Channel channel) {
    final String executable = ClientSession.of(channel).executable();
    return executable == null ? "" : executable;
  }

  static String key(final String vault, final String item) {
    return vault + '\0' + item;
  }

  /**
   * Adds one result (value or error) and returns the engine's status; adds nothing for {@link
   * Engine#NEEDS_APPROVAL} without {@code approved}.
   */
  private int resolve(
      final ResponseWriter writer,
      final String vault,
      final String item,
      final String field,
      final int attribute,
      final boolean approved) {
    if (vault == null || item == null || field == null) {
      writer.addRefError(ErrorCode.BAD_INPUT);
      return Engine.BAD_INPUT;
    }
    final int length = engine.readField(vault, item, field, scratch, 0, approved, callerExecutable);
    if (length == Engine.NEEDS_APPROVAL) {
      return length;
    }
    if (length < 0) {
      writer.addRefError(EngineStatus.toErrorCode(length));
      return length;
    }
    try {
      if (attribute == RefAttribute.TOTP) {
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
    return length;
  }
}
