package dev.persona.engine;

import static dev.persona.engine.crypto.RecordDescriptor.TYPE_AUDIT;
import static dev.persona.engine.crypto.RecordDescriptor.TYPE_AUDIT_KEY;
import static dev.persona.engine.crypto.RecordDescriptor.TYPE_BLOB;
import static dev.persona.engine.crypto.RecordDescriptor.TYPE_ITEM;
import static dev.persona.engine.crypto.RecordDescriptor.TYPE_ITEM_KEY;
import static dev.persona.engine.crypto.RecordDescriptor.TYPE_OUTBOX;
import static dev.persona.engine.crypto.RecordDescriptor.TYPE_VAULT;
import static dev.persona.engine.crypto.RecordDescriptor.TYPE_WORKSPACE_KEY;
import static dev.persona.engine.crypto.RecordDescriptor.WRAPPED_KEY_LENGTH;
import static dev.persona.engine.store.KeyLayout.getLong;
import static dev.persona.engine.store.KeyLayout.putLong;

import dev.persona.engine.PersonaException.Category;
import dev.persona.engine.crypto.Aead;
import dev.persona.engine.crypto.AuditSealer;
import dev.persona.engine.crypto.Kdf;
import dev.persona.engine.crypto.KeyDerivation;
import dev.persona.engine.crypto.LockedKey;
import dev.persona.engine.crypto.RecordDescriptor;
import dev.persona.engine.crypto.SecretArena;
import dev.persona.engine.os.Libc;
import dev.persona.engine.store.Db;
import dev.persona.engine.store.KeyLayout;
import dev.persona.engine.store.StoreEnv;
import dev.persona.engine.store.StoreFiles;
import dev.persona.engine.store.StoreReader;
import dev.persona.engine.store.StoreTxn;
import dev.persona.engine.vault.ItemCodec;
import dev.persona.engine.vault.ItemCodec.Attachment;
import dev.persona.engine.vault.ItemCodec.Decoded;
import dev.persona.engine.vault.ItemIds;
import dev.persona.engine.vault.ItemRecordDescriptor;
import dev.persona.engine.vault.Terms;
import dev.persona.engine.vault.VaultKeys;
import dev.persona.engine.vault.VaultRecordDescriptor;
import dev.persona.engine.vault.WorkspaceHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.agrona.concurrent.SystemEpochClock;

/**
 * Keeps the workspace's vaults in one LMDB environment and is the only thing that touches key
 * material or the store: init/unlock/lock, vaults, items, indexes, attachments, history, the change
 * outbox and the audit chain.
 *
 * <p>Thread-safe. Writes are serialized by the store's writer mutex and committed durably before a
 * method returns; reads run concurrently, {@link #readField} on a per-thread reused read
 * transaction. Every method but {@link #readField} reports failures as {@link PersonaException};
 * {@link #readField} returns negative status values instead.
 */
public final class Engine implements AutoCloseable {
  /** {@link #readField} status: no live item with that name in the vault. */
  public static final int NOT_FOUND = -1;

  /** {@link #readField} status: the workspace is locked (or just auto-locked). */
  public static final int LOCKED = -2;

  /** {@link #readField} status: no vault with that name. */
  public static final int NO_SUCH_VAULT = -3;

  /** {@link #readField} status: the item has no field with that name. */
  public static final int NO_SUCH_FIELD = -4;

  /** {@link #readField} status: the value does not fit in {@code dst}. */
  public static final int DST_TOO_SMALL = -5;

  /** {@link #readField} status: the record failed authentication (see {@link #verifyStore}). */
  public static final int CORRUPTED = -6;

  /** {@link #readField} status: a term is too long to look up. */
  public static final int BAD_INPUT = -7;

  /**
   * {@link #readField} status: the field is concealed and the item's {@link #APPROVAL_POLICY_FIELD}
   * says {@code ask}; call again with {@code approved} once someone has allowed it.
   */
  public static final int NEEDS_APPROVAL = -8;

  /**
   * {@link #readField} status: the field is concealed and the item's {@link #APPROVAL_POLICY_FIELD}
   * says {@code deny}.
   */
  public static final int POLICY_DENIED = -9;

  /**
   * The item field that says who may reveal its concealed values (and, for SSH keys, sign): {@code
   * allow} (or absent), {@code ask} (alias {@code confirm}) or {@code deny}. Any other value counts
   * as {@code ask}: an unreadable policy must not open a secret.
   */
  public static final String APPROVAL_POLICY_FIELD = "policy.approval";

  private static final byte[] APPROVAL_POLICY_NAME =
      APPROVAL_POLICY_FIELD.getBytes(StandardCharsets.US_ASCII);

  /**
   * The item field that narrows who may read its concealed values: exact resolved executable paths
   * ({@code /proc/<pid>/exe}), separated by commas; absent or empty = any caller. The same field
   * and format as an SSH key's executables policy.
   */
  public static final String EXECUTABLES_POLICY_FIELD = "policy.executables";

  private static final byte[] EXECUTABLES_POLICY_NAME =
      EXECUTABLES_POLICY_FIELD.getBytes(StandardCharsets.US_ASCII);

  /** Attachment chunk size: big enough to amortise a transaction, small enough to stream. */
  public static final int CHUNK_SIZE = 1 << 20;

  static final String STORE_DIR = "store";
  private static final byte[] HEADER_KEY = ascii("header");
  private static final byte[] FAILURES_KEY = ascii("failures");
  private static final byte[] AUDIT_HEAD_KEY = ascii("audit.head");
  private static final byte[] AUDIT_ANCHOR_KEY = ascii("audit.anchor");
  private static final byte[] ZERO_ID = new byte[16];
  private static final byte[] NO_HASH = new byte[32];

  private final Context ctx;
  private final EpochClock clock;
  private final StoreEnv store;

  /**
   * Idle lookup states (a reset MDB_NOTLS read transaction each), shared by all threads rather than
   * kept per thread, so that short-lived or virtual threads cannot exhaust LMDB reader slots.
   */
  private final ManyToManyConcurrentArrayQueue<HotPath> idleHotPaths =
      new ManyToManyConcurrentArrayQueue<>(HOT_PATH_POOL_SIZE);

  private final List<HotPath> hotPaths = new ArrayList<>();
  private static final int HOT_PATH_POOL_SIZE = 64;
  private final Object stateLock = new Object();
  private volatile WorkspaceHeader header;
  private volatile Unlocked unlocked;
  private volatile AuditSealer auditSealer;
  private volatile long lastActivityMs;
  private boolean keyLockWarned;
  private volatile AuditCursor auditCursor;
  private long lastHlc;

  private Engine(final Context ctx) {
    this.ctx = ctx;
    this.clock = ctx.epochClock();
    StoreFiles.ensurePrivateDirectory(ctx.home());
    this.store = StoreEnv.open(ctx.home().resolve(STORE_DIR), ctx.initialMapSizeBytes());
    try {
      final byte[] h = store.read(t -> t.get(Db.META, HEADER_KEY));
      if (h != null) {
        header = WorkspaceHeader.decode(h, store.dataFile().toString());
        auditSealer = new AuditSealer(header.auditPublicKey());
      }
      lastHlc =
          store.read(
              t -> {
                final byte[] last = t.lastKey(Db.OUTBOX);
                return last == null ? 0L : getLong(t.get(Db.OUTBOX, last), 41);
              });
      removeOrphanChunks();
    } catch (final RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Opens (creating when absent) the workspace under {@code ctx.home()}. */
  public static Engine open(final Context ctx) {
    return new Engine(ctx.conclude());
  }

  public Context context() {
    return ctx;
  }

  /** The LMDB data file, for status output and tests. */
  public Path dataFile() {
    return store.dataFile();
  }

  public boolean isInitialized() {
    return header != null;
  }

  public boolean isLocked() {
    pollAutoLock();
    return unlocked == null;
  }

  /** The store itself, for tests in this package that tamper with raw records. */
  StoreEnv store() {
    return store;
  }

  /**
   * Every key held while unlocked, so tests can check where they live and that lock() frees them.
   */
  List<LockedKey> keyMaterialForTest() {
    final Unlocked u = unlocked;
    final List<LockedKey> out = new ArrayList<>();
    if (u != null) {
      out.addAll(List.of(u.wsKey, u.auditPrivate, u.auditMacKey, u.outboxKey));
      for (final VaultKeys v : u.vaults) {
        out.addAll(List.of(v.vaultKey, v.indexKey, v.blobKey, v.blobMacKey));
      }
    }
    return out;
  }

  /** How many times the map has been grown since open. */
  public int mapGrowths() {
    return store.mapGrowths();
  }

  // ---------------------------------------------------------------- init / unlock / lock

  /** Creates the workspace and its first vault, and leaves it unlocked. */
  public void init(final char[] password, final String firstVaultName) {
    checkName(firstVaultName, "vault");
    synchronized (stateLock) {
      if (header != null) {
        throw new PersonaException(
            Category.ALREADY_INITIALIZED,
            "file=" + store.dataFile() + " problem=already initialized");
      }
      final KdfParams kdf =
          ctx.kdf() != null ? ctx.kdf() : Kdf.calibrate(ctx.calibrationTargetMs());
      final byte[] salt = new byte[16];
      Aead.randomBytes(salt);
      final byte[] workspaceId = ItemIds.random();
      final byte[] unlockKey = Kdf.derive(password, salt, kdf);
      final byte[] wsKey = Aead.randomKey();
      final byte[][] audit = AuditSealer.generateKeyPair();
      try {
        final WorkspaceHeader h =
            new WorkspaceHeader(
                kdf,
                salt,
                workspaceId,
                clock.time(),
                wrap(unlockKey, workspaceId, TYPE_WORKSPACE_KEY, wsKey),
                audit[1],
                wrap(wsKey, workspaceId, TYPE_AUDIT_KEY, audit[0]));
        final Unlocked u = new Unlocked(wsKey.clone(), audit[0].clone(), new VaultKeys[0]);
        try {
          final VaultKeys first =
              new VaultKeys(
                  u.arena,
                  ItemIds.random(),
                  firstVaultName,
                  clock.time(),
                  1,
                  Aead.randomKey(),
                  randomLong(),
                  AccessPolicy.ALLOW_ANY);
          store.write(
              t -> {
                t.put(Db.META, HEADER_KEY, h.encode());
                t.put(Db.META, vaultKey(first.id), sealVault(u, first));
                outbox(t, u, ChangeOp.Type.VAULT_CREATE, first.id, ZERO_ID, 1, List.of());
                return null;
              });
          u.vaults = new VaultKeys[] {first};
        } catch (final RuntimeException e) {
          u.close();
          throw e;
        }
        warnIfKeysUnlocked(u);
        header = h;
        auditSealer = new AuditSealer(h.auditPublicKey());
        unlocked = u;
        touch();
      } finally {
        Arrays.fill(unlockKey, (byte) 0);
        Arrays.fill(wsKey, (byte) 0);
        Arrays.fill(audit[0], (byte) 0);
      }
    }
  }

  /**
   * Unlocks with the master password. After repeated failures each attempt must wait a growing
   * delay (persisted, so restarting does not reset it).
   *
   * @throws WrongPasswordException when wrong, or when called before the delay has passed
   */
  public void unlock(final char[] password) {
    synchronized (stateLock) {
      final WorkspaceHeader h = requireHeader();
      final long now = clock.time();
      final long[] failures = readFailures();
      final long waitMs = failures[1] + delayAfterFailuresMs((int) failures[0]) - now;
      if (failures[0] > 0 && waitMs > 0) {
        throw new WrongPasswordException("problem=too many attempts", (int) failures[0], waitMs);
      }
      final byte[] unlockKey = Kdf.derive(password, h.salt(), h.kdf());
      final byte[] wsKey;
      try {
        wsKey = unwrap(unlockKey, h.workspaceId(), TYPE_WORKSPACE_KEY, h.wrappedWorkspaceKey());
      } finally {
        Arrays.fill(unlockKey, (byte) 0);
      }
      if (wsKey == null) {
        final int count = (int) failures[0] + 1;
        writeFailures(count, now);
        throw new WrongPasswordException(
            "problem=wrong password", count, delayAfterFailuresMs(count));
      }
      if (failures[0] != 0) {
        writeFailures(0, 0);
      }
      if (unlocked != null) {
        Arrays.fill(wsKey, (byte) 0);
        touch();
        return;
      }
      final byte[] auditPrivate =
          unwrap(wsKey, h.workspaceId(), TYPE_AUDIT_KEY, h.wrappedAuditPrivateKey());
      if (auditPrivate == null) {
        Arrays.fill(wsKey, (byte) 0);
        throw new StoreCorruptedException(
            "file="
                + store.dataFile()
                + " record=header field=auditKey problem=authentication failed");
      }
      final Unlocked u = new Unlocked(wsKey, auditPrivate, new VaultKeys[0]);
      try {
        u.vaults = loadVaults(u);
      } catch (final RuntimeException e) {
        u.close();
        throw e;
      }
      warnIfKeysUnlocked(u);
      unlocked = u;
      touch();
    }
  }

  /** Zeroes every key in memory. Waits for in-flight reads to finish. */
  public void lock() {
    synchronized (stateLock) {
      final long stamp = store.acquireExclusive();
      try {
        final Unlocked u = unlocked;
        unlocked = null;
        if (u != null) {
          u.close();
          synchronized (hotPaths) {
            for (final HotPath hp : hotPaths) {
              hp.scrub();
            }
          }
          Aead.scrubAll();
        }
      } finally {
        store.releaseExclusive(stamp);
      }
    }
  }

  /**
   * Locks if the auto-lock deadline has passed; the server's timer calls this. Returns true if it
   * locked now.
   */
  public boolean pollAutoLock() {
    if (unlocked != null && autoLockDue()) {
      lock();
      return true;
    }
    return false;
  }

  /**
   * Epoch ms at which auto-lock will lock unless the workspace is used first; 0 when locked or when
   * auto-lock is off.
   */
  public long lockAtMs() {
    final long after = ctx.autoLockAfterMs();
    return unlocked == null || after == 0 ? 0 : lastActivityMs + after;
  }

  /** Re-wraps the workspace key under a key derived from {@code next}; nothing else changes. */
  public void changePassword(final char[] current, final char[] next) {
    synchronized (stateLock) {
      final WorkspaceHeader h = requireHeader();
      // The same delay as unlock, or changePassword would be a way around it.
      final long[] before = readFailures();
      final long waitMs = before[1] + delayAfterFailuresMs((int) before[0]) - clock.time();
      if (before[0] > 0 && waitMs > 0) {
        throw new WrongPasswordException("problem=too many attempts", (int) before[0], waitMs);
      }
      final byte[] oldKey = Kdf.derive(current, h.salt(), h.kdf());
      final byte[] wsKey =
          unwrap(oldKey, h.workspaceId(), TYPE_WORKSPACE_KEY, h.wrappedWorkspaceKey());
      Arrays.fill(oldKey, (byte) 0);
      if (wsKey == null) {
        final long[] failures = readFailures();
        final int count = (int) failures[0] + 1;
        writeFailures(count, clock.time());
        throw new WrongPasswordException(
            "problem=wrong current password", count, delayAfterFailuresMs(count));
      }
      final KdfParams kdf = ctx.kdf() != null ? ctx.kdf() : h.kdf();
      final byte[] salt = new byte[16];
      Aead.randomBytes(salt);
      final byte[] newKey = Kdf.derive(next, salt, kdf);
      try {
        final WorkspaceHeader nh =
            h.withPassword(kdf, salt, wrap(newKey, h.workspaceId(), TYPE_WORKSPACE_KEY, wsKey));
        store.write(
            t -> {
              t.put(Db.META, HEADER_KEY, nh.encode());
              return null;
            });
        header = nh;
      } finally {
        Arrays.fill(newKey, (byte) 0);
        Arrays.fill(wsKey, (byte) 0);
      }
    }
  }

  static long delayAfterFailuresMs(final int failures) {
    if (failures < 3) {
      return 0;
    }
    return Math.min(300_000L, 1000L << Math.min(20, failures - 3));
  }

  // ---------------------------------------------------------------- vaults

  public List<VaultInfo> listVaults() {
    final Unlocked u = requireUnlocked();
    final VaultKeys[] vaults = u.vaults;
    return read(
        u,
        t -> {
          final List<VaultInfo> out = new ArrayList<>(vaults.length);
          for (final VaultKeys v : vaults) {
            out.add(info(v, liveItems(t, v)));
          }
          return out;
        });
  }

  private static VaultInfo info(final VaultKeys v, final long itemCount) {
    return new VaultInfo(v.idText, v.name, v.createdMs, v.policy, itemCount);
  }

  /** How many live (or trashed) items the vault holds: one index prefix counted, none opened. */
  public long itemCount(final String vault, final boolean trashed) {
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    return read(u, t -> countItems(t, v, trashed ? Terms.KIND_TRASH : Terms.KIND_LIVE));
  }

  private static long liveItems(final StoreTxn t, final VaultKeys v) {
    return countItems(t, v, Terms.KIND_LIVE);
  }

  private static long countItems(final StoreTxn t, final VaultKeys v, final int kind) {
    final long[] count = {0};
    t.scanPrefix(
        Db.INDEX,
        blind(v, kind, ""),
        (k, val) -> {
          count[0]++;
          return true;
        });
    return count[0];
  }

  /**
   * The own policy of the vault {@code name} names (matched as {@link #vaultIdOf} matches), or null
   * when there is no such vault or the workspace is locked. Allocation-free and without side
   * effects: the server checks it before revealing, signing or changing anything in the vault.
   */
  public AccessPolicy vaultPolicy(final CharSequence name) {
    final Unlocked u = unlocked;
    final VaultKeys v = u == null || name == null ? null : findVault(u, name);
    return v == null ? null : v.policy;
  }

  /**
   * Replaces the vault's policy (re-sealing its record at the next revision, with an outbox op in
   * the same transaction). Whether the change needs someone's approval is the caller's to decide
   * ({@link AccessPolicy#isLoosenedBy}); the engine only stores it.
   */
  public VaultInfo setVaultPolicy(final String name, final AccessPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    final Unlocked u = requireUnlocked();
    synchronized (stateLock) {
      final VaultKeys v = vault(u, name);
      final VaultKeys changed = v.withPolicy(policy);
      write(
          u,
          t -> {
            requireVaultRecord(t, v);
            t.put(Db.META, vaultKey(v.id), sealVault(u, changed));
            outbox(
                t, u, ChangeOp.Type.VAULT_POLICY, v.id, ZERO_ID, changed.recordRevision, List.of());
            return null;
          });
      replaceVault(u, v, changed);
      return info(changed, read(u, t -> liveItems(t, changed)));
    }
  }

  private static void replaceVault(final Unlocked u, final VaultKeys old, final VaultKeys next) {
    final VaultKeys[] vaults = u.vaults.clone();
    for (int i = 0; i < vaults.length; i++) {
      if (vaults[i] == old) {
        vaults[i] = next;
      }
    }
    u.vaults = vaults;
  }

  /**
   * The id of the vault {@code name} names (matched as every vault argument is: case-insensitive),
   * or null when there is no such vault or the workspace is locked. Allocation-free and without
   * side effects (it neither touches the auto-lock timer nor throws), because the server checks a
   * vault-scoped access token with it before each request.
   */
  public String vaultIdOf(final CharSequence name) {
    final Unlocked u = unlocked;
    final VaultKeys v = u == null || name == null ? null : findVault(u, name);
    return v == null ? null : v.idText;
  }

  public VaultInfo createVault(final String name) {
    checkName(name, "vault");
    final Unlocked u = requireUnlocked();
    synchronized (stateLock) {
      if (findVault(u, name) != null) {
        throw new PersonaException(Category.CONFLICT, "vault=" + name + " problem=already exists");
      }
      final VaultKeys v =
          new VaultKeys(
              u.arena,
              ItemIds.random(),
              name,
              clock.time(),
              1,
              Aead.randomKey(),
              randomLong(),
              AccessPolicy.ALLOW_ANY);
      write(
          u,
          t -> {
            t.put(Db.META, vaultKey(v.id), sealVault(u, v));
            outbox(t, u, ChangeOp.Type.VAULT_CREATE, v.id, ZERO_ID, 1, List.of());
            return null;
          });
      final VaultKeys[] next = Arrays.copyOf(u.vaults, u.vaults.length + 1);
      next[next.length - 1] = v;
      u.vaults = next;
      return info(v, 0);
    }
  }

  public void renameVault(final String name, final String newName) {
    checkName(newName, "vault");
    final Unlocked u = requireUnlocked();
    synchronized (stateLock) {
      final VaultKeys v = vault(u, name);
      final VaultKeys other = findVault(u, newName);
      if (other != null && other != v) {
        throw new PersonaException(
            Category.CONFLICT, "vault=" + newName + " problem=already exists");
      }
      final VaultKeys renamed = v.renamed(newName);
      write(
          u,
          t -> {
            t.put(Db.META, vaultKey(v.id), sealVault(u, renamed));
            outbox(
                t, u, ChangeOp.Type.VAULT_RENAME, v.id, ZERO_ID, renamed.recordRevision, List.of());
            return null;
          });
      replaceVault(u, v, renamed);
    }
  }

  /** Deletes a vault with every item, revision and attachment in it, in one transaction. */
  public void deleteVault(final String name) {
    final Unlocked u = requireUnlocked();
    synchronized (stateLock) {
      final VaultKeys v = vault(u, name);
      write(
          u,
          t -> {
            for (final int kind : new int[] {Terms.KIND_LIVE, Terms.KIND_TRASH}) {
              for (final byte[] id : members(t, v, kind)) {
                purgeInTxn(t, u, v, id);
              }
            }
            t.delete(Db.META, vaultKey(v.id));
            outbox(t, u, ChangeOp.Type.VAULT_DELETE, v.id, ZERO_ID, v.recordRevision, List.of());
            return null;
          });
      final List<VaultKeys> next = new ArrayList<>(Arrays.asList(u.vaults));
      next.remove(v);
      u.vaults = next.toArray(new VaultKeys[0]);
    }
  }

  // ---------------------------------------------------------------- items

  public ItemView createItem(final String vault, final ItemDraft draft) {
    checkDraft(draft);
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    final byte[] itemId = ItemIds.random();
    final byte[] itemKey = Aead.randomKey();
    final long itemKeyId = randomLong();
    final long now = clock.time();
    final Decoded d =
        new Decoded(
            draft.type(),
            false,
            now,
            now,
            draft.name(),
            draft.fields(),
            draft.urls(),
            draft.tags(),
            List.of());
    try {
      return write(
          u,
          t -> {
            requireVaultRecord(t, v);
            t.put(Db.ITEMS, itemId, sealItem(v, itemId, 1, itemKeyId, itemKey, d));
            indexAdd(t, v, itemId, d);
            outbox(t, u, ChangeOp.Type.CREATE, v.id, itemId, 1, fieldNames(d.fields()));
            return view(v, itemId, 1, d);
          });
    } finally {
      Arrays.fill(itemKey, (byte) 0);
    }
  }

  /**
   * Creates many items in one durable transaction (imports, benchmarks): all or none are written.
   */
  public List<ItemView> createItems(final String vault, final List<ItemDraft> drafts) {
    for (final ItemDraft d : drafts) {
      checkDraft(d);
    }
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    final long now = clock.time();
    return write(
        u,
        t -> {
          requireVaultRecord(t, v);
          final List<ItemView> out = new ArrayList<>(drafts.size());
          for (final ItemDraft draft : drafts) {
            final byte[] itemId = ItemIds.random();
            final byte[] itemKey = Aead.randomKey();
            final Decoded d =
                new Decoded(
                    draft.type(),
                    false,
                    now,
                    now,
                    draft.name(),
                    draft.fields(),
                    draft.urls(),
                    draft.tags(),
                    List.of());
            try {
              t.put(Db.ITEMS, itemId, sealItem(v, itemId, 1, randomLong(), itemKey, d));
            } finally {
              Arrays.fill(itemKey, (byte) 0);
            }
            indexAdd(t, v, itemId, d);
            outbox(t, u, ChangeOp.Type.CREATE, v.id, itemId, 1, fieldNames(d.fields()));
            out.add(view(v, itemId, 1, d));
          }
          return out;
        });
  }

  /** The item with this id, or else the first live item with this name; null when neither. */
  public ItemView getItem(final String vault, final String nameOrId) {
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    return read(
        u,
        t -> {
          byte[] id = ItemIds.parse(nameOrId);
          byte[] rec = id == null ? null : t.get(Db.ITEMS, id);
          if (rec == null || !isMember(t, v, id)) {
            id = firstHit(t, v, Terms.KIND_NAME, nameOrId);
            rec = id == null ? null : t.get(Db.ITEMS, id);
          }
          if (rec == null) {
            return null;
          }
          final Opened o = openCurrent(t, v, id, rec);
          final ItemView iv = view(v, id, o.revision, o.decoded);
          o.zeroAll();
          return iv;
        });
  }

  public ItemView updateItem(
      final String vault,
      final String itemId,
      final long expectedRevision,
      final ItemDraft replacement) {
    checkDraft(replacement);
    return writeRevision(
        vault,
        itemId,
        expectedRevision,
        ChangeOp.Type.UPDATE,
        old ->
            new Decoded(
                replacement.type(),
                old.trashed(),
                old.createdMs(),
                clock.time(),
                replacement.name(),
                replacement.fields(),
                replacement.urls(),
                replacement.tags(),
                old.attachments()));
  }

  /**
   * Sets one field (added at the end when new), keeping every other field, URL and tag: the
   * per-field update the CLI and sync use. {@code expectedRevision} &lt; 0 skips the check.
   */
  public ItemView setField(
      final String vault,
      final String itemId,
      final long expectedRevision,
      final String fieldName,
      final byte[] value,
      final boolean concealed) {
    if (fieldName == null || fieldName.isEmpty()) {
      throw new PersonaException(
          Category.BAD_INPUT, "item=" + itemId + " field= problem=empty name");
    }
    return writeRevision(
        vault,
        itemId,
        expectedRevision,
        ChangeOp.Type.UPDATE,
        old -> {
          final List<Field> fields = new ArrayList<>();
          boolean replaced = false;
          for (final Field f : old.fields()) {
            if (f.name().equals(fieldName)) {
              fields.add(new Field(fieldName, value, concealed));
              replaced = true;
            } else {
              fields.add(f);
            }
          }
          if (!replaced) {
            fields.add(new Field(fieldName, value, concealed));
          }
          return withFields(old, fields);
        });
  }

  /** Removes one field; NOT_FOUND when the item has no such field. */
  public ItemView removeField(
      final String vault,
      final String itemId,
      final long expectedRevision,
      final String fieldName) {
    return writeRevision(
        vault,
        itemId,
        expectedRevision,
        ChangeOp.Type.UPDATE,
        old -> {
          final List<Field> fields = new ArrayList<>(old.fields());
          if (!fields.removeIf(f -> f.name().equals(fieldName))) {
            throw new PersonaException(
                Category.NOT_FOUND, "vault=" + vault + " item=" + itemId + " field=" + fieldName);
          }
          return withFields(old, fields);
        });
  }

  public void trashItem(final String vault, final String itemId) {
    writeRevision(vault, itemId, -1, ChangeOp.Type.TRASH, old -> withTrashed(old, true));
  }

  public void restoreItem(final String vault, final String itemId) {
    writeRevision(vault, itemId, -1, ChangeOp.Type.RESTORE, old -> withTrashed(old, false));
  }

  /** Deletes the item, its history and its item key; attachment chunks no longer used go too. */
  public void purgeItem(final String vault, final String itemId) {
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    final byte[] id = parseId(itemId);
    write(
        u,
        t -> {
          if (!purgeInTxn(t, u, v, id)) {
            throw notFound(vault, itemId);
          }
          return null;
        });
  }

  public List<ItemSummary> listItems(final String vault, final boolean trashed) {
    return listItems(vault, trashed, null, Integer.MAX_VALUE);
  }

  /**
   * One page of the vault's live (or trashed) items, in id order: at most {@code limit} of them,
   * those after the item {@code afterId} (null or empty: from the first). The last item of a full
   * page is where the next one starts, so a listing of any size crosses the socket in frames it
   * fits in; an item removed between two pages does not disturb the walk.
   */
  public List<ItemSummary> listItems(
      final String vault, final boolean trashed, final String afterId, final int limit) {
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    final byte[] prefix = blind(v, trashed ? Terms.KIND_TRASH : Terms.KIND_LIVE, "");
    final byte[] after = afterId == null || afterId.isEmpty() ? null : parseId(afterId);
    return read(u, t -> summaries(t, v, indexPage(t, prefix, after, limit)));
  }

  /**
   * Live items whose normalised {@code kind} term equals {@code term}: an index hit, not a scan.
   */
  public List<ItemSummary> search(final String vault, final IndexKind kind, final String term) {
    return search(vault, kind, term, Integer.MAX_VALUE);
  }

  /** The first {@code limit} hits of {@link #search(String, IndexKind, String)}, in id order. */
  public List<ItemSummary> search(
      final String vault, final IndexKind kind, final String term, final int limit) {
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    return read(u, t -> summaries(t, v, indexPage(t, blind(v, kind.code(), term), null, limit)));
  }

  /** Every revision of the item, oldest first, the current one last. */
  public List<ItemView> history(final String vault, final String itemId) {
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    final byte[] id = parseId(itemId);
    return read(
        u,
        t -> {
          final byte[] cur = t.get(Db.ITEMS, id);
          if (cur == null || !isMember(t, v, id)) {
            throw notFound(vault, itemId);
          }
          final List<ItemView> out = new ArrayList<>();
          t.scanPrefix(
              Db.HISTORY,
              id,
              (k, rec) -> {
                final Opened o = openItem(v, id, rec, Db.HISTORY);
                out.add(view(v, id, o.revision, o.decoded));
                o.zeroAll();
                return true;
              });
          final Opened o = openItem(v, id, cur, Db.ITEMS);
          out.add(view(v, id, o.revision, o.decoded));
          o.zeroAll();
          return out;
        });
  }

  /** Makes the content of {@code revision} the item's new current revision. */
  public ItemView restoreRevision(final String vault, final String itemId, final long revision) {
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    final byte[] id = parseId(itemId);
    final Decoded old =
        read(
            u,
            t -> {
              final byte[] rec = t.get(Db.HISTORY, KeyLayout.historyKey(id, revision));
              if (rec == null) {
                throw new PersonaException(
                    Category.NOT_FOUND,
                    "vault=" + vault + " item=" + itemId + " revision=" + revision);
              }
              final Opened o = openItem(v, id, rec, Db.HISTORY);
              o.zeroKey();
              return o.decoded;
            });
    try {
      return writeRevision(
          vault,
          itemId,
          -1,
          ChangeOp.Type.UPDATE,
          cur ->
              new Decoded(
                  old.type(),
                  cur.trashed(),
                  cur.createdMs(),
                  clock.time(),
                  old.name(),
                  old.fields(),
                  old.urls(),
                  old.tags(),
                  old.attachments()));
    } finally {
      zeroFields(old.fields());
    }
  }

  /** Live items of {@code type} in every vault (the SSH keyring loads its keys with this). */
  public List<ItemView> allItemsOfType(final ItemType type) {
    final Unlocked u = requireUnlocked();
    return read(
        u,
        t -> {
          final List<ItemView> out = new ArrayList<>();
          for (final VaultKeys v : u.vaults) {
            for (final byte[] id : members(t, v, Terms.KIND_LIVE)) {
              final byte[] rec = t.get(Db.ITEMS, id);
              if (rec == null) {
                continue;
              }
              final Opened o = openCurrent(t, v, id, rec);
              if (o.decoded.type() == type) {
                out.add(view(v, id, o.revision, o.decoded));
              }
              o.zeroAll();
            }
          }
          return out;
        });
  }

  // ---------------------------------------------------------------- hot path

  /**
   * Copies the value of one field of the live item named {@code itemName} into {@code dst} and
   * returns its length, or a negative status ({@link #NOT_FOUND}, {@link #LOCKED}, {@link
   * #NO_SUCH_VAULT}, {@link #NO_SUCH_FIELD}, {@link #DST_TOO_SMALL}, {@link #CORRUPTED}, {@link
   * #BAD_INPUT}, {@link #NEEDS_APPROVAL}, {@link #POLICY_DENIED}). One index hit, one item get, one
   * unwrap, one decrypt; no scan and no exceptions. Same as {@code readField(…, false)}.
   */
  public int readField(
      final CharSequence vault,
      final CharSequence itemName,
      final CharSequence fieldName,
      final MutableDirectBuffer dst,
      final int dstOffset) {
    return readField(vault, itemName, fieldName, dst, dstOffset, false);
  }

  /**
   * {@link #readField(CharSequence, CharSequence, CharSequence, MutableDirectBuffer, int)}; with
   * {@code approved} a concealed field of an {@code ask} item is returned (the caller has had the
   * request allowed), otherwise it answers {@link #NEEDS_APPROVAL}. A {@code deny} item's concealed
   * fields are {@link #POLICY_DENIED} either way. What counts is the strictest of the item's {@link
   * #APPROVAL_POLICY_FIELD} and its vault's {@link AccessPolicy} (deny &gt; ask &gt; allow).
   */
  public int readField(
      final CharSequence vault,
      final CharSequence itemName,
      final CharSequence fieldName,
      final MutableDirectBuffer dst,
      final int dstOffset,
      final boolean approved) {
    return readField(vault, itemName, fieldName, dst, dstOffset, approved, null);
  }

  /**
   * {@link #readField(CharSequence, CharSequence, CharSequence, MutableDirectBuffer, int, boolean)}
   * for a caller running {@code callerExecutable} (its resolved path; "" when unknown): a concealed
   * field of an item whose {@link #EXECUTABLES_POLICY_FIELD} or whose vault's executables list does
   * not name it is {@link #POLICY_DENIED}, before any approval is asked for. Null skips that check
   * (callers inside the daemon).
   */
  public int readField(
      final CharSequence vault,
      final CharSequence itemName,
      final CharSequence fieldName,
      final MutableDirectBuffer dst,
      final int dstOffset,
      final boolean approved,
      final String callerExecutable) {
    if (unlocked == null) {
      return LOCKED;
    }
    if (autoLockDue()) {
      lock();
      return LOCKED;
    }
    final long stamp = store.acquireRead();
    HotPath hp = null;
    try {
      hp = acquireHotPath();
      final Unlocked u = unlocked;
      if (u == null) {
        return LOCKED;
      }
      VaultKeys v = null;
      for (final VaultKeys candidate : u.vaults) {
        if (candidate.nameMatches(vault)) {
          v = candidate;
          break;
        }
      }
      if (v == null) {
        return NO_SUCH_VAULT;
      }
      final int termLength = Terms.normalise(Terms.KIND_NAME, itemName, hp.term);
      final int fieldLength = Terms.utf8(fieldName, hp.fieldName);
      if (termLength < 0 || fieldLength < 0) {
        return BAD_INPUT;
      }
      // The HMAC stays keyed between calls (BC resets to the keyed state after finish), so only a
      // different vault pays for re-keying; lock() re-keys it with zeros.
      if (hp.kdKey != v.indexKey) {
        hp.kd.begin(v.indexKey);
        hp.kdKey = v.indexKey;
      }
      hp.kd.update((byte) Terms.KIND_NAME).update(hp.term, 0, termLength);
      hp.kd.finish(hp.blind, 0);
      final StoreReader reader = hp.reader;
      reader.begin();
      try {
        if (!reader.firstIndexHit(hp.blind, hp.itemId)) {
          return NOT_FOUND;
        }
        int recordLength = reader.item(hp.itemId, hp.record);
        if (recordLength > hp.record.length) {
          hp.record = new byte[Math.max(recordLength, hp.record.length * 2)];
          hp.plain = new byte[hp.record.length];
          recordLength = reader.item(hp.itemId, hp.record);
        }
        if (recordLength < ItemRecordDescriptor.BODY_OFFSET) {
          return recordLength < 0 ? NOT_FOUND : CORRUPTED;
        }
        final byte[] rec = hp.record;
        final long revision = getLong(rec, ItemRecordDescriptor.REVISION_OFFSET);
        final long itemKeyId = getLong(rec, ItemRecordDescriptor.KEY_ID_OFFSET);
        int aadLength =
            RecordDescriptor.writeAad(
                hp.aad, v.id, TYPE_ITEM_KEY, hp.itemId, 0, 16, v.vaultKeyId, 0);
        if (Aead.open(
                v.vaultKey,
                hp.aad,
                aadLength,
                rec,
                ItemRecordDescriptor.WRAPPED_KEY_OFFSET,
                WRAPPED_KEY_LENGTH,
                false,
                hp.itemKey,
                0)
            != RecordDescriptor.KEY_LENGTH) {
          return CORRUPTED;
        }
        aadLength =
            RecordDescriptor.writeAad(
                hp.aad, v.id, TYPE_ITEM, hp.itemId, 0, 16, itemKeyId, revision);
        final int plainLength =
            Aead.open(
                hp.itemKey,
                hp.aad,
                aadLength,
                rec,
                ItemRecordDescriptor.BODY_OFFSET,
                recordLength - ItemRecordDescriptor.BODY_OFFSET,
                true,
                hp.plain,
                0);
        Arrays.fill(hp.itemKey, (byte) 0);
        if (plainLength < 0) {
          return CORRUPTED;
        }
        try {
          final long found = ItemCodec.findField(hp.plain, plainLength, hp.fieldName, fieldLength);
          if (found < 0) {
            return NO_SUCH_FIELD;
          }
          final int offset = (int) (found >>> 32);
          final int length = (int) found;
          if (ItemCodec.isConcealed(hp.plain, found)) {
            // The vault's policy was decoded at unlock (or when it last changed): reading it costs
            // two field loads, so only items and vaults that carry a policy pay anything more.
            final AccessPolicy vaultPolicy = v.policy;
            final int policy =
                strictestApproval(
                    vaultPolicy.approval().status(), approvalPolicy(hp.plain, plainLength));
            if (policy == POLICY_DENIED) {
              return policy;
            }
            // Before asking anyone: a caller that no list lets through is refused, not queued.
            if (callerExecutable != null
                && (!vaultPolicy.allowsExecutable(callerExecutable)
                    || !executableAllowed(hp.plain, plainLength, callerExecutable))) {
              return POLICY_DENIED;
            }
            if (policy == NEEDS_APPROVAL && !approved) {
              return policy;
            }
          }
          if (dstOffset + length > dst.capacity()) {
            return DST_TOO_SMALL;
          }
          dst.putBytes(dstOffset, hp.plain, offset, length);
          lastActivityMs = clock.time();
          return length;
        } finally {
          Arrays.fill(hp.plain, 0, Math.min(hp.plain.length, recordLength), (byte) 0);
        }
      } finally {
        reader.end();
      }
    } finally {
      try {
        if (hp != null) {
          releaseHotPath(hp);
        }
      } finally {
        store.releaseRead(stamp);
      }
    }
  }

  // ---------------------------------------------------------------- attachments

  /**
   * Streams {@code in} into encrypted, content-addressed chunks (one small transaction each, so a
   * 200 MiB file never sits in memory or in one transaction), then records the attachment in a new
   * item revision. Replaces an attachment of the same name.
   */
  public AttachmentInfo putAttachment(
      final String vault, final String itemId, final String name, final InputStream in) {
    checkName(name, "attachment");
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    final byte[] id = parseId(itemId);
    if (read(u, t -> t.get(Db.ITEMS, id)) == null) {
      throw notFound(vault, itemId);
    }
    final List<byte[]> chunks = new ArrayList<>();
    final byte[] buf = new byte[CHUNK_SIZE];
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    final KeyDerivation kd = new KeyDerivation();
    long size = 0;
    try {
      while (true) {
        final int n = in.readNBytes(buf, 0, CHUNK_SIZE);
        if (n <= 0) {
          break;
        }
        size += n;
        final byte[] chunkId = new byte[KeyLayout.MAC_LENGTH];
        final byte[] value = new byte[4 + RecordDescriptor.sealedLength(n)];
        // Seal inside the transaction: that is where lock() is excluded, so the keys are live.
        write(
            u,
            t -> {
              kd.begin(v.blobMacKey).update(buf, 0, n).finish(chunkId, 0);
              if (!t.exists(Db.BLOBS, chunkId)) {
                final int aadLength =
                    RecordDescriptor.writeAad(aad, v.id, TYPE_BLOB, chunkId, 0, 32, 0, 0);
                Aead.seal(v.blobKey, aad, aadLength, buf, 0, n, true, value, 4);
                t.put(Db.BLOBS, chunkId, value);
              }
              return null;
            });
        chunks.add(chunkId);
        if (n < CHUNK_SIZE) {
          break;
        }
      }
    } catch (final IOException e) {
      throw new PersonaException(
          Category.BAD_INPUT,
          "vault="
              + vault
              + " item="
              + itemId
              + " attachment="
              + name
              + " problem=read failed "
              + e,
          e);
    } finally {
      Arrays.fill(buf, (byte) 0);
    }
    final Attachment att = new Attachment(name, ItemIds.random(), size, chunks);
    final long total = size;
    writeRevisionInTxn(
        u,
        v,
        vault,
        itemId,
        -1,
        ChangeOp.Type.ATTACH,
        old -> {
          final List<Attachment> atts = new ArrayList<>();
          for (final Attachment a : old.attachments()) {
            if (!a.name().equals(name)) {
              atts.add(a);
            }
          }
          atts.add(att);
          return withAttachments(old, atts);
        },
        t -> {
          for (final byte[] c : distinct(chunks)) {
            adjustRefcount(t, c, +1, vault, itemId);
          }
        });
    return new AttachmentInfo(name, total, chunks.size());
  }

  /**
   * Streams the attachment's plaintext to {@code out}; false when the item has no such attachment.
   */
  public boolean getAttachment(
      final String vault, final String itemId, final String name, final OutputStream out) {
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    final byte[] id = parseId(itemId);
    final ItemView item = getById(v, vault, id);
    if (item == null) {
      throw notFound(vault, itemId);
    }
    item.zero();
    final Attachment att =
        read(
            u,
            t -> {
              final Opened o = openItem(v, id, t.get(Db.ITEMS, id), Db.ITEMS);
              o.zeroKey();
              zeroFields(o.decoded.fields());
              for (final Attachment a : o.decoded.attachments()) {
                if (a.name().equals(name)) {
                  return a;
                }
              }
              return null;
            });
    if (att == null) {
      return false;
    }
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    final byte[] plain = new byte[RecordDescriptor.paddedLength(CHUNK_SIZE)];
    try {
      for (final byte[] chunkId : att.chunks()) {
        final int n =
            read(
                u,
                t -> {
                  final byte[] value = t.get(Db.BLOBS, chunkId);
                  if (value == null) {
                    return -2;
                  }
                  final int aadLength =
                      RecordDescriptor.writeAad(aad, v.id, TYPE_BLOB, chunkId, 0, 32, 0, 0);
                  return Aead.open(
                      v.blobKey, aad, aadLength, value, 4, value.length - 4, true, plain, 0);
                });
        if (n == -2) {
          throw new StoreCorruptedException(
              "file="
                  + store.dataFile()
                  + " db=blobs item="
                  + itemId
                  + " attachment="
                  + name
                  + " problem=missing chunk");
        }
        if (n < 0) {
          throw new StoreCorruptedException(
              "file="
                  + store.dataFile()
                  + " db=blobs item="
                  + itemId
                  + " attachment="
                  + name
                  + " problem=authentication failed");
        }
        out.write(plain, 0, n);
      }
    } catch (final IOException e) {
      throw new PersonaException(
          Category.BAD_INPUT,
          "vault="
              + vault
              + " item="
              + itemId
              + " attachment="
              + name
              + " problem=write failed "
              + e,
          e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    return true;
  }

  /**
   * Removes the attachment from the current revision. Its chunks stay while older revisions refer
   * to it, and go when the item is purged.
   */
  public void deleteAttachment(final String vault, final String itemId, final String name) {
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    writeRevisionInTxn(
        u,
        v,
        vault,
        itemId,
        -1,
        ChangeOp.Type.DETACH,
        old -> {
          final List<Attachment> atts = new ArrayList<>(old.attachments());
          if (!atts.removeIf(a -> a.name().equals(name))) {
            throw new PersonaException(
                Category.NOT_FOUND, "vault=" + vault + " item=" + itemId + " attachment=" + name);
          }
          return withAttachments(old, atts);
        },
        t -> {});
  }

  // ---------------------------------------------------------------- outbox

  /** Outbox entries with sequence greater than {@code afterSeq}, oldest first. */
  public List<ChangeOp> pendingChanges(final long afterSeq, final int max) {
    final Unlocked u = requireUnlocked();
    return read(
        u,
        t -> {
          final List<ChangeOp> out = new ArrayList<>();
          t.scanAfter(
              Db.OUTBOX,
              KeyLayout.seqKey(afterSeq),
              max,
              (k, val) -> {
                out.add(decodeOp(u, getLong(k, 0), val));
                return true;
              });
          return out;
        });
  }

  /** Removes outbox entries up to and including {@code uptoSeq} once sync has shipped them. */
  public int acknowledgeChanges(final long uptoSeq) {
    final Unlocked u = requireUnlocked();
    return write(
        u,
        t -> {
          final List<byte[]> keys = new ArrayList<>();
          t.scanPrefix(
              Db.OUTBOX,
              new byte[0],
              (k, val) -> {
                if (getLong(k, 0) > uptoSeq) {
                  return false;
                }
                keys.add(k);
                return true;
              });
          for (final byte[] k : keys) {
            t.delete(Db.OUTBOX, k);
          }
          return keys.size();
        });
  }

  // ---------------------------------------------------------------- audit

  /** Appends one event durably and returns its sequence. Works while locked. */
  public long appendAudit(final AuditEvent event) {
    return appendAudit(List.of(event));
  }

  /** Appends events in one durable transaction (one fsync) and returns the last sequence. */
  public long appendAudit(final List<AuditEvent> events) {
    requireHeader();
    final AuditSealer sealer = auditSealer;
    final Unlocked u = unlocked;
    final byte[] ephemeral = sealer.ephemeralPublic();
    return store.write(
        t -> {
          final byte[] head = t.get(Db.META, AUDIT_HEAD_KEY);
          long seq = head == null ? 0 : getLong(head, 0);
          byte[] hash = head == null ? NO_HASH : Arrays.copyOfRange(head, 8, 40);
          final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
          for (final AuditEvent e : events) {
            seq++;
            final byte[] payload = encodeAudit(e);
            final int aadLength =
                RecordDescriptor.writeAad(aad, ZERO_ID, TYPE_AUDIT, hash, 0, 32, 0, seq);
            final byte[] sealed = Aead.seal(sealer.eventKey(), aad, aadLength, payload, true);
            final byte[] value = new byte[32 + sealed.length];
            System.arraycopy(ephemeral, 0, value, 0, 32);
            System.arraycopy(sealed, 0, value, 32, sealed.length);
            final byte[] k = KeyLayout.seqKey(seq);
            t.put(Db.AUDIT, k, value);
            hash = chain(hash, k, value);
          }
          final byte[] newHead = new byte[40];
          putLong(newHead, 0, seq);
          System.arraycopy(hash, 0, newHead, 8, 32);
          t.put(Db.META, AUDIT_HEAD_KEY, newHead);
          if (u != null && unlocked == u) {
            t.put(Db.META, AUDIT_ANCHOR_KEY, anchor(u, newHead));
          }
          return seq;
        });
  }

  /**
   * Walks the audit chain: every link, the stored head, and when unlocked the keyed anchor and
   * every event's seal.
   */
  public AuditVerification verifyAudit() {
    requireHeader();
    return verifyAuditIn(store, unlocked);
  }

  /** The newest {@code max} events, oldest first, each with its sequence. */
  public List<AuditRecord> auditTail(final int max) {
    final Unlocked u = requireUnlocked();
    return read(u, t -> auditFrom(t, u, Math.max(0, auditHead(t) - max), max));
  }

  /**
   * Up to {@code max} events with a sequence above {@code afterSequence}, oldest first: how a
   * follower pages forward. Each call resumes the chain hash where the last one stopped, so polling
   * costs what it returns, not the length of the log.
   */
  public List<AuditRecord> auditAfter(final long afterSequence, final int max) {
    final Unlocked u = requireUnlocked();
    return read(u, t -> auditFrom(t, u, Math.max(0, afterSequence), max));
  }

  /** The sequence of the newest audit event, 0 when there is none. Works while locked. */
  public long auditHead() {
    requireHeader();
    return store.read(Engine::auditHead);
  }

  private static long auditHead(final StoreTxn t) {
    final byte[] head = t.get(Db.META, AUDIT_HEAD_KEY);
    return head == null ? 0 : getLong(head, 0);
  }

  private List<AuditRecord> auditFrom(
      final StoreTxn t, final Unlocked u, final long from, final int max) {
    final List<AuditRecord> out = new ArrayList<>();
    if (from >= auditHead(t) || max <= 0) {
      return out;
    }
    final byte[][] hash = {previousHash(t, from)};
    final Map<String, byte[]> keys = new HashMap<>();
    try {
      t.scanAfter(
          Db.AUDIT,
          KeyLayout.seqKey(from),
          max,
          (k, val) -> {
            final long seq = getLong(k, 0);
            final AuditEvent e = openAudit(u, keys, seq, hash[0], val);
            if (e == null) {
              throw new StoreCorruptedException(
                  "file="
                      + store.dataFile()
                      + " db=audit seq="
                      + seq
                      + " problem=authentication failed");
            }
            hash[0] = chain(hash[0], k, val);
            out.add(new AuditRecord(seq, hash[0], e));
            return true;
          });
    } finally {
      keys.values().forEach(b -> Arrays.fill(b, (byte) 0));
    }
    if (!out.isEmpty()) {
      final AuditRecord last = out.get(out.size() - 1);
      auditCursor = new AuditCursor(last.sequence(), last.chainHash());
    }
    return out;
  }

  /**
   * The chain hash up to and including {@code from} (NO_HASH for 0), resumed from the last tail's
   * cursor when that is not past {@code from}: the chain only grows, so a hash once computed holds.
   */
  private byte[] previousHash(final StoreTxn t, final long from) {
    final AuditCursor cursor = auditCursor;
    final long start = cursor != null && cursor.sequence() <= from ? cursor.sequence() : 0;
    final byte[][] hash = {start == 0 ? NO_HASH : cursor.chainHash()};
    if (from > start) {
      t.scanAfter(
          Db.AUDIT,
          KeyLayout.seqKey(start),
          (int) Math.min(Integer.MAX_VALUE, from - start),
          (k, val) -> {
            hash[0] = chain(hash[0], k, val);
            return true;
          });
    }
    return hash[0];
  }

  /** Where the last tail stopped: sequence and chain hash through it. */
  private record AuditCursor(long sequence, byte[] chainHash) {}

  // ---------------------------------------------------------------- backup / verify

  /**
   * Writes a consistent, compacted copy of the store into {@code targetDir} (created 0700, must be
   * empty) with LMDB's own copy, then reopens the copy read-only and checks its header, its audit
   * chain and, when unlocked, that every item record decrypts.
   */
  public void backup(final Path targetDir) {
    requireHeader();
    try {
      if (Files.exists(targetDir)) {
        try (var s = Files.list(targetDir)) {
          if (s.findAny().isPresent()) {
            throw new PersonaException(
                Category.BAD_INPUT, "file=" + targetDir + " problem=backup target not empty");
          }
        }
      }
    } catch (final IOException e) {
      throw new PersonaException(Category.BAD_INPUT, "file=" + targetDir + " problem=" + e, e);
    }
    StoreFiles.ensurePrivateDirectory(targetDir);
    store.copyTo(targetDir);
    try (StoreEnv copy = StoreEnv.openReadOnly(targetDir)) {
      final byte[] h = copy.read(t -> t.get(Db.META, HEADER_KEY));
      if (h == null || !Arrays.equals(h, header.encode())) {
        throw new StoreCorruptedException(
            "file=" + copy.dataFile() + " problem=backup header differs from source");
      }
      final AuditVerification av = verifyAuditIn(copy, unlocked);
      if (!av.intact()) {
        throw new StoreCorruptedException(
            "file=" + copy.dataFile() + " problem=backup audit " + av.problem());
      }
      final Unlocked u = unlocked;
      if (u != null) {
        verifyItemsIn(copy, u);
      }
    }
  }

  /** Copies a backup made by {@link #backup} into a home that has no store yet. */
  public static void restore(final Path backupDir, final Path home) {
    final Path target = home.resolve(STORE_DIR);
    if (Files.exists(target.resolve(StoreEnv.DATA_FILE))) {
      throw new PersonaException(
          Category.ALREADY_INITIALIZED,
          "file="
              + target.resolve(StoreEnv.DATA_FILE)
              + " problem=exists; restore never overwrites");
    }
    StoreFiles.ensurePrivateDirectory(home);
    StoreFiles.ensurePrivateDirectory(target);
    try (StoreEnv copy = StoreEnv.openReadOnly(backupDir)) {
      copy.copyTo(target);
    }
  }

  /**
   * Decrypts every item record and every history record of every vault; returns how many were
   * checked, or throws {@link StoreCorruptedException} naming the first one that fails.
   */
  public long verifyStore() {
    final Unlocked u = requireUnlocked();
    return verifyItemsIn(store, u);
  }

  private long verifyItemsIn(final StoreEnv s, final Unlocked u) {
    return s.read(
        t -> {
          if (s == store && unlocked != u) {
            throw new PersonaException(Category.LOCKED, "problem=workspace was locked");
          }
          long n = 0;
          for (final VaultKeys v : u.vaults) {
            for (final int kind : new int[] {Terms.KIND_LIVE, Terms.KIND_TRASH}) {
              for (final byte[] id : members(t, v, kind)) {
                final byte[] rec = t.get(Db.ITEMS, id);
                if (rec == null) {
                  throw new StoreCorruptedException(
                      "file="
                          + s.dataFile()
                          + " db=index item="
                          + ItemIds.toText(id)
                          + " problem=dangling index entry");
                }
                openCurrent(t, v, id, rec).zeroAll();
                n++;
                final long[] count = {0};
                t.scanPrefix(
                    Db.HISTORY,
                    id,
                    (k, hrec) -> {
                      openItem(v, id, hrec, Db.HISTORY).zeroAll();
                      count[0]++;
                      return true;
                    });
                n += count[0];
              }
            }
          }
          return n;
        });
  }

  @Override
  public void close() {
    lock();
    final AuditSealer s = auditSealer;
    if (s != null) {
      s.close();
    }
    store.close();
  }

  // ================================================================ internals

  /**
   * The item's reveal policy read in place: 0 (allow), {@link #NEEDS_APPROVAL} or {@link
   * #POLICY_DENIED}. ASCII, case-insensitive, surrounding spaces ignored; allocation-free.
   */
  static int approvalPolicy(final byte[] plain, final int plainLength) {
    final long found =
        ItemCodec.findField(plain, plainLength, APPROVAL_POLICY_NAME, APPROVAL_POLICY_NAME.length);
    if (found < 0) {
      return 0;
    }
    final int from = (int) (found >>> 32);
    return approvalPolicy(plain, from, from + (int) found);
  }

  /**
   * Whether the item's {@link #EXECUTABLES_POLICY_FIELD} (read in place) lets {@code executable}
   * read it. Only items that carry the field pay for decoding it.
   */
  static boolean executableAllowed(
      final byte[] plain, final int plainLength, final String executable) {
    final long found =
        ItemCodec.findField(
            plain, plainLength, EXECUTABLES_POLICY_NAME, EXECUTABLES_POLICY_NAME.length);
    return found < 0
        || executablesAllow(
            new String(plain, (int) (found >>> 32), (int) found, StandardCharsets.UTF_8),
            executable);
  }

  /**
   * Whether an {@link #EXECUTABLES_POLICY_FIELD} value lets {@code executable} (a resolved path; ""
   * or "?" when unknown) read the item: an empty list lets anyone, otherwise only listed paths.
   */
  public static boolean executablesAllow(final String list, final String executable) {
    final List<String> paths = policyList(list);
    return paths.isEmpty() || paths.contains(executable);
  }

  /**
   * The entries of a list-valued policy field ({@code policy.executables}, {@code policy.hosts}):
   * comma-separated, trimmed, empty entries dropped.
   */
  public static List<String> policyList(final String value) {
    final List<String> out = new ArrayList<>();
    for (final String entry : value.split(",")) {
      final String trimmed = entry.trim();
      if (!trimmed.isEmpty()) {
        out.add(trimmed);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The stricter of two approval statuses (0, {@link #NEEDS_APPROVAL}, {@link #POLICY_DENIED}):
   * deny &gt; ask &gt; allow. How a vault's approval and its item's or key's combine.
   */
  public static int strictestApproval(final int a, final int b) {
    if (a == POLICY_DENIED || b == POLICY_DENIED) {
      return POLICY_DENIED;
    }
    return a == NEEDS_APPROVAL || b == NEEDS_APPROVAL ? NEEDS_APPROVAL : 0;
  }

  /**
   * What an {@link #APPROVAL_POLICY_FIELD} value means: 0 (allow: {@code allow} or empty), {@link
   * #NEEDS_APPROVAL} ({@code ask}, {@code confirm}, anything unknown) or {@link #POLICY_DENIED}.
   */
  public static int approvalPolicyOf(final byte[] value) {
    return value == null ? 0 : approvalPolicy(value, 0, value.length);
  }

  private static int approvalPolicy(final byte[] b, final int start, final int end) {
    int from = start;
    int to = end;
    while (from < to && b[from] == ' ') {
      from++;
    }
    while (to > from && b[to - 1] == ' ') {
      to--;
    }
    if (to == from || asciiEqualsIgnoreCase(b, from, to, "allow")) {
      return 0;
    }
    return asciiEqualsIgnoreCase(b, from, to, "deny") ? POLICY_DENIED : NEEDS_APPROVAL;
  }

  private static boolean asciiEqualsIgnoreCase(
      final byte[] b, final int from, final int to, final String word) {
    if (to - from != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if ((b[from + i] | 0x20) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The keys of one unlock, all in one {@link SecretArena} that {@link #close} zeroes and frees.
   */
  private static final class Unlocked {
    final SecretArena arena = new SecretArena();
    final LockedKey wsKey;
    final LockedKey auditPrivate;
    final LockedKey auditMacKey;
    final LockedKey outboxKey;
    volatile VaultKeys[] vaults;

    /** Moves both keys into the arena; the arrays are zeroed. */
    Unlocked(final byte[] wsKey, final byte[] auditPrivate, final VaultKeys[] vaults) {
      this.wsKey = arena.take(wsKey);
      this.auditPrivate = arena.take(auditPrivate);
      this.auditMacKey = arena.take(KeyDerivation.subKey(this.wsKey, "persona/v1/audit-anchor"));
      this.outboxKey = arena.take(KeyDerivation.subKey(this.wsKey, "persona/v1/outbox"));
      this.vaults = vaults;
    }

    void close() {
      arena.close();
    }
  }

  /**
   * Says once per engine when key memory could not be locked in RAM: the keys still work, but the
   * kernel may write them to swap.
   */
  private void warnIfKeysUnlocked(final Unlocked u) {
    final int errno = u.arena.lockFailure();
    if (errno == 0 || keyLockWarned) {
      return;
    }
    keyLockWarned = true;
    final long limit = Libc.memlockLimit();
    ctx.warnings()
        .accept(
            "key memory is not locked in RAM (mlock: "
                + Libc.errnoName(errno)
                + ", RLIMIT_MEMLOCK="
                + (limit == -1 ? "unlimited" : limit < 0 ? "unknown" : limit + " bytes")
                + "): the kernel may swap keys to disk. Raise `ulimit -l` (LimitMEMLOCK= in the"
                + " systemd unit) to at least "
                + u.arena.pageBytes()
                + " bytes.");
  }

  private HotPath acquireHotPath() {
    final HotPath idle = idleHotPaths.poll();
    if (idle != null) {
      return idle;
    }
    final HotPath hp = new HotPath(store.newReader());
    synchronized (hotPaths) {
      hotPaths.add(hp);
    }
    return hp;
  }

  private void releaseHotPath(final HotPath hp) {
    if (!idleHotPaths.offer(hp)) {
      synchronized (hotPaths) {
        hotPaths.remove(hp);
      }
      hp.scrub();
      store.closeReader(hp.reader);
    }
  }

  /** Scratch for one {@link #readField} at a time: pooled, allocated once, zeroed after use. */
  private static final class HotPath {
    final StoreReader reader;
    final KeyDerivation kd = new KeyDerivation();
    final byte[] term = new byte[4096];
    final byte[] fieldName = new byte[4096];
    final byte[] blind = new byte[KeyLayout.MAC_LENGTH];
    final byte[] itemId = new byte[KeyLayout.ITEM_ID_LENGTH];
    final byte[] itemKey = new byte[RecordDescriptor.KEY_LENGTH];
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    byte[] record = new byte[4096];
    byte[] plain = new byte[4096];
    LockedKey kdKey;

    HotPath(final StoreReader reader) {
      this.reader = reader;
    }

    /** Called under the exclusive stamp: no thread is inside readField. */
    void scrub() {
      kd.begin(new byte[KeyLayout.MAC_LENGTH]);
      kdKey = null;
      Arrays.fill(term, (byte) 0);
      Arrays.fill(blind, (byte) 0);
      Arrays.fill(itemKey, (byte) 0);
      Arrays.fill(plain, (byte) 0);
    }
  }

  private record Opened(long revision, long keyId, byte[] itemKey, Decoded decoded) {
    void zeroKey() {
      Arrays.fill(itemKey, (byte) 0);
    }

    void zeroAll() {
      zeroKey();
      zeroFields(decoded.fields());
    }
  }

  /** A write whose body may use {@code u}'s keys: lock() cannot zero them while it runs. */
  private <R> R write(final Unlocked u, final java.util.function.Function<StoreTxn, R> body) {
    return store.write(
        t -> {
          if (unlocked != u) {
            throw new PersonaException(Category.LOCKED, "problem=workspace was locked");
          }
          return body.apply(t);
        });
  }

  /** A read whose body may use {@code u}'s keys: lock() cannot zero them while it runs. */
  private <R> R read(final Unlocked u, final java.util.function.Function<StoreTxn, R> body) {
    return store.read(
        t -> {
          if (unlocked != u) {
            throw new PersonaException(Category.LOCKED, "problem=workspace was locked");
          }
          return body.apply(t);
        });
  }

  private ItemView writeRevision(
      final String vault,
      final String itemId,
      final long expectedRevision,
      final ChangeOp.Type type,
      final UnaryOperator<Decoded> change) {
    final Unlocked u = requireUnlocked();
    final VaultKeys v = vault(u, vault);
    return writeRevisionInTxn(u, v, vault, itemId, expectedRevision, type, change, t -> {});
  }

  private ItemView writeRevisionInTxn(
      final Unlocked u,
      final VaultKeys v,
      final String vault,
      final String itemId,
      final long expectedRevision,
      final ChangeOp.Type type,
      final UnaryOperator<Decoded> change,
      final java.util.function.Consumer<StoreTxn> extra) {
    final byte[] id = parseId(itemId);
    return write(
        u,
        t -> {
          final byte[] rec = t.get(Db.ITEMS, id);
          if (rec == null || !isMember(t, v, id)) {
            throw notFound(vault, itemId);
          }
          final Opened o = openCurrent(t, v, id, rec);
          try {
            if (expectedRevision >= 0 && expectedRevision != o.revision) {
              throw new ConflictException(itemId, expectedRevision, o.revision);
            }
            final Decoded next = change.apply(o.decoded);
            final long rev = o.revision + 1;
            t.put(Db.HISTORY, KeyLayout.historyKey(id, o.revision), rec);
            indexRemove(t, v, id, o.decoded);
            indexAdd(t, v, id, next);
            t.put(Db.ITEMS, id, sealItem(v, id, rev, o.keyId, o.itemKey, next));
            extra.accept(t);
            outbox(t, u, type, v.id, id, rev, changedFields(o.decoded, next));
            return view(v, id, rev, next);
          } finally {
            o.zeroAll();
          }
        });
  }

  private boolean purgeInTxn(
      final StoreTxn t, final Unlocked u, final VaultKeys v, final byte[] id) {
    final byte[] rec = t.get(Db.ITEMS, id);
    if (rec == null || !isMember(t, v, id)) {
      return false;
    }
    final String itemText = ItemIds.toText(id);
    final Opened cur = openCurrent(t, v, id, rec);
    final Map<String, Attachment> attachments = new LinkedHashMap<>();
    collect(attachments, cur.decoded.attachments());
    final List<byte[]> historyKeys = new ArrayList<>();
    t.scanPrefix(
        Db.HISTORY,
        id,
        (k, hrec) -> {
          historyKeys.add(k);
          final Opened o = openItem(v, id, hrec, Db.HISTORY);
          collect(attachments, o.decoded.attachments());
          o.zeroAll();
          return true;
        });
    for (final byte[] k : historyKeys) {
      t.delete(Db.HISTORY, k);
    }
    indexRemove(t, v, id, cur.decoded);
    t.delete(Db.ITEMS, id);
    for (final Attachment a : attachments.values()) {
      for (final byte[] c : distinct(a.chunks())) {
        adjustRefcount(t, c, -1, v.name, itemText);
      }
    }
    outbox(t, u, ChangeOp.Type.PURGE, v.id, id, cur.revision + 1, List.of());
    cur.zeroAll();
    return true;
  }

  private static void collect(final Map<String, Attachment> into, final List<Attachment> atts) {
    for (final Attachment a : atts) {
      into.putIfAbsent(ItemIds.toText(a.attachmentId()), a);
    }
  }

  private static List<byte[]> distinct(final List<byte[]> chunks) {
    final Set<String> seen = new HashSet<>();
    final List<byte[]> out = new ArrayList<>();
    for (final byte[] c : chunks) {
      if (seen.add(Arrays.toString(c))) {
        out.add(c);
      }
    }
    return out;
  }

  private void adjustRefcount(
      final StoreTxn t,
      final byte[] chunkId,
      final int delta,
      final String vault,
      final String itemId) {
    final byte[] value = t.get(Db.BLOBS, chunkId);
    if (value == null) {
      if (delta < 0) {
        return;
      }
      throw new PersonaException(
          Category.CONFLICT,
          "vault="
              + vault
              + " item="
              + itemId
              + " problem=attachment chunk removed concurrently; retry");
    }
    final int refs = KeyLayout.getInt(value, 0) + delta;
    if (refs <= 0) {
      t.delete(Db.BLOBS, chunkId);
    } else {
      KeyLayout.putInt(value, 0, refs);
      t.put(Db.BLOBS, chunkId, value);
    }
  }

  /** Chunks written by a putAttachment that never reached its final transaction (crash). */
  private void removeOrphanChunks() {
    final List<byte[]> orphans =
        store.read(
            t -> {
              return t.keysWithZeroRefcount(Db.BLOBS);
            });
    if (!orphans.isEmpty()) {
      store.write(
          t -> {
            for (final byte[] k : orphans) {
              t.delete(Db.BLOBS, k);
            }
            return null;
          });
    }
  }

  private byte[] sealItem(
      final VaultKeys v,
      final byte[] itemId,
      final long revision,
      final long itemKeyId,
      final byte[] itemKey,
      final Decoded d) {
    final byte[] plain = ItemCodec.encode(d);
    try {
      final byte[] out =
          new byte[ItemRecordDescriptor.BODY_OFFSET + RecordDescriptor.sealedLength(plain.length)];
      out[ItemRecordDescriptor.VERSION_OFFSET] = RecordDescriptor.FORMAT_VERSION;
      out[ItemRecordDescriptor.SUITE_OFFSET] = RecordDescriptor.SUITE_AES256_GCM;
      putLong(out, ItemRecordDescriptor.REVISION_OFFSET, revision);
      putLong(out, ItemRecordDescriptor.KEY_ID_OFFSET, itemKeyId);
      final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
      int aadLength =
          RecordDescriptor.writeAad(aad, v.id, TYPE_ITEM_KEY, itemId, 0, 16, v.vaultKeyId, 0);
      Aead.seal(
          v.vaultKey,
          aad,
          aadLength,
          itemKey,
          0,
          32,
          false,
          out,
          ItemRecordDescriptor.WRAPPED_KEY_OFFSET);
      aadLength =
          RecordDescriptor.writeAad(aad, v.id, TYPE_ITEM, itemId, 0, 16, itemKeyId, revision);
      Aead.seal(
          itemKey,
          aad,
          aadLength,
          plain,
          0,
          plain.length,
          true,
          out,
          ItemRecordDescriptor.BODY_OFFSET);
      return out;
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * A current record whose revision also exists in history was put back from an older revision
   * (history always holds every revision below the current one).
   */
  private Opened openCurrent(
      final StoreTxn t, final VaultKeys v, final byte[] itemId, final byte[] rec) {
    final Opened o = openItem(v, itemId, rec, Db.ITEMS);
    if (t.exists(Db.HISTORY, KeyLayout.historyKey(itemId, o.revision))) {
      o.zeroAll();
      throw new StoreCorruptedException(
          "file="
              + store.dataFile()
              + " db=items item="
              + ItemIds.toText(itemId)
              + " revision="
              + o.revision
              + " problem=rolled back to an older revision");
    }
    return o;
  }

  private Opened openItem(final VaultKeys v, final byte[] itemId, final byte[] rec, final Db db) {
    final String where =
        "file=" + store.dataFile() + " db=" + db.dbName() + " item=" + ItemIds.toText(itemId);
    if (rec == null
        || rec.length < ItemRecordDescriptor.BODY_OFFSET + RecordDescriptor.SEAL_OVERHEAD) {
      throw new StoreCorruptedException(where + " problem=record too short");
    }
    if (rec[ItemRecordDescriptor.VERSION_OFFSET] != RecordDescriptor.FORMAT_VERSION
        || rec[ItemRecordDescriptor.SUITE_OFFSET] != RecordDescriptor.SUITE_AES256_GCM) {
      throw new StoreCorruptedException(where + " problem=unknown record version");
    }
    final long revision = getLong(rec, ItemRecordDescriptor.REVISION_OFFSET);
    final long keyId = getLong(rec, ItemRecordDescriptor.KEY_ID_OFFSET);
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    int aadLength =
        RecordDescriptor.writeAad(aad, v.id, TYPE_ITEM_KEY, itemId, 0, 16, v.vaultKeyId, 0);
    final byte[] itemKey =
        Aead.open(
            v.vaultKey,
            aad,
            aadLength,
            rec,
            ItemRecordDescriptor.WRAPPED_KEY_OFFSET,
            WRAPPED_KEY_LENGTH,
            false);
    if (itemKey == null) {
      throw new StoreCorruptedException(
          where + " revision=" + revision + " problem=item key failed authentication");
    }
    aadLength = RecordDescriptor.writeAad(aad, v.id, TYPE_ITEM, itemId, 0, 16, keyId, revision);
    final byte[] plain =
        Aead.open(
            itemKey,
            aad,
            aadLength,
            rec,
            ItemRecordDescriptor.BODY_OFFSET,
            rec.length - ItemRecordDescriptor.BODY_OFFSET,
            true);
    if (plain == null) {
      Arrays.fill(itemKey, (byte) 0);
      throw new StoreCorruptedException(
          where + " revision=" + revision + " problem=record failed authentication");
    }
    try {
      return new Opened(revision, keyId, itemKey, ItemCodec.decode(plain, plain.length));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static ItemView view(
      final VaultKeys v, final byte[] id, final long revision, final Decoded d) {
    final List<AttachmentInfo> atts = new ArrayList<>();
    for (final Attachment a : d.attachments()) {
      atts.add(new AttachmentInfo(a.name(), a.size(), a.chunks().size()));
    }
    final List<Field> fields = new ArrayList<>();
    for (final Field f : d.fields()) {
      fields.add(new Field(f.name(), f.value().clone(), f.concealed()));
    }
    return new ItemView(
        ItemIds.toText(id),
        v.name,
        d.name(),
        d.type(),
        revision,
        d.createdMs(),
        d.updatedMs(),
        d.trashed(),
        List.copyOf(fields),
        d.urls(),
        d.tags(),
        List.copyOf(atts));
  }

  private ItemView getById(final VaultKeys v, final String vault, final byte[] id) {
    return store.read(
        t -> {
          final byte[] rec = t.get(Db.ITEMS, id);
          if (rec == null || !isMember(t, v, id)) {
            return null;
          }
          final Opened o = openCurrent(t, v, id, rec);
          final ItemView iv = view(v, id, o.revision, o.decoded);
          o.zeroAll();
          return iv;
        });
  }

  private List<ItemSummary> summaries(final StoreTxn t, final VaultKeys v, final List<byte[]> ids) {
    final List<ItemSummary> out = new ArrayList<>();
    for (final byte[] id : ids) {
      final byte[] rec = t.get(Db.ITEMS, id);
      if (rec == null) {
        continue;
      }
      final Opened o = openCurrent(t, v, id, rec);
      o.zeroAll();
      final Decoded d = o.decoded;
      out.add(
          new ItemSummary(
              ItemIds.toText(id),
              v.name,
              d.name(),
              d.type(),
              o.revision,
              d.updatedMs(),
              d.trashed(),
              d.tags()));
    }
    return out;
  }

  // ---------------------------------------------------------------- blind index

  private static byte[] blind(final VaultKeys v, final int kind, final CharSequence term) {
    byte[] buf = new byte[Math.max(64, term.length() * 4)];
    final int n = Terms.normalise(kind, term, buf);
    final byte[] out = new byte[KeyLayout.MAC_LENGTH];
    new KeyDerivation().begin(v.indexKey).update((byte) kind).update(buf, 0, n).finish(out, 0);
    Arrays.fill(buf, (byte) 0);
    buf = null;
    return out;
  }

  private static List<byte[]> terms(final VaultKeys v, final Decoded d) {
    final List<byte[]> out = new ArrayList<>();
    out.add(blind(v, d.trashed() ? Terms.KIND_TRASH : Terms.KIND_LIVE, ""));
    if (d.trashed()) {
      return out;
    }
    final Set<String> seen = new HashSet<>();
    final java.util.function.BiConsumer<Integer, String> add =
        (kind, term) -> {
          final byte[] b = blind(v, kind, term);
          if (seen.add(Arrays.toString(b))) {
            out.add(b);
          }
        };
    add.accept(Terms.KIND_NAME, d.name());
    for (final String tag : d.tags()) {
      add.accept(Terms.KIND_TAG, tag);
    }
    for (final String url : d.urls()) {
      add.accept(Terms.KIND_URL_HOST, url);
    }
    if (d.type() == ItemType.SSH_KEY) {
      for (final Field f : d.fields()) {
        if (f.name().equals("fingerprint")) {
          add.accept(Terms.KIND_SSH_FINGERPRINT, new String(f.value(), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static void indexAdd(
      final StoreTxn t, final VaultKeys v, final byte[] id, final Decoded d) {
    for (final byte[] b : terms(v, d)) {
      t.put(Db.INDEX, KeyLayout.indexKey(b, id), new byte[0]);
    }
  }

  private static void indexRemove(
      final StoreTxn t, final VaultKeys v, final byte[] id, final Decoded d) {
    for (final byte[] b : terms(v, d)) {
      t.delete(Db.INDEX, KeyLayout.indexKey(b, id));
    }
  }

  private static List<byte[]> members(final StoreTxn t, final VaultKeys v, final int kind) {
    return hits(t, v, kind, "");
  }

  private static List<byte[]> hits(
      final StoreTxn t, final VaultKeys v, final int kind, final String term) {
    return indexPage(t, blind(v, kind, term), null, Integer.MAX_VALUE);
  }

  /**
   * The item ids under one blind index {@code prefix}, in id order: at most {@code limit}, those
   * after the id {@code after} (null: from the first).
   */
  private static List<byte[]> indexPage(
      final StoreTxn t, final byte[] prefix, final byte[] after, final int limit) {
    final List<byte[]> ids = new ArrayList<>();
    if (limit <= 0) {
      return ids;
    }
    final BiPredicate<byte[], byte[]> collect =
        (k, val) -> {
          if (k.length < prefix.length
              || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
            return false;
          }
          ids.add(Arrays.copyOfRange(k, KeyLayout.MAC_LENGTH, KeyLayout.INDEX_KEY_LENGTH));
          return ids.size() < limit;
        };
    if (after == null) {
      t.scanPrefix(Db.INDEX, prefix, collect);
    } else {
      t.scanAfter(Db.INDEX, KeyLayout.indexKey(prefix, after), limit, collect);
    }
    return ids;
  }

  private static byte[] firstHit(
      final StoreTxn t, final VaultKeys v, final int kind, final String term) {
    final List<byte[]> ids = hits(t, v, kind, term);
    return ids.isEmpty() ? null : ids.get(0);
  }

  private static boolean isMember(final StoreTxn t, final VaultKeys v, final byte[] id) {
    return t.exists(Db.INDEX, KeyLayout.indexKey(blind(v, Terms.KIND_LIVE, ""), id))
        || t.exists(Db.INDEX, KeyLayout.indexKey(blind(v, Terms.KIND_TRASH, ""), id));
  }

  // ---------------------------------------------------------------- outbox

  private void outbox(
      final StoreTxn t,
      final Unlocked u,
      final ChangeOp.Type type,
      final byte[] vaultId,
      final byte[] itemId,
      final long revision,
      final List<String> fields) {
    final byte[] last = t.lastKey(Db.OUTBOX);
    final long seq = last == null ? 1 : getLong(last, 0) + 1;
    final long hlc = nextHlc();
    final byte[] seqKey = KeyLayout.seqKey(seq);
    final ByteArrayOut names = new ByteArrayOut();
    names.putShort(fields.size());
    for (final String f : fields) {
      final byte[] b = f.getBytes(StandardCharsets.UTF_8);
      names.putShort(b.length);
      names.write(b, 0, b.length);
    }
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    final int aadLength =
        RecordDescriptor.writeAad(aad, ZERO_ID, TYPE_OUTBOX, seqKey, 0, 8, 0, revision);
    final byte[] sealed = Aead.seal(u.outboxKey, aad, aadLength, names.toByteArray(), true);
    final byte[] value = new byte[OP_SEALED_OFFSET + sealed.length];
    value[0] = (byte) type.code();
    System.arraycopy(vaultId, 0, value, 1, 16);
    System.arraycopy(itemId, 0, value, 17, 16);
    putLong(value, 33, revision);
    putLong(value, 41, hlc);
    System.arraycopy(sealed, 0, value, OP_SEALED_OFFSET, sealed.length);
    t.put(Db.OUTBOX, seqKey, value);
  }

  /**
   * Outbox value: type (1) | vault id (16) | item id (16) | revision (8) | hlc (8) | sealed
   * changed-field names.
   */
  private static final int OP_SEALED_OFFSET = 49;

  private ChangeOp decodeOp(final Unlocked u, final long seq, final byte[] value) {
    final long revision = getLong(value, 33);
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    final int aadLength =
        RecordDescriptor.writeAad(
            aad, ZERO_ID, TYPE_OUTBOX, KeyLayout.seqKey(seq), 0, 8, 0, revision);
    final byte[] names =
        Aead.open(
            u.outboxKey,
            aad,
            aadLength,
            value,
            OP_SEALED_OFFSET,
            value.length - OP_SEALED_OFFSET,
            true);
    if (names == null) {
      throw new StoreCorruptedException(
          "file=" + store.dataFile() + " db=outbox seq=" + seq + " problem=authentication failed");
    }
    final List<String> fields = new ArrayList<>();
    final int count = ((names[0] & 0xFF) << 8) | (names[1] & 0xFF);
    int p = 2;
    for (int i = 0; i < count; i++) {
      final int n = ((names[p] & 0xFF) << 8) | (names[p + 1] & 0xFF);
      fields.add(new String(names, p + 2, n, StandardCharsets.UTF_8));
      p += 2 + n;
    }
    final byte[] itemId = Arrays.copyOfRange(value, 17, 33);
    return new ChangeOp(
        seq,
        getLong(value, 41),
        ChangeOp.Type.ofCode(value[0]),
        ItemIds.toText(Arrays.copyOfRange(value, 1, 17)),
        Arrays.equals(itemId, ZERO_ID) ? "" : ItemIds.toText(itemId),
        revision,
        List.copyOf(fields));
  }

  private long nextHlc() {
    final long physical = clock.time() << 16;
    lastHlc = Math.max(physical, lastHlc + 1);
    return lastHlc;
  }

  private static List<String> fieldNames(final List<Field> fields) {
    final List<String> out = new ArrayList<>();
    for (final Field f : fields) {
      out.add(f.name());
    }
    return out;
  }

  private static List<String> changedFields(final Decoded a, final Decoded b) {
    final List<String> out = new ArrayList<>();
    final Map<String, Field> before = new LinkedHashMap<>();
    for (final Field f : a.fields()) {
      before.put(f.name(), f);
    }
    for (final Field f : b.fields()) {
      final Field old = before.remove(f.name());
      if (old == null || !old.equals(f)) {
        out.add(f.name());
      }
    }
    out.addAll(before.keySet());
    return out;
  }

  // ---------------------------------------------------------------- audit internals

  private static byte[] encodeAudit(final AuditEvent e) {
    final ByteArrayOut out = new ByteArrayOut();
    out.putLong(e.timestampMs());
    out.putLong(e.callerUid());
    out.putLong(e.callerPid());
    for (final String s : new String[] {e.callerExe(), e.operation(), e.target(), e.result()}) {
      final byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
      final int n = Math.min(b.length, 0xFFFF);
      out.putShort(n);
      out.write(b, 0, n);
    }
    return out.toByteArray();
  }

  private static AuditEvent decodeAudit(final byte[] b) {
    final long ts = getLong(b, 0);
    final int uid = (int) getLong(b, 8);
    final long pid = getLong(b, 16);
    final String[] s = new String[4];
    int p = 24;
    for (int i = 0; i < 4; i++) {
      final int n = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
      s[i] = new String(b, p + 2, n, StandardCharsets.UTF_8);
      p += 2 + n;
    }
    return new AuditEvent(ts, uid, pid, s[0], s[1], s[2], s[3]);
  }

  private static AuditEvent openAudit(
      final Unlocked u,
      final Map<String, byte[]> keys,
      final long seq,
      final byte[] prevHash,
      final byte[] val) {
    if (val.length < 32 + RecordDescriptor.SEAL_OVERHEAD) {
      return null;
    }
    final byte[] eph = Arrays.copyOfRange(val, 0, 32);
    final byte[] key = keys.computeIfAbsent(Arrays.toString(eph), k -> eventKey(u, eph));
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    final int aadLength =
        RecordDescriptor.writeAad(aad, ZERO_ID, TYPE_AUDIT, prevHash, 0, 32, 0, seq);
    final byte[] plain = Aead.open(key, aad, aadLength, val, 32, val.length - 32, true);
    return plain == null ? null : decodeAudit(plain);
  }

  private static byte[] eventKey(final Unlocked u, final byte[] ephemeralPublic) {
    final byte[] priv = new byte[LockedKey.LENGTH];
    u.auditPrivate.copyTo(priv, 0);
    try {
      return AuditSealer.eventKey(priv, ephemeralPublic);
    } finally {
      Arrays.fill(priv, (byte) 0);
    }
  }

  private static byte[] chain(final byte[] prev, final byte[] seqKey, final byte[] value) {
    final MessageDigest md = sha256();
    md.update(prev);
    md.update(seqKey);
    md.update(value);
    return md.digest();
  }

  private static byte[] anchor(final Unlocked u, final byte[] head) {
    final byte[] out = new byte[40 + 32];
    System.arraycopy(head, 0, out, 0, 40);
    new KeyDerivation().begin(u.auditMacKey).update(head, 0, 40).finish(out, 40);
    return out;
  }

  private static AuditVerification verifyAuditIn(final StoreEnv s, final Unlocked u) {
    return s.read(
        t -> {
          final byte[][] hash = {NO_HASH};
          final long[] count = {0};
          final long[] expectSeq = {1};
          final String[] problem = {""};
          final long[] bad = {-1};
          final byte[] anchor = t.get(Db.META, AUDIT_ANCHOR_KEY);
          final long anchorSeq = anchor == null ? 0 : getLong(anchor, 0);
          final Map<String, byte[]> keys = new HashMap<>();
          if (u != null
              && anchor != null
              && !Arrays.equals(anchor, anchor(u, Arrays.copyOf(anchor, 40)))) {
            return new AuditVerification(
                false, 0, anchorSeq, anchorSeq, "problem=anchor MAC mismatch");
          }
          t.scanPrefix(
              Db.AUDIT,
              new byte[0],
              (k, val) -> {
                final long seq = getLong(k, 0);
                if (seq != expectSeq[0]) {
                  bad[0] = expectSeq[0];
                  problem[0] = "seq=" + expectSeq[0] + " problem=missing entry";
                  return false;
                }
                if (u != null && openAudit(u, keys, seq, hash[0], val) == null) {
                  bad[0] = seq;
                  problem[0] = "seq=" + seq + " problem=seal failed authentication";
                  return false;
                }
                hash[0] = chain(hash[0], k, val);
                count[0]++;
                expectSeq[0]++;
                if (u != null
                    && anchor != null
                    && seq == anchorSeq
                    && !Arrays.equals(hash[0], Arrays.copyOfRange(anchor, 8, 40))) {
                  bad[0] = seq;
                  problem[0] = "seq=" + seq + " problem=chain differs from keyed anchor";
                  return false;
                }
                return true;
              });
          keys.values().forEach(b -> Arrays.fill(b, (byte) 0));
          if (bad[0] >= 0) {
            return new AuditVerification(
                false, count[0], bad[0], u == null ? -1 : anchorSeq, problem[0]);
          }
          final byte[] head = t.get(Db.META, AUDIT_HEAD_KEY);
          final long headSeq = head == null ? 0 : getLong(head, 0);
          final byte[] headHash = head == null ? NO_HASH : Arrays.copyOfRange(head, 8, 40);
          if (headSeq != count[0] || !Arrays.equals(headHash, hash[0])) {
            return new AuditVerification(
                false,
                count[0],
                count[0] + 1,
                u == null ? -1 : anchorSeq,
                "problem=head does not match chain headSeq=" + headSeq);
          }
          if (u != null && anchorSeq > count[0]) {
            return new AuditVerification(
                false,
                count[0],
                count[0] + 1,
                anchorSeq,
                "problem=entries missing before anchor anchorSeq=" + anchorSeq);
          }
          return new AuditVerification(true, count[0], -1, u == null ? -1 : anchorSeq, "");
        });
  }

  // ---------------------------------------------------------------- vault records

  private static byte[] vaultKey(final byte[] id) {
    final byte[] k = new byte[17];
    k[0] = KeyLayout.VAULT_PREFIX;
    System.arraycopy(id, 0, k, 1, 16);
    return k;
  }

  /** Vault record: revision (8) | sealed{{@link VaultRecordDescriptor}}. */
  private static byte[] sealVault(final Unlocked u, final VaultKeys v) {
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    final int aadLength =
        RecordDescriptor.writeAad(aad, v.id, TYPE_VAULT, v.id, 0, 16, 0, v.recordRevision);
    final byte[] p =
        VaultRecordDescriptor.encode(v.createdMs, v.vaultKeyId, v.vaultKey, v.name, v.policy);
    final byte[] sealed = Aead.seal(u.wsKey, aad, aadLength, p, true);
    Arrays.fill(p, (byte) 0);
    final byte[] out = new byte[8 + sealed.length];
    putLong(out, 0, v.recordRevision);
    System.arraycopy(sealed, 0, out, 8, sealed.length);
    return out;
  }

  private VaultKeys[] loadVaults(final Unlocked u) {
    final List<VaultKeys> out = new ArrayList<>();
    store.read(
        t -> {
          t.scanPrefix(
              Db.META,
              new byte[] {KeyLayout.VAULT_PREFIX},
              (k, val) -> {
                if (k.length != 17) {
                  return true;
                }
                final byte[] id = Arrays.copyOfRange(k, 1, 17);
                final long rev = getLong(val, 0);
                final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
                final int aadLength =
                    RecordDescriptor.writeAad(aad, id, TYPE_VAULT, id, 0, 16, 0, rev);
                final byte[] p = Aead.open(u.wsKey, aad, aadLength, val, 8, val.length - 8, true);
                if (p == null) {
                  throw new StoreCorruptedException(
                      "file="
                          + store.dataFile()
                          + " db=meta vault="
                          + ItemIds.toText(id)
                          + " problem=authentication failed");
                }
                try {
                  final AccessPolicy policy =
                      VaultRecordDescriptor.policy(
                          p, "file=" + store.dataFile() + " db=meta vault=" + ItemIds.toText(id));
                  final byte[] key =
                      Arrays.copyOfRange(
                          p,
                          VaultRecordDescriptor.VAULT_KEY_OFFSET,
                          VaultRecordDescriptor.NAME_OFFSET);
                  out.add(
                      new VaultKeys(
                          u.arena,
                          id,
                          VaultRecordDescriptor.name(p),
                          getLong(p, VaultRecordDescriptor.CREATED_OFFSET),
                          rev,
                          key,
                          getLong(p, VaultRecordDescriptor.KEY_ID_OFFSET),
                          policy));
                } finally {
                  Arrays.fill(p, (byte) 0);
                }
                return true;
              });
          return null;
        });
    out.sort((a, b) -> Long.compare(a.createdMs, b.createdMs));
    return out.toArray(new VaultKeys[0]);
  }

  // ---------------------------------------------------------------- small helpers

  private static byte[] wrap(
      final byte[] kek, final byte[] workspaceId, final byte type, final byte[] key) {
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    final int aadLength = RecordDescriptor.writeAad(aad, ZERO_ID, type, workspaceId, 0, 16, 0, 0);
    return Aead.seal(kek, aad, aadLength, key, false);
  }

  private static byte[] unwrap(
      final byte[] kek, final byte[] workspaceId, final byte type, final byte[] wrapped) {
    final byte[] aad = new byte[RecordDescriptor.MAX_AAD_LENGTH];
    final int aadLength = RecordDescriptor.writeAad(aad, ZERO_ID, type, workspaceId, 0, 16, 0, 0);
    return Aead.open(kek, aad, aadLength, wrapped, 0, wrapped.length, false);
  }

  private long[] readFailures() {
    final byte[] f = store.read(t -> t.get(Db.META, FAILURES_KEY));
    return f == null ? new long[] {0, 0} : new long[] {KeyLayout.getInt(f, 0), getLong(f, 4)};
  }

  private void writeFailures(final int count, final long atMs) {
    final byte[] f = new byte[12];
    KeyLayout.putInt(f, 0, count);
    putLong(f, 4, atMs);
    store.write(
        t -> {
          t.put(Db.META, FAILURES_KEY, f);
          return null;
        });
  }

  private WorkspaceHeader requireHeader() {
    final WorkspaceHeader h = header;
    if (h == null) {
      throw new PersonaException(
          Category.NOT_INITIALIZED,
          "file=" + store.dataFile() + " problem=workspace not initialized");
    }
    return h;
  }

  private Unlocked requireUnlocked() {
    requireHeader();
    pollAutoLock();
    final Unlocked u = unlocked;
    if (u == null) {
      throw new PersonaException(Category.LOCKED, "problem=workspace is locked");
    }
    touch();
    return u;
  }

  private boolean autoLockDue() {
    final long after = ctx.autoLockAfterMs();
    return after > 0 && clock.time() - lastActivityMs >= after;
  }

  private void touch() {
    lastActivityMs = clock.time();
  }

  /** Guards against a vault deleted by another thread between lookup and write. */
  private static void requireVaultRecord(final StoreTxn t, final VaultKeys v) {
    if (!t.exists(Db.META, vaultKey(v.id))) {
      throw new PersonaException(Category.NOT_FOUND, "vault=" + v.name + " problem=deleted");
    }
  }

  private static VaultKeys findVault(final Unlocked u, final CharSequence name) {
    for (final VaultKeys v : u.vaults) {
      if (v.nameMatches(name)) {
        return v;
      }
    }
    return null;
  }

  private static VaultKeys vault(final Unlocked u, final String name) {
    final VaultKeys v = findVault(u, Objects.requireNonNull(name, "vault"));
    if (v == null) {
      throw new PersonaException(Category.NOT_FOUND, "vault=" + name + " problem=no such vault");
    }
    return v;
  }

  private static byte[] parseId(final String itemId) {
    final byte[] id = ItemIds.parse(itemId);
    if (id == null) {
      throw new PersonaException(Category.BAD_INPUT, "item=" + itemId + " problem=not an item id");
    }
    return id;
  }

  private static PersonaException notFound(final String vault, final String itemId) {
    return new PersonaException(Category.NOT_FOUND, "vault=" + vault + " item=" + itemId);
  }

  private static void checkName(final String name, final String what) {
    if (name == null || name.isBlank() || name.length() > 1000) {
      throw new PersonaException(
          Category.BAD_INPUT, "field=" + what + "Name problem=empty or too long");
    }
  }

  private static void checkDraft(final ItemDraft d) {
    checkName(d.name(), "item");
    final Set<String> names = new HashSet<>();
    for (final Field f : d.fields()) {
      if (f.name().isEmpty() || !names.add(f.name())) {
        throw new PersonaException(
            Category.BAD_INPUT,
            "item=" + d.name() + " field=" + f.name() + " problem=empty or duplicate field name");
      }
    }
  }

  private Decoded withFields(final Decoded d, final List<Field> fields) {
    return new Decoded(
        d.type(),
        d.trashed(),
        d.createdMs(),
        clock.time(),
        d.name(),
        fields,
        d.urls(),
        d.tags(),
        d.attachments());
  }

  private static Decoded withTrashed(final Decoded d, final boolean trashed) {
    return new Decoded(
        d.type(),
        trashed,
        d.createdMs(),
        d.updatedMs(),
        d.name(),
        d.fields(),
        d.urls(),
        d.tags(),
        d.attachments());
  }

  private Decoded withAttachments(final Decoded d, final List<Attachment> atts) {
    return new Decoded(
        d.type(),
        d.trashed(),
        d.createdMs(),
        clock.time(),
        d.name(),
        d.fields(),
        d.urls(),
        d.tags(),
        atts);
  }

  private static void zeroFields(final List<Field> fields) {
    for (final Field f : fields) {
      f.zero();
    }
  }

  private static long randomLong() {
    final byte[] b = new byte[8];
    Aead.randomBytes(b);
    return getLong(b, 0);
  }

  private static byte[] ascii(final String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Growable byte output whose buffer can be wiped. */
  private static final class ByteArrayOut extends java.io.ByteArrayOutputStream {
    void putShort(final int v) {
      write(v >>> 8);
      write(v);
    }

    void putLong(final long v) {
      for (int s = 56; s >= 0; s -= 8) {
        write((int) (v >>> s));
      }
    }

    void wipe() {
      Arrays.fill(buf, (byte) 0);
    }
  }

  // ================================================================ configuration

  /** Property names and defaults (units in the names). */
  public static final class Configuration {
    public static final String HOME_PROP = "persona.engine.home";
    public static final String LOCK_AFTER_MS_PROP = "persona.engine.lock.after.ms";
    public static final long LOCK_AFTER_MS_DEFAULT = 15 * 60 * 1000L;
    public static final String MAP_SIZE_BYTES_PROP = "persona.engine.map.size.bytes";
    public static final long MAP_SIZE_BYTES_DEFAULT = 64L << 20;
    public static final String KDF_TARGET_MS_PROP = "persona.engine.kdf.target.ms";
    public static final long KDF_TARGET_MS_DEFAULT = 750;

    private Configuration() {}

    /** {@code -Dpersona.engine.home}, else {@code PERSONA_HOME}, else {@code ~/.persona}. */
    public static Path defaultHome() {
      final String prop = System.getProperty(HOME_PROP);
      if (prop != null && !prop.isBlank()) {
        return Path.of(prop);
      }
      final String env = System.getenv("PERSONA_HOME");
      if (env != null && !env.isBlank()) {
        return Path.of(env);
      }
      return Path.of(System.getProperty("user.home"), ".persona");
    }
  }

  /**
   * Engine configuration, wired by hand (no container). Set what you need, then {@link #conclude()}
   * fills defaults; {@link Engine#open} concludes for you.
   */
  public static final class Context {
    private Path home;
    private KdfParams kdf;
    private long calibrationTargetMs =
        Long.getLong(Configuration.KDF_TARGET_MS_PROP, Configuration.KDF_TARGET_MS_DEFAULT);
    private long autoLockAfterMs =
        Long.getLong(Configuration.LOCK_AFTER_MS_PROP, Configuration.LOCK_AFTER_MS_DEFAULT);
    private long initialMapSizeBytes =
        Long.getLong(Configuration.MAP_SIZE_BYTES_PROP, Configuration.MAP_SIZE_BYTES_DEFAULT);
    private EpochClock epochClock;
    private Consumer<String> warnings;

    public Context home(final Path home) {
      this.home = home;
      return this;
    }

    public Path home() {
      return home;
    }

    /**
     * Fixes the Argon2id cost used by {@code init} and {@code changePassword} instead of
     * calibrating. Tests pass {@link KdfParams#testOnlyTiny()}; nothing else should go below {@link
     * KdfParams#FLOOR}.
     */
    public Context kdf(final KdfParams kdf) {
      this.kdf = kdf;
      return this;
    }

    public KdfParams kdf() {
      return kdf;
    }

    public Context calibrationTargetMs(final long ms) {
      this.calibrationTargetMs = ms;
      return this;
    }

    public long calibrationTargetMs() {
      return calibrationTargetMs;
    }

    /** Locks after this long without use; 0 disables auto-lock. */
    public Context autoLockAfterMs(final long ms) {
      this.autoLockAfterMs = ms;
      return this;
    }

    public long autoLockAfterMs() {
      return autoLockAfterMs;
    }

    /** Initial LMDB map size; it doubles whenever a write finds it full. */
    public Context initialMapSizeBytes(final long bytes) {
      this.initialMapSizeBytes = bytes;
      return this;
    }

    public long initialMapSizeBytes() {
      return initialMapSizeBytes;
    }

    public Context epochClock(final EpochClock clock) {
      this.epochClock = clock;
      return this;
    }

    public EpochClock epochClock() {
      return epochClock;
    }

    /**
     * Receives the engine's warnings: conditions that weaken protection without stopping it (key
     * memory that could not be locked in RAM). Default: one line on stderr. Messages carry no
     * secrets.
     */
    public Context warnings(final Consumer<String> warnings) {
      this.warnings = warnings;
      return this;
    }

    public Consumer<String> warnings() {
      return warnings;
    }

    public Context conclude() {
      if (home == null) {
        home = Configuration.defaultHome();
      }
      if (epochClock == null) {
        epochClock = SystemEpochClock.INSTANCE;
      }
      if (warnings == null) {
        warnings = message -> System.err.println("persona engine: warning: " + message);
      }
      if (autoLockAfterMs < 0 || calibrationTargetMs <= 0 || initialMapSizeBytes < (1 << 16)) {
        throw new PersonaException(
            Category.BAD_INPUT,
            "autoLockAfterMs="
                + autoLockAfterMs
                + " calibrationTargetMs="
                + calibrationTargetMs
                + " initialMapSizeBytes="
                + initialMapSizeBytes);
      }
      return this;
    }
  }
}
