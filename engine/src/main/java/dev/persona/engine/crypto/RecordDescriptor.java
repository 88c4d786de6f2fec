package dev.persona.engine.crypto;

/**
 * Layout of every sealed value the engine writes, and of the associated data that binds it to its
 * place in the store.
 *
 * <pre>
 * Sealed box (any record body, wrapped key, blob chunk, audit payload):
 *   0                   12                                 12+n        12+n+16
 *   +-------------------+----------------------------------+-----------+
 *   | nonce (96 bit)    | AES-256-GCM ciphertext           | tag (128) |
 *   +-------------------+----------------------------------+-----------+
 *   plaintext = data || 0x80 || 0x00* padded to a multiple of 64 bytes (ISO/IEC 7816-4), except
 *   wrapped keys, whose length is fixed and needs no padding.
 *
 * Associated data (never stored, rebuilt from where the record is found):
 *   +-----+-------+-----------+------+--------+-------------+-----------+------------+
 *   | ver | suite | vault id  | type | idLen  | record id   | key id    | revision   |
 *   | 1 B | 1 B   | 16 B      | 1 B  | 1 B    | idLen B     | 8 B (BE)  | 8 B (BE)   |
 *   +-----+-------+-----------+------+--------+-------------+-----------+------------+
 * </pre>
 *
 * A value copied to another record id, revision, vault or record type therefore fails to
 * authenticate.
 */
public final class RecordDescriptor {
  public static final byte FORMAT_VERSION = 1;

  /** AES-256-GCM with 96-bit random nonces. */
  public static final byte SUITE_AES256_GCM = 1;

  public static final int NONCE_LENGTH = 12;
  public static final int TAG_LENGTH = 16;
  public static final int KEY_LENGTH = 32;
  public static final int PAD_BLOCK = 64;
  public static final int VAULT_ID_LENGTH = 16;
  public static final int MAX_RECORD_ID_LENGTH = 32;
  public static final int MAX_AAD_LENGTH = 4 + VAULT_ID_LENGTH + MAX_RECORD_ID_LENGTH + 16;

  /** Sealed-box overhead without padding. */
  public static final int SEAL_OVERHEAD = NONCE_LENGTH + TAG_LENGTH;

  /** Length of a wrapped 256-bit key. */
  public static final int WRAPPED_KEY_LENGTH = SEAL_OVERHEAD + KEY_LENGTH;

  public static final byte TYPE_WORKSPACE_KEY = 1;
  public static final byte TYPE_VAULT = 2;
  public static final byte TYPE_ITEM_KEY = 3;
  public static final byte TYPE_ITEM = 4;
  public static final byte TYPE_BLOB = 5;
  public static final byte TYPE_AUDIT = 6;
  public static final byte TYPE_OUTBOX = 7;
  public static final byte TYPE_AUDIT_KEY = 8;

  private RecordDescriptor() {}

  /**
   * Writes the associated data into {@code dst} and returns its length.
   *
   * @param vaultId 16 bytes; all zero for workspace-level records
   */
  public static int writeAad(
      final byte[] dst,
      final byte[] vaultId,
      final byte recordType,
      final byte[] recordId,
      final int recordIdOffset,
      final int recordIdLength,
      final long keyId,
      final long revision) {
    if (recordIdLength > MAX_RECORD_ID_LENGTH) {
      throw new IllegalArgumentException("recordIdLength=" + recordIdLength);
    }
    int i = 0;
    dst[i++] = FORMAT_VERSION;
    dst[i++] = SUITE_AES256_GCM;
    System.arraycopy(vaultId, 0, dst, i, VAULT_ID_LENGTH);
    i += VAULT_ID_LENGTH;
    dst[i++] = recordType;
    dst[i++] = (byte) recordIdLength;
    System.arraycopy(recordId, recordIdOffset, dst, i, recordIdLength);
    i += recordIdLength;
    i = putLong(dst, i, keyId);
    i = putLong(dst, i, revision);
    return i;
  }

  /** Length of {@code length} plaintext bytes once padded. */
  public static int paddedLength(final int length) {
    return ((length / PAD_BLOCK) + 1) * PAD_BLOCK;
  }

  /** Sealed length of a padded plaintext of {@code length} bytes. */
  public static int sealedLength(final int length) {
    return SEAL_OVERHEAD + paddedLength(length);
  }

  static int putLong(final byte[] dst, final int offset, final long v) {
    for (int s = 56, i = offset; s >= 0; s -= 8, i++) {
      dst[i] = (byte) (v >>> s);
    }
    return offset + 8;
  }
}
