package dev.persona.server.ssh;

import dev.persona.engine.Engine;
import dev.persona.engine.Field;
import dev.persona.engine.ItemType;
import dev.persona.engine.ItemView;
import dev.persona.engine.ssh.SshKeyException;
import dev.persona.engine.ssh.SshPrivateKey;
import dev.persona.engine.ssh.SshPrivateKeyParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The vault's SSH keys, decoded once into signers while the vault is unlocked, and destroyed on
 * lock. Each entry carries its effective policy (the key's own narrowed by its vault's), so a
 * change to either must {@link #refresh} or {@link #markDirty} the keyring.
 *
 * <p>{@link #reload} and {@link #clear} run on the conductor thread (the engine's single caller);
 * {@link #keys} is read by the agent's signing threads through a volatile snapshot, so readers
 * never lock.
 */
public final class VaultKeyring {
  /** One unlocked vault key. */
  public record Entry(
      String itemId,
      String name,
      String vault,
      long createdMs,
      SshPrivateKey key,
      KeyPolicy policy,
      String fingerprint) {}

  private static final Entry[] EMPTY = new Entry[0];

  private final Engine engine;
  private volatile Entry[] keys = EMPTY;
  private boolean loaded;
  private boolean dirty;

  public VaultKeyring(final Engine engine) {
    this.engine = engine;
  }

  /** The unlocked keys; empty while locked. Any thread. */
  public Entry[] keys() {
    return keys;
  }

  /** The key whose public blob or certificate is {@code blob[offset, offset+length)}, or null. */
  public Entry find(final byte[] blob, final int offset, final int length) {
    for (final Entry entry : keys) {
      if (entry.key().matchesBlob(blob, offset, length)) {
        return entry;
      }
    }
    return null;
  }

  /** Marks the key set stale after a change to SSH key items. Conductor thread. */
  public void markDirty() {
    dirty = true;
  }

  /**
   * Reloads the key set now, after this thread changed SSH key items and before it answers: a
   * script that runs {@code ssh-add -L} right after {@code persona ssh keygen} must see the key.
   * Conductor thread.
   */
  public void refresh() {
    dirty = true;
    sync();
  }

  /** Brings the key set in line with the engine's lock state. Conductor thread. */
  public int sync() {
    if (engine.isLocked()) {
      if (loaded) {
        clear();
        return 1;
      }
      return 0;
    }
    if (!loaded || dirty) {
      reload();
      return 1;
    }
    return 0;
  }

  private void reload() {
    final List<Entry> fresh = new ArrayList<>();
    for (final ItemView item : engine.allItemsOfType(ItemType.SSH_KEY)) {
      try {
        if (item.trashed()) {
          continue;
        }
        final Field privateKey = item.field(SshKeyFields.PRIVATE_KEY);
        if (privateKey == null) {
          continue;
        }
        SshPrivateKey key = SshPrivateKeyParser.parseFile(privateKey.value(), null);
        final Entry kept = sameKey(item.id(), key);
        if (kept != null) {
          // Signing threads may hold the old signer right now: keep it and drop the new copy.
          key.destroy();
          key = kept.key();
        }
        fresh.add(
            new Entry(
                item.id(),
                item.name(),
                item.vault(),
                item.createdMs(),
                key,
                // What the agent and RPC sign enforce: the key's own policy as its vault narrows
                // it.
                KeyPolicy.of(item).within(engine.vaultPolicy(item.vault())),
                key.fingerprint()));
      } catch (final SshKeyException | IllegalArgumentException ex) {
        System.err.println(
            "personad: skipping unreadable SSH key item="
                + item.id()
                + " reason="
                + ex.getMessage());
      } finally {
        item.zero();
      }
    }
    final Entry[] previous = keys;
    keys = fresh.toArray(EMPTY);
    loaded = true;
    dirty = false;
    for (final Entry old : previous) {
      if (!fresh.stream().anyMatch(entry -> entry.key() == old.key())) {
        old.key().destroy();
      }
    }
  }

  private Entry sameKey(final String itemId, final SshPrivateKey key) {
    for (final Entry entry : keys) {
      if (entry.itemId().equals(itemId) && entry.fingerprint().equals(key.fingerprint())) {
        return entry;
      }
    }
    return null;
  }

  /** Destroys every decoded key. Conductor thread. */
  public void clear() {
    final Entry[] previous = keys;
    keys = EMPTY;
    loaded = false;
    destroy(previous);
  }

  private static void destroy(final Entry[] entries) {
    Arrays.stream(entries).forEach(entry -> entry.key().destroy());
  }
}
