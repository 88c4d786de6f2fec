package dev.persona.engine.store;

import dev.persona.engine.StoreCorruptedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks an existing {@code data.mdb} before LMDB maps it, because LMDB trusts its file: a
 * truncated file would be mapped and its missing pages would fault (SIGBUS) the whole JVM.
 *
 * <pre>
 * Meta page (two copies, at page 0 and page 1; the one with the higher txnid is current):
 *   0        8     10      12      14      16        20        24
 *   +--------+-----+-------+-------+-------+---------+---------+-----------+
 *   | pgno   | pad | flags | lower | upper | magic   | version | address   |
 *   +--------+-----+-------+-------+-------+---------+---------+-----------+
 *   32           40                                   136          144          152
 *   +------------+------------------------------------+------------+------------+
 *   | mapsize    | free db (48) | main db (48)        | last pgno  | txnid      |
 *   +------------+------------------------------------+------------+------------+
 *   free db's first 4 bytes (offset 40) hold the page size. Little-endian on x86-64/aarch64.
 * </pre>
 */
public final class LmdbFileDescriptor {
  static final int MAGIC = 0xBEEFC0DE;
  static final int DATA_VERSION = 1;
  static final int MAGIC_OFFSET = 16;
  static final int VERSION_OFFSET = 20;
  static final int PAGE_SIZE_OFFSET = 40;
  static final int LAST_PGNO_OFFSET = 136;
  static final int TXNID_OFFSET = 144;
  static final int META_LENGTH = 152;

  private LmdbFileDescriptor() {}

  /** Throws {@link StoreCorruptedException} naming the file when it is not a whole LMDB file. */
  public static void check(final Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      final long size = ch.size();
      if (size < META_LENGTH) {
        throw new StoreCorruptedException(
            "file=" + file + " problem=truncated sizeBytes=" + size + " expected=LMDB meta pages");
      }
      final ByteBuffer m0 = read(ch, 0);
      final int magic0 = m0.getInt(MAGIC_OFFSET);
      if (magic0 != MAGIC) {
        throw new StoreCorruptedException(
            "file="
                + file
                + " problem=not an LMDB data file magic=0x"
                + Integer.toHexString(magic0));
      }
      if (m0.getInt(VERSION_OFFSET) != DATA_VERSION) {
        throw new StoreCorruptedException(
            "file=" + file + " problem=unsupported LMDB version=" + m0.getInt(VERSION_OFFSET));
      }
      final int pageSize = m0.getInt(PAGE_SIZE_OFFSET);
      if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
        throw new StoreCorruptedException("file=" + file + " problem=bad page size=" + pageSize);
      }
      if (size < 2L * pageSize) {
        throw new StoreCorruptedException(
            "file=" + file + " problem=truncated sizeBytes=" + size + " pageSize=" + pageSize);
      }
      final ByteBuffer m1 = read(ch, pageSize);
      ByteBuffer current = m0;
      if (m1.getInt(MAGIC_OFFSET) == MAGIC && m1.getLong(TXNID_OFFSET) > m0.getLong(TXNID_OFFSET)) {
        current = m1;
      }
      final long lastPage = current.getLong(LAST_PGNO_OFFSET);
      final long needed = (lastPage + 1) * pageSize;
      if (lastPage < 1 || size < needed) {
        throw new StoreCorruptedException(
            "file="
                + file
                + " problem=truncated sizeBytes="
                + size
                + " neededBytes="
                + needed
                + " lastPage="
                + lastPage);
      }
    } catch (final IOException e) {
      throw new StoreCorruptedException("file=" + file + " problem=unreadable " + e, e);
    }
  }

  private static ByteBuffer read(final FileChannel ch, final long position) throws IOException {
    final ByteBuffer b = ByteBuffer.allocate(META_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        break;
      }
    }
    return b.flip().limit(META_LENGTH);
  }
}
