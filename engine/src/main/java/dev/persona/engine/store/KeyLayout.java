package dev.persona.engine.store;

/**
 * Key layouts of the named databases. Nothing in a key is readable without the vault's keys: ids
 * are random, index terms are HMACs.
 *
 * <pre>
 * meta     "header"                       workspace header (see WorkspaceHeaderDescriptor)
 *          "failures"                     failed unlocks: count (4) | last failure epoch ms (8)
 *          "audit.head" / "audit.anchor"  audit chain head and its keyed anchor
 *          'v' | vault id (16)            sealed vault record
 * items    item id (16)                   item record (see ItemRecordDescriptor)
 * history  item id (16) | revision (8 BE) item record of an older revision, byte for byte
 * index    HMAC(index key, kind | term) (32) | item id (16)   -> empty
 * blobs    HMAC(blob mac key, chunk plaintext) (32)           -> refcount (4) | sealed chunk
 * outbox   sequence (8 BE)                change op
 * audit    sequence (8 BE)                ephemeral public key (32) | sealed event
 * </pre>
 */
public final class KeyLayout {
  public static final int ITEM_ID_LENGTH = 16;
  public static final int MAC_LENGTH = 32;
  public static final int INDEX_KEY_LENGTH = MAC_LENGTH + ITEM_ID_LENGTH;
  public static final int HISTORY_KEY_LENGTH = ITEM_ID_LENGTH + 8;
  public static final byte VAULT_PREFIX = 'v';

  private KeyLayout() {}

  public static byte[] seqKey(final long seq) {
    final byte[] k = new byte[8];
    putLong(k, 0, seq);
    return k;
  }

  public static byte[] historyKey(final byte[] itemId, final long revision) {
    final byte[] k = new byte[HISTORY_KEY_LENGTH];
    System.arraycopy(itemId, 0, k, 0, ITEM_ID_LENGTH);
    putLong(k, ITEM_ID_LENGTH, revision);
    return k;
  }

  public static byte[] indexKey(final byte[] blind, final byte[] itemId) {
    final byte[] k = new byte[INDEX_KEY_LENGTH];
    System.arraycopy(blind, 0, k, 0, MAC_LENGTH);
    System.arraycopy(itemId, 0, k, MAC_LENGTH, ITEM_ID_LENGTH);
    return k;
  }

  public static void putLong(final byte[] dst, final int offset, final long v) {
    for (int s = 56, i = offset; s >= 0; s -= 8, i++) {
      dst[i] = (byte) (v >>> s);
    }
  }

  public static long getLong(final byte[] src, final int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (src[offset + i] & 0xFF);
    }
    return v;
  }

  public static void putInt(final byte[] dst, final int offset, final int v) {
    dst[offset] = (byte) (v >>> 24);
    dst[offset + 1] = (byte) (v >>> 16);
    dst[offset + 2] = (byte) (v >>> 8);
    dst[offset + 3] = (byte) v;
  }

  public static int getInt(final byte[] src, final int offset) {
    return ((src[offset] & 0xFF) << 24)
        | ((src[offset + 1] & 0xFF) << 16)
        | ((src[offset + 2] & 0xFF) << 8)
        | (src[offset + 3] & 0xFF);
  }
}
