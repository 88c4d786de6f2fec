package dev.persona.schema;

import java.nio.ByteBuffer;

/**
 * Bounds-checks an inbound Request or Response FlatBuffer before any generated accessor touches it,
 * because Java FlatBuffers has no verifier. It checks the file identifier, then walks every table,
 * vtable, vector, string and union reachable from the root, proving each offset lands inside the
 * message, each string is NUL-terminated valid UTF-8 (the generated {@code String} accessors throw
 * on anything else), and each union type is known. Recursion depth and total work are bounded so a
 * hostile buffer cannot hang a thread.
 *
 * <p>Failures are values: every method returns {@link #OK} or a reason code ({@link
 * #describe(int)}) and never throws, whatever the bytes. Once a message verifies, the generated
 * accessors cannot read outside {@code [offset, offset + length)}, so one verified buffer is safe
 * to decode with {@code getRootAsX(bb, obj)}.
 *
 * <p>Not thread-safe (it keeps cursor state to stay allocation-free): use one instance per thread
 * or per connection. Scalar values, including enum values, are not range-checked; the dispatcher
 * answers unknown enum values with {@code BAD_INPUT}.
 */
public final class MessageVerifier {
  public static final int OK = 0;
  public static final int TOO_SHORT = 1;
  public static final int TOO_LONG = 2;
  public static final int BAD_IDENTIFIER = 3;
  public static final int OUT_OF_BOUNDS = 4;
  public static final int BAD_VTABLE = 5;
  public static final int BAD_STRING = 6;
  public static final int BAD_UTF8 = 7;
  public static final int UNKNOWN_UNION_TYPE = 8;
  public static final int MISSING_UNION_VALUE = 9;
  public static final int TOO_DEEP = 10;
  public static final int TOO_COMPLEX = 11;
  public static final int MISSING_BODY = 12;
  public static final int UNKNOWN_BODY_TYPE = 13;

  /** Deepest table nesting accepted; the schema needs 5, the margin lets the schema grow. */
  public static final int MAX_DEPTH = 32;

  /**
   * Work allowed per message byte. A buffer written by a FlatBufferBuilder without shared strings
   * costs at most one unit per byte (each reference has its own 4-byte slot); sharing is tolerated
   * up to this factor. A crafted DAG that points many slots at one large string runs out of budget
   * instead of into minutes.
   */
  public static final int WORK_PER_BYTE = 8;

  private static final String[] REASONS = {
    "ok",
    "message shorter than root offset and identifier",
    "message longer than the frame maximum",
    "wrong file identifier",
    "offset points outside the message",
    "malformed vtable",
    "string not terminated",
    "string is not valid UTF-8",
    "unknown union type",
    "union type set without value",
    "tables nested too deeply",
    "message too complex to verify",
    "message has no body",
    "unknown body type",
  };

  private ByteBuffer bb;
  private long start;
  private long end;
  private long budget;
  private long errorPosition;

  /** Position (relative to the message start) where the last failure was found; -1 when none. */
  public long errorOffset() {
    return errorPosition < 0 ? -1 : errorPosition - start;
  }

  /** A short human description of a reason code, free of message bytes. */
  public static String describe(final int reason) {
    return reason >= 0 && reason < REASONS.length ? REASONS[reason] : "unknown reason " + reason;
  }

  /**
   * Verifies a Request message (no length prefix) occupying {@code [offset, offset + length)} of
   * {@code buffer}. The buffer's position, limit and byte order are not changed.
   *
   * @return {@link #OK}, {@link #UNKNOWN_BODY_TYPE} when the request is well-formed but names an
   *     operation this build does not know (answer {@code UNSUPPORTED_OPERATION}), or another
   *     reason (answer {@code MALFORMED})
   */
  public int verifyRequest(final ByteBuffer buffer, final int offset, final int length) {
    return verifyRoot(
        buffer, offset, length, RpcFrameDescriptor.REQUEST_IDENTIFIER, MessageSchema.REQUEST);
  }

  /** Verifies a Response message; see {@link #verifyRequest(ByteBuffer, int, int)}. */
  public int verifyResponse(final ByteBuffer buffer, final int offset, final int length) {
    return verifyRoot(
        buffer, offset, length, RpcFrameDescriptor.RESPONSE_IDENTIFIER, MessageSchema.RESPONSE);
  }

  private int verifyRoot(
      final ByteBuffer buffer,
      final int offset,
      final int length,
      final String identifier,
      final TableSpec rootSpec) {
    errorPosition = -1;
    // Absolute ByteBuffer reads are bounded by the limit, not the capacity.
    if (buffer == null || offset < 0 || length < 0 || (long) offset + length > buffer.limit()) {
      return fail(OUT_OF_BOUNDS, offset);
    }
    if (length < RpcFrameDescriptor.MIN_MESSAGE_LENGTH) {
      return fail(TOO_SHORT, offset);
    }
    if (length > RpcFrameDescriptor.MAX_MESSAGE_LENGTH) {
      return fail(TOO_LONG, offset);
    }
    bb = buffer;
    start = offset;
    end = (long) offset + length;
    budget = (long) length * WORK_PER_BYTE;
    for (int i = 0; i < RpcFrameDescriptor.IDENTIFIER_LENGTH; i++) {
      if (buffer.get(offset + RpcFrameDescriptor.IDENTIFIER_OFFSET + i) != identifier.charAt(i)) {
        return fail(BAD_IDENTIFIER, offset + RpcFrameDescriptor.IDENTIFIER_OFFSET);
      }
    }
    final long rootPos = start + u32(start);
    int result = verifyTable(rootSpec, rootPos, 1);
    if (result == OK && rootSpec == MessageSchema.REQUEST) {
      // A request must name an operation; a response may be a bare error without a body.
      result = checkRootBody(rootSpec, rootPos);
    }
    bb = null;
    return result;
  }

  /**
   * A request's body union (its last two slots) must be present; its type was checked in the walk.
   */
  private int checkRootBody(final TableSpec spec, final long tablePos) {
    final int typeSlot = spec.kinds.length - 2;
    final long vt = tablePos - i32(tablePos);
    final int type = fieldOffset(vt, typeSlot) == 0 ? 0 : u8(tablePos + fieldOffset(vt, typeSlot));
    return type == 0 ? fail(MISSING_BODY, tablePos) : OK;
  }

  private int verifyTable(final TableSpec spec, final long tablePos, final int depth) {
    if (depth > MAX_DEPTH) {
      return fail(TOO_DEEP, tablePos);
    }
    if (!spend(4)) {
      return fail(TOO_COMPLEX, tablePos);
    }
    if (tablePos < start || tablePos + 4 > end) {
      return fail(OUT_OF_BOUNDS, tablePos);
    }
    final long vt = tablePos - i32(tablePos);
    if (vt < start || vt + 4 > end) {
      return fail(BAD_VTABLE, tablePos);
    }
    final int vtableLength = u16(vt);
    final int tableLength = u16(vt + 2);
    // Java's accessors read vtable sizes and field offsets as signed shorts: above 0x7FFF they
    // would point backwards, so such values are refused although the format calls them unsigned.
    if (vtableLength < 4
        || (vtableLength & 1) != 0
        || vtableLength > Short.MAX_VALUE
        || vt + vtableLength > end) {
      return fail(BAD_VTABLE, vt);
    }
    if (tableLength < 4 || tablePos + tableLength > end) {
      return fail(BAD_VTABLE, vt);
    }
    final byte[] kinds = spec.kinds;
    int unionType = 0;
    for (int slot = 0; slot < kinds.length; slot++) {
      final int fieldOffset = fieldOffset(vt, slot);
      final byte kind = kinds[slot];
      if (fieldOffset == 0) {
        if (kind == TableSpec.UNION_TYPE) {
          unionType = 0;
        } else if (kind == TableSpec.UNION_VALUE && unionType != 0) {
          return fail(MISSING_UNION_VALUE, tablePos);
        }
        continue;
      }
      final int inlineSize = inlineSize(kind);
      if (fieldOffset < 4
          || fieldOffset > Short.MAX_VALUE
          || fieldOffset + inlineSize > tableLength) {
        return fail(OUT_OF_BOUNDS, tablePos + fieldOffset);
      }
      final long fieldPos = tablePos + fieldOffset;
      final int result;
      switch (kind) {
        case TableSpec.U8, TableSpec.U16, TableSpec.U32, TableSpec.U64 -> result = OK;
        case TableSpec.UNION_TYPE -> {
          unionType = u8(fieldPos);
          final TableSpec[] members = spec.unions[slot + 1];
          if (unionType < members.length) {
            result = OK;
          } else {
            // Only the root's body can name an operation from a newer protocol: the daemon
            // answers UNSUPPORTED_OPERATION to that, MALFORMED to anything else.
            result = fail(depth == 1 ? UNKNOWN_BODY_TYPE : UNKNOWN_UNION_TYPE, fieldPos);
          }
        }
        case TableSpec.UNION_VALUE ->
            result =
                unionType == 0
                    ? OK
                    : verifyTable(
                        spec.unions[slot][unionType], fieldPos + u32(fieldPos), depth + 1);
        case TableSpec.STRING -> result = verifyString(fieldPos + u32(fieldPos));
        case TableSpec.VECTOR_U8 -> result = verifyVector(fieldPos + u32(fieldPos), 1);
        case TableSpec.VECTOR_STRING -> result = verifyVectorOfStrings(fieldPos + u32(fieldPos));
        case TableSpec.TABLE ->
            result = verifyTable(spec.tables[slot], fieldPos + u32(fieldPos), depth + 1);
        case TableSpec.VECTOR_TABLE ->
            result = verifyVectorOfTables(spec.tables[slot], fieldPos + u32(fieldPos), depth + 1);
        default -> result = fail(BAD_VTABLE, fieldPos);
      }
      if (result != OK) {
        return result;
      }
    }
    return OK;
  }

  private int fieldOffset(final long vt, final int slot) {
    final int entry = 4 + 2 * slot;
    return entry + 2 <= u16(vt) ? u16(vt + entry) : 0;
  }

  private static int inlineSize(final byte kind) {
    return switch (kind) {
      case TableSpec.U8, TableSpec.UNION_TYPE -> 1;
      case TableSpec.U16 -> 2;
      case TableSpec.U64 -> 8;
      default -> 4;
    };
  }

  /** Returns the element count, or a negative reason when the vector does not fit. */
  private long vectorLength(final long vectorPos, final int elementSize) {
    if (vectorPos < start || vectorPos + 4 > end) {
      return -fail(OUT_OF_BOUNDS, vectorPos);
    }
    final long count = u32(vectorPos);
    if (vectorPos + 4 + count * elementSize > end) {
      return -fail(OUT_OF_BOUNDS, vectorPos);
    }
    return count;
  }

  private int verifyVector(final long vectorPos, final int elementSize) {
    if (!spend(4)) {
      return fail(TOO_COMPLEX, vectorPos);
    }
    final long count = vectorLength(vectorPos, elementSize);
    return count < 0 ? (int) -count : OK;
  }

  private int verifyString(final long stringPos) {
    if (!spend(4)) {
      return fail(TOO_COMPLEX, stringPos);
    }
    final long length = vectorLength(stringPos, 1);
    if (length < 0) {
      return (int) -length;
    }
    final long bytesStart = stringPos + 4;
    final long terminator = bytesStart + length;
    if (terminator >= end || bb.get((int) terminator) != 0) {
      return fail(BAD_STRING, stringPos);
    }
    if (!spend(length)) {
      return fail(TOO_COMPLEX, stringPos);
    }
    return isValidUtf8((int) bytesStart, (int) terminator) ? OK : fail(BAD_UTF8, stringPos);
  }

  private int verifyVectorOfStrings(final long vectorPos) {
    if (!spend(4)) {
      return fail(TOO_COMPLEX, vectorPos);
    }
    final long count = vectorLength(vectorPos, 4);
    if (count < 0) {
      return (int) -count;
    }
    for (long i = 0; i < count; i++) {
      final long elementPos = vectorPos + 4 + i * 4;
      final int result = verifyString(elementPos + u32(elementPos));
      if (result != OK) {
        return result;
      }
    }
    return OK;
  }

  private int verifyVectorOfTables(final TableSpec spec, final long vectorPos, final int depth) {
    if (!spend(4)) {
      return fail(TOO_COMPLEX, vectorPos);
    }
    final long count = vectorLength(vectorPos, 4);
    if (count < 0) {
      return (int) -count;
    }
    for (long i = 0; i < count; i++) {
      final long elementPos = vectorPos + 4 + i * 4;
      final int result = verifyTable(spec, elementPos + u32(elementPos), depth);
      if (result != OK) {
        return result;
      }
    }
    return OK;
  }

  /**
   * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF, the same set
   * that FlatBuffers' {@code Utf8Safe} decodes without throwing.
   */
  private boolean isValidUtf8(final int from, final int to) {
    int i = from;
    while (i < to) {
      final int b0 = bb.get(i) & 0xFF;
      if (b0 < 0x80) {
        i++;
        continue;
      }
      final int need;
      final int lowerSecond;
      final int upperSecond;
      if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
        lowerSecond = 0x80;
        upperSecond = 0xBF;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        lowerSecond = b0 == 0xE0 ? 0xA0 : 0x80;
        upperSecond = b0 == 0xED ? 0x9F : 0xBF; // excludes UTF-16 surrogates
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        lowerSecond = b0 == 0xF0 ? 0x90 : 0x80;
        upperSecond = b0 == 0xF4 ? 0x8F : 0xBF;
      } else {
        return false;
      }
      if (i + need >= to) {
        return false;
      }
      final int b1 = bb.get(i + 1) & 0xFF;
      if (b1 < lowerSecond || b1 > upperSecond) {
        return false;
      }
      for (int k = 2; k <= need; k++) {
        final int bk = bb.get(i + k) & 0xFF;
        if (bk < 0x80 || bk > 0xBF) {
          return false;
        }
      }
      i += need + 1;
    }
    return true;
  }

  private boolean spend(final long units) {
    budget -= units;
    return budget >= 0;
  }

  private int fail(final int reason, final long position) {
    errorPosition = position;
    return reason;
  }

  private int u8(final long pos) {
    return bb.get((int) pos) & 0xFF;
  }

  private int u16(final long pos) {
    return (bb.get((int) pos) & 0xFF) | (bb.get((int) pos + 1) & 0xFF) << 8;
  }

  private int i32(final long pos) {
    final int p = (int) pos;
    return (bb.get(p) & 0xFF)
        | (bb.get(p + 1) & 0xFF) << 8
        | (bb.get(p + 2) & 0xFF) << 16
        | (bb.get(p + 3) & 0xFF) << 24;
  }

  private long u32(final long pos) {
    return i32(pos) & 0xFFFFFFFFL;
  }
}
