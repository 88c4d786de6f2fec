package dev.persona.server.token;

import dev.persona.schema.fb.TokenScope;

/**
 * What the daemon knows about one live access token: its id, owner uid, scope, optional vault and
 * clocks. Never the token itself; only its keyed hash, which {@link TokenRegistry} compares.
 *
 * <p>Owned by the {@link TokenRegistry} on the conductor thread; not thread-safe.
 */
public final class AccessToken {
  private final String id;
  final byte[] digest;
  private final int uid;
  private final int scope;
  private final String vaultId;
  private final long createdMs;
  private final long expiresMs;
  private final long idleMs;
  private long lastUsedMs;

  AccessToken(
      final String id,
      final byte[] digest,
      final int uid,
      final int scope,
      final String vaultId,
      final long createdMs,
      final long expiresMs,
      final long idleMs) {
    this.id = id;
    this.digest = digest;
    this.uid = uid;
    this.scope = scope;
    this.vaultId = vaultId;
    this.createdMs = createdMs;
    this.expiresMs = expiresMs;
    this.idleMs = idleMs;
  }

  /** Names the token in lists, revocations and audit events; random, unrelated to the secret. */
  public String id() {
    return id;
  }

  /** The uid of the peer that was issued the token; only that uid may present it. */
  public int uid() {
    return uid;
  }

  /** A {@link TokenScope} value. */
  public int scope() {
    return scope;
  }

  /** The id of the one vault the token may touch, or null for every vault. */
  public String vaultId() {
    return vaultId;
  }

  public long createdMs() {
    return createdMs;
  }

  /** Absolute expiry (epoch ms): no use extends it. */
  public long expiresMs() {
    return expiresMs;
  }

  /** The token dies when unused this long. */
  public long idleMs() {
    return idleMs;
  }

  /** When it was last presented successfully (epoch ms), or 0 if never. */
  public long lastUsedMs() {
    return lastUsedMs;
  }

  void touch(final long nowMs) {
    lastUsedMs = nowMs;
  }

  /** The moment the idle timeout runs out, counting from issue until the first use. */
  long idleDeadlineMs() {
    return (lastUsedMs == 0 ? createdMs : lastUsedMs) + idleMs;
  }

  /** The wire scope value as users write it: {@code full}, {@code read-only}, {@code ssh-only}. */
  public static String scopeName(final int scope) {
    return switch (scope) {
      case TokenScope.FULL -> "full";
      case TokenScope.READ_ONLY -> "read-only";
      case TokenScope.SSH_ONLY -> "ssh-only";
      default -> "scope-" + scope;
    };
  }

  @Override
  public String toString() {
    return "token="
        + id
        + " uid="
        + uid
        + " scope="
        + scopeName(scope)
        + (vaultId == null ? "" : " vault=" + vaultId);
  }
}
