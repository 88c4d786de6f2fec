package dev.persona.server.token;

/**
 * How the daemon treats access tokens, read once at start from system properties (set them with
 * {@code PERSONAD_JAVA_OPTS}).
 *
 * @param required {@code persona.require.token}: every RPC but Hello, Status, Unlock and Lock needs
 *     a valid token (default false: a token is checked only when one is presented)
 * @param defaultTtlMs {@code persona.token.ttl.ms}: lifetime of a token issued with ttl 0 (8 h)
 * @param defaultIdleMs {@code persona.token.idle.ms}: idle timeout of a token issued with idle 0
 *     (15 min, the engine's default auto-lock)
 * @param maxTtlMs {@code persona.token.max.ttl.ms}: longest lifetime anyone may ask for (30 days)
 */
public record TokenSettings(
    boolean required, long defaultTtlMs, long defaultIdleMs, long maxTtlMs) {
  public static final String REQUIRED_PROP = "persona.require.token";
  public static final String TTL_MS_PROP = "persona.token.ttl.ms";
  public static final String IDLE_MS_PROP = "persona.token.idle.ms";
  public static final String MAX_TTL_MS_PROP = "persona.token.max.ttl.ms";

  public static final long TTL_MS_DEFAULT = 8 * 3_600_000L;
  public static final long IDLE_MS_DEFAULT = 15 * 60_000L;
  public static final long MAX_TTL_MS_DEFAULT = 30 * 86_400_000L;

  public TokenSettings {
    if (defaultTtlMs <= 0 || defaultIdleMs <= 0 || maxTtlMs <= 0) {
      throw new IllegalArgumentException(
          "token lifetimes must be positive: ttl="
              + defaultTtlMs
              + " idle="
              + defaultIdleMs
              + " max="
              + maxTtlMs);
    }
  }

  /** The settings the system properties give, with the defaults above. */
  public static TokenSettings fromSystemProperties() {
    return new TokenSettings(
        Boolean.getBoolean(REQUIRED_PROP),
        Long.getLong(TTL_MS_PROP, TTL_MS_DEFAULT),
        Long.getLong(IDLE_MS_PROP, IDLE_MS_DEFAULT),
        Long.getLong(MAX_TTL_MS_PROP, MAX_TTL_MS_DEFAULT));
  }

  /** The lifetime to issue for a request of {@code requestedMs} (0 = the default). */
  public long ttlMs(final long requestedMs) {
    if (requestedMs < 0 || requestedMs > maxTtlMs) {
      throw new IllegalArgumentException(
          "field=ttl_ms token lifetime must be at most "
              + maxTtlMs
              + " ms ("
              + MAX_TTL_MS_PROP
              + ")");
    }
    return requestedMs == 0 ? Math.min(defaultTtlMs, maxTtlMs) : requestedMs;
  }

  /** The idle timeout to issue for a request of {@code requestedMs} (0 = the default). */
  public long idleMs(final long requestedMs, final long ttlMs) {
    if (requestedMs < 0) {
      throw new IllegalArgumentException("field=idle_ms idle timeout must not be negative");
    }
    // An idle timeout past the absolute expiry would never fire; show the one that will.
    return Math.min(requestedMs == 0 ? defaultIdleMs : requestedMs, ttlMs);
  }
}
