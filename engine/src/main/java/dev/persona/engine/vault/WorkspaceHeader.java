package dev.persona.engine.vault;

import dev.persona.engine.KdfParams;
import dev.persona.engine.StoreCorruptedException;
import dev.persona.engine.crypto.AuditSealer;
import dev.persona.engine.crypto.RecordDescriptor;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The workspace header in {@code meta["header"]}: everything needed to turn the master password
 * into the workspace key. Big-endian.
 *
 * <pre>
 *   0       4     5       6            10           14           18          34              50
 *   +-------+-----+-------+------------+------------+------------+-----------+---------------+
 *   | PRSN  | ver | suite | memory KiB | iterations | parallelism| salt (16) | workspace id  |
 *   +-------+-----+-------+------------+------------+------------+-----------+---------------+
 *   50            58                         118                  150                        210
 *   +-------------+--------------------------+--------------------+--------------------------+
 *   | created ms  | wrapped workspace key 60 | audit public key 32| wrapped audit private 60 |
 *   +-------------+--------------------------+--------------------+--------------------------+
 * </pre>
 */
public record WorkspaceHeader(
    KdfParams kdf,
    byte[] salt,
    byte[] workspaceId,
    long createdMs,
    byte[] wrappedWorkspaceKey,
    byte[] auditPublicKey,
    byte[] wrappedAuditPrivateKey) {
  static final int MAGIC = 0x5052534E;
  public static final int LENGTH =
      4
          + 1
          + 1
          + 12
          + 16
          + 16
          + 8
          + RecordDescriptor.WRAPPED_KEY_LENGTH * 2
          + AuditSealer.PUBLIC_KEY_LENGTH;

  public byte[] encode() {
    final ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.putInt(MAGIC).put(RecordDescriptor.FORMAT_VERSION).put(RecordDescriptor.SUITE_AES256_GCM);
    b.putInt(kdf.memoryKiB()).putInt(kdf.iterations()).putInt(kdf.parallelism());
    b.put(salt).put(workspaceId).putLong(createdMs);
    b.put(wrappedWorkspaceKey).put(auditPublicKey).put(wrappedAuditPrivateKey);
    return b.array();
  }

  public static WorkspaceHeader decode(final byte[] bytes, final String file) {
    if (bytes.length != LENGTH) {
      throw new StoreCorruptedException(
          "file=" + file + " record=header problem=bad length lengthBytes=" + bytes.length);
    }
    final ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.getInt() != MAGIC) {
      throw new StoreCorruptedException("file=" + file + " record=header problem=bad magic");
    }
    final byte ver = b.get();
    final byte suite = b.get();
    if (ver != RecordDescriptor.FORMAT_VERSION || suite != RecordDescriptor.SUITE_AES256_GCM) {
      throw new StoreCorruptedException(
          "file=" + file + " record=header problem=unsupported version=" + ver + " suite=" + suite);
    }
    final KdfParams kdf;
    try {
      kdf = new KdfParams(b.getInt(), b.getInt(), b.getInt());
    } catch (final RuntimeException e) {
      throw new StoreCorruptedException(
          "file=" + file + " record=header problem=bad kdf params", e);
    }
    final byte[] salt = take(b, 16);
    final byte[] id = take(b, 16);
    final long created = b.getLong();
    final byte[] wrapped = take(b, RecordDescriptor.WRAPPED_KEY_LENGTH);
    final byte[] auditPub = take(b, AuditSealer.PUBLIC_KEY_LENGTH);
    final byte[] auditPriv = take(b, RecordDescriptor.WRAPPED_KEY_LENGTH);
    return new WorkspaceHeader(kdf, salt, id, created, wrapped, auditPub, auditPriv);
  }

  public WorkspaceHeader withPassword(
      final KdfParams newKdf, final byte[] newSalt, final byte[] newWrapped) {
    return new WorkspaceHeader(
        newKdf,
        newSalt,
        workspaceId,
        createdMs,
        newWrapped,
        auditPublicKey,
        wrappedAuditPrivateKey);
  }

  private static byte[] take(final ByteBuffer b, final int n) {
    final byte[] out = new byte[n];
    b.get(out);
    return out;
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof WorkspaceHeader h && Arrays.equals(h.encode(), encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "WorkspaceHeader[kdf=" + kdf + ", createdMs=" + createdMs + "]";
  }
}
