package dev.persona.server.ssh;

import dev.persona.engine.Engine;
import dev.persona.engine.Field;
import dev.persona.engine.ItemType;
import dev.persona.engine.ItemView;
import dev.persona.engine.crypto.SecretPool;
import dev.persona.engine.os.Libc;
import dev.persona.engine.ssh.SshKeyException;
import dev.persona.engine.ssh.SshPrivateKey;
import dev.persona.engine.ssh.SshPrivateKeyParser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The vault's SSH keys, decoded once into signers while the vault is unlocked. Each key's private
 * material lives only in locked off-heap memory ({@code SshPrivateKey}'s holder in the engine's
 * {@link SecretPool}), and the keyring zeroes it whenever the key leaves: on lock ({@link #sync},
 * {@link #clear}), when its item is deleted or changed to another key, and for the spare copy a
 * {@link #refresh} decodes of a key it already holds. Each entry carries its effective policy (the
 * key's own narrowed by its vault's), so a change to either must {@link #refresh} or {@link
 * #markDirty} the keyring.
 *
 * <p>{@link #reload} and {@link #clear} run on the conductor thread (the engine's single caller);
 * {@link #keys} is read by the agent's signing threads through a volatile snapshot, so readers
 * never lock. A signature racing a wipe fails as LOCKED rather than use half-zeroed material.
 */
public final class VaultKeyring {
  /** One unlocked vault key; {@code revision} is the item revision it was decoded from. */
  public record Entry(
      String itemId,
      String name,
      String vault,
      long createdMs,
      long revision,
      SshPrivateKey key,
      KeyPolicy policy,
      String fingerprint) {}

  private static final Entry[] EMPTY = new Entry[0];

  private final Engine engine;
  private final Consumer<SshPrivateKey> decoded;
  private volatile Entry[] keys = EMPTY;
  private boolean loaded;
  private boolean dirty;
  private boolean memoryWarned;

  public VaultKeyring(final Engine engine) {
    this(engine, key -> {});
  }

  /** Tests: {@code decoded} sees every key this keyring decodes, kept or not. */
  VaultKeyring(final Engine engine, final Consumer<SshPrivateKey> decoded) {
    this.engine = engine;
    this.decoded = decoded;
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
        // What the agent and RPC sign enforce: the key's own policy as its vault narrows it.
        final KeyPolicy policy = KeyPolicy.of(item).within(engine.vaultPolicy(item.vault()));
        final SshPrivateKey key = decodeUnlessHeld(item);
        if (key == null) {
          continue;
        }
        fresh.add(
            new Entry(
                item.id(),
                item.name(),
                item.vault(),
                item.createdMs(),
                item.revision(),
                key,
                policy,
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
        // Deleted, or its item now holds another key: a signature still running on it fails.
        old.key().destroy();
      }
    }
    warnIfMemoryUnlocked();
  }

  /**
   * The signer for {@code item}: the one already held when the item is unchanged (nothing is
   * decoded, so no new copy of the key passes through the heap), else a fresh decode, unless that
   * turns out to be a key already held for the item (a policy change): then the fresh copy is
   * zeroed and the held one kept, since signing threads may be using it. Null when the item holds
   * no private key.
   */
  private SshPrivateKey decodeUnlessHeld(final ItemView item) {
    for (final Entry entry : keys) {
      if (entry.itemId().equals(item.id()) && entry.revision() == item.revision()) {
        return entry.key();
      }
    }
    final Field privateKey = item.field(SshKeyFields.PRIVATE_KEY);
    if (privateKey == null) {
      return null;
    }
    final SshPrivateKey key = SshPrivateKeyParser.parseFile(privateKey.value(), null);
    decoded.accept(key);
    for (final Entry entry : keys) {
      if (entry.itemId().equals(item.id()) && entry.fingerprint().equals(key.fingerprint())) {
        key.destroy();
        return entry.key();
      }
    }
    return key;
  }

  /** Zeroes every decoded key's memory and forgets them. Conductor thread (or after it stopped). */
  public void clear() {
    final Entry[] previous = keys;
    keys = EMPTY;
    loaded = false;
    for (final Entry entry : previous) {
      entry.key().destroy();
    }
  }

  /** Says once when the pages holding decoded SSH keys could not be locked in RAM. */
  private void warnIfMemoryUnlocked() {
    final int errno = SecretPool.shared().lockFailure();
    if (errno == 0 || memoryWarned || keys.length == 0) {
      return;
    }
    memoryWarned = true;
    final long limit = Libc.memlockLimit();
    System.err.println(
        "personad: warning: SSH signing keys could not be locked in RAM (mlock: "
            + Libc.errnoName(errno)
            + ", RLIMIT_MEMLOCK="
            + (limit == -1 ? "unlimited" : limit < 0 ? "unknown" : limit + " bytes")
            + "): the kernel may swap them to disk.");
  }
}
