package dev.persona.engine.store;

import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

/**
 * A reusable read transaction and cursor for the lookup hot path: {@link #begin()} renews, {@link
 * #end()} resets, so no reader slot is taken or freed per request (MDB_NOTLS).
 *
 * <p>Not thread-safe: used by one thread at a time (MDB_NOTLS lets it move between threads, so the
 * engine pools them). Must only be used while the caller holds the store's read stamp ({@link
 * StoreEnv#acquireRead()}).
 */
public final class StoreReader implements AutoCloseable {
  private final StoreEnv store;
  private final Txn<DirectBuffer> txn;
  private final Cursor<DirectBuffer> indexCursor;
  private final ByteBuffer keyMem = ByteBuffer.allocateDirect(KeyLayout.INDEX_KEY_LENGTH);
  private final UnsafeBuffer key = new UnsafeBuffer(keyMem);
  private final UnsafeBuffer itemKey = new UnsafeBuffer(keyMem, 0, KeyLayout.ITEM_ID_LENGTH);
  private final UnsafeBuffer prefixKey = new UnsafeBuffer(keyMem, 0, KeyLayout.MAC_LENGTH);
  private boolean active = true;

  StoreReader(final StoreEnv store) {
    this.store = store;
    this.txn = store.env().txnRead();
    this.indexCursor = store.dbi(Db.INDEX).openCursor(txn);
  }

  public void begin() {
    if (!active) {
      txn.renew();
      indexCursor.renew(txn);
      active = true;
    }
  }

  public void end() {
    if (active) {
      txn.reset();
      active = false;
    }
  }

  /**
   * Finds the first index entry starting with the 32-byte {@code blind} term and copies its item id
   * into {@code itemIdOut}; false when there is none.
   */
  public boolean firstIndexHit(final byte[] blind, final byte[] itemIdOut) {
    prefixKey.putBytes(0, blind, 0, KeyLayout.MAC_LENGTH);
    if (!indexCursor.get(prefixKey, GetOp.MDB_SET_RANGE)) {
      return false;
    }
    final DirectBuffer k = indexCursor.key();
    if (k.capacity() != KeyLayout.INDEX_KEY_LENGTH) {
      return false;
    }
    for (int i = 0; i < KeyLayout.MAC_LENGTH; i++) {
      if (k.getByte(i) != blind[i]) {
        return false;
      }
    }
    k.getBytes(KeyLayout.MAC_LENGTH, itemIdOut, 0, KeyLayout.ITEM_ID_LENGTH);
    return true;
  }

  /**
   * Copies the item record into {@code dst} (grown by the caller when the returned length exceeds
   * it) and returns the record length, or -1 when absent. Nothing is copied if it does not fit.
   */
  public int item(final byte[] itemId, final byte[] dst) {
    itemKey.putBytes(0, itemId, 0, KeyLayout.ITEM_ID_LENGTH);
    final DirectBuffer v = store.dbi(Db.ITEMS).get(txn, itemKey);
    if (v == null) {
      return -1;
    }
    final int n = v.capacity();
    if (n <= dst.length) {
      v.getBytes(0, dst, 0, n);
    }
    return n;
  }

  @Override
  public void close() {
    indexCursor.close();
    // lmdbjava's Txn.close() only aborts a READY transaction; a reset one would keep its reader
    // slot for the life of the environment (we ran out of slots that way), so renew it first.
    if (!active) {
      txn.renew();
      active = true;
    }
    txn.close();
  }

  UnsafeBuffer keyBuffer() {
    return key;
  }
}
