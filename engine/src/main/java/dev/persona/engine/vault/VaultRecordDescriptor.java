package dev.persona.engine.vault;

import dev.persona.engine.AccessPolicy;
import dev.persona.engine.StoreCorruptedException;
import dev.persona.engine.crypto.LockedKey;
import dev.persona.engine.store.KeyLayout;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Layout of the plaintext of a vault record ({@code meta}, key {@code 'v' ‖ vault id}; the record
 * is {@code revision (8) ‖ sealed box} under the workspace key, AAD (vault id, VAULT, vault id, 0,
 * revision)). Big-endian.
 *
 * <pre>
 *   0            8            16                  48              48+n
 *   +------------+------------+-------------------+---------------+- - - - - - - - - - - - - - -+
 *   | created ms | vault key  | vault key (32)    | name (UTF-8)  | policy trailer (optional)    |
 *   |            | id         |                   |               |                              |
 *   +------------+------------+-------------------+---------------+- - - - - - - - - - - - - - -+
 *
 *   policy trailer:
 *   +------+---------+----------+-----------+----------------------------------------------+
 *   | 0xFF | version | approval | count (2) | count x ( length (2) | executable path UTF-8 ) |
 *   | 1 B  | 1 B = 1 | 1 B      |           |                                              |
 *   +------+---------+----------+-----------+----------------------------------------------+
 *   approval: 0 allow, 1 ask, 2 deny
 * </pre>
 *
 * Records written before vault policies existed end with the name and mean {@link
 * AccessPolicy#ALLOW_ANY}. The byte 0xFF never occurs in UTF-8, so the marker cannot be part of a
 * name. The trailer is written only for a policy other than allow-any, so a vault that never had
 * one keeps exactly the old bytes (and an older engine can still open it).
 */
public final class VaultRecordDescriptor {
  public static final int CREATED_OFFSET = 0;
  public static final int KEY_ID_OFFSET = 8;
  public static final int VAULT_KEY_OFFSET = 16;
  public static final int NAME_OFFSET = VAULT_KEY_OFFSET + LockedKey.LENGTH;
  public static final byte POLICY_MARKER = (byte) 0xFF;
  public static final byte POLICY_VERSION = 1;

  private VaultRecordDescriptor() {}

  /**
   * The plaintext of a vault record. It holds the vault key: the caller seals it, then zeroes it.
   */
  public static byte[] encode(
      final long createdMs,
      final long vaultKeyId,
      final LockedKey vaultKey,
      final String name,
      final AccessPolicy policy) {
    final byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    final byte[] trailer = policy.allowsAnyone() ? new byte[0] : encodePolicy(policy);
    final byte[] plain = new byte[NAME_OFFSET + nameBytes.length + trailer.length];
    KeyLayout.putLong(plain, CREATED_OFFSET, createdMs);
    KeyLayout.putLong(plain, KEY_ID_OFFSET, vaultKeyId);
    vaultKey.copyTo(plain, VAULT_KEY_OFFSET);
    System.arraycopy(nameBytes, 0, plain, NAME_OFFSET, nameBytes.length);
    System.arraycopy(trailer, 0, plain, NAME_OFFSET + nameBytes.length, trailer.length);
    return plain;
  }

  private static byte[] encodePolicy(final AccessPolicy policy) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(POLICY_MARKER);
    out.write(POLICY_VERSION);
    out.write(policy.approval().ordinal());
    putShort(out, policy.executables().size());
    for (final String path : policy.executables()) {
      final byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
      putShort(out, bytes.length);
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }

  private static void putShort(final ByteArrayOutputStream out, final int value) {
    if (value > 0xFFFF) {
      throw new IllegalArgumentException("value=" + value + " problem=does not fit 16 bits");
    }
    out.write(value >>> 8);
    out.write(value);
  }

  /** The vault's name: the bytes from {@link #NAME_OFFSET} up to the trailer or the end. */
  public static String name(final byte[] plain) {
    final int end = nameEnd(plain);
    return new String(plain, NAME_OFFSET, end - NAME_OFFSET, StandardCharsets.UTF_8);
  }

  /**
   * The vault's policy; {@link AccessPolicy#ALLOW_ANY} for a record without a trailer.
   *
   * @param where names the record in the exception (file and vault id), never its content
   * @throws StoreCorruptedException when the trailer is cut short or from a newer format
   */
  public static AccessPolicy policy(final byte[] plain, final String where) {
    final int marker = nameEnd(plain);
    if (marker == plain.length) {
      return AccessPolicy.ALLOW_ANY;
    }
    int i = marker + 1;
    if (plain.length < i + 4) {
      throw corrupt(where, "policy trailer truncated");
    }
    if (plain[i++] != POLICY_VERSION) {
      // Fail closed: a policy this engine cannot read must not open the vault as allow-any.
      throw corrupt(where, "unknown policy version " + (plain[i - 1] & 0xFF));
    }
    final int approvalCode = plain[i++] & 0xFF;
    if (approvalCode >= AccessPolicy.Approval.values().length) {
      throw corrupt(where, "unknown approval " + approvalCode);
    }
    final int count = getShort(plain, i);
    i += 2;
    final List<String> executables = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      if (plain.length < i + 2) {
        throw corrupt(where, "policy trailer truncated");
      }
      final int length = getShort(plain, i);
      i += 2;
      if (plain.length < i + length) {
        throw corrupt(where, "policy trailer truncated");
      }
      executables.add(new String(plain, i, length, StandardCharsets.UTF_8));
      i += length;
    }
    if (i != plain.length) {
      throw corrupt(where, "bytes after policy trailer");
    }
    return new AccessPolicy(AccessPolicy.Approval.values()[approvalCode], executables);
  }

  private static int nameEnd(final byte[] plain) {
    for (int i = NAME_OFFSET; i < plain.length; i++) {
      if (plain[i] == POLICY_MARKER) {
        return i;
      }
    }
    return plain.length;
  }

  private static int getShort(final byte[] b, final int offset) {
    return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
  }

  private static StoreCorruptedException corrupt(final String where, final String problem) {
    return new StoreCorruptedException(where + " problem=" + problem);
  }
}
