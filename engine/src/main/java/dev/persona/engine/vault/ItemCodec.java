package dev.persona.engine.vault;

import dev.persona.engine.Field;
import dev.persona.engine.ItemType;
import dev.persona.engine.StoreCorruptedException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes the plaintext of an item record (what the item key seals), big-endian.
 *
 * <pre>
 *   type (1) | flags (1, bit 0 = trashed) | createdMs (8) | updatedMs (8) | nameLen (2) | name
 *   fieldCount (2) { nameLen (2) | name | flags (1, bit 0 = concealed) | valueLen (4) | value }
 *   urlCount (2)   { len (2) | url }
 *   tagCount (2)   { len (2) | tag }
 *   attachmentCount (2) { nameLen (2) | name | attachment id (16) | size (8) | chunkCount (4)
 *                         { chunk id (32) } }
 * </pre>
 *
 * Field names come before values so that the hot path can find one field without decoding the
 * others. Stateless and thread-safe.
 */
public final class ItemCodec {
  public static final int CHUNK_ID_LENGTH = 32;
  static final int NAME_OFFSET = 18;

  private ItemCodec() {}

  /** One attachment as recorded in an item: its chunks are content ids in the blobs database. */
  public record Attachment(String name, byte[] attachmentId, long size, List<byte[]> chunks) {}

  /** A decoded item plaintext. */
  public record Decoded(
      ItemType type,
      boolean trashed,
      long createdMs,
      long updatedMs,
      String name,
      List<Field> fields,
      List<String> urls,
      List<String> tags,
      List<Attachment> attachments) {}

  public static byte[] encode(final Decoded d) {
    final Out out = new Out();
    out.write(d.type().code());
    out.write(d.trashed() ? 1 : 0);
    out.putLong(d.createdMs());
    out.putLong(d.updatedMs());
    out.putShortString(d.name());
    out.putShort(d.fields().size());
    for (final Field f : d.fields()) {
      out.putShortString(f.name());
      out.write(f.concealed() ? 1 : 0);
      out.putInt(f.value().length);
      out.write(f.value(), 0, f.value().length);
    }
    out.putShort(d.urls().size());
    for (final String u : d.urls()) {
      out.putShortString(u);
    }
    out.putShort(d.tags().size());
    for (final String t : d.tags()) {
      out.putShortString(t);
    }
    out.putShort(d.attachments().size());
    for (final Attachment a : d.attachments()) {
      out.putShortString(a.name());
      out.write(a.attachmentId(), 0, 16);
      out.putLong(a.size());
      out.putInt(a.chunks().size());
      for (final byte[] c : a.chunks()) {
        out.write(c, 0, CHUNK_ID_LENGTH);
      }
    }
    final byte[] bytes = out.toByteArray();
    out.wipe();
    return bytes;
  }

  public static Decoded decode(final byte[] b, final int length) {
    try {
      final In in = new In(b, length);
      final ItemType type = ItemType.ofCode(in.u8());
      final boolean trashed = (in.u8() & 1) != 0;
      final long created = in.i64();
      final long updated = in.i64();
      final String name = in.shortString();
      final int fieldCount = in.u16();
      final List<Field> fields = new ArrayList<>(fieldCount);
      for (int i = 0; i < fieldCount; i++) {
        final String fname = in.shortString();
        final boolean concealed = (in.u8() & 1) != 0;
        final int len = in.i32();
        fields.add(new Field(fname, in.bytes(len), concealed));
      }
      final List<String> urls = in.strings();
      final List<String> tags = in.strings();
      final int attCount = in.u16();
      final List<Attachment> atts = new ArrayList<>(attCount);
      for (int i = 0; i < attCount; i++) {
        final String aname = in.shortString();
        final byte[] id = in.bytes(16);
        final long size = in.i64();
        final int chunkCount = in.i32();
        final List<byte[]> chunks = new ArrayList<>(chunkCount);
        for (int c = 0; c < chunkCount; c++) {
          chunks.add(in.bytes(CHUNK_ID_LENGTH));
        }
        atts.add(new Attachment(aname, id, size, chunks));
      }
      return new Decoded(type, trashed, created, updated, name, fields, urls, tags, atts);
    } catch (final IndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new StoreCorruptedException("record=item problem=malformed plaintext", e);
    }
  }

  /**
   * Finds the value of the field whose UTF-8 name equals {@code name[0..nameLength)} in a record
   * plaintext without allocating. Returns {@code offset << 32 | length} or -1 when absent.
   */
  public static long findField(
      final byte[] b, final int length, final byte[] name, final int nameLength) {
    int p = NAME_OFFSET;
    p += 2 + u16(b, p);
    final int fieldCount = u16(b, p);
    p += 2;
    for (int i = 0; i < fieldCount; i++) {
      final int fnLen = u16(b, p);
      p += 2;
      final boolean match =
          fnLen == nameLength && Arrays.equals(b, p, p + fnLen, name, 0, nameLength);
      p += fnLen + 1;
      final int vlen =
          ((b[p] & 0xFF) << 24)
              | ((b[p + 1] & 0xFF) << 16)
              | ((b[p + 2] & 0xFF) << 8)
              | (b[p + 3] & 0xFF);
      p += 4;
      if (p + vlen > length || vlen < 0) {
        return -1;
      }
      if (match) {
        return ((long) p << 32) | vlen;
      }
      p += vlen;
    }
    return -1;
  }

  /** Whether the field {@link #findField} found ({@code found >= 0}) is concealed. */
  public static boolean isConcealed(final byte[] b, final long found) {
    // The flags byte sits before the 4-byte value length: see the layout above.
    return (b[(int) (found >>> 32) - 5] & 1) != 0;
  }

  private static int u16(final byte[] b, final int p) {
    return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
  }

  /** Growable output that can wipe its buffer, unlike ByteArrayOutputStream's discarded copies. */
  private static final class Out extends ByteArrayOutputStream {
    Out() {
      super(256);
    }

    void putShort(final int v) {
      if (v > 0xFFFF) {
        throw new dev.persona.engine.PersonaException(
            dev.persona.engine.PersonaException.Category.BAD_INPUT,
            "problem=too many entries count=" + v);
      }
      write(v >>> 8);
      write(v);
    }

    void putInt(final int v) {
      write(v >>> 24);
      write(v >>> 16);
      write(v >>> 8);
      write(v);
    }

    void putLong(final long v) {
      for (int s = 56; s >= 0; s -= 8) {
        write((int) (v >>> s));
      }
    }

    void putShortString(final String s) {
      final byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length > 0xFFFF) {
        throw new dev.persona.engine.PersonaException(
            dev.persona.engine.PersonaException.Category.BAD_INPUT,
            "problem=text too long lengthBytes=" + b.length);
      }
      putShort(b.length);
      write(b, 0, b.length);
    }

    @Override
    public synchronized void write(final int b) {
      if (count == buf.length) {
        final byte[] old = buf;
        buf = Arrays.copyOf(old, old.length * 2);
        Arrays.fill(old, (byte) 0);
      }
      buf[count++] = (byte) b;
    }

    @Override
    public synchronized void write(final byte[] b, final int off, final int len) {
      if (count + len > buf.length) {
        final byte[] old = buf;
        buf = Arrays.copyOf(old, Math.max(old.length * 2, count + len));
        Arrays.fill(old, (byte) 0);
      }
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    void wipe() {
      Arrays.fill(buf, (byte) 0);
    }
  }

  private static final class In {
    private final byte[] b;
    private final int limit;
    private int p;

    In(final byte[] b, final int limit) {
      this.b = b;
      this.limit = limit;
    }

    private void need(final int n) {
      if (n < 0 || p + n > limit) {
        throw new IndexOutOfBoundsException("position=" + p + " need=" + n + " limit=" + limit);
      }
    }

    int u8() {
      need(1);
      return b[p++] & 0xFF;
    }

    int u16() {
      need(2);
      final int v = ItemCodec.u16(b, p);
      p += 2;
      return v;
    }

    int i32() {
      need(4);
      final int v =
          ((b[p] & 0xFF) << 24)
              | ((b[p + 1] & 0xFF) << 16)
              | ((b[p + 2] & 0xFF) << 8)
              | (b[p + 3] & 0xFF);
      p += 4;
      return v;
    }

    long i64() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[p++] & 0xFF);
      }
      return v;
    }

    byte[] bytes(final int n) {
      need(n);
      final byte[] out = Arrays.copyOfRange(b, p, p + n);
      p += n;
      return out;
    }

    String shortString() {
      final int n = u16();
      need(n);
      final String s = new String(b, p, n, StandardCharsets.UTF_8);
      p += n;
      return s;
    }

    List<String> strings() {
      final int n = u16();
      final List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(shortString());
      }
      return out;
    }
  }
}
