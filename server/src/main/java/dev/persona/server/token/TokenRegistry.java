package dev.persona.server.token;

import dev.persona.schema.fb.TokenScope;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.agrona.concurrent.EpochClock;

/**
 * Issues, checks and revokes the daemon's access tokens. A token is 32 random bytes from {@link
 * SecureRandom}, handed to the client once as the text {@code pst_} + base64url (47 ASCII bytes,
 * which is also what the client sends back). The registry keeps only the SHA-256 of that text, in
 * memory: nothing about a token is ever written to disk, a token dies with the process, and {@link
 * #clear} drops every one when the vault locks. An unkeyed hash is enough because a token carries
 * 256 random bits: no one can find a preimage or guess one, so a key would add nothing, while JCA's
 * {@code Mac.doFinal} allocates on every call and {@code MessageDigest.digest(buf, off, len)} does
 * not.
 *
 * <p>Checking ({@link #authenticate}) is allocation-free and compares the hash with every live
 * token in constant time, without an early exit, so timing says nothing about how close a guess
 * was. Outcomes are values ({@link #VALID}, {@link #UNKNOWN}, …), never exceptions.
 *
 * <p>Conductor thread only (the RPC dispatcher's); not thread-safe.
 */
public final class TokenRegistry {
  /** Marks the text as a Persona token (for secret scanners and for humans). */
  public static final String PREFIX = "pst_";

  /** Random bytes per token. */
  public static final int SECRET_LENGTH = 32;

  /** Length of the token text: the prefix and 43 base64url characters (no padding). */
  public static final int TEXT_LENGTH = PREFIX.length() + 43;

  /** Live tokens at most; a client issuing in a loop gets a refusal, not an unbounded heap. */
  public static final int MAX_TOKENS = 256;

  /** {@link #authenticate} outcome: the token is live, in scope of its uid and now touched. */
  public static final int VALID = 0;

  /** Never issued, revoked, or dropped when the vault locked. */
  public static final int UNKNOWN = 1;

  /** Past its absolute expiry (and now forgotten). */
  public static final int EXPIRED = 2;

  /** Unused for longer than its idle timeout (and now forgotten). */
  public static final int IDLE = 3;

  /** Issued to another uid; the token stays valid for its owner. */
  public static final int OTHER_UID = 4;

  /** A token just issued: its text, to show the client once and then zero, and its facts. */
  public record Issued(byte[] token, AccessToken info) {}

  private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);

  private final EpochClock clock;
  private final SecureRandom random;
  private final MessageDigest sha256;
  private final byte[] digest = new byte[32];
  private final AccessToken[] tokens = new AccessToken[MAX_TOKENS];
  private int count;
  private AccessToken matched;

  public TokenRegistry(final EpochClock clock, final SecureRandom random) {
    this.clock = clock;
    this.random = random;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (final NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 unavailable: " + ex.getMessage(), ex);
    }
  }

  /**
   * Issues a token for {@code uid}, or returns null when {@link #MAX_TOKENS} are live.
   *
   * @param scope a {@link TokenScope} value
   * @param vaultId the one vault it may touch, or null for all
   * @param ttlMs absolute lifetime, &gt; 0
   * @param idleMs it dies when unused this long, &gt; 0
   */
  public Issued issue(
      final int uid, final int scope, final String vaultId, final long ttlMs, final long idleMs) {
    if (scope < TokenScope.FULL || scope > TokenScope.SSH_ONLY) {
      throw new IllegalArgumentException("field=scope unknown token scope " + scope);
    }
    if (ttlMs <= 0 || idleMs <= 0) {
      throw new IllegalArgumentException("field=ttl_ms token lifetimes must be positive");
    }
    final long nowMs = clock.time();
    prune(nowMs);
    if (count == MAX_TOKENS) {
      return null;
    }
    final byte[] secret = new byte[SECRET_LENGTH];
    random.nextBytes(secret);
    final byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(secret);
    final byte[] text = new byte[TEXT_LENGTH];
    System.arraycopy(PREFIX_BYTES, 0, text, 0, PREFIX_BYTES.length);
    System.arraycopy(encoded, 0, text, PREFIX_BYTES.length, encoded.length);
    Arrays.fill(secret, (byte) 0);
    Arrays.fill(encoded, (byte) 0);
    final byte[] tokenDigest = new byte[digest.length];
    hash(text, tokenDigest);
    final AccessToken token =
        new AccessToken(
            newId(), tokenDigest, uid, scope, vaultId, nowMs, saturatedAdd(nowMs, ttlMs), idleMs);
    tokens[count++] = token;
    return new Issued(text, token);
  }

  /**
   * Checks the token text {@code presented[0, length)} presented by {@code uid}. On {@link #VALID}
   * the token is touched (its idle clock restarts) and {@link #matched()} returns it.
   */
  public int authenticate(final byte[] presented, final int length, final int uid) {
    matched = null;
    if (length != TEXT_LENGTH) {
      return UNKNOWN; // the length of a token is public; nothing to hide by hashing garbage
    }
    hash(presented, digest);
    int found = -1;
    for (int i = 0; i < count; i++) {
      // MessageDigest.isEqual is constant-time; no break, so the scan takes as long for any input
      if (MessageDigest.isEqual(tokens[i].digest, digest)) {
        found = i;
      }
    }
    Arrays.fill(digest, (byte) 0);
    if (found < 0) {
      return UNKNOWN;
    }
    final AccessToken token = tokens[found];
    if (token.uid() != uid) {
      return OTHER_UID;
    }
    final long nowMs = clock.time();
    if (nowMs >= token.expiresMs()) {
      remove(found);
      return EXPIRED;
    }
    if (nowMs >= token.idleDeadlineMs()) {
      remove(found);
      return IDLE;
    }
    token.touch(nowMs);
    matched = token;
    return VALID;
  }

  /** The token the last {@link #authenticate} accepted, or null. */
  public AccessToken matched() {
    return matched;
  }

  /** Forgets the token with this id; false when there is none. */
  public boolean revoke(final String id) {
    for (int i = 0; i < count; i++) {
      if (tokens[i].id().equals(id)) {
        remove(i);
        return true;
      }
    }
    return false;
  }

  /** Forgets every token; returns how many there were. */
  public int revokeAll() {
    final int revoked = count;
    while (count > 0) {
      remove(count - 1);
    }
    matched = null;
    return revoked;
  }

  /** Drops every token because the vault locked: no token outlives the unlock that made it. */
  public int clear() {
    return revokeAll();
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** The live tokens, oldest first, after forgetting expired and idle ones. */
  public List<AccessToken> list() {
    prune(clock.time());
    final List<AccessToken> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(tokens[i]);
    }
    out.sort((a, b) -> Long.compare(a.createdMs(), b.createdMs()));
    return out;
  }

  private void prune(final long nowMs) {
    for (int i = count - 1; i >= 0; i--) {
      final AccessToken token = tokens[i];
      if (nowMs >= token.expiresMs() || nowMs >= token.idleDeadlineMs()) {
        remove(i);
      }
    }
  }

  private void remove(final int index) {
    Arrays.fill(tokens[index].digest, (byte) 0);
    tokens[index] = tokens[count - 1];
    tokens[--count] = null;
  }

  private void hash(final byte[] text, final byte[] out) {
    sha256.update(text, 0, TEXT_LENGTH);
    try {
      sha256.digest(out, 0, out.length);
    } catch (final DigestException ex) {
      throw new IllegalStateException(ex); // out is always 32 bytes
    }
  }

  private String newId() {
    final byte[] bytes = new byte[5];
    while (true) {
      random.nextBytes(bytes);
      final String id = "tk_" + HexFormat.of().formatHex(bytes);
      boolean taken = false;
      for (int i = 0; i < count; i++) {
        taken |= tokens[i].id().equals(id);
      }
      if (!taken) {
        return id;
      }
    }
  }

  private static long saturatedAdd(final long a, final long b) {
    final long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
