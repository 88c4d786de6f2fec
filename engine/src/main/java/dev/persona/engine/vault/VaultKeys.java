package dev.persona.engine.vault;

import dev.persona.engine.crypto.KeyDerivation;
import java.util.Arrays;

/**
 * The unwrapped keys of one vault and the sub-keys derived from it, held only while unlocked.
 *
 * <p>Immutable apart from {@link #zero()}, which the engine calls on lock with every reader
 * excluded.
 */
public final class VaultKeys {
  public final byte[] id;
  public final String idText;
  public final String name;
  public final long createdMs;
  public final long recordRevision;
  public final byte[] vaultKey;
  public final long vaultKeyId;

  /** Keys the blind index HMACs. */
  public final byte[] indexKey;

  /** Seals attachment chunks (shared across the vault's items, so that equal chunks dedupe). */
  public final byte[] blobKey;

  /** Content-addresses attachment chunks without revealing their hash to the disk. */
  public final byte[] blobMacKey;

  public VaultKeys(
      final byte[] id,
      final String name,
      final long createdMs,
      final long recordRevision,
      final byte[] vaultKey,
      final long vaultKeyId) {
    this.id = id;
    this.idText = ItemIds.toText(id);
    this.name = name;
    this.createdMs = createdMs;
    this.recordRevision = recordRevision;
    this.vaultKey = vaultKey;
    this.vaultKeyId = vaultKeyId;
    this.indexKey = KeyDerivation.subKey(vaultKey, "persona/v1/index");
    this.blobKey = KeyDerivation.subKey(vaultKey, "persona/v1/blob");
    this.blobMacKey = KeyDerivation.subKey(vaultKey, "persona/v1/blob-mac");
  }

  /** Same keys under a new name (rename re-seals the record at the next revision). */
  public VaultKeys renamed(final String newName) {
    return new VaultKeys(id, newName, createdMs, recordRevision + 1, vaultKey.clone(), vaultKeyId);
  }

  /** Case-insensitive name match without allocating. */
  public boolean nameMatches(final CharSequence candidate) {
    final int n = name.length();
    if (candidate.length() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      final char a = name.charAt(i);
      final char b = candidate.charAt(i);
      if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
        return false;
      }
    }
    return true;
  }

  public void zero() {
    Arrays.fill(vaultKey, (byte) 0);
    Arrays.fill(indexKey, (byte) 0);
    Arrays.fill(blobKey, (byte) 0);
    Arrays.fill(blobMacKey, (byte) 0);
  }
}
