package dev.persona.engine.store;

import java.nio.ByteBuffer;
import java.util.function.BiPredicate;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.GetOp;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/**
 * A read or write transaction with a byte-array API for the engine's cold paths. Values returned
 * are copies; they stay valid after the transaction ends.
 *
 * <p>Not thread-safe: used by the thread that began it, inside {@link StoreEnv#read} or {@link
 * StoreEnv#write}.
 */
public final class StoreTxn {
  private final StoreEnv store;
  private final Txn<DirectBuffer> txn;
  private final UnsafeBuffer keyBuf = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer valBuf = new UnsafeBuffer(0, 0);
  private ByteBuffer keyMem = ByteBuffer.allocateDirect(512);
  private ByteBuffer valMem = ByteBuffer.allocateDirect(4096);

  StoreTxn(final StoreEnv store, final Txn<DirectBuffer> txn) {
    this.store = store;
    this.txn = txn;
  }

  Txn<DirectBuffer> txn() {
    return txn;
  }

  private DirectBuffer key(final byte[] key, final int length) {
    if (keyMem.capacity() < length) {
      keyMem = ByteBuffer.allocateDirect(length);
    }
    keyBuf.wrap(keyMem, 0, length);
    keyBuf.putBytes(0, key, 0, length);
    return keyBuf;
  }

  private DirectBuffer val(final byte[] val, final int offset, final int length) {
    if (valMem.capacity() < length) {
      valMem = ByteBuffer.allocateDirect(Math.max(length, valMem.capacity() * 2));
    }
    valBuf.wrap(valMem, 0, length);
    valBuf.putBytes(0, val, offset, length);
    return valBuf;
  }

  public byte[] get(final Db db, final byte[] key) {
    final DirectBuffer v = store.dbi(db).get(txn, key(key, key.length));
    return v == null ? null : copy(v);
  }

  public boolean exists(final Db db, final byte[] key) {
    return store.dbi(db).get(txn, key(key, key.length)) != null;
  }

  public void put(final Db db, final byte[] key, final byte[] value) {
    put(db, key, value, 0, value.length);
  }

  public void put(
      final Db db, final byte[] key, final byte[] value, final int offset, final int length) {
    final Dbi<DirectBuffer> dbi = store.dbi(db);
    final DirectBuffer k = key(key, key.length);
    final DirectBuffer v = length == 0 ? EMPTY : val(value, offset, length);
    dbi.put(txn, k, v);
  }

  private static final DirectBuffer EMPTY = new UnsafeBuffer(ByteBuffer.allocateDirect(0));

  public boolean delete(final Db db, final byte[] key) {
    return store.dbi(db).delete(txn, key(key, key.length));
  }

  /**
   * Calls {@code visitor(key, value)} for keys starting with {@code prefix} until it returns false.
   */
  public void scanPrefix(
      final Db db, final byte[] prefix, final BiPredicate<byte[], byte[]> visitor) {
    try (Cursor<DirectBuffer> c = store.dbi(db).openCursor(txn)) {
      boolean ok =
          prefix.length == 0
              ? c.seek(SeekOp.MDB_FIRST)
              : c.get(key(prefix, prefix.length), GetOp.MDB_SET_RANGE);
      while (ok) {
        final DirectBuffer k = c.key();
        if (!startsWith(k, prefix)) {
          return;
        }
        if (!visitor.test(copy(k), copy(c.val()))) {
          return;
        }
        ok = c.seek(SeekOp.MDB_NEXT);
      }
    }
  }

  /** Keys whose value starts with a zero 4-byte refcount, reading only those 4 bytes. */
  public java.util.List<byte[]> keysWithZeroRefcount(final Db db) {
    final java.util.List<byte[]> out = new java.util.ArrayList<>();
    try (Cursor<DirectBuffer> c = store.dbi(db).openCursor(txn)) {
      boolean ok = c.seek(SeekOp.MDB_FIRST);
      while (ok) {
        final DirectBuffer v = c.val();
        if (v.capacity() >= 4 && v.getInt(0, java.nio.ByteOrder.BIG_ENDIAN) == 0) {
          out.add(copy(c.key()));
        }
        ok = c.seek(SeekOp.MDB_NEXT);
      }
    }
    return out;
  }

  /** The last key of {@code db}, or null when empty. */
  public byte[] lastKey(final Db db) {
    try (Cursor<DirectBuffer> c = store.dbi(db).openCursor(txn)) {
      return c.seek(SeekOp.MDB_LAST) ? copy(c.key()) : null;
    }
  }

  /** Entries of {@code db} after {@code fromKey} (exclusive), at most {@code max}. */
  public void scanAfter(
      final Db db, final byte[] fromKey, final int max, final BiPredicate<byte[], byte[]> visitor) {
    try (Cursor<DirectBuffer> c = store.dbi(db).openCursor(txn)) {
      boolean ok = c.get(key(fromKey, fromKey.length), GetOp.MDB_SET_RANGE);
      int n = 0;
      while (ok && n < max) {
        final byte[] k = copy(c.key());
        if (java.util.Arrays.compareUnsigned(k, fromKey) > 0) {
          n++;
          if (!visitor.test(k, copy(c.val()))) {
            return;
          }
        }
        ok = c.seek(SeekOp.MDB_NEXT);
      }
    }
  }

  public long entries(final Db db) {
    return store.dbi(db).stat(txn).entries;
  }

  static boolean startsWith(final DirectBuffer k, final byte[] prefix) {
    if (k.capacity() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (k.getByte(i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static byte[] copy(final DirectBuffer b) {
    final byte[] out = new byte[b.capacity()];
    b.getBytes(0, out);
    return out;
  }
}
