package dev.persona.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of one FlatBuffers table as {@link MessageVerifier} needs it: one entry per vtable
 * slot, in declaration order. Built once at class initialisation by {@link MessageSchema};
 * immutable afterwards and safe to share between threads.
 */
final class TableSpec {
  static final byte U8 = 1;
  static final byte U16 = 2;
  static final byte U32 = 3;
  static final byte U64 = 4;
  static final byte STRING = 5;
  static final byte VECTOR_U8 = 6;
  static final byte VECTOR_STRING = 7;
  static final byte TABLE = 8;
  static final byte VECTOR_TABLE = 9;
  static final byte UNION_TYPE = 10;
  static final byte UNION_VALUE = 11;

  final String name;
  private final List<Byte> kindList = new ArrayList<>();
  private final List<Object> childList = new ArrayList<>();
  byte[] kinds;
  TableSpec[] tables;
  TableSpec[][] unions;

  TableSpec(final String name) {
    this.name = name;
  }

  TableSpec u8() {
    return add(U8, null);
  }

  TableSpec u16() {
    return add(U16, null);
  }

  TableSpec u32() {
    return add(U32, null);
  }

  TableSpec u64() {
    return add(U64, null);
  }

  TableSpec string() {
    return add(STRING, null);
  }

  TableSpec bytes() {
    return add(VECTOR_U8, null);
  }

  TableSpec strings() {
    return add(VECTOR_STRING, null);
  }

  TableSpec table(final TableSpec spec) {
    return add(TABLE, spec);
  }

  TableSpec tables(final TableSpec spec) {
    return add(VECTOR_TABLE, spec);
  }

  /**
   * A union occupies two slots: its type (ubyte) then its value; members[0] is NONE and stays null.
   */
  TableSpec union(final TableSpec[] members) {
    add(UNION_TYPE, null);
    return add(UNION_VALUE, members);
  }

  private TableSpec add(final byte kind, final Object child) {
    kindList.add(kind);
    childList.add(child);
    return this;
  }

  /** Freezes the builder lists into the arrays the verifier walks. */
  TableSpec seal() {
    final int n = kindList.size();
    kinds = new byte[n];
    tables = new TableSpec[n];
    unions = new TableSpec[n][];
    for (int i = 0; i < n; i++) {
      kinds[i] = kindList.get(i);
      final Object child = childList.get(i);
      if (child instanceof TableSpec t) {
        tables[i] = t;
      } else if (child instanceof TableSpec[] u) {
        unions[i] = u;
      }
    }
    return this;
  }

  /**
   * One token per slot, e.g. {@code "string u64 [Field] union(RequestBody)"}; used by the drift
   * test.
   */
  String describe(final String unionName) {
    final StringBuilder sb = new StringBuilder();
    for (int i = 0; i < kinds.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(
          switch (kinds[i]) {
            case U8 -> "u8";
            case U16 -> "u16";
            case U32 -> "u32";
            case U64 -> "u64";
            case STRING -> "string";
            case VECTOR_U8 -> "[u8]";
            case VECTOR_STRING -> "[string]";
            case TABLE -> tables[i].name;
            case VECTOR_TABLE -> "[" + tables[i].name + "]";
            case UNION_TYPE -> "utype";
            case UNION_VALUE -> "union(" + unionName + ")";
            default -> "?";
          });
    }
    return sb.toString();
  }
}
