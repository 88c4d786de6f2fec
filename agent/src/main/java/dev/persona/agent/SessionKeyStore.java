package dev.persona.agent;

import dev.persona.engine.ssh.SshKeyException;
import dev.persona.engine.ssh.SshPrivateKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

/**
 * The RAM-only key set that {@code ssh-add} fills, as OpenSSH's ssh-agent keeps it: lifetimes
 * expire, confirm keys ask a {@link SshConfirmer}, destination restrictions ({@code ssh-add -h})
 * are enforced against the connection's session-bind records, and LOCK/UNLOCK hide everything
 * behind a passphrase.
 *
 * <p>Thread-safe. Reads (list, sign lookup) use a copy-on-write snapshot and take no lock; writes
 * are synchronized. Signing runs on the {@code signExecutor} given at construction (inline by
 * default), so the daemon can spread it over every core. The daemon composes this with vault keys;
 * used alone it is a complete in-memory agent.
 */
public final class SessionKeyStore implements SshAgentBackend {
  private static final long MAX_UNLOCK_BACKOFF_MS = 10_000;

  private final EpochClock clock;
  private final Executor signExecutor;
  private final SshConfirmer confirmer;
  private final boolean allowRsaSha1;
  private final SecureRandom random = new SecureRandom();
  private volatile Entry[] entries = new Entry[0];
  private volatile boolean locked;
  private byte[] lockSalt;
  private byte[] lockHash;
  private int unlockFailures;
  private long unlockNotBeforeMs;

  /** An inline-signing store that refuses confirm keys and SHA-1 RSA signatures. */
  public SessionKeyStore() {
    this(SystemEpochClock.INSTANCE, Runnable::run, SshConfirmer.DENY, false);
  }

  /**
   * @param clock wall clock for lifetimes and certificate validity
   * @param signExecutor where signatures are computed (e.g. a pool sized to the cores)
   * @param confirmer asked before every use of a key added with confirm
   * @param allowRsaSha1 whether {@code ssh-rsa} (SHA-1) signatures are allowed for RSA keys
   */
  public SessionKeyStore(
      final EpochClock clock,
      final Executor signExecutor,
      final SshConfirmer confirmer,
      final boolean allowRsaSha1) {
    this.clock = clock;
    this.signExecutor = signExecutor;
    this.confirmer = confirmer;
    this.allowRsaSha1 = allowRsaSha1;
  }

  private record Entry(
      SshPrivateKey key,
      byte[] identityBlob,
      String comment,
      long expiresAtMs,
      boolean confirm,
      List<SshDestinationConstraint> destinations) {}

  public boolean isLocked() {
    return locked;
  }

  /** Live (unexpired) keys, locked or not. */
  public int size() {
    final long nowMs = clock.time();
    int count = 0;
    for (final Entry entry : entries) {
      if (entry.expiresAtMs > nowMs) {
        count++;
      }
    }
    return count;
  }

  /** True when a live key or certificate with this blob is held (daemons route signs with it). */
  public boolean holds(final byte[] keyBlob) {
    return find(keyBlob, clock.time()) != null;
  }

  /** The identities this session may see, in the order they were added; empty when locked. */
  public List<SshIdentity> identities(final SshAgentSession session) {
    if (locked) {
      return List.of();
    }
    final long nowMs = clock.time();
    final List<SshIdentity> out = new ArrayList<>();
    for (final Entry entry : entries) {
      if (entry.expiresAtMs > nowMs
          && SshDestinationRules.identityPermitted(
              entry.destinations, session, null, null, nowMs / 1000)) {
        out.add(new SshIdentity(entry.identityBlob, entry.comment));
      }
    }
    return out;
  }

  @Override
  public void requestIdentities(
      final SshAgentSession session, final SshAgentCallbacks.Identities callback) {
    callback.onIdentities(identities(session));
  }

  @Override
  public void sign(
      final SshAgentSession session,
      final byte[] keyBlob,
      final byte[] data,
      final int dataLength,
      final int flags,
      final SshAgentCallbacks.Sign callback) {
    final long nowMs = clock.time();
    final Entry entry = locked ? null : find(keyBlob, nowMs);
    if (entry == null || (entry.key.usesSha1(flags) && !allowRsaSha1)) {
      callback.onFailure();
      return;
    }
    String destination = null;
    if (!entry.destinations.isEmpty()) {
      destination = checkDestination(entry, session, data, dataLength, nowMs / 1000);
      if (destination == null) {
        callback.onFailure();
        return;
      }
    }
    if (!entry.confirm) {
      submitSign(entry, data, dataLength, flags, callback);
      return;
    }
    confirmer.confirm(
        session,
        new SshIdentity(entry.identityBlob, entry.comment),
        destination,
        approved -> {
          if (approved) {
            submitSign(entry, data, dataLength, flags, callback);
          } else {
            callback.onFailure();
          }
        });
  }

  /** OpenSSH process_sign_request's destination checks; returns "user@host" or null to refuse. */
  private static String checkDestination(
      final Entry entry,
      final SshAgentSession session,
      final byte[] data,
      final int dataLength,
      final long nowSeconds) {
    final List<SshSessionBinding> bindings = session.bindings();
    if (bindings.isEmpty()) {
      return null; // a restricted key never signs on an unbound connection
    }
    final SshUserAuthRequest request =
        SshUserAuthRequest.parse(data, dataLength, entry.identityBlob);
    if (request == null) {
      return null;
    }
    final SshDestinationRules.Match match = new SshDestinationRules.Match();
    if (!SshDestinationRules.identityPermitted(
        entry.destinations, session, request.user(), match, nowSeconds)) {
      return null;
    }
    final SshSessionBinding last = bindings.get(bindings.size() - 1);
    if (!Arrays.equals(request.sessionId(), last.sessionId())) {
      return null;
    }
    if (bindings.size() > 1 && request.hostKey() == null) {
      return null;
    }
    if (request.hostKey() != null && !Arrays.equals(request.hostKey(), last.hostKeyBlob())) {
      return null;
    }
    return request.user() + "@" + match.lastHostname;
  }

  private void submitSign(
      final Entry entry,
      final byte[] data,
      final int dataLength,
      final int flags,
      final SshAgentCallbacks.Sign callback) {
    try {
      signExecutor.execute(
          () -> {
            final byte[] signature;
            try {
              signature = entry.key.sign(data, 0, dataLength, flags);
            } catch (final SshKeyException e) {
              callback.onFailure();
              return;
            }
            callback.onSignature(signature);
          });
    } catch (final RejectedExecutionException e) {
      callback.onFailure();
    }
  }

  @Override
  public void addIdentity(
      final SshAgentSession session,
      final SshPrivateKey key,
      final SshKeyConstraints constraints,
      final SshAgentCallbacks.Status callback) {
    if (locked) {
      key.destroy();
      callback.onResult(false);
      return;
    }
    final long nowMs = clock.time();
    final long expiresAtMs =
        constraints.lifetimeSeconds() == 0
            ? Long.MAX_VALUE
            : nowMs + constraints.lifetimeSeconds() * 1000L;
    final byte[] blob = key.identityBlob();
    final Entry entry =
        new Entry(
            key,
            blob,
            key.comment(),
            expiresAtMs,
            constraints.confirm(),
            constraints.destinations());
    synchronized (this) {
      final List<Entry> next = new ArrayList<>(entries.length + 1);
      boolean replaced = false;
      for (final Entry existing : entries) {
        if (existing.expiresAtMs <= nowMs) {
          existing.key.destroy();
        } else if (Arrays.equals(existing.identityBlob, blob)) {
          // Re-adding a key updates its comment and constraints in place, as ssh-agent does.
          existing.key.destroy();
          next.add(entry);
          replaced = true;
        } else {
          next.add(existing);
        }
      }
      if (!replaced) {
        next.add(entry);
      }
      entries = next.toArray(new Entry[0]);
    }
    callback.onResult(true);
  }

  @Override
  public void removeIdentity(
      final SshAgentSession session,
      final byte[] keyBlob,
      final SshAgentCallbacks.Status callback) {
    if (locked) {
      callback.onResult(false);
      return;
    }
    final long nowMs = clock.time();
    boolean removed = false;
    synchronized (this) {
      final List<Entry> next = new ArrayList<>(entries.length);
      for (final Entry existing : entries) {
        if (existing.expiresAtMs <= nowMs) {
          existing.key.destroy();
        } else if (!removed && Arrays.equals(existing.identityBlob, keyBlob)) {
          existing.key.destroy();
          removed = true;
        } else {
          next.add(existing);
        }
      }
      entries = next.toArray(new Entry[0]);
    }
    callback.onResult(removed);
  }

  @Override
  public void removeAllIdentities(
      final SshAgentSession session, final SshAgentCallbacks.Status callback) {
    if (locked) {
      callback.onResult(false);
      return;
    }
    removeAll();
    callback.onResult(true);
  }

  /**
   * Drops and zeroes keys whose lifetime has ended; returns how many. Expired keys are already
   * invisible, this frees them promptly (call it from a timer, e.g. once a second).
   */
  public int expire() {
    final long nowMs = clock.time();
    int expired = 0;
    synchronized (this) {
      final List<Entry> next = new ArrayList<>(entries.length);
      for (final Entry existing : entries) {
        if (existing.expiresAtMs <= nowMs) {
          existing.key.destroy();
          expired++;
        } else {
          next.add(existing);
        }
      }
      if (expired > 0) {
        entries = next.toArray(new Entry[0]);
      }
    }
    return expired;
  }

  /** Destroys every key (daemon shutdown, vault lock). */
  public void removeAll() {
    synchronized (this) {
      for (final Entry existing : entries) {
        existing.key.destroy();
      }
      entries = new Entry[0];
    }
  }

  @Override
  public void lock(
      final SshAgentSession session,
      final byte[] passphrase,
      final SshAgentCallbacks.Status callback) {
    final boolean ok;
    synchronized (this) {
      if (locked) {
        ok = false;
      } else {
        lockSalt = new byte[16];
        random.nextBytes(lockSalt);
        lockHash = hash(lockSalt, passphrase);
        unlockFailures = 0;
        unlockNotBeforeMs = 0;
        locked = true;
        ok = true;
      }
    }
    callback.onResult(ok);
  }

  @Override
  public void unlock(
      final SshAgentSession session,
      final byte[] passphrase,
      final SshAgentCallbacks.Status callback) {
    final boolean ok;
    synchronized (this) {
      final long nowMs = clock.time();
      if (!locked || nowMs < unlockNotBeforeMs) {
        // Wrong guesses earn a growing delay without blocking the caller's thread.
        ok = false;
      } else if (MessageDigest.isEqual(lockHash, hash(lockSalt, passphrase))) {
        Arrays.fill(lockHash, (byte) 0);
        lockHash = null;
        lockSalt = null;
        locked = false;
        ok = true;
      } else {
        unlockFailures++;
        unlockNotBeforeMs = nowMs + Math.min(MAX_UNLOCK_BACKOFF_MS, 100L * unlockFailures);
        ok = false;
      }
    }
    callback.onResult(ok);
  }

  private static byte[] hash(final byte[] salt, final byte[] passphrase) {
    try {
      final MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      sha512.update(salt);
      sha512.update(passphrase);
      return sha512.digest();
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 missing from the JDK", e);
    }
  }

  private Entry find(final byte[] keyBlob, final long nowMs) {
    for (final Entry entry : entries) {
      if (entry.expiresAtMs > nowMs && Arrays.equals(entry.identityBlob, keyBlob)) {
        return entry;
      }
    }
    return null;
  }
}
