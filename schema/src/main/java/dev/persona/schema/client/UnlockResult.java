package dev.persona.schema.client;

/**
 * Outcome of {@code unlock}: the scoped token when one was asked for (else an empty array).
 * Immutable apart from any byte arrays, which the caller owns and should zero when done.
 */
public record UnlockResult(byte[] token, String tokenId, long tokenExpiresMs, long lockAtMs) {}
