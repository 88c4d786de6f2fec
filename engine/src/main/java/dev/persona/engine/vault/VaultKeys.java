package dev.persona.engine.vault;

import dev.persona.engine.AccessPolicy;
import dev.persona.engine.crypto.KeyDerivation;
import dev.persona.engine.crypto.LockedKey;
import dev.persona.engine.crypto.SecretArena;

/**
 * The unwrapped keys of one vault and the sub-keys derived from it, held only while unlocked, in
 * the {@link SecretArena} of that unlock (which zeroes and frees them on lock).
 *
 * <p>Immutable; thread-safe while its arena is open.
 */
public final class VaultKeys {
  public final byte[] id;
  public final String idText;
  public final String name;
  public final long createdMs;
  public final long recordRevision;

  /**
   * The vault's policy, decoded once from its record: a change replaces this object, so readers
   * always see a policy and its vault record together.
   */
  public final AccessPolicy policy;

  public final LockedKey vaultKey;
  public final long vaultKeyId;

  /** Keys the blind index HMACs. */
  public final LockedKey indexKey;

  /** Seals attachment chunks (shared across the vault's items, so that equal chunks dedupe). */
  public final LockedKey blobKey;

  /** Content-addresses attachment chunks without revealing their hash to the disk. */
  public final LockedKey blobMacKey;

  /**
   * Moves {@code vaultKey} into {@code arena} (the array is zeroed) and derives the sub-keys there.
   */
  public VaultKeys(
      final SecretArena arena,
      final byte[] id,
      final String name,
      final long createdMs,
      final long recordRevision,
      final byte[] vaultKey,
      final long vaultKeyId,
      final AccessPolicy policy) {
    this.id = id;
    this.idText = ItemIds.toText(id);
    this.name = name;
    this.createdMs = createdMs;
    this.recordRevision = recordRevision;
    this.policy = policy;
    this.vaultKey = arena.take(vaultKey);
    this.vaultKeyId = vaultKeyId;
    this.indexKey = arena.take(KeyDerivation.subKey(this.vaultKey, "persona/v1/index"));
    this.blobKey = arena.take(KeyDerivation.subKey(this.vaultKey, "persona/v1/blob"));
    this.blobMacKey = arena.take(KeyDerivation.subKey(this.vaultKey, "persona/v1/blob-mac"));
  }

  private VaultKeys(
      final VaultKeys keys,
      final String name,
      final long recordRevision,
      final AccessPolicy policy) {
    this.id = keys.id;
    this.idText = keys.idText;
    this.name = name;
    this.createdMs = keys.createdMs;
    this.recordRevision = recordRevision;
    this.policy = policy;
    this.vaultKey = keys.vaultKey;
    this.vaultKeyId = keys.vaultKeyId;
    this.indexKey = keys.indexKey;
    this.blobKey = keys.blobKey;
    this.blobMacKey = keys.blobMacKey;
  }

  /**
   * Same (shared, locked) keys under a new name: rename re-seals the record at the next revision.
   */
  public VaultKeys renamed(final String newName) {
    return new VaultKeys(this, newName, recordRevision + 1, policy);
  }

  /** Same (shared, locked) keys under a new policy, re-sealed at the next record revision. */
  public VaultKeys withPolicy(final AccessPolicy newPolicy) {
    return new VaultKeys(this, name, recordRevision + 1, newPolicy);
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
}
